"""Triggers for numbers: phone numbers (mainland-China mobile, +country, North American),
payment cards (Luhn) and PRC resident IDs (MOD 11-2).

Digit-class patterns are the slowest thing a multi-pattern engine can run over a
log (every timestamp is a partial match), so there are only two generic ones: a
run of 11+ digits, and three digit groups separated by a space or dash. Python
then reads the whole number once and decides which detector, if any, it is.
"""

from __future__ import annotations

import re

from .detectors import DIGITS, Span, Trigger
from .validators import card_valid, cn_id_valid, cn_mobile_valid

_WORDLIKE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_0123456789")
_RUN = re.compile(rb"[0-9]{0,16}")
_CN_PREFIX = re.compile(rb"(?:\(\+86\)|\+86|0086|86)[ \-]?$")
_NANP_PREFIX = re.compile(rb"(?:\+1|1)[ \-.]?$")
_INTERNATIONAL = re.compile(rb"\+[1-9][0-9]{0,3}(?:[ .\-]?\(?[0-9]{1,5}\)?){1,7}")
_DIGIT_BYTES = b"0123456789"
_CARD_SHAPES = frozenset({(4, 4, 4, 4), (4, 4, 4, 4, 3), (4, 4, 4, 4, 2), (4, 4, 4, 4, 1),
                          (4, 6, 5), (4, 6, 4), (4, 4, 4, 3), (4, 4, 4, 2), (4, 4, 4, 1)})


def _ends_cleanly(buf: bytes, stop: int) -> bool:
    """Nothing number- or word-like follows (a decimal point followed by a digit counts)."""
    if stop >= len(buf):
        return True
    after = buf[stop]
    if after in _WORDLIKE:
        return False
    return not (after in b".," and stop + 1 < len(buf) and buf[stop + 1] in DIGITS)


def _starts_cleanly(buf: bytes, start: int) -> bool:
    if start == 0:
        return True
    before = buf[start - 1]
    if before in _WORDLIKE:
        return False
    return not (before in b".," and start > 1 and buf[start - 2] in DIGITS)  # 3.14159...


def _with_cn_prefix(buf: bytes, start: int) -> int:
    if start == 0 or buf[start - 1] not in b" -0123456789)\n":
        return start  # no prefix can end here (cheap test first; '$' also matches before \n)
    prefix = _CN_PREFIX.search(buf, start - 6 if start > 6 else 0, start)
    return prefix.start() if prefix else start


def _locate_run(buf: bytes, _start: int, end: int) -> Span | None:
    """Trigger: 11 digits after a non-word character. Reads the whole run (a cn-id may end in X)."""
    start = end - 11
    after = buf[end:end + 9]  # 9 more digits make 20: too long for anything, like 16 more
    stop = end + len(after) - len(after.lstrip(_DIGIT_BYTES))
    n = stop - start
    if n > 19:
        return None
    if n == 17 and stop < len(buf) and buf[stop] in b"Xx":
        stop += 1
        n = 18
    if not _ends_cleanly(buf, stop) or (  # the trigger saw no word character before start
            start > 1 and buf[start - 1] in b".," and buf[start - 2] in DIGITS):
        return None
    digits = buf[start:stop]
    if n == 18 and cn_id_valid(digits):
        return start, stop, "cn-id"
    if n == 11:
        return (_with_cn_prefix(buf, start), stop, "phone") if cn_mobile_valid(digits) else None
    if n == 13 and digits[:2] == b"86" and cn_mobile_valid(digits[2:]):
        return (start - 1 if start and buf[start - 1] == 43 else start), stop, "phone"
    if card_valid(digits):
        return start, stop, "card"
    if start and buf[start - 1] == 43 and n <= 15:  # +4915123456789
        return start - 1, stop, "phone"
    return None


def _locate_groups(buf: bytes, start: int, end: int) -> Span | None:
    """Trigger (with start): three groups of digits separated by one space or dash each:
    138 0013 8000, 4111 1111 1111 1111, 3782 822463 10005, 415-555-0142."""
    if buf[start] not in DIGITS:
        start += 1
    separator = buf[end - 5] if buf[end - 5] in b" -" else buf[end - 6]
    if start > 1 and buf[start - 1] == separator and buf[start - 2] in DIGITS:
        return None  # the trigger fired inside a longer grouped number
    stop = end
    for _ in range(3):
        if stop + 1 >= len(buf) or buf[stop] != separator or buf[stop + 1] not in DIGITS:
            break
        group = buf[stop + 1:stop + 5]  # up to 4 digits, as _GROUP reads
        stop += 1 + len(group) - len(group.lstrip(_DIGIT_BYTES))
    if not _starts_cleanly(buf, start) or not _ends_cleanly(buf, stop):
        return None
    groups = buf[start:stop].split(b" " if separator == 32 else b"-")
    lengths = tuple(map(len, groups))
    for count in range(min(len(groups), 5), 2, -1):  # a year or amount may follow the number
        shape = lengths[:count]  # the three kinds of shapes below are disjoint
        if shape == (3, 4, 4):
            if cn_mobile_valid(groups[0] + groups[1] + groups[2]):
                return _with_cn_prefix(buf, start), start + 13, "phone"
        elif shape == (3, 3, 4):
            if 50 <= groups[0][0] <= 57 and 50 <= groups[1][0] <= 57:  # NANP
                prefix = _NANP_PREFIX.search(buf, start - 3 if start > 3 else 0, start)
                return (prefix.start() if prefix else start), start + 12, "phone"
        elif shape in _CARD_SHAPES and card_valid(b"".join(groups[:count])):
            return start, start + sum(shape) + count - 1, "card"
    return None


def _locate_nanp(buf: bytes, _start: int, end: int) -> Span | None:
    """Trigger: (415) 555-0142 or (415)555-0142."""
    start = buf.rfind(b"(", end - 14 if end > 14 else 0, end)
    if start < 0 or not _ends_cleanly(buf, end) or not 50 <= buf[start + 1] <= 57 \
            or not 50 <= buf[end - 8] <= 57:
        return None  # area code and exchange start with 2-9
    prefix = _NANP_PREFIX.search(buf, start - 3 if start > 3 else 0, start)
    return (prefix.start() if prefix else start), end, "phone"


def _locate_international(buf: bytes, _start: int, end: int) -> Span | None:
    """Trigger: '+', a country code digit and 7 phone characters."""
    start = end - 9
    if start and buf[start - 1] in _WORDLIKE:
        return None
    match = _INTERNATIONAL.match(buf, start)
    if match is None:
        return None  # "+1 ((((((": the trigger's characters, but no digit group
    stop = match.end()
    count = stop - start - len(buf[start:stop].translate(None, _DIGIT_BYTES))
    while count > 15:  # too long: a date or another number follows; drop trailing groups
        stop = max(buf.rfind(b" ", start, stop - 1), buf.rfind(b"-", start, stop - 1),
                   buf.rfind(b".", start, stop - 1))
        if stop <= start:
            return None
        count = stop - start - len(buf[start:stop].translate(None, _DIGIT_BYTES))
    if not 9 <= count <= 15 or not _ends_cleanly(buf, stop):
        return None
    return start, stop, "phone"


TRIGGERS: tuple[Trigger, ...] = (
    Trigger(rb"(?:^|[^0-9A-Za-z_])[0-9]{11}", _locate_run, native="digit-run"),
    Trigger(rb"(?:^|[^0-9A-Za-z_])[0-9]{3,4}[ \-][0-9]{3,6}[ \-][0-9]{4,5}", _locate_groups,
            som=True, native="digit-groups"),
    Trigger(rb"\([0-9]{3}\) ?[0-9]{3}-[0-9]{4}", _locate_nanp),
    Trigger(rb"\+[1-9][0-9 .\-()]{7}", _locate_international),
)
