"""The leak check before sealing: what personal data the approved bytes still hold.

Each approved item's final bytes (exactly what :func:`redact.stream` puts into the
bundle) are scanned once more with every detector, the local identities (login,
real name, host names, the stored credential, the user's e-mail), every user,
host, e-mail and secret value the report's scan already found elsewhere, and the
entropy check for secret-looking strings. Screenshots are read once more by OCR
(:func:`.images.image_leaks`) after the boxes are burnt in. The result lists what remains, by item
and byte offset in the sent bytes; findings the user released show up here too,
so sealing them is a decision taken twice.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..items import ApprovedItem, Box
from ..redact import stream
from ..report import Report
from . import images
from .detectors import DETECTORS
from .engine import engine_for
from .findings import SNIFF, without_json_numbers
from .identities import GENERIC, MIN_LENGTH, Identities, local_identities
from .pseudonyms import PseudonymTable

_LITERAL_DETECTORS = ("user", "host", "email", "token", "url-credentials")


@dataclass(frozen=True)
class Leak:
    """Personal data left in an approved item: bytes ``[start, end)`` of what is sent, or a
    ``box`` of a screenshot. ``value`` is the text itself (shown locally, never logged)."""

    item_id: str
    detector: str
    start: int | None = None
    end: int | None = None
    box: Box | None = None
    value: str = field(default="", repr=False)

    @property
    def description(self) -> str:
        """What the detector looks for, in a few words."""
        return DETECTORS[self.detector].description if self.detector in DETECTORS else ""


def known_values(table: PseudonymTable) -> tuple[tuple[bytes, str], ...]:
    """User, host, e-mail and secret values the report's scan already pseudonymised."""
    pairs = []
    for detector, value in table.originals():
        if detector not in _LITERAL_DETECTORS:
            continue
        if len(value) < MIN_LENGTH or value.lower() in GENERIC:
            continue
        pairs.append((value.lower().encode("utf-8", "surrogateescape"),
                      "token" if detector == "url-credentials" else detector))
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))


def check_leaks(report: Report | None, approved_items: Iterable[ApprovedItem],
                identities: Identities | None = None) -> list[Leak]:
    """Every leak in ``approved_items``, item by item, in offset order.

    ``report`` supplies the pseudonym table (values already found are looked for
    literally); None checks with the detectors and identities only.
    """
    if identities is None:
        identities = local_identities()
    known: tuple[tuple[bytes, str], ...] = ()
    if report is not None and report.pseudonym_path.is_file():
        known = known_values(PseudonymTable.load(report.pseudonym_path))
    engine = engine_for(identities, secrets=True, known=known)
    leaks: list[Leak] = []
    for item in approved_items:
        if item.media_type.startswith("image/"):
            leaks.extend(images.image_leaks(item, identities, known))
            continue
        binary = _binary(item)
        if item.kind.value == "environment":  # the same document rules as its scan
            data = b"".join(stream(item))
            matches = iter(without_json_numbers(engine.scan(data), data))
        else:
            matches = engine.scan_chunks(stream(item))
        for match in matches:
            if binary and match.detector == "secret":
                continue  # compressed or binary data is random-looking everywhere
            leaks.append(Leak(item.item_id, match.detector, match.start, match.end,
                              value=match.value.decode("utf-8", "backslashreplace")))
    return leaks


def _binary(item: ApprovedItem) -> bool:
    if item.kind.value in ("environment", "log", "text"):
        return False
    try:
        with open(item.payload, "rb") as handle:
            return b"\x00" in handle.read(SNIFF)
    except OSError:
        return True


def summary(leaks: Sequence[Leak]) -> dict[str, Any]:
    """Counts by item and detector, for a front end's overview."""
    by_item: dict[str, dict[str, int]] = {}
    for leak in leaks:
        counts = by_item.setdefault(leak.item_id, {})
        counts[leak.detector] = counts.get(leak.detector, 0) + 1
    return by_item
