"""From matches to proposals: every text item of a report gets findings with pseudonyms.

:func:`scan_report` scans each text-like item's payload (environment, logs, texts,
error texts, and files that are text) in chunks, turns each match into a
:class:`~support_assistant.core.items.Finding` whose replacement comes from the
report's one :class:`PseudonymTable`, and saves the table beside ``report.json``.
Findings are proposals: the user sees them, may release any of them, and only
then approves. Screenshots go to :func:`.images.image_findings` (the OCR hook).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..items import Finding, Item, ItemKind
from ..messages import msg, register
from ..report import Report
from . import images as images_module
from .engine import Engine, Match, engine_for
from .identities import Identities, local_identities
from .pseudonyms import PseudonymTable

register({
    "scan.item_unreadable": "Item {item_id} ({title}) cannot be read for the personal-data scan "
                            "({reason}); remove it from the report or collect it again.",
})

TEXT_KINDS = frozenset({ItemKind.ENVIRONMENT, ItemKind.LOG, ItemKind.TEXT})
_TEXT_MEDIA = ("text/", "application/json", "application/xml", "application/x-yaml",
               "application/yaml", "application/toml", "application/javascript",
               "application/x-sh", "message/")
SNIFF = 64 << 10

Progress = Callable[[int, int], None]


def is_text_item(item: Item) -> bool:
    """True for items whose payload is scanned as text (a binary file is left alone)."""
    if item.is_image:
        return False
    if item.kind in TEXT_KINDS:
        return True
    if item.media_type.startswith(_TEXT_MEDIA):
        return True
    return _looks_like_text(item.payload)


def _looks_like_text(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(SNIFF)
    except OSError:
        return False
    return b"\x00" not in head


def findings_from(matches: list[Match] | object, table: PseudonymTable) -> list[Finding]:
    """Findings for ``matches`` (offsets in the payload), replacements from ``table``."""
    return [Finding(id=f"{m.start}-{m.end}", detector=m.detector,
                    replacement=table.pseudonym(m.detector, m.value), start=m.start, end=m.end,
                    value=m.value.decode("utf-8", "backslashreplace"))
            for m in matches]  # type: ignore[attr-defined]


def without_json_numbers(matches: list[Match], data: bytes) -> list[Match]:
    """Drop matches that are a bare JSON number: in the environment document those are sizes
    and counts the collector wrote (16 GB free reads like a mobile number); a phone or an ID
    number the system reported is a string there, in quotes, and stays a finding."""
    def bare(match: Match) -> bool:
        if not match.value.isdigit():
            return False
        before = data[max(0, match.start - 64):match.start].rstrip()[-1:]
        after = data[match.end:match.end + 64].lstrip()[:1]
        return before in (b":", b",", b"[") and after in (b",", b"}", b"]", b"")
    return [m for m in matches if not bare(m)]


def scan_item(item: Item, table: PseudonymTable, engine: Engine) -> list[Finding]:
    """The findings for one text item's payload, scanned in chunks (memory stays flat)."""
    def blocks():  # noqa: ANN202 - a generator of the payload's blocks
        with open(item.payload, "rb") as handle:
            while block := handle.read(4 << 20):
                yield block

    try:
        if item.kind is ItemKind.ENVIRONMENT:  # our own JSON document, a few kB
            data = item.payload.read_bytes()
            return findings_from(without_json_numbers(engine.scan(data), data), table)
        return findings_from(engine.scan_chunks(blocks()), table)
    except OSError as exc:
        raise InputError(msg("scan.item_unreadable", item_id=item.id, title=item.title,
                             reason=exc.strerror or exc)) from exc


def scan_report(report: Report, identities: Identities | None = None, *,
                progress: Progress | None = None, images: bool = True) -> PseudonymTable:
    """Set proposed findings on every item of ``report``; returns the report's pseudonym table.

    ``identities`` defaults to this machine's (:func:`local_identities`). The table is
    loaded from and saved to ``report.pseudonym_path`` so a rescan keeps the numbers.
    Findings keep their ids (``start-end``) across rescans, so released ones stay released.
    ``images`` False leaves screenshots alone (the window runs OCR as its own background job).
    """
    if identities is None:
        identities = local_identities()
    table = PseudonymTable.load(report.pseudonym_path)
    engine = engine_for(identities, secrets=True)  # propose what the leak check would flag
    total = len(report.items)
    for done, item in enumerate(report.items):
        if item.is_image:
            if images:
                item.set_findings(images_module.image_findings(item, identities, table))
        elif is_text_item(item):
            item.set_findings(scan_item(item, table, engine))
        if progress is not None:
            progress(done + 1, total)
    table.save(report.pseudonym_path)
    return table
