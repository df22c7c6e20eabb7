"""The scan engine: one multi-pattern pass over bytes, then exact spans only where it fired.

Design (measured in ``benchmarks/scan_throughput.py``):

1. Every trigger of every detector, plus one caseless literal per local identity,
   is compiled into one hyperscan block-mode database (RE2 per trigger where
   hyperscan has no wheel). Triggers report only the *end* of a hit: asking
   hyperscan for start-of-match costs 3-4x the scan time.
2. For each hit, the trigger's ``locate`` cuts the exact span with anchored
   Python regexes and validates it (Luhn, ID checksum, octets, word boundaries).
3. Overlapping candidates are resolved (longest wins, then detector priority).

Big inputs are scanned in windows: each window owns the matches that *start* in
its ``[own_lo, own_hi)`` range, is scanned from ``own_lo - MAX_BACK`` to
``own_hi + OVERLAP`` and sees every candidate that could start in its range, so a
value across a chunk boundary is found exactly once.
"""

from __future__ import annotations

import gc
import os
import threading
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import compress, count, islice, repeat
from operator import add, itemgetter, lt
from pathlib import Path
from typing import NamedTuple

from . import entropy, network, numeric, tokens
from .detectors import DETECTORS, MAX_AHEAD, MAX_BACK, Span, Trigger, identity_trigger
from .identities import Identities, local_identities

try:  # x86_64 only; RE2 is the fallback elsewhere
    import hyperscan
except ImportError:  # pragma: no cover - exercised on machines without the wheel
    hyperscan = None
try:  # compiled locates for the hottest triggers (optional: built from _native.c at install)
    from . import _native
except ImportError:  # pragma: no cover - exercised where no C compiler was at hand
    _native = None
PURE_ENV = "SUPPORT_ASSISTANT_PURE_SCAN"  # set (to anything but "" or "0"): Python locates only

CHUNK = 4 << 20                       # bytes owned by one window of a file or stream
OVERLAP = MAX_AHEAD + 2 * MAX_BACK     # bytes scanned past a window's end
TRIGGERS: tuple[Trigger, ...] = network.TRIGGERS + tokens.TRIGGERS + numeric.TRIGGERS
# RE2 reports non-overlapping matches, one pass per pattern: it keeps IPv4 as one trigger.
PORTABLE_TRIGGERS: tuple[Trigger, ...] = \
    network.PORTABLE_TRIGGERS + tokens.TRIGGERS + numeric.TRIGGERS
MAX_IDENTITIES = 200                  # local identity literals per engine
MAX_KNOWN = 2000                      # literals of values already found in the report
_new_tuple = tuple.__new__
_first, _second, _third = itemgetter(0), itemgetter(1), itemgetter(2)


class Match(NamedTuple):
    """One finding in bytes: detector name, ``[start, end)`` offsets and the original value."""

    detector: str
    start: int
    end: int
    value: bytes


OnMatch = Callable[[int, int, int, int, object], None]


class _HyperscanMatcher:
    """Trigger hits from one hyperscan database (one scratch space per thread)."""

    name = "hyperscan"

    def __init__(self, triggers: list[Trigger]) -> None:
        self.database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self.database.compile(
            expressions=[t.pattern for t in triggers], ids=list(range(len(triggers))),
            elements=len(triggers),
            flags=[(hyperscan.HS_FLAG_CASELESS if t.caseless else 0)
                   | (hyperscan.HS_FLAG_SOM_LEFTMOST if t.som else 0) for t in triggers])
        self._local = threading.local()

    def scan(self, window: memoryview | bytes, on_match: OnMatch) -> None:
        """Call ``on_match(trigger index, start, end, flags, context)`` for every hit."""
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self.database)
        self.database.scan(window, match_event_handler=on_match, scratch=scratch)


class _RE2Matcher:
    """The same hits from RE2, one pass per trigger (slower; for machines without hyperscan)."""

    name = "re2"

    def __init__(self, triggers: list[Trigger]) -> None:
        import re2

        self.patterns = []
        for trigger in triggers:
            options = re2.Options()
            options.encoding = re2.Options.Encoding.LATIN1
            options.case_sensitive = not trigger.caseless
            self.patterns.append(re2.compile(trigger.pattern, options=options))

    def scan(self, window: memoryview | bytes, on_match: OnMatch) -> None:
        data = bytes(window)
        for index, pattern in enumerate(self.patterns):
            for match in pattern.finditer(data):
                on_match(index, match.start(), match.end(), 0, None)


class Engine:
    """A compiled set of triggers (the built-in ones plus identity literals)."""

    def __init__(self, identities: Identities, backend: str | None = None, *,
                 secrets: bool = False, known: tuple[tuple[bytes, str], ...] = (),
                 native: bool | None = None) -> None:
        """``secrets`` adds the entropy check (leak check only); ``known`` adds literal
        ``(value, detector)`` pairs, such as the values a report's scan already found.
        ``native`` runs the compiled locates where a trigger has one (default: when the
        extension is built and ``SUPPORT_ASSISTANT_PURE_SCAN`` is not set); the Python
        locates give the same spans and stay the reference."""
        literals = dict(identities.literals()[:MAX_IDENTITIES])
        for value, detector in known[:MAX_KNOWN]:
            literals.setdefault(value, detector)
        if backend is None:
            backend = "hyperscan" if hyperscan is not None else "re2"
        self.triggers = list(TRIGGERS if backend == "hyperscan" else PORTABLE_TRIGGERS) \
            + (list(entropy.TRIGGERS) if secrets else []) \
            + [identity_trigger(v, d) for v, d in literals.items()]
        self._locates = [t.locate for t in self.triggers]
        if native is None:
            native = os.environ.get(PURE_ENV, "") in ("", "0")
        self._kinds = bytes(_native.KINDS.get(t.native, 0) for t in self.triggers) \
            if native and _native is not None else None
        self.matcher = _HyperscanMatcher(self.triggers) if backend == "hyperscan" \
            else _RE2Matcher(self.triggers)

    @property
    def backend(self) -> str:
        return self.matcher.name

    @property
    def locates(self) -> str:
        """``native`` when the compiled locates run, else ``python``."""
        return "native" if self._kinds is not None else "python"

    def window(self, buf: bytes, own_lo: int, own_hi: int) -> list[Span]:
        """Exact spans that start in ``[own_lo, own_hi)`` of ``buf`` (offsets in ``buf``)."""
        lo = max(0, own_lo - MAX_BACK)
        hi = min(len(buf), own_hi + OVERLAP)
        locates = self._locates
        candidates: list[Span] = []
        append = candidates.append
        with _gc_paused():
            if self._kinds is not None and type(buf) is bytes:  # the callback in C (_native.c)
                self.matcher.scan(buf if (lo, hi) == (0, len(buf)) else memoryview(buf)[lo:hi],
                                  _native.Collector(buf, lo, self._kinds, locates, candidates))
            elif (lo, hi) == (0, len(buf)):
                def on_match(index: int, start: int, end: int, _flags: int, _context: object) -> None:
                    span = locates[index](buf, start, end)
                    if span is not None:
                        append(span)

                self.matcher.scan(buf, on_match)
            else:
                def on_match(index: int, start: int, end: int, _flags: int, _context: object) -> None:
                    span = locates[index](buf, lo + start, lo + end)
                    if span is not None:
                        append(span)

                self.matcher.scan(memoryview(buf)[lo:hi], on_match)
            kept = resolve_overlaps(candidates)
        starts = list(map(_first, kept))
        return kept[bisect_left(starts, own_lo):bisect_left(starts, own_hi)]

    def scan(self, data: bytes, window: int = 64 << 20) -> list[Match]:
        """Every match in ``data`` (in memory), in offset order."""
        matches: list[Match] = []
        for own_lo in range(0, len(data), window):
            spans = self.window(data, own_lo, own_lo + window)
            with _gc_paused():
                matches.extend(_matches(data, spans, 0, self._kinds is not None))
        return matches

    def scan_chunks(self, chunks: Iterable[bytes], chunk: int = CHUNK) -> Iterator[Match]:
        """Matches in a stream of byte blocks, with offsets from the start of the stream."""
        buf = b""
        base = 0       # stream offset of buf[0]
        own = 0        # stream offset where the next window's owned range starts
        for block in chunks:
            buf += block
            while len(buf) - (own - base) >= chunk + OVERLAP:
                yield from _matches(buf, self.window(buf, own - base, own - base + chunk), base,
                                    self._kinds is not None)
                own += chunk
                keep = own - MAX_BACK - base
                if keep > 0:
                    buf = buf[keep:]
                    base += keep
        yield from _matches(buf, self.window(buf, own - base, len(buf)), base,
                            self._kinds is not None)


def _matches(buf: bytes, spans: list[Span], base: int, native: bool = False) -> Iterator[Match]:
    """``Match``es for ``spans`` of ``buf``, offsets shifted by ``base`` (C-level maps, no
    Python frame per match: this runs once per finding; ``native``: in _native.c)."""
    if native and type(buf) is bytes:
        return iter(_native.matches(buf, spans, base, Match))
    starts = list(map(_first, spans))
    ends = list(map(_second, spans))
    values = map(buf.__getitem__, map(slice, starts, ends))
    if base:
        starts = map(add, starts, repeat(base))  # type: ignore[assignment]
        ends = map(add, ends, repeat(base))  # type: ignore[assignment]
    return map(_new_tuple, repeat(Match), zip(map(_third, spans), starts, ends, values, strict=True))


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a scan allocates its hundreds of thousands of
    tuples (none of them in a cycle): the collector's passes over them cost more than the
    scan's own work at log densities of personal data."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def resolve_overlaps(candidates: list[Span]) -> list[Span]:
    """Non-overlapping spans in order. In a group of overlapping ones the detector with the
    lower priority number wins (URL credentials over the e-mail-like text around them),
    then the longer span (a host name over the short host identity inside it)."""
    candidates.sort()
    if len(candidates) < 2:
        return candidates
    # Span i overlaps span i-1 (C-level maps: this runs over every candidate). A span that
    # overlaps an earlier one but not its neighbour only follows another overlap, so Python
    # walks from each such pair on, with the furthest end so far, to close the group.
    joins = list(compress(count(1), map(lt, map(_first, islice(candidates, 1, None)),
                                        map(_second, candidates))))
    if not joins:
        return candidates
    kept: list[Span] = []
    done = 0  # candidates before this index are emitted
    i = 0
    total = len(candidates)
    while i < len(joins):
        first = last = joins[i]
        reach = max(candidates[first - 1][1], candidates[first][1])
        while last + 1 < total and candidates[last + 1][0] < reach:
            last += 1
            if candidates[last][1] > reach:
                reach = candidates[last][1]
        while i < len(joins) and joins[i] <= last:
            i += 1
        kept.extend(candidates[done:first - 1])
        kept.extend(_pick(candidates[first - 1:last + 1]))
        done = last + 1
    kept.extend(candidates[done:])
    return kept


def _pick(group: list[Span]) -> list[Span]:
    if len(group) == 2:  # the usual case, decided without sorting
        a, b = group
        rank_a, rank_b = DETECTORS[a[2]].priority, DETECTORS[b[2]].priority
        if rank_a != rank_b:
            return [a] if rank_a < rank_b else [b]
        return [a] if a[1] - a[0] >= b[1] - b[0] else [b]
    chosen: list[Span] = []
    for span in sorted(group, key=lambda s: (DETECTORS[s[2]].priority, s[0] - s[1], s[0])):
        if all(span[1] <= c[0] or span[0] >= c[1] for c in chosen):
            chosen.append(span)
    return sorted(chosen)


_cache: OrderedDict[tuple[object, ...], Engine] = OrderedDict()
_cache_lock = threading.Lock()


def engine_for(identities: Identities | None = None, backend: str | None = None, *,
               secrets: bool = False, known: tuple[tuple[bytes, str], ...] = ()) -> Engine:
    """A compiled engine for these identities (this machine's when None); a few are cached."""
    if identities is None:
        identities = local_identities()
    key = (identities.literals(), backend, secrets, known)
    with _cache_lock:
        engine = _cache.get(key)
        if engine is not None:
            _cache.move_to_end(key)
            return engine
    engine = Engine(identities, backend, secrets=secrets, known=known)
    with _cache_lock:
        _cache[key] = engine
        while len(_cache) > 4:
            _cache.popitem(last=False)
    return engine


def scan_bytes(data: bytes, identities: Identities | None = None) -> list[Match]:
    """Every match in ``data``; ``identities`` defaults to this machine's."""
    return engine_for(identities).scan(bytes(data))


def scan_file(path: Path | str, identities: Identities | None = None,
              chunk: int = CHUNK) -> Iterator[Match]:
    """Matches in a file of any size, read in ``chunk``-byte blocks (memory stays flat)."""
    engine = engine_for(identities)

    def blocks() -> Iterator[bytes]:
        with open(path, "rb") as handle:
            while block := handle.read(chunk):
                yield block

    return engine.scan_chunks(blocks(), chunk)


def scan_chunks(chunks: Iterable[bytes], identities: Identities | None = None,
                chunk: int = CHUNK) -> Iterator[Match]:
    """Matches in a stream of byte blocks (for example ``redact.stream(item)``)."""
    return engine_for(identities).scan_chunks(chunks, chunk)


def scan_text(text: str, identities: Identities | None = None) -> list[Match]:
    """Matches in a str with *character* offsets (for OCR words); ``value`` stays UTF-8."""
    data = text.encode("utf-8", "surrogatepass")
    matches = scan_bytes(data, identities)
    if len(data) == len(text):
        return matches
    char_at = _char_offsets(data)
    return [m._replace(start=char_at[m.start], end=char_at[m.end]) for m in matches]


def _char_offsets(data: bytes) -> list[int]:
    """For each byte offset (and the end), the index of the character it belongs to."""
    offsets = []
    index = -1
    for byte in data:
        if byte & 0xC0 != 0x80:
            index += 1
        offsets.append(index)
    offsets.append(index + 1)
    return offsets
