"""What counts as personal data in text: one declaration per detector, and its triggers.

A :class:`Detector` is what the user sees (name, pseudonym prefix, how values are
normalised so the same value gets the same pseudonym). A :class:`Trigger` is how
the engine finds it fast: a cheap pattern that fires once near each candidate
(hyperscan reports only where a match *ends*), and a ``locate`` function that,
from that end offset, cuts the exact span out of the buffer with anchored Python
regexes and validates it (checksum, ranges, word boundaries). ``locate`` returns
``(start, end, detector_name)`` or ``None``; it only ever looks at most
:data:`MAX_BACK` bytes before and :data:`MAX_AHEAD` bytes after the trigger end,
which is what lets the engine scan in chunks with a fixed overlap.

Triggers are listed in :mod:`.network`, :mod:`.tokens` and :mod:`.numeric`; identity literals (the user's own login,
host name, e-mail...) are made per scan by :func:`identity_trigger`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..messages import msg, register
from .validators import ipv6_normal, mac_normal

MAX_BACK = 512        # bytes a locate function may look back from a trigger end
MAX_AHEAD = 8 * 1024  # ... and ahead (a PEM private key block is the longest value)

Span = tuple[int, int, str]
Locate = Callable[[bytes, int, int], Span | None]


@dataclass(frozen=True, slots=True)
class Detector:
    """A kind of personal data: ``name`` (also the pseudonym prefix) and its normaliser."""

    name: str
    priority: int  # among overlapping candidates of equal length, the lower number wins
    message: str   # key of the one-line description in the message table
    normalize: Callable[[bytes], str]

    @property
    def prefix(self) -> str:
        return self.name

    @property
    def description(self) -> str:
        """What the detector looks for, in the user's language."""
        return msg(self.message)


@dataclass(frozen=True, slots=True)
class Trigger:
    """A fast pattern (hyperscan/RE2 syntax, bytes) and the function that turns a hit into a span.

    ``locate(buf, start, end)`` gets the hit's end and, when ``som`` is set, its leftmost
    start (otherwise ``start`` is meaningless). Ask for ``som`` only on short, delimited
    patterns: it is cheap there and expensive on long character-class runs.
    """

    pattern: bytes
    locate: Locate
    caseless: bool = False
    som: bool = False
    native: str = ""  # the compiled port of ``locate`` in ``_native.c``, when there is one


def _text(value: bytes) -> str:
    return value.decode("utf-8", "backslashreplace")


def _lower(value: bytes) -> str:
    return _text(value).lower()


def _digits(value: bytes) -> str:
    digits = bytes(c for c in value if 48 <= c <= 57).decode("ascii")
    if len(digits) == 13 and digits.startswith("86"):
        return digits[2:]          # +86 13800138000 and 138 0013 8000 are one number
    if len(digits) == 15 and digits.startswith("0086"):
        return digits[4:]
    return digits


register({
    "scan.detector.token": "API keys, bearer tokens, passwords in key=value, private keys.",
    "scan.detector.url-credentials": "User:password inside a URL.",
    "scan.detector.email": "E-mail addresses.",
    "scan.detector.cn-id": "PRC resident ID numbers (checksum-validated).",
    "scan.detector.card": "Payment card numbers (Luhn-validated).",
    "scan.detector.phone": "Phone numbers, including mainland-China mobile numbers.",
    "scan.detector.ipv6": "IPv6 addresses.",
    "scan.detector.mac": "MAC addresses.",
    "scan.detector.ipv4": "IPv4 addresses.",
    "scan.detector.host": "Host and domain names.",
    "scan.detector.user": "User names (home folders, the local login and real name).",
    "scan.detector.secret": "Random-looking strings that may be secrets (passwords, keys, session tokens).",
})

DETECTORS: dict[str, Detector] = {d.name: d for d in (
    Detector("token", 0, "scan.detector.token", _text),
    Detector("url-credentials", 1, "scan.detector.url-credentials", _text),
    Detector("email", 2, "scan.detector.email", _lower),
    Detector("cn-id", 3, "scan.detector.cn-id", lambda v: _text(v).upper()),
    Detector("card", 4, "scan.detector.card", _digits),
    Detector("phone", 5, "scan.detector.phone", _digits),
    Detector("ipv6", 6, "scan.detector.ipv6", lambda v: ipv6_normal(v.split(b"%")[0]) or _lower(v)),
    Detector("mac", 7, "scan.detector.mac", lambda v: mac_normal(v) or _lower(v)),
    Detector("ipv4", 8, "scan.detector.ipv4", _text),
    Detector("host", 9, "scan.detector.host", lambda v: _lower(v).rstrip(".")),
    Detector("user", 10, "scan.detector.user", _lower),
    Detector("secret", 11, "scan.detector.secret", _text),
)}

PSEUDONYM_SHAPE = re.compile(
    "^(?:" + "|".join(re.escape(n) for n in DETECTORS) + r")-[0-9]+(?:@example\.invalid)?$")
_PSEUDONYM_BYTES = re.compile(PSEUDONYM_SHAPE.pattern.encode())


def is_pseudonym(value: bytes) -> bool:
    """True for our own replacements (``email-3@example.invalid``, ``host-2``)."""
    return b"-" in value and _PSEUDONYM_BYTES.match(value) is not None  # cheap test first


WORD = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
DIGITS = frozenset(b"0123456789")


def word_before(buf: bytes, start: int) -> bool:
    """True if the byte before ``start`` is a word character (so a match there is mid-word)."""
    return start > 0 and buf[start - 1] in WORD


def word_after(buf: bytes, end: int) -> bool:
    return end < len(buf) and buf[end] in WORD


def identity_trigger(value: bytes, detector: str) -> Trigger:
    """A caseless literal for one local identity (login, host name, e-mail, credential)."""
    length = len(value)
    check_before = value[0] in WORD
    check_after = value[-1] in WORD

    def locate(buf: bytes, _start: int, end: int) -> Span | None:
        start = end - length
        if (check_before and word_before(buf, start)) or (check_after and word_after(buf, end)):
            return None
        return start, end, detector

    return Trigger(b"".join(b"\\x%02x" % c for c in value), locate, caseless=True)
