"""Apply redactions: text pseudonyms streamed over the payload, solid boxes burnt into pixels.

What these functions produce is exactly what is shown to the user and exactly
what goes into a bundle. Images are always re-encoded from the redacted pixels
with no metadata (no EXIF, text chunks or ICC profile) unless the payload is a
screenshot we encoded ourselves and nothing was redacted.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from PIL import Image, ImageDraw

from .items import ApprovedItem, Item, RectRedaction, Redaction, TextRedaction

CHUNK = 1 << 20
FILL = (0, 0, 0)

Redactable = Item | ApprovedItem


def redactions_of(item: Redactable) -> Sequence[Redaction]:
    return item.effective_redactions() if isinstance(item, Item) else item.redactions


def stream(item: Redactable, chunk: int = CHUNK) -> Iterator[bytes]:
    """The bytes to send for ``item``, in chunks; memory stays flat for any payload size."""
    redactions = redactions_of(item)
    if item.media_type.startswith("image/") and (
            any(isinstance(r, RectRedaction) for r in redactions)
            or not item.metadata.get("clean_image")):
        yield render_image(item.payload, [r for r in redactions if isinstance(r, RectRedaction)])
        return
    texts = [r for r in redactions if isinstance(r, TextRedaction)]
    yield from stream_text(item.payload, texts, chunk)


def render_bytes(item: Redactable) -> bytes:
    """The whole redacted payload in memory (for previews of small items and tests)."""
    return b"".join(stream(item))


def merge_text_redactions(redactions: Iterable[TextRedaction]) -> list[TextRedaction]:
    """Sort and merge overlapping spans; an overlap keeps the first span's replacement."""
    merged: list[TextRedaction] = []
    for r in sorted(redactions, key=lambda r: (r.start, -r.end)):
        if merged and r.start < merged[-1].end:
            last = merged[-1]
            if r.end > last.end:
                merged[-1] = TextRedaction(last.start, r.end, last.replacement, last.origin)
            continue
        merged.append(r)
    return merged


def stream_text(path: Path, redactions: Iterable[TextRedaction],
                chunk: int = CHUNK) -> Iterator[bytes]:
    """Stream ``path`` with each span replaced by its UTF-8 replacement."""
    spans = merge_text_redactions(redactions)
    with open(path, "rb") as handle:
        position = 0
        for span in spans:
            yield from _copy(handle, span.start - position, chunk)
            handle.seek(span.end)
            position = span.end
            yield span.replacement.encode("utf-8")
        yield from _copy(handle, -1, chunk)


def _copy(handle: io.BufferedReader, count: int, chunk: int) -> Iterator[bytes]:
    while count != 0:
        block = handle.read(chunk if count < 0 else min(chunk, count))
        if not block:
            return
        if count > 0:
            count -= len(block)
        yield block


def burn_rectangles(image: Image.Image, boxes: Iterable[RectRedaction]) -> Image.Image:
    """A metadata-free RGB copy of ``image`` with every box filled solid."""
    clean = Image.new("RGB", image.size)
    clean.paste(image.convert("RGB"))
    draw = ImageDraw.Draw(clean)
    for r in boxes:
        b = r.box
        draw.rectangle((b.x, b.y, b.x + b.w - 1, b.y + b.h - 1), fill=FILL)
    return clean


def render_image(path: Path, boxes: Iterable[RectRedaction], *, compress_level: int = 1) -> bytes:
    """PNG bytes of the payload image with ``boxes`` burnt in and no metadata."""
    with Image.open(path) as original:
        original.load()
        clean = burn_rectangles(original, boxes)
    out = io.BytesIO()
    clean.save(out, format="PNG", compress_level=compress_level)
    return out.getvalue()
