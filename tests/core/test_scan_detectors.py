"""Each text detector: what it must find (with the exact span) and what it must leave alone."""

from __future__ import annotations

import pytest

from support_assistant.core.scan import Identities, scan_bytes, scan_text
from support_assistant.core.scan.validators import card_valid, cn_id_valid, luhn_valid

NOBODY = Identities()  # no local identities: only the detectors speak

# (text, detector, value it must report)
FOUND = [
    ("mail alice.smith+tag@corp.example-co.com now", "email", "alice.smith+tag@corp.example-co.com"),
    ("<Wang.Wei@bigbank.cn>", "email", "Wang.Wei@bigbank.cn"),
    ("to: zhang_min@qq.com.", "email", "zhang_min@qq.com"),
    ("from 10.20.30.40:8080", "ipv4", "10.20.30.40"),
    ("peer=203.0.113.7,", "ipv4", "203.0.113.7"),
    ("addr fe80::1ff:fe23:4567:890a%eth0", "ipv6", "fe80::1ff:fe23:4567:890a"),
    ("[2001:db8:85a3:0:0:8a2e:370:7334]:443", "ipv6", "2001:db8:85a3:0:0:8a2e:370:7334"),
    ("via 2001:db8::42 ok", "ipv6", "2001:db8::42"),
    ("ether 00:1a:2b:3c:4d:5e brd", "mac", "00:1a:2b:3c:4d:5e"),
    ("Physical Address: 00-1A-2B-3C-4D-5E", "mac", "00-1A-2B-3C-4D-5E"),
    ("connect to build-07.corp.example-co.com failed", "host", "build-07.corp.example-co.com"),
    ("resolving db-primary.internal", "host", "db-primary.internal"),
    ("open /home/jdoe/.config/app.ini", "user", "jdoe"),
    ("open /Users/Jane.Doe/Library", "user", "Jane.Doe"),
    (r"C:\Users\John Doe\AppData\Local", "user", "John Doe"),
    (r"C:\\Users\\jdoe\\Desktop", "user", "jdoe"),
    ("clone https://bob:hunter2@git.acme.com/repo.git", "url-credentials", "bob:hunter2"),
    ("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "token",
     "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"),
    ("Authorization: Bearer abcdefghijklmnop0123456789", "token", "abcdefghijklmnop0123456789"),
    ("api_key=AbCdEf0123456789xyz", "token", "AbCdEf0123456789xyz"),
    ('"password": "correct horse"', "token", "correct"),
    ("key AKIAIOSFODNN7EXAMPLE used", "token", "AKIAIOSFODNN7EXAMPLE"),
    ("ghp_0123456789abcdefghijABCDEFGHIJ012345 pushed", "token",
     "ghp_0123456789abcdefghijABCDEFGHIJ012345"),
    ("call 13800138000 now", "phone", "13800138000"),
    ("tel +86 138 0013 8000.", "phone", "+86 138 0013 8000"),
    ("手机:+8613912345678。", "phone", "+8613912345678"),
    ("mobile 139-1234-5678", "phone", "139-1234-5678"),
    ("office +49 30 1234567", "phone", "+49 30 1234567"),
    ("call (415) 555-0142 today", "phone", "(415) 555-0142"),
    ("身份证 11010519491231002X 已验证", "cn-id", "11010519491231002X"),
    ("id=440305199003071236;", "cn-id", "440305199003071236"),
    ("id 11010519491231002x", "cn-id", "11010519491231002x"),
    ("visa 4111111111111111 exp", "card", "4111111111111111"),
    ("card 4111 1111 1111 1111.", "card", "4111 1111 1111 1111"),
    ("银联 6222020000000007 支付", "card", "6222020000000007"),
    ("UnionPay 6217000000000000012", "card", "6217000000000000012"),
    ("amex 3782 822463 10005", "card", "3782 822463 10005"),
    ("mc 5555-5555-5555-4444", "card", "5555-5555-5555-4444"),
]

# Text that looks close but is no personal data.
NOT_FOUND = [
    ("see setup.py and java.io.File", None),
    ("icon@2x.png loaded", None),
    ("replaced by email-3 and host-2", None),
    ("version 10.2.0.1 installed", None),
    ("build 4.2.0.1", None),
    ("netmask 255.255.255.0 broadcast", None),
    ("bind 0.0.0.0 and 127.0.0.1", None),
    ("loopback ::1 only", None),
    ("std::string and Base::add", None),
    ("fingerprint 00:1a:2b:3c:4d:5e:6f:70:81", None),
    ("mac ff:ff:ff:ff:ff:ff and 00:00:00:00:00:00", None),
    ("time 12:34:56 on 2024-01-15T12:34:56Z", None),
    ("uuid 123e4567-e89b-12d3-a456-426614174000", None),
    ("sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", None),
    ("ts 20240115123456 and ns 1705321234567890123", None),
    ("number 12345678901 is no mobile", None),
    ("order 4111111111111112 fails Luhn", None),
    ("id 11010519491231002Y and 110105194912310021", None),
    ("pi 3.14159265358979", None),
    ("file /home/public/readme and C:\\Users\\Public\\Desktop", None),
    ("password=******** token: null secret=${SECRET}", None),
    ("Bearer token-4", None),
    ("localhost.localdomain and host.invalid", None),
]


def found(text: str) -> list[tuple[str, str]]:
    return [(m.detector, m.value.decode()) for m in scan_bytes(text.encode(), NOBODY)]


@pytest.mark.parametrize("text, detector, value", FOUND, ids=[f"{c[1]}:{c[2]}" for c in FOUND])
def test_detector_finds_the_exact_value(text, detector, value):
    matches = scan_bytes(text.encode(), NOBODY)
    assert (detector, value) in [(m.detector, m.value.decode()) for m in matches], matches
    match = next(m for m in matches if m.value.decode() == value)
    assert text.encode()[match.start:match.end] == value.encode()


@pytest.mark.parametrize("text, _", NOT_FOUND, ids=[c[0][:30] for c in NOT_FOUND])
def test_look_alikes_are_not_personal_data(text, _):
    assert found(text) == []


def test_home_in_a_web_url_path_is_no_user_folder():
    assert found("see https://docs.acme.com/home/docs") == [("host", "docs.acme.com")]


def test_mainland_mobile_needs_1_then_3_to_9():
    assert found("a 13800138000 b") == [("phone", "13800138000")]
    assert found("a 12800138000 b") == []
    assert found("a 10800138000 b") == []


def test_cn_id_checksum_and_birth_date_are_validated():
    assert cn_id_valid(b"11010519491231002X") and cn_id_valid(b"440305199003071236")
    assert not cn_id_valid(b"110105194912310021")       # wrong check digit
    assert not cn_id_valid(b"11010519491332002X")       # month 13
    assert not cn_id_valid(b"99010519491231002X")       # no such province


def test_luhn_and_card_networks():
    assert luhn_valid(b"4111111111111111") and not luhn_valid(b"4111111111111112")
    assert card_valid(b"6222020000000007") and card_valid(b"6217000000000000012")  # UnionPay
    assert not card_valid(b"9111111111111111")  # no card network starts with 9
    assert not card_valid(b"20240115123456")    # a timestamp is no card


def test_local_identities_are_found_anywhere_as_whole_words():
    me = Identities(logins=("jdoe",), real_names=("John Doe",), hosts=("buildbox",),
                    emails=("john@home.example-co.com",), credentials=("tok-Abc123-secret",))
    text = ("jdoe ran on BUILDBOX as John Doe <john@home.example-co.com> with tok-Abc123-secret;"
            " jdoesmith and mybuildbox are other words")
    assert [(m.detector, m.value.decode()) for m in scan_bytes(text.encode(), me)] == [
        ("user", "jdoe"), ("host", "BUILDBOX"), ("user", "John Doe"),
        ("email", "john@home.example-co.com"), ("token", "tok-Abc123-secret")]


def test_generic_and_short_identities_are_ignored():
    me = Identities(logins=("root", "vm"), hosts=("localhost",))
    assert scan_bytes(b"root on vm localhost", me) == []


def test_scan_text_reports_character_offsets_in_chinese_text():
    text = "用户张三的手机是13800138000，邮箱 zhang@qq.com"
    matches = scan_text(text, NOBODY)
    assert [(m.detector, text[m.start:m.end]) for m in matches] == [
        ("phone", "13800138000"), ("email", "zhang@qq.com")]


@pytest.mark.parametrize("text", ["call +1 (((((((( now", "+9 -.-.-.-.", "x +4 ))))))))"])
def test_phone_trigger_characters_without_digit_groups_are_no_phone(text):
    assert scan_bytes(text.encode(), NOBODY) == []  # this used to raise AttributeError
