"""The leak check before sealing: what remains in the sent bytes, by item and offset."""

from __future__ import annotations

from pathlib import Path

import pytest

from support_assistant.core.items import Item, ItemKind, TextRedaction
from support_assistant.core.redact import render_bytes
from support_assistant.core.report import Report
from support_assistant.core.scan import Identities, check_leaks, scan_report
from support_assistant.core.scan.entropy import secret_looking

ME = Identities(logins=("jdoe",), real_names=("John Doe",), hosts=("buildbox",),
                emails=("jdoe@home.example-co.com",), credentials=("SA-cred-Zq81fKx0",))


@pytest.fixture
def report(tmp_path: Path) -> Report:
    return Report.create(root=tmp_path / "reports")


def add_item(report: Report, item_id: str, data: bytes,
             kind: ItemKind = ItemKind.LOG) -> Item:
    path = report.payload_path(item_id, ".log")
    path.write_bytes(data)
    return report.add(Item.from_file(id=item_id, kind=kind, title=item_id, source="test",
                                     payload=path, media_type="text/plain"))


def leaks_of(report: Report) -> list[tuple[str, str, int, int, str]]:
    for item in report.items:
        item.approve()
    return [(leak.item_id, leak.detector, leak.start, leak.end, leak.value)
            for leak in check_leaks(report, report.approved_items(), ME)]


def test_scanned_report_has_no_leaks(report):
    add_item(report, "log-1", b"jdoe on buildbox, mail jdoe@home.example-co.com, key SA-cred-Zq81fKx0"
             b" /home/jdoe 10.1.2.3 xK9vQ2mL7pR4tY8wZ3nB5cD\n")
    scan_report(report, ME)
    assert leaks_of(report) == []


def test_sizes_in_the_environment_document_are_not_leaks_but_its_strings_are(report):
    add_item(report, "environment-1", b'{"available_bytes": 15034822656, '
             b'"owner": "13900139000"}', ItemKind.ENVIRONMENT)
    assert leaks_of(report) == [("environment-1", "phone", 43, 54, "13900139000")]


def test_remaining_user_host_token_and_secret_are_found_by_item_and_offset(report):
    add_item(report, "log-1", b"clean line\n")
    # Never scanned: as if the user had written this text after the scan.
    add_item(report, "text-1", b"by jdoe on BUILDBOX token SA-cred-Zq81fKx0 s=xK9vQ2mL7pR4tY8wZ3nB5cD\n",
             ItemKind.TEXT)
    assert leaks_of(report) == [
        ("text-1", "user", 3, 7, "jdoe"),
        ("text-1", "host", 11, 19, "BUILDBOX"),
        ("text-1", "token", 26, 42, "SA-cred-Zq81fKx0"),
        ("text-1", "secret", 45, 68, "xK9vQ2mL7pR4tY8wZ3nB5cD"),
    ]


def test_offsets_are_in_the_redacted_bytes_that_are_sent(report):
    item = add_item(report, "log-1", b"a very long name here, then jdoe\n")
    item.add_redaction(TextRedaction(0, 21, "X"))
    leaks = leaks_of(report)
    sent = render_bytes(report.item("log-1"))
    assert sent == b"X, then jdoe\n"
    assert leaks == [("log-1", "user", 8, 12, "jdoe")] and sent[8:12] == b"jdoe"


def test_released_finding_is_reported_again(report):
    item = add_item(report, "log-1", b"from 10.1.2.3 as jdoe\n")
    scan_report(report, ME)
    ip = next(f for f in item.findings if f.detector == "ipv4")
    item.release(ip.id)
    assert leaks_of(report) == [("log-1", "ipv4", 5, 13, "10.1.2.3")]


def test_value_found_in_one_item_is_looked_for_literally_in_all(report):
    add_item(report, "log-1", b"connect build-07.corp.acme.com\n")
    scan_report(report, ME)
    # The scan cannot see this one as a host name (no domain), the literal look-up can.
    add_item(report, "text-1", b"id=BUILD-07.CORP.ACME.COM;", ItemKind.TEXT)
    assert leaks_of(report) == [("text-1", "host", 3, 25, "BUILD-07.CORP.ACME.COM")]


def test_unapproved_items_are_not_checked(report):
    add_item(report, "log-1", b"jdoe\n")
    add_item(report, "log-2", b"fine\n").approve()
    assert check_leaks(report, report.approved_items(), ME) == []


@pytest.mark.parametrize("value, secret", [
    (b"xK9vQ2mL7pR4tY8wZ3nB5cD", True),
    (b"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", True),
    (b"AbstractSingletonProxyFactoryBean1", False),
    (b"x86_64-linux-gnu_Qt6Core", False),
    (b"123e4567-e89b-12d3-a456-426614174000", False),
    (b"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b", False),
    (b"MozillaFirefox115ESRBuild20240101", False),
    (b"short1Ab", False),
])
def test_entropy_check_tells_secrets_from_identifiers(value, secret):
    assert secret_looking(value) is secret
