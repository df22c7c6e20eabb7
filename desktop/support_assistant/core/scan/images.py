"""Screenshots: personal data found in the pixels by OCR and the same detectors as for text.

:func:`image_findings` proposes boxes when the report is scanned. They are
*suggestions*: :meth:`Item.set_findings` marks new box findings as pending, so
nothing is blacked out until the user accepts it in the redaction editor.
:func:`image_leaks` runs OCR once more on the final, redacted pixels (exactly what
is sent) during the leak check and reports whatever personal data is still
readable. Recognised lines are scanned as one text with the scan engine, and
each match's characters give its box. Without an OCR engine both return nothing;
:func:`ocr_available` lets the workflow and the window say so.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PIL import Image

from ..items import Box, Finding, RectRedaction
from . import ocr
from .engine import _char_offsets, engine_for

if TYPE_CHECKING:
    from .identities import Identities
    from .leaks import Leak

PAD = 2  # pixels added around a suggested box: OCR boxes hug the glyphs
# OCR spacing is unreliable: "138 0013 8000" comes out as "130 90722710" or "1947330 4985",
# "omar@contoso.co.uk" as "omar@ contoso.co.uk". Such spaces are dropped before scanning.
_UNRELIABLE_SPACE = re.compile(r"(?<=[0-9]) (?=[0-9])|(?<=\w) (?=@\w)|(?<=\w@) (?=\w)")


def ocr_available() -> bool:
    """True when an OCR engine is installed (:func:`ocr.select_engine` finds one)."""
    return ocr.select_engine() is not None


def find_boxes(image: Image.Image, identities: Identities | None, *,
               known: tuple[tuple[bytes, str], ...] = (),
               engine: ocr.OcrEngine | None = None) -> list[tuple[str, str, Box]]:
    """``(detector, value, box)`` for every piece of personal data readable in ``image``."""
    engine = engine or ocr.select_engine()
    if engine is None:
        return []
    lines = [_joined(line) for line in engine.read(image) if line.text.strip()]
    if not lines:
        return []
    text = "\n".join(line.text for line in lines)
    data = text.encode("utf-8", "surrogatepass")
    char_at = _char_offsets(data)
    starts, position = [], 0
    for line in lines:
        starts.append(position)
        position += len(line.text) + 1
    found = []
    for match in engine_for(identities, known=known).scan(data):
        start, end = char_at[match.start], char_at[match.end]
        index = _line_of(starts, start)
        line = lines[index]
        first = start - starts[index]
        last = min(end - starts[index], len(line.text))
        x0, y0, x1, y1 = line.span_box(first, max(last, first + 1))
        box = _clamped(x0 - PAD, y0 - PAD, x1 + PAD, y1 + PAD, image.size)
        if box is not None:
            found.append((match.detector, match.value.decode("utf-8", "replace"), box))
    return found


def _joined(line: ocr.Line) -> ocr.Line:
    """``line`` without the spaces OCR may have put in or left out (see _UNRELIABLE_SPACE);
    each kept character keeps its box."""
    drop = {m.start() for m in _UNRELIABLE_SPACE.finditer(line.text)}
    if not drop:
        return line
    keep = [i for i in range(len(line.text)) if i not in drop]
    return ocr.Line("".join(line.text[i] for i in keep), tuple(line.boxes[i] for i in keep))


def _line_of(starts: Sequence[int], offset: int) -> int:
    low, high = 0, len(starts) - 1
    while low < high:  # the last line starting at or before offset
        middle = (low + high + 1) // 2
        if starts[middle] <= offset:
            low = middle
        else:
            high = middle - 1
    return low


def _clamped(x0: int, y0: int, x1: int, y1: int, size: tuple[int, int]) -> Box | None:
    x0, y0 = max(0, x0), max(0, y0)
    x1, y1 = min(size[0], x1), min(size[1], y1)
    return Box(x0, y0, x1 - x0, y1 - y0) if x1 > x0 and y1 > y0 else None


def finding_id(detector: str, box: Box) -> str:
    """A stable id (same pixels, same id), so a rescan keeps the user's decisions."""
    return f"ocr-{detector}-{box.x}-{box.y}-{box.w}-{box.h}"


def image_findings(item: Any, identities: Identities, table: Any) -> list[Finding]:
    """Suggested boxes (pending until the user accepts them) for a screenshot item."""
    with Image.open(item.payload) as image:
        image.load()
        found = find_boxes(image, identities)
    findings: dict[str, Finding] = {}
    for detector, value, box in found:
        replacement = table.pseudonym(detector, value) if table is not None else detector
        identifier = finding_id(detector, box)
        findings[identifier] = Finding(identifier, detector, replacement, box=box, value=value)
    return list(findings.values())


def image_leaks(item: Any, identities: Identities,
                known: tuple[tuple[bytes, str], ...] = ()) -> list[Leak]:
    """Personal data still readable in the final pixels of an approved screenshot."""
    from ..redact import render_image
    from .leaks import Leak

    if ocr.select_engine() is None:
        return []
    boxes = [r for r in item.redactions if isinstance(r, RectRedaction)]
    with Image.open(io.BytesIO(render_image(item.payload, boxes))) as image:
        image.load()
        found = find_boxes(image, identities, known=known)
    return [Leak(item.item_id, detector, box=box, value=value) for detector, value, box in found]
