"""Scanning a report: findings with consistent pseudonyms across items, the table kept locally."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from support_assistant.core.errors import InputError
from support_assistant.core.items import Item, ItemKind
from support_assistant.core.redact import render_bytes
from support_assistant.core.report import Report
from support_assistant.core.scan import Identities, PseudonymTable, is_text_item, scan_report

ME = Identities(logins=("jdoe",), real_names=("John Doe",), hosts=("buildbox",))


def add_item(report: Report, item_id: str, data: bytes, kind: ItemKind = ItemKind.LOG,
             media_type: str = "text/plain", suffix: str = ".log") -> Item:
    path = report.payload_path(item_id, suffix)
    path.write_bytes(data)
    return report.add(Item.from_file(id=item_id, kind=kind, title=item_id, source="test",
                                     payload=path, media_type=media_type))


@pytest.fixture
def report(tmp_path: Path) -> Report:
    return Report.create(root=tmp_path / "reports")


def test_same_value_gets_the_same_pseudonym_in_every_item(report):
    add_item(report, "log-1", b"login alice@corp.example-co.com from 10.1.2.3 on buildbox\n")
    add_item(report, "environment-1", b"user: Alice@Corp.Example-co.com\nhost: BUILDBOX\n",
             ItemKind.ENVIRONMENT)
    add_item(report, "error-1", b"mail bob@corp.example-co.com, then alice@corp.example-co.com"
             b" at 10.1.2.3 in /home/jdoe/app\n", ItemKind.TEXT)
    scan_report(report, ME)
    for item in report.items:
        item.approve()
    sent = {item.id: render_bytes(item) for item in report.items}
    assert sent["log-1"] == b"login email-1 from ipv4-1 on host-1\n"
    assert sent["environment-1"] == b"user: email-1\nhost: host-1\n"
    assert sent["error-1"] == b"mail email-2, then email-1 at ipv4-1 in /home/user-1/app\n"


def test_sizes_in_the_environment_document_are_not_phone_numbers(report):
    # 15 GB free and 13.8 GB of memory read like Chinese mobile numbers; as bare JSON numbers
    # they are the collector's own sizes. A number the system reports as a string stays a finding.
    environment = add_item(report, "environment-1", json.dumps({
        "memory": {"available_bytes": 15034822656, "sizes": [13800138000]},
        "owner": {"phone": "13900139000"}}).encode(), ItemKind.ENVIRONMENT,
        media_type="application/json", suffix=".json")
    log = add_item(report, "log-1", b"call 13800138000\n")
    scan_report(report, ME)
    assert [(f.detector, f.value, f.replacement) for f in environment.findings] == [
        ("phone", "13900139000", "phone-1")]
    assert [(f.value, f.replacement) for f in log.findings] == [("13800138000", "phone-2")]


def test_findings_carry_detector_span_value_and_replacement(report):
    item = add_item(report, "log-1", b"call 13800138000 or +86 138 0013 8000\n")
    scan_report(report, ME)
    assert [(f.detector, f.start, f.end, f.value, f.replacement) for f in item.findings] == [
        ("phone", 5, 16, "13800138000", "phone-1"),
        ("phone", 20, 37, "+86 138 0013 8000", "phone-1")]  # one number, one pseudonym


def test_pseudonym_table_is_local_private_and_kept_across_rescans(report):
    add_item(report, "log-1", b"a@corp.example-co.com b@corp.example-co.com\n")
    scan_report(report, ME)
    path = report.pseudonym_path
    assert path.parent == report.session_dir and path.name == "pseudonyms.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["pseudonyms"]["email"] == {
        "a@corp.example-co.com": 1, "b@corp.example-co.com": 2}
    add_item(report, "log-2", b"only b@corp.example-co.com here\n")
    scan_report(report, ME)
    assert report.item("log-2").findings[0].replacement == "email-2"


def test_released_finding_stays_released_after_a_rescan(report):
    item = add_item(report, "log-1", b"host build-07.corp.acme.com up\n")
    scan_report(report, ME)
    item.release(item.findings[0].id)
    scan_report(report, ME)
    assert item.released == {item.findings[0].id}
    item.approve()
    assert render_bytes(item) == b"host build-07.corp.acme.com up\n"


def test_binary_file_and_screenshot_get_no_text_findings(report, tmp_path):
    add_item(report, "file-1", b"\x00\x01 alice@corp.example-co.com", ItemKind.FILE,
             "application/octet-stream", ".bin")
    add_item(report, "file-2", b"name=alice@corp.example-co.com\n", ItemKind.FILE,
             "application/octet-stream", ".ini")
    from PIL import Image

    path = report.payload_path("screenshot-1", ".png")
    Image.new("RGB", (4, 4)).save(path)
    report.add(Item.from_file(id="screenshot-1", kind=ItemKind.SCREENSHOT, title="s",
                              source="test", payload=path, media_type="image/png"))
    scan_report(report, ME)
    assert not is_text_item(report.item("file-1")) and report.item("file-1").findings == []
    assert [f.value for f in report.item("file-2").findings] == ["alice@corp.example-co.com"]
    assert report.item("screenshot-1").findings == []


def test_non_utf8_log_keeps_its_other_bytes(report):
    item = add_item(report, "log-1", b"\xff\xfe user alice@corp.example-co.com \x80\x00 end\n")
    scan_report(report, ME)
    item.approve()
    assert render_bytes(item) == b"\xff\xfe user email-1 \x80\x00 end\n"


def test_secret_looking_strings_are_proposed_too(report):
    item = add_item(report, "log-1", b"session xK9vQ2mL7pR4tY8wZ3nB5cD started\n")
    scan_report(report, ME)
    assert [(f.detector, f.replacement) for f in item.findings] == [("secret", "secret-1")]


def test_damaged_pseudonym_table_is_a_clear_input_error(report):
    report.pseudonym_path.write_text("{not json")
    add_item(report, "log-1", b"a@corp.example-co.com\n")
    with pytest.raises(InputError) as caught:
        scan_report(report, ME)
    assert "pseudonyms.json" in str(caught.value) and caught.value.exit_code == 3


def test_table_numbers_each_detector_separately():
    table = PseudonymTable()
    assert table.pseudonym("email", b"A@X.COM") == "email-1"
    assert table.pseudonym("email", "a@x.com") == "email-1"
    assert table.pseudonym("host", b"a.x.com") == "host-1"
    assert table.pseudonym("phone", b"+86 138 0013 8000") == table.pseudonym("phone", b"13800138000")
    assert len(table) == 3


def test_pseudonym_mapping_and_original_values_never_enter_the_bundle(report, tmp_path):
    import zipfile

    from support_assistant.core.bundle import write_bundle

    originals = [b"alice@corp.example-co.com", b"10.1.2.3", b"jdoe", b"buildbox",
                 b"13800138000", b"11010519491231002X"]
    add_item(report, "log-1", b"alice@corp.example-co.com 10.1.2.3 /home/jdoe buildbox\n")
    add_item(report, "text-1", b"tel 13800138000 id 11010519491231002X mail "
             b"alice@corp.example-co.com\n", ItemKind.TEXT)
    scan_report(report, ME)
    for item in report.items:
        item.approve()
    report.save()
    out = tmp_path / "r.zip"
    write_bundle(report, report.approved_items(), out)
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        contents = b"".join(archive.read(name) for name in names)
    assert not any("pseudonym" in name for name in names)
    assert b"email-1" in contents and b"phone-1" in contents
    for value in originals:
        assert value not in contents, value
    assert report.pseudonym_path.is_file()  # the mapping stays on this machine
    assert b"alice@corp.example-co.com" in report.pseudonym_path.read_bytes()


def test_item_whose_payload_vanished_is_a_clear_input_error(report):
    item = add_item(report, "log-1", b"a@corp.example-co.com\n")
    item.payload.unlink()
    with pytest.raises(InputError) as caught:
        scan_report(report, ME)
    assert "Item log-1 (log-1) cannot be read" in str(caught.value)


def test_every_detector_has_a_description():
    from support_assistant.core.scan.detectors import DETECTORS

    assert all(d.description.endswith(".") for d in DETECTORS.values())
