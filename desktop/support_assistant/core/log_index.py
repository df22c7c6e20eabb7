"""Reading a (possibly huge) log file: windows, level filter, search, jump to a time.

Everything works on a memory map of a verified, spooled log (see
:mod:`.bundle_contents`), so a 500 MB log never sits in memory.

* :class:`LogView` is what a viewer shows: the whole log, or only the lines at
  or above a level. Lines without a level (stack traces, continuations) belong
  to the line above them. Offsets of a view are *view* offsets; ``to_file`` /
  ``to_view`` map them to and from file offsets.
* :func:`search` finds a literal or a regular expression (Python ``re`` on
  bytes) with line numbers, at most ``limit`` matches.
* :func:`offset_at_time` finds the first line stamped at or after a time by
  bisecting the file (logs are written in time order), so it is instant.
"""

from __future__ import annotations

import bisect
import mmap
import re
import threading
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .errors import Cancelled, UsageError
from .messages import msg, register
from .preview import Piece, Window

register({
    "log.bad_regex": "The regular expression '{pattern}' is not valid ({reason}); correct it and search again.",
    "log.cancelled": "The search was cancelled.",
})

LEVELS = ("debug", "info", "warning", "error", "critical")
"""Levels from lowest to highest; the filter shows one level and those above it."""
_LEVEL_WORDS = {b"TRACE": 0, b"DEBUG": 0, b"INFO": 1, b"NOTICE": 1, b"WARN": 2,
                b"WARNING": 2, b"ERROR": 3, b"ERR": 3, b"SEVERE": 3, b"CRITICAL": 4,
                b"FATAL": 4, b"PANIC": 4}
_LEVEL_LINE = re.compile(
    rb"^[^\n]{0,80}?\b(" + b"|".join(sorted(_LEVEL_WORDS, key=len, reverse=True)) + rb")\b",
    re.MULTILINE)
_STAMP = re.compile(
    rb"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?"
    rb"\s?(Z|[+-]\d{2}:?\d{2})?")
STAMP_SEARCH = 64
"""How far into a line a time stamp is looked for."""
_LINE_SEARCH = 64 << 10
_CHUNK = 16 << 20

ProgressCallback = Callable[[int, int, str], None]


class MappedLog:
    """A read-only memory map of a log file (an empty file maps to ``b""``)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._file = open(self.path, "rb")  # noqa: SIM115 - closed by close()
        size = self.path.stat().st_size
        self.data: mmap.mmap | bytes = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ) \
            if size else b""
        self.size = size

    def close(self) -> None:
        if isinstance(self.data, mmap.mmap):
            self.data.close()
        self._file.close()

    def line_start(self, offset: int) -> int:
        """The start of the line holding ``offset`` (or a cut 64 KiB before it)."""
        offset = max(0, min(offset, self.size))
        found = self.data.rfind(b"\n", max(0, offset - _LINE_SEARCH), offset)
        if found >= 0:
            return found + 1
        return 0 if offset <= _LINE_SEARCH else offset

    def line_end(self, offset: int) -> int:
        """The end (after the newline) of the line holding ``offset``."""
        found = self.data.find(b"\n", offset, min(self.size, offset + _LINE_SEARCH))
        return self.size if found < 0 and offset + _LINE_SEARCH >= self.size else \
            (found + 1 if found >= 0 else offset + _LINE_SEARCH)

    def line(self, offset: int) -> bytes:
        return bytes(self.data[self.line_start(offset):self.line_end(offset)])


@dataclass(frozen=True)
class LevelIndex:
    """Where each line with a level word starts, and its level (index into LEVELS)."""

    starts: array
    levels: bytes

    def counts(self) -> list[int]:
        return [self.levels.count(bytes([n])) for n in range(len(LEVELS))]


def index_levels(log: MappedLog, progress: ProgressCallback | None = None,
                 cancel: threading.Event | None = None) -> LevelIndex:
    """Find every line with a level word (in its first 80 characters)."""
    starts = array("q")
    levels = bytearray()
    position = 0
    while position < log.size:
        end = log.line_start(min(log.size, position + _CHUNK)) if position + _CHUNK < log.size \
            else log.size
        if end <= position:
            end = min(log.size, position + _CHUNK)
        for match in _LEVEL_LINE.finditer(log.data, position, end):
            starts.append(match.start())
            levels.append(_LEVEL_WORDS[match.group(1)])
        position = end
        if cancel is not None and cancel.is_set():
            raise Cancelled(msg("log.cancelled"))
        if progress:
            progress(position, log.size, "")
    return LevelIndex(starts, bytes(levels))


class LogView:
    """The log, or only the lines at or above ``minimum`` level, as one contiguous text."""

    def __init__(self, log: MappedLog, index: LevelIndex | None = None, minimum: int = 0) -> None:
        self.log = log
        self.minimum = minimum
        if index is None or minimum <= 0:
            segments = [(0, log.size)] if log.size else []
        else:
            segments = _segments(index, minimum, log.size)
        self.file_starts = array("q", (s for s, _ in segments))
        self.file_ends = array("q", (e for _, e in segments))
        self.view_starts = array("q")
        total = 0
        for start, end in segments:
            self.view_starts.append(total)
            total += end - start
        self.size = total

    @property
    def filtered(self) -> bool:
        return not (len(self.file_starts) == 1 and self.size == self.log.size) and \
            self.log.size > 0

    def to_file(self, view_offset: int) -> int:
        """The file offset of a view offset."""
        if not self.view_starts:
            return 0
        n = max(0, bisect.bisect_right(self.view_starts, view_offset) - 1)
        return min(self.file_ends[n], self.file_starts[n] + view_offset - self.view_starts[n])

    def to_view(self, file_offset: int) -> int:
        """The view offset of a file offset (the next shown byte if it is filtered out)."""
        if not self.file_starts:
            return 0
        n = bisect.bisect_right(self.file_starts, file_offset) - 1
        if n < 0:
            return 0
        if file_offset < self.file_ends[n]:
            return self.view_starts[n] + file_offset - self.file_starts[n]
        return self.view_starts[n + 1] if n + 1 < len(self.view_starts) else self.size

    def shows(self, file_offset: int) -> bool:
        n = bisect.bisect_right(self.file_starts, file_offset) - 1
        return n >= 0 and file_offset < self.file_ends[n]

    def window(self, start: int, end: int, exact: bool = False) -> Window:
        """View bytes ``[start, end)`` widened to whole lines, as preview pieces."""
        start = max(0, min(start, self.size))
        end = max(start, min(end, self.size))
        pieces: list[Piece] = []
        if not self.size:
            return Window(0, 0, 0, ())
        if not exact:
            segment_start, _ = self._segment_of(start)
            start = self.to_view(max(self.log.line_start(self.to_file(start)), segment_start))
        if end < self.size:
            file_end = self.to_file(end)
            _, segment_end = self._segment_of(end)
            end = max(start, self.to_view(min(self.log.line_end(file_end), segment_end)))
        n = max(0, bisect.bisect_right(self.view_starts, start) - 1)
        position = start
        while n < len(self.view_starts) and position < end:
            segment_view, segment_file = self.view_starts[n], self.file_starts[n]
            stop = min(end, segment_view + self.file_ends[n] - segment_file)
            if stop > position:
                first = segment_file + position - segment_view
                pieces.append(Piece(position, stop,
                                    bytes(self.log.data[first:first + stop - position])))
            position = max(position, stop)
            n += 1
        return Window(start, end, self.size, tuple(pieces))

    def _segment_of(self, view_offset: int) -> tuple[int, int]:
        n = max(0, bisect.bisect_right(self.view_starts, view_offset) - 1)
        return self.file_starts[n], self.file_ends[n]


def _segments(index: LevelIndex, minimum: int, size: int) -> list[tuple[int, int]]:
    """Runs of consecutive shown lines (found with bytes.find, in C: a log has millions)."""
    mask = index.levels.translate(bytes(1 if n >= minimum else 0 for n in range(256)))
    starts, count = index.starts, len(mask)
    segments: list[tuple[int, int]] = []
    position = 0
    while (first := mask.find(b"\x01", position)) >= 0:
        last = mask.find(b"\x00", first)
        if last < 0:
            last = count
        segments.append((starts[first], starts[last] if last < count else size))
        position = last
    return segments


@dataclass(frozen=True)
class Match:
    """One match: file offsets of the match and its line, the 1-based line number, the line."""

    start: int
    end: int
    line_number: int
    line_start: int
    text: str


@dataclass
class SearchResult:
    matches: list[Match]
    truncated: bool


def compile_pattern(pattern: str, *, regex: bool, ignore_case: bool) -> re.Pattern[bytes]:
    """The search pattern as bytes regex; UsageError with the reason for a bad expression."""
    flags = re.IGNORECASE if ignore_case else 0
    try:
        source = pattern.encode("utf-8") if regex else re.escape(pattern.encode("utf-8"))
        return re.compile(source, flags | re.MULTILINE)
    except re.error as exc:
        raise UsageError(msg("log.bad_regex", pattern=pattern[:100], reason=exc)) from exc


def search(view: LogView, pattern: re.Pattern[bytes], *, limit: int = 10_000,
           progress: ProgressCallback | None = None,
           cancel: threading.Event | None = None) -> SearchResult:
    """Matches of ``pattern`` in the lines ``view`` shows, in file order, at most ``limit``."""
    log = view.log
    matches: list[Match] = []
    line_number, counted_to = 1, 0
    for seg_start, seg_end in zip(view.file_starts, view.file_ends, strict=True):
        position = seg_start
        while position < seg_end:
            stop = min(seg_end, position + _CHUNK)
            if stop < seg_end:
                stop = max(position + 1, log.line_start(stop))
            for found in pattern.finditer(log.data, position, stop):
                if found.end() == found.start() and not found.group(0) and pattern.pattern == b"":
                    continue
                line_number += _count_newlines(log.data, counted_to, found.start())
                counted_to = found.start()
                line_start = log.line_start(found.start())
                text = log.line(found.start())[:500].decode("utf-8", "replace").rstrip("\r\n")
                matches.append(Match(found.start(), found.end(), line_number, line_start, text))
                if len(matches) >= limit:
                    return SearchResult(matches, True)
            position = stop
            if cancel is not None and cancel.is_set():
                raise Cancelled(msg("log.cancelled"))
            if progress:
                progress(position, log.size, "")
    return SearchResult(matches, False)


def _count_newlines(data: mmap.mmap | bytes, start: int, end: int) -> int:
    count = 0
    while start < end:
        stop = min(end, start + _CHUNK)
        count += data[start:stop].count(b"\n")
        start = stop
    return count


def parse_stamp(line: bytes) -> datetime | None:
    """The first ``YYYY-MM-DD[T ]HH:MM:SS[.frac][zone]`` in the first 64 bytes of ``line``."""
    found = _STAMP.search(line, 0, STAMP_SEARCH + 40)
    if found is None or found.start() > STAMP_SEARCH:
        return None
    year, month, day, hour, minute, second, fraction, zone = found.groups()
    text = (f"{year.decode()}-{month.decode()}-{day.decode()}T{hour.decode()}:"
            f"{minute.decode()}:{second.decode()}")
    if fraction:
        text += "." + fraction.decode()[:6].ljust(6, "0")
    if zone:
        zone_text = zone.decode()
        text += "+00:00" if zone_text == "Z" else (
            zone_text if ":" in zone_text else f"{zone_text[:3]}:{zone_text[3:]}")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _comparable(stamp: datetime, when: datetime) -> tuple[datetime, datetime]:
    if stamp.tzinfo is None and when.tzinfo is not None:
        return stamp, when.replace(tzinfo=None)  # a naive log is in the customer's local time
    if stamp.tzinfo is not None and when.tzinfo is None:
        return stamp.replace(tzinfo=None), when
    return stamp, when


def _stamp_at_or_after(log: MappedLog, offset: int, limit: int) -> tuple[int, datetime] | None:
    """The first stamped line starting at or after ``offset`` (looking at most ``limit`` bytes)."""
    position = offset
    end = min(log.size, offset + limit)
    while position < end:
        head = bytes(log.data[position:position + STAMP_SEARCH + 40]).split(b"\n", 1)[0]
        stamp = parse_stamp(head)
        if stamp is not None:
            return position, stamp
        newline = log.data.find(b"\n", position, end)
        if newline < 0:
            return None
        position = newline + 1
    return None


def offset_at_time(log: MappedLog, when: datetime) -> int | None:
    """The start of the first line stamped at or after ``when`` (None: no stamps at all)."""
    first = _stamp_at_or_after(log, 0, 1 << 20)
    if first is None:
        return None
    lo, hi = 0, log.size
    best = None
    while hi - lo > 4096:
        middle = log.line_start((lo + hi) // 2)
        if middle <= lo:
            middle = log.line_end((lo + hi) // 2)
        found = _stamp_at_or_after(log, middle, hi - middle)
        if found is None:
            hi = middle
            continue
        position, stamp = found
        a, b = _comparable(stamp, when)
        if a >= b:
            hi, best = middle, position
        else:
            lo = position + 1
    position = log.line_start(lo)
    while position < min(log.size, hi + _LINE_SEARCH):
        found = _stamp_at_or_after(log, position, (hi + _LINE_SEARCH) - position)
        if found is None:
            break
        position, stamp = found
        a, b = _comparable(stamp, when)
        if a >= b:
            return position
        position = log.line_end(position)
    return best if best is not None else log.line_start(max(0, log.size - 1))
