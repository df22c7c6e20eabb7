"""Triggers for e-mail, host names, IPv4/IPv6, MAC, URL credentials and home-folder user names.

Each ``_locate_*`` gets the buffer and a hit (start when the trigger asks for it,
end) and returns the exact span or ``None``; see :mod:`.detectors` for the
contract. They run once per hit, so they stay to a couple of anchored regex calls;
"reversed" patterns are matched against the reversed bytes before a position,
which finds where a run of characters starts without scanning forward.
"""

from __future__ import annotations

import re

from .detectors import DIGITS, WORD, Span, Trigger, is_pseudonym
from .validators import ipv6_valid, mac_normal

# Top-level domains a host name must end with. Common file extensions that are also
# country codes (.py .sh .pl .rs .md .so .in .cc .am .ac .pm .ml .mk .me) are left out
# on purpose: "setup.py" is a file, not a host in Paraguay. So are the reserved names
# (.invalid, .example, .test, .localdomain) that identify nobody.
TLDS = (
    "com", "net", "org", "edu", "gov", "mil", "info", "biz", "io", "co", "ai", "app", "dev",
    "cloud", "online", "site", "tech", "xyz", "cn", "hk", "tw", "mo", "jp", "kr", "sg", "de",
    "fr", "uk", "eu", "us", "ca", "au", "nz", "nl", "be", "ch", "at", "se", "no", "dk", "fi",
    "es", "it", "pt", "ie", "cz", "ru", "ua", "br", "mx", "ar", "za", "tr", "gr", "ro", "hu",
    "il", "vn", "th", "my", "id", "ph", "lan", "local", "internal", "corp", "home", "intranet",
    "arpa",
)
_NOT_A_TLD = (  # e-mail look-alikes: icon@2x.png, and our own email-1@example.invalid
    "png|jpe?g|gif|svg|webp|bmp|ico|js|css|json|txt|log|xml|html?|py|sh|so|dll|exe|zip|gz|tar|"
    "md|ya?ml|toml|ini|cfg|conf|invalid|example|test|localdomain|localhost")
_LABEL = rb"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"

_LOCAL_CHARS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._%+-"
_HEXCOLON_CHARS = b"0123456789ABCDEFabcdef:"
_HEXCOLON_RUN = _HEXCOLON_CHARS + b"."
_DOMAIN = re.compile(
    rb"(?:" + _LABEL + rb"\.){1,10}(?!(?:" + _NOT_A_TLD.encode() + rb")(?![A-Za-z0-9\-]))"
    rb"[A-Za-z]{2,24}(?![A-Za-z0-9\-])", re.IGNORECASE)
# The same domain without the file-extension exclusion, for the common case (a third of the
# cost): when its top-level domain is not one of _NOT_A_TLD, _DOMAIN gives the same match.
_DOMAIN_FAST = re.compile(
    rb"(?:[A-Za-z0-9][A-Za-z0-9\-]{0,62}(?<!-)\.){1,10}([A-Za-z]{2,24})(?![A-Za-z0-9\-])")
_NOT_A_TLD_SET = frozenset(
    b"png jpg jpeg gif svg webp bmp ico js css json txt log xml htm html py sh so dll exe zip gz "
    b"tar md yml yaml toml ini cfg conf invalid example test localdomain localhost".split())
_HOST_REVERSED = re.compile(rb"[A-Za-z]{2,24}(?:\." + _LABEL + rb"){1,10}")
_NETMASK = re.compile(rb"255\.(?:(?:0|128|192|224|240|248|252|254|255)\.?){3}$")
_VERSION_WORD = re.compile(rb"(?i)(?:version|release|build|rev|ver|v)[ :=]{0,2}$")
_UNIX_NAME_CHARS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-@$+"
_WINDOWS_NAME = re.compile(rb"[^\\/\r\n\t\"'<>|:*?]{1,64}")
_GENERIC_PROFILES = frozenset(
    {b"public", b"default", b"default user", b"all users", b"shared", b"defaultapppool"})
_HEX = frozenset(b"0123456789abcdefABCDEF")
_HEXCOLON_SET = frozenset(_HEXCOLON_CHARS)
_HEXCOLON_RUN_SET = frozenset(_HEXCOLON_RUN)
_NO_MAC = (b"00:00:00:00:00:00", b"ff:ff:ff:ff:ff:ff")  # what mac_normal refuses
_URL_BREAKS = re.compile(rb"[\s\"'<>]")
_URL_BREAK_BYTES = frozenset(b" \t\n\r\f\v\"'<>")  # what _URL_BREAKS matches


def _locate_email(buf: bytes, _start: int, end: int) -> Span | None:
    at = end - 2  # trigger: one local-part character, '@', one domain character
    before = buf[at - 64 if at > 64 else 0:at]
    start = at - len(before) + len(before.rstrip(_LOCAL_CHARS))  # the run of local-part bytes
    if buf[start] == 46:  # a local part does not start with '.'
        while start < at and buf[start] == 46:
            start += 1
        if start == at:
            return None
    if start and buf[start - 1] == 58 and _after_url_user(buf, start - 1):
        return None  # the password of https://user:password@host (url-credentials' own)
    domain = _DOMAIN_FAST.match(buf, at + 1)
    if domain is None:
        return None
    if domain.group(1).lower() in _NOT_A_TLD_SET:  # icon@2x.png: a shorter domain may remain
        domain = _DOMAIN.match(buf, at + 1)
        if domain is None:
            return None
    return start, domain.end(), "email"


def _after_url_user(buf: bytes, colon: int) -> bool:
    """True if the ':' at ``colon`` follows the user name of a URL (``scheme://user:``)."""
    scheme_end = buf.rfind(b"://", colon - 131 if colon > 131 else 0, colon)
    return scheme_end != -1 and _URL_BREAKS.search(buf, scheme_end + 3, colon) is None \
        and buf.find(b"/", scheme_end + 3, colon) == -1


def _locate_host(buf: bytes, _start: int, end: int) -> Span | None:
    """Trigger: labels and a known top-level domain after a character that can neither be
    in a host name nor end an e-mail local part (so e-mail domains do not fire)."""
    if end + 1 < len(buf) and buf[end] in b".-@" and buf[end + 1] in WORD:
        return None  # java.io.File, john.de@corp.com
    # The bytes before end, reversed: 128 first. The regex looks at most 64 bytes past the end
    # of what it matches, so a match of up to 64 bytes (or none) is the same in 253 bytes.
    match = _HOST_REVERSED.match(buf[end - 1:end - 129:-1] if end > 128 else buf[end - 1::-1])
    if match is not None and match.end() > 64 and end > 128:
        match = _HOST_REVERSED.match(buf[end - 1:end - 254:-1] if end > 253 else buf[end - 1::-1])
    if match is None:
        return None
    start = end - match.end()
    if start and buf[start - 1] in WORD:
        return None
    return start, end, "host"


def _locate_ipv4(buf: bytes, start: int, end: int) -> Span | None:
    """Trigger (with start): a strict dotted quad between delimiters."""
    if buf[start] not in DIGITS:
        start += 1
    while buf[end - 1] not in DIGITS:
        end -= 1
    if buf[start] in b"012":
        first = buf[start:buf.index(b".", start)]
        if first in (b"0", b"127") or (first == b"255" and _NETMASK.match(buf, start, end)):
            return None  # 0.0.0.0, loopback, broadcast and netmasks identify nobody
    if start > 1 and buf[start - 2] in b"dDeEnNrRvV" and _VERSION_WORD.search(
            buf, start - 10 if start > 10 else 0, start):
        return None  # "version 10.2.0.1", "build 4.2.0.1"
    return start, end, "ipv4"


def _ipv4_exact(adjust: int):  # noqa: ANN202 - a locate factory
    """Trigger (with start): a delimiter, a dotted quad whose first octet is neither 0, 127 nor
    255 (those take the general path), and the ``adjust`` bytes after it."""
    def locate(buf: bytes, start: int, end: int) -> Span | None:
        if buf[start] not in DIGITS:
            start += 1
        if start > 1 and buf[start - 2] in b"dDeEnNrRvV" and _VERSION_WORD.search(
                buf, start - 10 if start > 10 else 0, start):
            return None  # "version 10.2.0.1", "build 4.2.0.1"
        return start, end - adjust, "ipv4"
    return locate


def _hexcolon_start(buf: bytes, end: int) -> int:
    """Where the run of hex digits and colons that ends at ``end`` starts (45 bytes at most)."""
    before = buf[end - 45 if end > 45 else 0:end]
    return end - len(before) + len(before.rstrip(_HEXCOLON_CHARS))


def _locate_hexcolon(buf: bytes, _start: int, end: int) -> Span | None:
    """Trigger: five colons between hex groups and a hex digit: a MAC or a full IPv6."""
    mac = end - 16  # the usual case first: a lone 00:1a:2b:3c:4d:5e (the trigger ends at '5')
    if mac >= 0 and end + 1 < len(buf) and buf[mac + 2:end:3] == b":::::" \
            and buf[mac] in _HEX and buf[end] in _HEX:
        before = buf[mac - 1] if mac else 32
        after = buf[end + 1]
        if before not in _HEXCOLON_SET and after not in _HEXCOLON_RUN_SET:
            if before in WORD or after in WORD or after == 45:  # mid-word, or a longer run
                return None
            value = buf[mac:end + 1]
            return None if value.lower() in _NO_MAC else (mac, end + 1, "mac")
    start = _hexcolon_start(buf, end)
    if start and buf[start - 1] in WORD:
        return None
    after = buf[end:end + 45]  # the run goes on for at most 45 bytes (as _HEXCOLON reads)
    stop = end + len(after) - len(after.lstrip(_HEXCOLON_RUN))
    if stop - start == 17:
        value = buf[start:stop]
        if value[2::3] == b":::::" and value.count(b":") == 5 and b"." not in value:
            return _mac_span(buf, start, stop)  # what _MAC_COLON matches, without a regex
    return _ipv6_span(buf, start, stop)


def _locate_mac_dash(buf: bytes, _start: int, end: int) -> Span | None:
    start = end - 17
    if start and (buf[start - 1] in WORD or buf[start - 1] == 45):
        return None
    return _mac_span(buf, start, end)


def _mac_span(buf: bytes, start: int, stop: int) -> Span | None:
    if stop < len(buf) and (buf[stop] in WORD or buf[stop] in b":-"):
        return None  # part of a longer hex run (a key fingerprint)
    return (start, stop, "mac") if mac_normal(buf[start:stop]) else None


def _locate_ipv6(buf: bytes, _start: int, end: int) -> Span | None:
    """Trigger: '::' and a hex digit. The address is the hex/colon run around it."""
    before = buf[end - 45 if end > 45 else 0:end]
    start = end - len(before) + len(before.rstrip(_HEXCOLON_CHARS))
    if start and buf[start - 1] in WORD:
        return None  # std::basic_string, Base::add
    after = buf[end:end + 45]
    return _ipv6_span(buf, start, end + len(after) - len(after.lstrip(_HEXCOLON_RUN)))


def _ipv6_span(buf: bytes, start: int, stop: int) -> Span | None:
    while buf[stop - 1] == 46:  # sentence-final '.'
        stop -= 1
    if buf[stop - 1] == 58 and buf[stop - 2] != 58:  # "fe80::1:" before a port or prose
        stop -= 1
    if stop < len(buf) and buf[stop] in WORD:
        return None
    value = buf[start:stop]
    if value in (b"::1", b"::") or not (
            _ipv6_plain_valid(value) if b"." not in value else ipv6_valid(value)):
        return None  # loopback and unspecified identify nobody
    return start, stop, "ipv6"


def _ipv6_plain_valid(value: bytes) -> bool:
    """``ipv6_valid`` for a run of hex digits and colons without an embedded IPv4, in C-level
    bytes operations: eight groups of 1-4 digits, or at most seven around one '::'."""
    head, double, tail = value.partition(b"::")
    if double:
        groups = (head.split(b":") if head else []) + (tail.split(b":") if tail else [])
        if len(groups) > 7:
            return False
    else:
        groups = value.split(b":")
        if len(groups) != 8:
            return False
    return not groups or (b"" not in groups and max(map(len, groups)) <= 4)


def _in_web_url(buf: bytes, position: int) -> bool:
    """True when ``position`` is in the path of an http(s) URL (a web page, not a folder)."""
    if position > 0 and buf[position - 1] in _URL_BREAK_BYTES:
        return False  # the usual " /home/x": a break before it ends any URL (no search)
    scheme_end = buf.rfind(b"://", position - 256 if position > 256 else 0, position)
    if scheme_end < 4 or _URL_BREAKS.search(buf, scheme_end, position):
        return False
    return buf[scheme_end - 4:scheme_end].lower() in (b"http", b"ttps")


def _user_span(buf: bytes, start: int, stop: int, prefix_start: int) -> Span | None:
    name = buf[start:stop].rstrip(b". ")
    if not name or name.lower() in _GENERIC_PROFILES or (
            name[:5] == b"user-" and is_pseudonym(name)):
        return None
    if prefix_start > 0 and buf[prefix_start - 1] in b".~%-":
        return None
    if _in_web_url(buf, prefix_start):
        return None
    return start, start + len(name), "user"


def _locate_user_unix(buf: bytes, _start: int, end: int) -> Span | None:
    start = end - 1  # the trigger's last byte is the name's first ([A-Za-z0-9_])
    rest = buf[end:end + 63]  # and _UNIX_NAME reads up to 63 more name bytes
    stop = end + len(rest) - len(rest.lstrip(_UNIX_NAME_CHARS))
    prefix = buf.rfind(b"/", start - 8 if start > 8 else 0, start - 1)  # of /home/ or /Users/
    return _user_span(buf, start, stop, prefix)


def _locate_user_windows(buf: bytes, _start: int, end: int) -> Span | None:
    start = end - 1
    stop = _WINDOWS_NAME.match(buf, start).end()  # type: ignore[union-attr]
    if stop >= len(buf) or buf[stop] not in b"\\/":
        space = buf.find(b" ", start, stop)  # no folder follows: the name ends at a space
        if space != -1:
            stop = space
    drive = buf.rfind(b":", start - 12 if start > 12 else 0, start) - 1
    return _user_span(buf, start, stop, drive)


def _locate_url_credentials(buf: bytes, _start: int, end: int) -> Span | None:
    """Trigger: ``://user:password@``. Its '://' is the last one before the '@' (user and
    password hold no '/'), both parts are non-empty, and a value with ':' is never one of
    our pseudonyms: the span needs no other check."""
    at = end - 1
    return buf.rfind(b"://", at - 400 if at > 400 else 0, at) + 3, at, "url-credentials"


def _locate_url_host(buf: bytes, _start: int, end: int) -> Span | None:
    """Trigger: the host after credentials in a URL (the host trigger skips what follows '@')."""
    start = buf.rfind(b"@", end - 256 if end > 256 else 0, end) + 1
    if end + 1 < len(buf) and buf[end] in b".-" and buf[end + 1] in WORD:
        return None
    return (start, end, "host") if start and _HOST_REVERSED.fullmatch(buf[end - 1:start - 1:-1]) \
        else None


_H = rb"[0-9A-Fa-f]"
_OCTET = rb"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_FIRST_OCTET = rb"(?:25[0-4]|2[0-4][0-9]|1(?:[013-9][0-9]|2[0-689])|[1-9][0-9]?)"  # not 0/127/255
_HOST = Trigger(rb"(?:^|[^@A-Za-z0-9.\-])(?:[A-Za-z0-9\-]+\.)+(?:" + "|".join(TLDS).encode()
                + rb")\b", _locate_host, caseless=True, native="host")
_EMAIL = Trigger(rb"[A-Za-z0-9._%+\-]@[A-Za-z0-9]", _locate_email, native="email")
_REST = (
    Trigger(rb":".join([_H + rb"{1,4}"] * 5) + rb":" + _H, _locate_hexcolon, native="hexcolon"),
    Trigger(rb"-".join([_H + rb"{2}"] * 6), _locate_mac_dash, native="mac-dash"),
    Trigger(rb"::" + _H, _locate_ipv6, native="ipv6"),
    Trigger(rb"/(?:home|Users)/[A-Za-z0-9_]", _locate_user_unix, native="user-unix"),
    Trigger(rb"[A-Za-z]:(?:\\{1,2}|/)Users(?:\\{1,2}|/)[A-Za-z0-9_]", _locate_user_windows,
            caseless=True, native="user-windows"),
    Trigger(rb"://[^/\s:@]{1,128}:[^/\s@]{1,256}@", _locate_url_credentials,
            native="url-credentials"),
    Trigger(rb"://[^/\s@]{1,384}@(?:[A-Za-z0-9\-]+\.)+(?:" + "|".join(TLDS).encode() + rb")\b",
            _locate_url_host, caseless=True, native="url-host"),
)
TRIGGERS: tuple[Trigger, ...] = (
    _EMAIL,
    _HOST,
    # IPv4 by the byte(s) that end it (so the span needs no search); a first octet of 255
    # (netmasks) takes the general path, 0 and 127 never identify anyone.
    *(Trigger(rb"(?:^|[^0-9A-Za-z.])" + _FIRST_OCTET + rb"\." + rb"\.".join([_OCTET] * 3) + after,
              _ipv4_exact(adjust), som=True, native=f"ipv4-exact-{adjust}")
      for after, adjust in ((rb"[^0-9.]", 1), (rb"\.[^0-9]", 2), (rb"\z", 0))),
    Trigger(rb"(?:^|[^0-9A-Za-z.])255\." + rb"\.".join([_OCTET] * 3) + rb"(?:[^0-9.]|\.[^0-9]|$)",
            _locate_ipv4, som=True),
    *_REST,
)
# For RE2 (one non-overlapping pass per pattern: split triggers that read the byte after a
# value could find a value the single one hides), IPv4 as one trigger with the general locate.
PORTABLE_TRIGGERS: tuple[Trigger, ...] = (
    _EMAIL,
    _HOST,
    Trigger(rb"(?:^|[^0-9A-Za-z.])" + rb"\.".join([_OCTET] * 4) + rb"(?:[^0-9.]|\.[^0-9]|$)",
            _locate_ipv4, som=True),
    *_REST,
)
