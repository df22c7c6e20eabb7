"""Open, verify and extract support bundles, treating every input as hostile.

``open_bundle(path, identity=None)`` checks the structure at once (cheap: the
zip's central directory and the manifest) and refuses, with
:class:`HostileBundleError`, path traversal, absolute paths, symbolic links and
other special entries, duplicate names, zip bombs (a total-size cap, a
per-entry expansion ratio cap, overlapping entries) and entries the manifest
does not declare. Damage (truncation, a schema violation, a missing entry, a
hash mismatch) is a :class:`BundleError`; a wrong or missing age identity a
:class:`DecryptionError`. Content is read lazily: :meth:`BundleReader.open`
returns a stream whose sha256 and size are checked against the manifest as it
is read, :meth:`BundleReader.verify` reads everything, and
:meth:`BundleReader.extract` writes only inside an empty destination folder.

A ``.zip.age`` bundle is decrypted (streamed, flat memory) into a private 0700
temporary folder under the user's cache folder, removed by :meth:`close`.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import io
import json
import os
import shutil
import stat
import tempfile
import weakref
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .bundle_format import (
    AGE_MAGIC,
    DEFAULT_LIMITS,
    ITEMS_DIR,
    MANIFEST_NAME,
    SCHEMA_VERSION,
    Limits,
    human_size,
    is_safe_component,
    manifest_errors,
)
from .errors import BundleError, DecryptionError, HostileBundleError, InputError
from .messages import msg, register
from .paths import cache_dir

_REFUSED = "The bundle {path} is refused: "
_ADVICE = "; do not open it, and tell support where it came from."
register({
    "reader.not_found": "There is no bundle at {path}; check the path.",
    "reader.unreadable": "The bundle {path} cannot be read ({reason}); check the path and its permissions.",
    "reader.not_zip": "{path} is not a support bundle (neither a zip nor an age-encrypted zip); check that you opened the right file.",
    "reader.truncated": "The bundle {path} is truncated or damaged ({reason}); ask the sender for a new copy.",
    "reader.traversal": _REFUSED + "entry '{name}' points outside the bundle's folder (path traversal)" + _ADVICE,
    "reader.absolute": _REFUSED + "entry '{name}' has an absolute path" + _ADVICE,
    "reader.bad_name": _REFUSED + "entry '{name}' has a name that bundles never use" + _ADVICE,
    "reader.symlink": _REFUSED + "entry '{name}' is a symbolic link" + _ADVICE,
    "reader.special": _REFUSED + "entry '{name}' is not a regular file" + _ADVICE,
    "reader.duplicate": _REFUSED + "the name '{name}' appears more than once" + _ADVICE,
    "reader.feature": _REFUSED + "entry '{name}' uses a zip feature that bundles never use ({feature})" + _ADVICE,
    "reader.too_many": _REFUSED + "it has {count} entries, more than the limit of {limit}" + _ADVICE,
    "reader.total_size": _REFUSED + "it would unpack to {size}, more than the limit of {limit} (zip bomb)" + _ADVICE,
    "reader.ratio": _REFUSED + "entry '{name}' expands {ratio}:1, more than the limit of {limit}:1 (zip bomb)" + _ADVICE,
    "reader.overlap": _REFUSED + "entries '{name}' and '{other}' share the same bytes (overlapping zip bomb)" + _ADVICE,
    "reader.manifest_too_large": _REFUSED + "its manifest is {size}, more than the limit of {limit}" + _ADVICE,
    "reader.undeclared": _REFUSED + "entry '{name}' is not declared in its manifest (more entries than the manifest declares)" + _ADVICE,
    "reader.no_manifest": "The bundle {path} does not start with manifest.json, so it is not a support bundle or it is damaged; ask the sender for a new copy.",
    "reader.manifest_json": "The manifest of the bundle {path} is not valid JSON ({reason}); ask the sender for a new copy.",
    "reader.manifest_newer": "The bundle {path} uses manifest version {version}, newer than this Support Assistant reads (up to {supported}); update Support Assistant.",
    "reader.manifest_schema": "The manifest of the bundle {path} does not follow its schema ({problem}); ask the sender for a new copy.",
    "reader.manifest_repeats": "The manifest of the bundle {path} declares '{name}' twice; ask the sender for a new copy.",
    "reader.missing_entry": "The bundle {path} lacks '{name}', which its manifest declares; ask the sender for a new copy.",
    "reader.size_mismatch": "The bundle {path} is damaged: '{name}' is {actual} bytes but its manifest declares {expected}; ask the sender for a new copy.",
    "reader.hash_mismatch": "The bundle {path} is damaged: '{name}' has sha256 {actual} but its manifest expects {expected}; ask the sender for a new copy.",
    "reader.entry_damaged": "The bundle {path} is damaged: '{name}' cannot be read ({reason}); ask the sender for a new copy.",
    "reader.extract_not_empty": "The folder {path} is not empty; choose a new or empty folder to extract into.",
    "reader.extract_not_dir": "{path} is not a folder; choose a new or empty folder to extract into.",
    "reader.extract_failed": "Extracting into {path} failed ({reason}); check the free space and permissions there.",
})

_READ_CHUNK = 1 << 20
_LOCAL_HEADER = 30  # fixed part of a zip local file header


@dataclass(frozen=True)
class Entry:
    """One file of a bundle as its manifest declares it (``item`` is the manifest item)."""

    name: str
    size: int
    sha256: str
    item: dict[str, Any] | None = None


@dataclass(frozen=True)
class FileCheck:
    """The verification of one file: expected and actual sha256 and size."""

    name: str
    expected_sha256: str
    expected_size: int
    actual_sha256: str | None = None
    actual_size: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem and self.actual_sha256 == self.expected_sha256 \
            and self.actual_size == self.expected_size

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok,
                "expected": {"sha256": self.expected_sha256, "size": self.expected_size},
                "actual": {"sha256": self.actual_sha256, "size": self.actual_size},
                "problem": self.problem}


@dataclass
class VerificationReport:
    """Every file of a bundle checked against its manifest."""

    bundle: Path
    files: list[FileCheck] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.files)

    @property
    def failures(self) -> list[FileCheck]:
        return [f for f in self.files if not f.ok]

    def raise_for_failure(self) -> None:
        """Raise the BundleError of the first failed file (naming it, expected and actual)."""
        for f in self.failures:
            if f.problem:
                raise BundleError(f.problem)
            raise BundleError(msg("reader.hash_mismatch", path=self.bundle, name=f.name,
                                  expected=f.expected_sha256, actual=f.actual_sha256))

    def to_json(self) -> dict[str, Any]:
        return {"ok": self.ok, "files": [f.to_json() for f in self.files]}


class VerifiedStream(io.RawIOBase):
    """A bundle entry read through; BundleError when its size or sha256 is not the manifest's."""

    def __init__(self, raw: io.BufferedIOBase, entry: Entry, bundle: Path) -> None:
        super().__init__()
        self._raw = raw
        self._entry = entry
        self._bundle = bundle
        self._hash = hashlib.sha256()
        self._size = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._done:
            return 0
        try:
            data = self._raw.read(len(buffer))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise self._damaged(exc) from exc
        if not data:
            self._finish()
            return 0
        self._size += len(data)
        if self._size > self._entry.size:
            raise self._size_error()
        self._hash.update(data)
        buffer[: len(data)] = data
        return len(data)

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    @property
    def size(self) -> int:
        return self._size

    def _finish(self) -> None:
        self._done = True
        if self._size != self._entry.size:
            raise self._size_error()
        if self.sha256 != self._entry.sha256:
            raise BundleError(msg("reader.hash_mismatch", path=self._bundle, name=self._entry.name,
                                  expected=self._entry.sha256, actual=self.sha256),
                              detail={"name": self._entry.name, "expected": self._entry.sha256,
                                      "actual": self.sha256})

    def _size_error(self) -> BundleError:
        return BundleError(msg("reader.size_mismatch", path=self._bundle, name=self._entry.name,
                               expected=self._entry.size, actual=self._size))

    def _damaged(self, exc: BaseException) -> BundleError:
        return BundleError(msg("reader.entry_damaged", path=self._bundle, name=self._entry.name,
                               reason=exc))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._raw.close()
        super().close()


class BundleReader:
    """A bundle opened for reading; see the module docstring. Use it as a context manager."""

    def __init__(self, path: Path, zip_path: Path, *, encrypted: bool, limits: Limits,
                 temp_dir: Path | None) -> None:
        self.path = path
        self.encrypted = encrypted
        self.limits = limits
        self._temp_dir = temp_dir
        self._cleanup = weakref.finalize(self, _remove_tree, temp_dir)
        try:
            self._zip = zipfile.ZipFile(zip_path)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
            self._cleanup()
            reason = "its end, with the zip directory, is missing" \
                if str(exc) == "File is not a zip file" else exc
            raise BundleError(msg("reader.truncated", path=path, reason=reason)) from exc
        except OSError as exc:
            self._cleanup()
            raise InputError(msg("reader.unreadable", path=path, reason=exc.strerror or exc)) from exc
        try:
            self._infos = _check_structure(self._zip, path, limits)
            self._manifest_bytes = self._read_manifest()
            self.manifest: dict[str, Any] = _parse_manifest(self._manifest_bytes, path)
            self._entries = _check_declared(self.manifest, self._infos, path)
        except BaseException:
            self.close()
            raise

    # --- public surface -----------------------------------------------------------------
    def entries(self) -> list[Entry]:
        """The item files the manifest declares, in manifest order (manifest.json not included)."""
        return list(self._entries.values())

    def open(self, name: str) -> io.BufferedReader:
        """A binary stream of entry ``name``, verified against the manifest as it is read."""
        entry = self._entries[name]
        try:
            raw = self._zip.open(_without_crc(self._infos[name]))
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError,
                ValueError) as exc:
            raise BundleError(msg("reader.entry_damaged", path=self.path, name=name,
                                  reason=exc)) from exc
        return io.BufferedReader(VerifiedStream(raw, entry, self.path), _READ_CHUNK)

    def read_bytes(self, name: str) -> bytes:
        """A whole (small) entry, verified."""
        with self.open(name) as stream:
            return stream.read()

    def manifest_bytes(self) -> bytes:
        return self._manifest_bytes

    def verify(self) -> VerificationReport:
        """Read every declared file and compare its sha256 and size with the manifest."""
        report = VerificationReport(self.path)
        for entry in self._entries.values():
            report.files.append(self._check(entry))
        return report

    def extract(self, dest: Path) -> VerificationReport:
        """Write manifest.json and every file under ``dest`` (new or empty), verified.

        Nothing is written outside ``dest``; on any failure every file and folder
        this call created is removed again and the error is raised.
        """
        dest = Path(dest)
        created: list[Path] = []
        report = VerificationReport(self.path)
        try:
            _prepare_destination(dest, created)
            root = dest.resolve()
            target = _safe_target(root, MANIFEST_NAME, created)
            _write_new_file(target, io.BytesIO(self._manifest_bytes), created)
            for entry in self._entries.values():
                target = _safe_target(root, entry.name, created)
                with self.open(entry.name) as stream:
                    _write_new_file(target, stream, created)
                report.files.append(FileCheck(entry.name, entry.sha256, entry.size,
                                              entry.sha256, entry.size))
        except BaseException as exc:
            for path in reversed(created):
                with contextlib.suppress(OSError):
                    if path.is_dir() and not path.is_symlink():
                        path.rmdir()
                    else:
                        path.unlink()
            if isinstance(exc, OSError):
                raise InputError(msg("reader.extract_failed", path=dest,
                                     reason=exc.strerror or exc)) from exc
            raise
        return report

    def close(self) -> None:
        """Close the zip and remove the decrypted copy, if any."""
        with contextlib.suppress(Exception):
            self._zip.close()
        self._cleanup()

    def __enter__(self) -> BundleReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- internals ----------------------------------------------------------------------
    def _read_manifest(self) -> bytes:
        info = self._infos[MANIFEST_NAME]
        try:
            with self._zip.open(info) as stream:
                data = stream.read(self.limits.max_manifest_bytes + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
                NotImplementedError, RuntimeError) as exc:
            raise BundleError(msg("reader.entry_damaged", path=self.path, name=MANIFEST_NAME,
                                  reason=exc)) from exc
        if len(data) > self.limits.max_manifest_bytes:
            raise HostileBundleError(msg("reader.manifest_too_large", path=self.path,
                                         size=human_size(info.file_size),
                                         limit=human_size(self.limits.max_manifest_bytes)))
        return data

    def _check(self, entry: Entry) -> FileCheck:
        stream = None
        try:
            stream = VerifiedStream(self._zip.open(_without_crc(self._infos[entry.name])),
                                    entry, self.path)
            while stream.read(_READ_CHUNK):
                pass
        except BundleError as exc:
            return FileCheck(entry.name, entry.sha256, entry.size,
                             stream.sha256 if stream else None, stream.size if stream else None,
                             problem=str(exc))
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError,
                ValueError) as exc:
            return FileCheck(entry.name, entry.sha256, entry.size, problem=msg(
                "reader.entry_damaged", path=self.path, name=entry.name, reason=exc))
        finally:
            if stream is not None:
                stream.close()
        return FileCheck(entry.name, entry.sha256, entry.size, stream.sha256, stream.size)


def open_bundle(path: Path | str, identity: Path | str | Sequence[Any] | None = None, *,
                limits: Limits = DEFAULT_LIMITS) -> BundleReader:
    """Open ``path`` (``.zip`` or ``.zip.age``) and check its structure and manifest.

    ``identity`` is an age identity file (``age-keygen`` output) or a list of
    pyrage identities; it is needed only for encrypted bundles.
    """
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(len(AGE_MAGIC))
    except FileNotFoundError as exc:
        raise InputError(msg("reader.not_found", path=path)) from exc
    except OSError as exc:
        raise InputError(msg("reader.unreadable", path=path, reason=exc.strerror or exc)) from exc
    if head.startswith(AGE_MAGIC):
        return _open_encrypted(path, identity, limits)
    if not head.startswith(b"PK"):
        raise BundleError(msg("reader.not_zip", path=path))
    return BundleReader(path, path, encrypted=False, limits=limits, temp_dir=None)


def _open_encrypted(path: Path, identity: Path | str | Sequence[Any] | None,
                    limits: Limits) -> BundleReader:
    from .bundle_crypto import decrypt_file, load_identities

    if identity is None:
        raise DecryptionError(msg("crypto.needs_identity", path=path))
    if isinstance(identity, str | Path):
        identities, name = load_identities(Path(identity)), str(identity)
    else:
        identities, name = list(identity), "the given identity"
    temp_dir = Path(tempfile.mkdtemp(prefix="bundle-", dir=cache_dir()))
    try:
        plain = temp_dir / "bundle.zip"
        decrypt_file(path, plain, identities, identity_name=name)
    except BaseException:
        _remove_tree(temp_dir)
        raise
    return BundleReader(path, plain, encrypted=True, limits=limits, temp_dir=temp_dir)


def _check_structure(archive: zipfile.ZipFile, path: Path,
                     limits: Limits) -> dict[str, zipfile.ZipInfo]:
    """Refuse hostile central directories; returns the entries by name."""
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        raise HostileBundleError(msg("reader.too_many", path=path, count=len(infos),
                                     limit=limits.max_entries))
    by_name: dict[str, zipfile.ZipInfo] = {}
    folded: set[str] = set()
    for info in infos:
        _check_name(info, path)
        key = info.filename.casefold()
        if key in folded:
            raise HostileBundleError(msg("reader.duplicate", path=path, name=info.filename))
        folded.add(key)
        by_name[info.filename] = info
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_bytes:
        raise HostileBundleError(msg("reader.total_size", path=path, size=human_size(total),
                                     limit=human_size(limits.max_total_bytes)))
    for info in infos:
        if info.compress_type == zipfile.ZIP_STORED and info.file_size != info.compress_size:
            raise BundleError(msg("reader.truncated", path=path,
                                  reason=f"sizes of '{info.filename}' disagree"))
        if info.file_size >= limits.ratio_floor:
            ratio = info.file_size // max(info.compress_size, 1)
            if ratio > limits.max_ratio:
                raise HostileBundleError(msg("reader.ratio", path=path, name=info.filename,
                                             ratio=ratio, limit=limits.max_ratio))
    _check_overlaps(infos, archive.start_dir, path)
    if not infos or infos[0].filename != MANIFEST_NAME or infos[0].header_offset != 0:
        raise BundleError(msg("reader.no_manifest", path=path))
    return by_name


def _check_name(info: zipfile.ZipInfo, path: Path) -> None:
    name = info.filename
    parts = name.replace("\\", "/").split("/")
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        raise HostileBundleError(msg("reader.absolute", path=path, name=name))
    if ".." in parts:
        raise HostileBundleError(msg("reader.traversal", path=path, name=name))
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind == stat.S_IFLNK:
        raise HostileBundleError(msg("reader.symlink", path=path, name=name))
    if kind not in (0, stat.S_IFREG) or info.is_dir():
        raise HostileBundleError(msg("reader.special", path=path, name=name))
    if info.flag_bits & 0x1:
        raise HostileBundleError(msg("reader.feature", path=path, name=name, feature="encryption"))
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise HostileBundleError(msg("reader.feature", path=path, name=name,
                                     feature=f"compression method {info.compress_type}"))
    well_formed = name == MANIFEST_NAME or (
        len(parts) == 3 and parts[0] == ITEMS_DIR and "\\" not in name
        and is_safe_component(parts[1]) and is_safe_component(parts[2]))
    if not well_formed:
        raise HostileBundleError(msg("reader.bad_name", path=path, name=name))


def _check_overlaps(infos: list[zipfile.ZipInfo], end: int, path: Path) -> None:
    """Each entry's bytes must end before the next begins (names are ASCII by now)."""
    ordered = sorted(infos, key=lambda i: i.header_offset)
    for current, following in zip(ordered, [*ordered[1:], None], strict=True):
        stop = current.header_offset + _LOCAL_HEADER + len(current.filename) + \
            current.compress_size
        limit = end if following is None else following.header_offset
        if stop > limit:
            if following is None:
                raise BundleError(msg("reader.truncated", path=path,
                                      reason=f"'{current.filename}' runs past the directory"))
            raise HostileBundleError(msg("reader.overlap", path=path, name=current.filename,
                                         other=following.filename))


def _parse_manifest(data: bytes, path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BundleError(msg("reader.manifest_json", path=path, reason=exc)) from exc
    if isinstance(manifest, dict):
        version = manifest.get("schema_version")
        if isinstance(version, int) and not isinstance(version, bool) and \
                version > SCHEMA_VERSION:
            raise BundleError(msg("reader.manifest_newer", path=path, version=version,
                                  supported=SCHEMA_VERSION))
    problems = manifest_errors(manifest)
    if problems:
        raise BundleError(msg("reader.manifest_schema", path=path, problem=problems[0]),
                          detail={"problems": problems})
    return manifest


def _check_declared(manifest: dict[str, Any], infos: dict[str, zipfile.ZipInfo],
                    path: Path) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for item in manifest["items"]:
        name = item["path"]
        if name in entries:
            raise BundleError(msg("reader.manifest_repeats", path=path, name=name))
        entries[name] = Entry(name, item["size"], item["sha256"], item)
    for name in infos:
        if name != MANIFEST_NAME and name not in entries:
            raise HostileBundleError(msg("reader.undeclared", path=path, name=name))
    for name, entry in entries.items():
        info = infos.get(name)
        if info is None:
            raise BundleError(msg("reader.missing_entry", path=path, name=name))
        if info.file_size != entry.size:
            raise BundleError(msg("reader.size_mismatch", path=path, name=name,
                                  expected=entry.size, actual=info.file_size))
    return entries


def _without_crc(info: zipfile.ZipInfo) -> zipfile.ZipInfo:
    """A copy of ``info`` that zipfile reads without its CRC-32 check.

    The sha256 check of :class:`VerifiedStream` is stronger and its error names the
    expected and actual hashes; with the CRC, zipfile would stop first with "Bad CRC".
    """
    clone = copy.copy(info)
    del clone.CRC
    return clone


def _prepare_destination(dest: Path, created: list[Path]) -> None:
    if dest.exists() or dest.is_symlink():
        if not dest.is_dir():
            raise InputError(msg("reader.extract_not_dir", path=dest))
        if any(dest.iterdir()):
            raise InputError(msg("reader.extract_not_empty", path=dest))
        return
    missing = [p for p in [dest, *dest.parents] if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700)
        created.append(folder)


def _safe_target(root: Path, name: str, created: list[Path]) -> Path:
    """``root/name`` with every folder made here as a real folder (never through a link)."""
    parts = name.split("/")
    folder = root
    for part in parts[:-1]:
        folder = folder / part
        try:
            info = os.lstat(folder)
        except FileNotFoundError:
            folder.mkdir(mode=0o700)
            created.append(folder)
            continue
        if not stat.S_ISDIR(info.st_mode):
            raise InputError(msg("reader.extract_failed", path=root,
                                 reason=f"{folder} is not a folder"))
    target = folder / parts[-1]
    if root not in target.parents:  # unreachable after _check_name; kept as a last fence
        raise HostileBundleError(msg("reader.traversal", path=root, name=name))
    return target


def _write_new_file(target: Path, source: io.BufferedIOBase | io.BufferedReader,
                    created: list[Path]) -> None:
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0),
                 0o600)
    created.append(target)
    with os.fdopen(fd, "wb") as out:
        while block := source.read(_READ_CHUNK):
            out.write(block)


def _remove_tree(path: Path | None) -> None:
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)
