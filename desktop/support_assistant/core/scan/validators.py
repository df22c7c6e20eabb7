"""Checks that turn a candidate into a finding: checksums, ranges and shapes.

Each function takes the candidate bytes (already cut to the exact span) and says
whether it is what its detector claims; they are cheap because they run only on
the few positions the engine points at.
"""

from __future__ import annotations

import ipaddress
import re
from calendar import isleap
from datetime import date, timedelta

# PRC resident ID (GB 11643-1999): ISO 7064 MOD 11-2, weights 2**(17 - i) mod 11
# (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2) and the check characters.
_CN_ID_CHECK = b"10X98765432"
# First two digits: the province-level division codes in use (GB/T 2260).
_CN_PROVINCES = frozenset({
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
    50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83, 91})
_CN_PROVINCE_BYTES = frozenset(b"%02d" % p for p in _CN_PROVINCES)
_MONTH_DAYS = frozenset(b"%02d%02d" % (d.month, d.day)
                        for d in (date(2000, 1, 1) + timedelta(days=n) for n in range(366)))
_LUHN_DOUBLE = bytes.maketrans(b"0123456789", b"0246813579")
_NETMASK_OCTETS = frozenset({0, 128, 192, 224, 240, 248, 252, 254, 255})


_H = rb"[0-9A-Fa-f]{1,4}"
_V4 = rb"(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV6 = re.compile(b"|".join([
    rb"(?:%s:){7}%s" % (_H, _H),
    rb"(?:%s:){1,7}:" % _H,
    *(rb"(?:%s:){1,%d}(?::%s){1,%d}" % (_H, 7 - k, _H, k) for k in range(1, 7)),
    rb":(?:(?::%s){1,7}|:)" % _H,
    rb"::(?:[fF]{4}(?::0{1,4})?:)?" + _V4,
    rb"(?:%s:){1,4}:" % _H + _V4,
    rb"(?:%s:){6}" % _H + _V4,
]))


def luhn_valid(digits: bytes) -> bool:
    """The Luhn (mod 10) check used by payment card numbers (ASCII digits)."""
    # Every second digit from the right is doubled (digit sum); translate does it in C.
    total = sum(digits[-1::-2]) + sum(digits[-2::-2].translate(_LUHN_DOUBLE))
    return (total - 48 * len(digits)) % 10 == 0


def card_valid(digits: bytes) -> bool:
    """A card network's prefix and length (Visa, Mastercard, Amex, UnionPay, JCB, Discover,
    Diners) and a correct Luhn check digit. Prefix and length rules keep 14-digit
    timestamps (20240115123456) and 19-digit nanosecond clocks out."""
    return _card_shape(digits) and luhn_valid(digits)


def _card_shape(digits: bytes) -> bool:
    n = len(digits)
    first = digits[0]
    if first == 52:  # 4: Visa
        return n in (13, 16, 19)
    if first == 53:  # 5: Mastercard 51-55
        return n == 16 and 49 <= digits[1] <= 53
    if first == 50:  # 2: Mastercard 2221-2720
        return n == 16 and 2221 <= int(digits[:4]) <= 2720
    if first == 54:  # 6: Discover, UnionPay, Maestro
        return 16 <= n <= 19
    if first == 51:  # 3: Amex 34/37 (15), JCB 35 and Diners 30/36/38/39 (14-19)
        second = digits[1]
        if second in (52, 55):
            return n == 15
        return (second == 53 and 16 <= n <= 19) or (second in (48, 54, 56, 57) and 14 <= n <= 19)
    return False


def cn_id_valid(value: bytes) -> bool:
    """An 18-character PRC resident ID: province, birth date and MOD 11-2 check character."""
    if len(value) != 18 or not value[:17].isdigit() or value[:2] not in _CN_PROVINCE_BYTES:
        return False
    year = int(value[6:10])
    if not 1900 <= year <= 2100:
        return False
    month_day = value[10:14]  # a real date: looked up, not built (date() raising is slow)
    if month_day not in _MONTH_DAYS or (month_day == b"0229" and not isleap(year)):
        return False
    # The weights are 2**(17 - i) mod 11 and 13 = 2 (mod 11), so the weighted sum is congruent
    # to twice the 17 digits read in base 13: one int() instead of 17 multiplications.
    check = _CN_ID_CHECK[2 * int(value[:17], 13) % 11]
    return value[17] == check or (check == 88 and value[17] == 120)  # 'X' or 'x'


def cn_mobile_valid(digits: bytes) -> bool:
    """11 digits of a mainland-China mobile number (1 then 3-9)."""
    return len(digits) == 11 and digits[0] == 49 and 51 <= digits[1] <= 57


def ipv4_octets(value: bytes) -> list[int] | None:
    """The four octets of a dotted quad, or None (leading zeros and >255 refused)."""
    parts = value.split(b".")
    if len(parts) != 4:
        return None
    octets = []
    for part in parts:
        if not 1 <= len(part) <= 3 or not part.isdigit() or (len(part) > 1 and part[0] == 48):
            return None
        n = int(part)
        if n > 255:
            return None
        octets.append(n)
    return octets


def ipv4_personal(octets: list[int]) -> bool:
    """False for addresses that identify nobody: 0.0.0.0, loopback, broadcast, netmasks."""
    first = octets[0]
    if first in (0, 127):
        return False
    return not (first == 255 and all(o in _NETMASK_OCTETS for o in octets))


def ipv6_valid(value: bytes) -> bool:
    """One of the textual forms of RFC 4291 section 2.2 (with an embedded IPv4 or not)."""
    return _IPV6.fullmatch(value) is not None


def ipv6_normal(value: bytes) -> str | None:
    """The compressed form of an IPv6 address that identifies something, else None."""
    try:
        address = ipaddress.IPv6Address(value.decode("ascii"))
    except (ValueError, UnicodeDecodeError):
        return None
    if address.is_loopback or address.is_unspecified:
        return None
    return address.compressed


def mac_normal(value: bytes) -> str | None:
    """Twelve lower-case hex digits, or None for the all-zero and broadcast addresses."""
    digits = value.lower().translate(None, b":-.")
    if len(digits) != 12 or digits in (b"000000000000", b"ffffffffffff"):
        return None
    return digits.decode("ascii")
