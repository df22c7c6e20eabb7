"""Write a support bundle: only approved items, redacted, with a manifest and the consent record.

``write_bundle`` takes :class:`~.items.ApprovedItem` only (made by
:meth:`Item.sealed`), so an unapproved item cannot reach it. Each item's bytes
come from :func:`.redact.stream`, exactly what the user saw. The zip is written
in two streamed passes: the first hashes every item (the manifest, which must
come first, lists each file's sha256 and size), the second writes them; memory
does not grow with the size of a log. Images are stored as they are (already
compressed), text is deflated. The file appears atomically (temporary file in
the same folder, then rename). With ``recipient`` the whole zip is encrypted to
that age public key (``.zip.age``).

What never enters a bundle: unapproved items, original values of redacted data,
the report's pseudonym table and its local ``report.json``.

Reading and verifying bundles: :mod:`.bundle_reader`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import zipfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from .. import __version__
from . import redact
from .bundle_format import (
    FORMAT_NAME,
    MANIFEST_NAME,
    SCHEMA_VERSION,
    item_entry_name,
    manifest_errors,
    safe_component,
)
from .errors import BundleError, NotApprovedError
from .items import ApprovedItem, RectRedaction, TextRedaction
from .messages import msg, register
from .report import REPORT_FILE, Report

register({
    "bundle.changed_while_writing": "Item {item_id} ({title}) changed while the bundle was being written; close the program that writes it and try again.",
    "bundle.private_file": "Item {item_id} ({title}) is the report's private {file}, which never leaves this computer; remove it from the report.",
    "bundle.payload_unreadable": "Item {item_id} ({title}) cannot be read from {path} ({reason}); remove it from the report or collect it again.",
    "bundle.write_failed": "The bundle {path} could not be written ({reason}); check the free disk space and that the folder is writable.",
    "bundle.invalid_manifest": "The bundle manifest does not follow its schema ({problem}); please report this to support.",
    "bundle.not_an_approved_item": "Only approved items can enter a bundle, but {what} was given; approve the item and pass item.sealed().",
})

CLIENT_NAME = "support-assistant"
TEXT_COMPRESSLEVEL = 3  # measured: 89 MB/s at ratio 4.1 on logs, vs 44 MB/s at 4.5 (level 6)
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_ZIP64_THRESHOLD = 1 << 30  # force ZIP64 headers when an entry may pass 2 GiB


@dataclass(frozen=True)
class ConsentInfo:
    """What the user accepted: the privacy notice version and when, and the statement shown."""

    privacy_version: str = ""
    accepted_at: datetime | None = None
    statement: str = ""
    text_sha256: str = ""  # of the notice text the user accepted (schema: optional)


@dataclass(frozen=True)
class BundleSummary:
    """The bundle written: where, its sha256 and size (of the file as written), its manifest."""

    path: Path
    sha256: str
    size: int
    manifest: dict[str, Any]

    @property
    def encrypted(self) -> bool:
        return self.path.name.endswith(".age")


@dataclass
class _Planned:
    item: ApprovedItem
    entry: str
    media_type: str
    size: int
    sha256: str
    spool: IO[bytes] | None  # rendered images are kept on disk between the two passes


def write_bundle(report: Report, items: Sequence[ApprovedItem], out: Path, *,
                 consent: ConsentInfo | None = None, recipient: str | None = None,
                 client_version: str = __version__, policy_version: str = "",
                 policy_source: str = "") -> BundleSummary:
    """Write ``items`` (approved, sealed) of ``report`` to the bundle ``out``; see the module doc.

    With ``recipient`` (an ``age1…`` public key) the zip is encrypted and ``out``
    should end in ``.zip.age``. Raises :class:`BundleError` when an item cannot be
    read or changes while it is written; nothing is left at ``out`` on failure.
    """
    for item in items:
        if not isinstance(item, ApprovedItem):
            raise NotApprovedError(msg("bundle.not_an_approved_item", what=type(item).__name__))
    age_recipient = None
    if recipient:
        from .bundle_crypto import parse_recipient
        age_recipient = parse_recipient(recipient)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    created = datetime.now(UTC)
    with contextlib.ExitStack() as spools:
        planned = _plan(report, items, spools)
        manifest = build_manifest(report, planned, created=created, consent=consent,
                                  client_version=client_version,
                                  policy_version=policy_version, policy_source=policy_source)
        problems = manifest_errors(manifest)
        if problems:
            raise BundleError(msg("bundle.invalid_manifest", problem=problems[0]))
        manifest_bytes = json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8")
        if age_recipient is None:
            digest, size = _atomic(out, lambda sink: _write_zip(sink, manifest_bytes, planned))
        else:
            digest, size = _write_encrypted(out, manifest_bytes, planned, age_recipient)
    return BundleSummary(path=out, sha256=digest, size=size, manifest=manifest)


def build_manifest(report: Report, planned: Sequence[_Planned], *, created: datetime,
                   consent: ConsentInfo | None, client_version: str, policy_version: str,
                   policy_source: str) -> dict[str, Any]:
    """The manifest dictionary (see ``resources/schema/manifest-1.schema.json``)."""
    consent = consent or ConsentInfo()
    items_json = []
    consent_items = []
    for p in planned:
        summary = redaction_summary(report, p.item)
        item_id = p.entry.split("/")[1]
        items_json.append({
            "id": item_id, "kind": p.item.kind.value, "title": p.item.title,
            "source": p.item.source, "media_type": p.media_type, "path": p.entry,
            "size": p.size, "sha256": p.sha256, "redactions": summary,
        })
        assert p.item.approval is not None  # ApprovedItem guarantees it
        consent_items.append({"id": item_id, "approved_at": _time(p.item.approval.approved_at),
                              "redactions": summary["count"]})
    return {
        "format": FORMAT_NAME,
        "schema_version": SCHEMA_VERSION,
        "created_at": _time(created),
        "report": {
            "id": report.id, "created_at": _time(report.created_at),
            "product": report.product, "product_version": report.product_version,
            "error": None if report.error is None else {"message": report.error.message},
            "description": report.description,
            **({"follows": report.follows} if report.follows else {}),
        },
        "items": items_json,
        "consent": {
            "statement": consent.statement,
            "privacy_notice": None if consent.accepted_at is None else {
                "version": consent.privacy_version, "accepted_at": _time(consent.accepted_at),
                **({"text_sha256": consent.text_sha256} if consent.text_sha256 else {})},
            "client": {"name": CLIENT_NAME, "version": client_version},
            "policy": {"version": policy_version, "source": policy_source},
            "items": consent_items,
        },
    }


def redaction_summary(report: Report, item: ApprovedItem) -> dict[str, Any]:
    """How many redactions were applied to ``item``, of which kinds, and image boxes.

    Only what :func:`redact.stream` applies is counted (boxes for images, text
    spans otherwise); never an original value, a replacement or an offset.
    """
    detectors = _detectors_by_finding(report, item.item_id)
    kinds: Counter[str] = Counter()
    boxes: list[list[int]] = []
    if item.media_type.startswith("image/"):
        for r in item.redactions:
            if isinstance(r, RectRedaction):
                kinds[_kind(r.origin, detectors)] += 1
                boxes.append(r.box.as_list())
    else:
        texts = [r for r in item.redactions if isinstance(r, TextRedaction)]
        for r in redact.merge_text_redactions(texts):
            kinds[_kind(r.origin, detectors)] += 1
    return {"count": sum(kinds.values()), "kinds": dict(sorted(kinds.items())), "boxes": boxes}


def _detectors_by_finding(report: Report, item_id: str) -> dict[str, str]:
    try:
        return {f.id: f.detector for f in report.item(item_id).findings}
    except KeyError:
        return {}


def _kind(origin: str, detectors: dict[str, str]) -> str:
    if origin.startswith("finding:"):
        name = safe_component(detectors.get(origin.removeprefix("finding:"), ""), "detector")
        return name[:64]
    return "user" if origin == "user" else "other"


def _plan(report: Report, items: Sequence[ApprovedItem],
          spools: contextlib.ExitStack) -> list[_Planned]:
    """Pass one: hash each item's redacted stream (rendered images are spooled to disk)."""
    private = {report.pseudonym_path.resolve(): "pseudonym table",
               (report.session_dir / REPORT_FILE).resolve(): "report.json"}
    planned: list[_Planned] = []
    taken: set[str] = set()
    for item in items:
        which = private.get(Path(item.payload).resolve())
        if which:
            raise BundleError(msg("bundle.private_file", item_id=item.item_id,
                                  title=item.title, file=which))
        item_id = _unique(safe_component(item.item_id, "item"), taken)
        is_image = item.media_type.startswith("image/")
        spool = None
        if is_image:  # closed by the caller's ExitStack after pass two
            spool = spools.enter_context(tempfile.TemporaryFile(dir=report.session_dir))  # noqa: SIM115
        digest, size, first = hashlib.sha256(), 0, b""
        for chunk in _item_stream(item):
            if not first:
                first = chunk[:8]
            digest.update(chunk)
            size += len(chunk)
            if spool is not None:
                spool.write(chunk)
        media_type = "image/png" if is_image and first.startswith(_PNG_MAGIC) \
            else item.media_type
        file_name = _file_name(item, item_id, media_type)
        planned.append(_Planned(item, item_entry_name(item_id, file_name), media_type,
                                size, digest.hexdigest(), spool))
    return planned


def _item_stream(item: ApprovedItem) -> Iterator[bytes]:
    try:
        yield from redact.stream(item)
    except OSError as exc:
        raise BundleError(msg("bundle.payload_unreadable", item_id=item.item_id,
                              title=item.title, path=item.payload,
                              reason=exc.strerror or exc)) from exc


def _file_name(item: ApprovedItem, item_id: str, media_type: str) -> str:
    stem_source = item.metadata.get("filename") or Path(item.payload).name or item_id
    name = safe_component(str(stem_source), item_id)
    if media_type == "image/png" and not name.lower().endswith(".png"):
        name = f"{name.rsplit('.', 1)[0] if '.' in name else name}.png"
    return safe_component(name, f"{item_id}.bin")


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 2
    while candidate.lower() in taken:
        candidate = f"{name[:90]}-{n}"
        n += 1
    taken.add(candidate.lower())
    return candidate


def _write_zip(sink: IO[bytes], manifest_bytes: bytes, planned: Sequence[_Planned]) -> None:
    """Pass two: manifest first, then each item, re-hashed against pass one."""
    with zipfile.ZipFile(sink, "w", allowZip64=True) as archive:
        info = zipfile.ZipInfo(MANIFEST_NAME, date_time=_zip_time())
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o100644 << 16
        archive.writestr(info, manifest_bytes, compresslevel=TEXT_COMPRESSLEVEL)
        for p in planned:
            info = zipfile.ZipInfo(p.entry, date_time=_zip_time())
            info.external_attr = 0o100644 << 16
            if p.media_type.startswith("image/"):
                info.compress_type = zipfile.ZIP_STORED
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                info._compresslevel = TEXT_COMPRESSLEVEL  # zipfile offers no public setter
            digest = hashlib.sha256()
            with archive.open(info, "w", force_zip64=p.size >= _ZIP64_THRESHOLD) as entry:
                for chunk in _second_pass(p):
                    digest.update(chunk)
                    entry.write(chunk)
            if digest.hexdigest() != p.sha256:
                raise BundleError(msg("bundle.changed_while_writing", item_id=p.item.item_id,
                                      title=p.item.title))


def _second_pass(p: _Planned) -> Iterator[bytes]:
    if p.spool is None:
        yield from _item_stream(p.item)
        return
    p.spool.seek(0)
    while block := p.spool.read(redact.CHUNK):
        yield block


class _HashingSink:
    """A write-only, non-seekable file that hashes and counts what passes through.

    Non-seekable on purpose: zipfile then streams entries with data descriptors
    instead of seeking back, so the bundle's sha256 is known without a re-read.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self._raw.write(data)
        self._hash.update(data)
        self.size += len(data)
        return len(data)

    def tell(self) -> int:
        return self.size

    def flush(self) -> None:
        self._raw.flush()

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


def _atomic(out: Path, produce: Any) -> tuple[str, int]:
    """Run ``produce(sink)`` into a temporary file beside ``out``, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as raw:
            sink = _HashingSink(raw)
            produce(sink)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise BundleError(msg("bundle.write_failed", path=out,
                              reason=exc.strerror or exc)) from exc
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return sink.hexdigest(), sink.size


def _write_encrypted(out: Path, manifest_bytes: bytes, planned: Sequence[_Planned],
                     recipient: Any) -> tuple[str, int]:
    """The plaintext zip goes to a 0600 temporary file beside ``out`` and is removed after."""
    from .bundle_crypto import encrypt_file

    fd, plain = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".zip.tmp")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as raw:
            _write_zip(raw, manifest_bytes, planned)
        return _atomic(out, lambda sink: encrypt_file(Path(plain), sink, recipient))
    except OSError as exc:
        raise BundleError(msg("bundle.write_failed", path=out,
                              reason=exc.strerror or exc)) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(plain)


def _time(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _zip_time() -> tuple[int, int, int, int, int, int]:
    # A fixed timestamp keeps bundles of the same content identical; the manifest holds the time.
    return (1980, 1, 1, 0, 0, 0)

