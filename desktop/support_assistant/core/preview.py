"""What a front end shows of an item: windows of the exact bytes that will be sent.

A text payload can be hundreds of megabytes, so a viewer asks for one window of
it at a time. :func:`text_window` cuts the payload at line starts and returns
the *redacted output* of that window as pieces: original bytes, or the
replacement of a merged redaction span, each with its original byte range.
The spans are merged by :func:`redact.merge_text_redactions`, the very function
:func:`redact.stream_text` uses, so the windows of a whole payload laid end to
end are byte for byte what :func:`redact.stream` sends
(``tests/core/test_preview.py`` checks this).
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from .items import ApprovedItem, Item, TextRedaction
from .redact import merge_text_redactions, redactions_of, render_bytes

MAX_LINE_SEARCH = 64 << 10
"""How far a window edge looks for a line start before cutting mid-line."""

TEXT_MEDIA_PREFIXES = ("text/", "application/json", "application/x-ndjson", "application/xml")


class Span(NamedTuple):
    """One merged redaction span: payload bytes ``[start, end)`` become ``replacement``.

    A tuple, not a :class:`TextRedaction`: a scanned log has tens of thousands.
    """

    start: int
    end: int
    replacement: str
    origin: str = "user"


@dataclass(frozen=True, slots=True)
class Piece:
    """One run of output: original payload bytes, or the replacement of a redaction."""

    start: int
    end: int
    data: bytes
    redaction: Span | None = None

    @property
    def redacted(self) -> bool:
        return self.redaction is not None


@dataclass(frozen=True, slots=True)
class Window:
    """Payload bytes ``[start, end)`` as sent, in pieces; ``size`` is the whole payload's."""

    start: int
    end: int
    size: int
    pieces: tuple[Piece, ...]

    @property
    def at_end(self) -> bool:
        return self.end >= self.size

    def output(self) -> bytes:
        return b"".join(p.data for p in self.pieces)


def is_text(item: Item | ApprovedItem) -> bool:
    """Whether the item is shown as text (everything else is an image or opaque bytes)."""
    return item.media_type.startswith(TEXT_MEDIA_PREFIXES) or item.kind.value in (
        "log", "text", "environment")


def text_spans(item: Item | ApprovedItem, start: int = 0, end: int | None = None
               ) -> list[Span]:
    """The merged text spans that :func:`redact.stream_text` will apply.

    With ``start``/``end`` only the redactions touching ``[start, end)`` are merged
    (a scanned log can hold tens of thousands; a window needs a few). The result
    equals ``merge_text_redactions`` over the effective redactions (a test checks
    it), computed from plain tuples.
    """
    if not isinstance(item, Item):
        spans = [Span(r.start, r.end, r.replacement, r.origin) for r in merge_text_redactions(
            r for r in redactions_of(item) if isinstance(r, TextRedaction))]
        return spans if end is None else [s for s in spans if s.start < end and s.end > start]
    stop = item.size + 1 if end is None else end
    # effective_redactions lists kept findings, then the user's; both sorts there are
    # stable, so ties keep that order: (start, -end, position) reproduces it exactly
    raw = [(f.start, -f.end, n, f.replacement, f"finding:{f.id}")
           for n, f in enumerate(item.findings)
           if f.start is not None and f.end is not None and f.start < stop and f.end > start
           and f.box is None and f.id not in item.released]
    offset = len(item.findings)
    raw += [(r.start, -r.end, offset + n, r.replacement, r.origin)
            for n, r in enumerate(item.user_redactions)
            if isinstance(r, TextRedaction) and r.start < stop and r.end > start]
    raw.sort()
    merged: list[list] = []
    for span_start, negative_end, _n, replacement, origin in raw:
        span_end = -negative_end
        if merged and span_start < merged[-1][1]:
            if span_end > merged[-1][1]:
                merged[-1][1] = span_end
            continue
        merged.append([span_start, span_end, replacement, origin])
    return [Span(*span) for span in merged]


def text_window(item: Item | ApprovedItem, start: int, end: int,
                spans: Sequence[Span] | None = None, *, exact_start: bool = False
                ) -> Window:
    """The redacted output of about ``[start, end)`` of the payload.

    Both edges move to line starts (within :data:`MAX_LINE_SEARCH`) and outwards so no
    redaction span is cut. Ask for the window after ``w`` with ``start=w.end`` and
    ``exact_start=True``. Without ``spans`` only the redactions near the window are
    merged; pass all of them (:func:`text_spans`) when walking a whole payload.
    """
    with _mapped(item.payload) as data:
        size = len(data)
        start = max(0, min(start, size))
        end = max(end, start)
        while True:  # widen until neither edge cuts a span (each round only widens)
            if not exact_start:
                start = _line_start(data, start)
            end = size if end >= size else _next_line_start(data, end)
            local = text_spans(item, start, end) if spans is None else spans
            wider_start, wider_end = start, end
            for span in _overlapping(local, start, end):
                wider_start = min(wider_start, span.start)
                wider_end = max(wider_end, min(span.end, size))
            if (wider_start, wider_end) == (start, end):
                break
            start, end = wider_start, wider_end
        pieces: list[Piece] = []
        position = start
        for span in _overlapping(local, start, end):
            if span.start > position:
                pieces.append(Piece(position, span.start, bytes(data[position:span.start])))
            pieces.append(Piece(span.start, span.end, span.replacement.encode("utf-8"), span))
            position = max(position, span.end)
        if position < end:
            pieces.append(Piece(position, end, bytes(data[position:end])))
        return Window(start, end, size, tuple(pieces))


def original_window(path: Path, start: int, end: int) -> bytes:
    """The original payload bytes ``[start, end)`` (for a side-by-side view)."""
    with open(path, "rb") as handle:
        handle.seek(start)
        return handle.read(max(0, end - start))


def sent_size(item: Item | ApprovedItem) -> int:
    """How many bytes the item's redacted payload will have in the bundle.

    Text is counted from the spans without reading the payload; an image is rendered.
    """
    if item.media_type.startswith("image/"):
        return len(render_bytes(item))
    size = item.size
    for span in text_spans(item):
        size += len(span.replacement.encode("utf-8")) - (min(span.end, item.size) - span.start)
    return size


def _overlapping(spans: Sequence[Span], start: int, end: int) -> Iterator[Span]:
    # spans are sorted and disjoint: a binary search finds the first one ending after start
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        if spans[mid].end <= start:
            lo = mid + 1
        else:
            hi = mid
    for span in spans[lo:]:
        if span.start >= end:
            return
        yield span


def _line_start(data: mmap.mmap | bytes, position: int) -> int:
    if position == 0:
        return 0
    found = data.rfind(b"\n", max(0, position - MAX_LINE_SEARCH), position)
    if found >= 0:
        return found + 1
    return 0 if position <= MAX_LINE_SEARCH else _utf8_boundary(data, position)


def _next_line_start(data: mmap.mmap | bytes, position: int) -> int:
    found = data.find(b"\n", position, position + MAX_LINE_SEARCH)
    return found + 1 if found >= 0 else _utf8_boundary(data, position)


def _utf8_boundary(data: mmap.mmap | bytes, position: int) -> int:
    # step back over at most three continuation bytes so a character is not split
    if position >= len(data):
        return len(data)
    for back in range(4):
        if position - back <= 0 or data[position - back] & 0xC0 != 0x80:
            return position - back
    return position


class _mapped:
    """A read-only memory map of a file (an empty file maps to ``b""``)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __enter__(self) -> mmap.mmap | bytes:
        self.handle = open(self.path, "rb")  # noqa: SIM115 - closed in __exit__
        try:
            self.map: mmap.mmap | None = mmap.mmap(self.handle.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # empty file
            self.map = None
            return b""
        return self.map

    def __exit__(self, *exc: object) -> None:
        if self.map is not None:
            self.map.close()
        self.handle.close()
