"""Triggers for secrets: bearer/basic credentials, key=value passwords, known API-key shapes,
JSON Web Tokens and PEM private keys. All report the ``token`` detector."""

from __future__ import annotations

import re

from .detectors import MAX_AHEAD, Span, Trigger, is_pseudonym, word_after, word_before

_BEARER_VALUE = re.compile(rb"[A-Za-z0-9\-._~+/]+=*")
_BEARER_CHARS = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/"
_BASIC_VALUE = re.compile(rb"[A-Za-z0-9+/]+=*")
_ASSIGNED_VALUE = re.compile(rb"[^\s\"'&,;<>]{1,256}")
_JWT = re.compile(rb"eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{4,}\.[A-Za-z0-9_\-]*")
_RUN = re.compile(rb"[A-Za-z0-9_\-]*")
_BASE64_LINES = re.compile(rb"[A-Za-z0-9+/=\s]{0,%d}" % MAX_AHEAD)
_PLACEHOLDERS = frozenset({
    b"null", b"none", b"nil", b"true", b"false", b"undefined", b"redacted", b"<redacted>",
    b"[redacted]", b"[filtered]", b"filtered", b"hidden", b"masked", b"<hidden>"})
_KEYS = (rb"api[_\-]?key|apikey|x-api-key|secret|client[_\-]?secret|password|passwd|"
         rb"token|access[_\-]?token|refresh[_\-]?token|auth[_\-]?token|access[_\-]?key|"
         rb"secret[_\-]?key|private[_\-]?key|session[_\-]?id")
_B64URL = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def _secret_value(value: bytes, minimum: int) -> bool:
    if len(value) < minimum or is_pseudonym(value):
        return False
    if value.lower() in _PLACEHOLDERS or value.count(value[:1]) == len(value):  # "********"
        return False
    return not value.startswith((b"${", b"$(", b"%(", b"{{", b"<%", b"%s"))


def _locate_bearer(buf: bytes, _start: int, end: int) -> Span | None:
    start = end - 1
    value = buf[start:start + 64]
    stop = start + len(value) - len(value.lstrip(_BEARER_CHARS))
    if stop == start + len(value) or buf[stop:stop + 1] == b"=":  # long, or padded: the regex
        stop = _BEARER_VALUE.match(buf, start).end()  # type: ignore[union-attr]
    # _secret_value(value, 16) without the placeholder and template tests: placeholders are
    # shorter than 16 bytes and templates start with a byte a bearer value cannot hold.
    if stop - start < 16:
        return None
    value = buf[start:stop]
    if value.count(value[:1]) == len(value) or is_pseudonym(value):
        return None
    return start, stop, "token"


def _locate_basic(buf: bytes, _start: int, end: int) -> Span | None:
    start = end - 1
    stop = _BASIC_VALUE.match(buf, start).end()  # type: ignore[union-attr]
    return (start, stop, "token") if _secret_value(buf[start:stop], 8) else None


def _locate_assigned(buf: bytes, _start: int, end: int) -> Span | None:
    start = end - 1
    stop = _ASSIGNED_VALUE.match(buf, start).end()  # type: ignore[union-attr]
    while stop > start and buf[stop - 1] in b")]}.":
        stop -= 1
    return (start, stop, "token") if _secret_value(buf[start:stop], 6) else None


def _fixed(length: int, extend: bool = False):  # noqa: ANN202 - a locate factory
    def locate(buf: bytes, _start: int, end: int) -> Span | None:
        start = end - length
        stop = _RUN.match(buf, end).end() if extend else end  # type: ignore[union-attr]
        if word_before(buf, start) or word_after(buf, stop):
            return None
        return start, stop, "token"
    return locate


def _locate_jwt(buf: bytes, _start: int, end: int) -> Span | None:
    start = end - 11
    if start > 0 and buf[start - 1] in _B64URL:
        return None
    match = _JWT.match(buf, start)
    return (start, match.end(), "token") if match else None


def _locate_private_key(buf: bytes, _start: int, end: int) -> Span | None:
    start = buf.rfind(b"-----BEGIN", max(0, end - 64), end)
    footer = buf.find(b"-----END", end, end + MAX_AHEAD - 64)
    if footer != -1:
        close = buf.find(b"-----", footer + 8, footer + 64)
        stop = close + 5 if close != -1 else footer + 8
    else:  # no footer in reach: take the base64 body that follows
        stop = _BASE64_LINES.match(buf, end).end()  # type: ignore[union-attr]
        while stop > end and buf[stop - 1] in b" \t\r\n":
            stop -= 1
    return start, stop, "token"


TRIGGERS: tuple[Trigger, ...] = (
    Trigger(rb"bearer[ \t]+[A-Za-z0-9\-._~+/]", _locate_bearer, caseless=True,
            native="bearer"),
    Trigger(rb"authorization[\"']?[ \t]{0,3}[:=][ \t]{0,3}[\"']?basic[ \t]+[A-Za-z0-9+/]",
            _locate_basic, caseless=True),
    Trigger(rb"(?:" + _KEYS + rb")[\"']?[ \t]{0,3}[:=][ \t]{0,3}[\"']?[^\s\"'&,;<>]",
            _locate_assigned, caseless=True),
    Trigger(rb"(?:AKIA|ASIA)[0-9A-Z]{16}", _fixed(20)),
    Trigger(rb"gh[pousr]_[A-Za-z0-9]{36}", _fixed(40)),
    Trigger(rb"github_pat_[A-Za-z0-9_]{22}", _fixed(33, extend=True)),
    Trigger(rb"xox[abprs]-[A-Za-z0-9\-]{10}", _fixed(15, extend=True)),
    Trigger(rb"AIza[0-9A-Za-z_\-]{35}", _fixed(39)),
    Trigger(rb"[sr]k_live_[0-9a-zA-Z]{16}", _fixed(24, extend=True)),
    Trigger(rb"eyJ[A-Za-z0-9_\-]{8}", _locate_jwt),
    Trigger(rb"-----BEGIN [A-Z ]{0,24}PRIVATE KEY-----", _locate_private_key),
)
