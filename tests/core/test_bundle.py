"""The bundle writer: only approved items, byte-exact redacted content, manifest and consent."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from pyrage import x25519

from bundle_builders import (
    SECRET_EMAIL,
    add_log,
    add_screenshot,
    consent,
    entries_of,
    make_bundle,
    make_report,
    png_bytes,
)
from support_assistant.core import redact
from support_assistant.core.bundle import write_bundle
from support_assistant.core.bundle_format import manifest_errors
from support_assistant.core.bundle_reader import open_bundle
from support_assistant.core.errors import BundleError, NotApprovedError
from support_assistant.core.items import ApprovedItem, Box, TextRedaction

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"


def test_round_trip_is_byte_exact_to_redact_stream(tmp_path):
    report, summary = make_bundle(tmp_path)
    with open_bundle(summary.path) as reader:
        assert reader.verify().ok
        for entry, item in zip(reader.entries(), report.approved_items(), strict=True):
            assert entry.item["id"] == item.item_id
            assert reader.read_bytes(entry.name) == redact.render_bytes(item)


def test_manifest_is_the_first_entry_and_follows_the_schema(tmp_path):
    _, summary = make_bundle(tmp_path)
    with zipfile.ZipFile(summary.path) as archive:
        first = archive.infolist()[0]
        manifest = json.loads(archive.read(first))
    assert first.filename == "manifest.json" and first.header_offset == 0
    assert manifest_errors(manifest) == []
    assert manifest == summary.manifest
    assert [i["path"] for i in manifest["items"]] == [
        "items/log-1/log-1.log", "items/screenshot-1/screenshot-1.png"]


def test_each_file_has_its_sha256_and_size_in_the_manifest(tmp_path):
    _, summary = make_bundle(tmp_path)
    files = dict(entries_of(summary.path))
    for item in summary.manifest["items"]:
        data = files[item["path"]]
        assert item["size"] == len(data)
        assert item["sha256"] == hashlib.sha256(data).hexdigest()


def test_summary_hash_and_size_are_those_of_the_written_file(tmp_path):
    _, summary = make_bundle(tmp_path)
    data = summary.path.read_bytes()
    assert summary.size == len(data)
    assert summary.sha256 == hashlib.sha256(data).hexdigest()
    assert summary.path.stat().st_mode & 0o777 == 0o600


def test_unapproved_item_never_enters_bundle(tmp_path):
    report = make_report(tmp_path / "reports")
    add_log(report)
    secret = b"UNAPPROVED-CONTENT-7f3a"
    add_log(report, b"draft " + secret, approve=False)
    summary = write_bundle(report, report.approved_items(), tmp_path / "b.zip")
    assert [i["id"] for i in summary.manifest["items"]] == ["log-1"]
    assert all(secret not in data for _, data in entries_of(summary.path))


def test_passing_a_plain_item_is_refused_even_if_approved(tmp_path):
    report = make_report(tmp_path / "reports")
    item = add_log(report)
    with pytest.raises(NotApprovedError, match="Only approved items"):
        write_bundle(report, [item], tmp_path / "b.zip")  # type: ignore[list-item]
    assert not (tmp_path / "b.zip").exists()


def test_an_item_changed_after_approval_cannot_be_sealed(tmp_path):
    report = make_report(tmp_path / "reports")
    item = add_log(report)
    item.user_redactions.append(TextRedaction(0, 4, "xxxx"))  # changed behind the model's back
    with pytest.raises(NotApprovedError, match="changed after it was approved"):
        item.sealed()
    with pytest.raises(NotApprovedError):
        ApprovedItem(object(), item_id="forged", approval=item.approval)


def test_no_pseudonym_table_and_no_original_value_in_bundle(tmp_path):
    report = make_report(tmp_path / "reports")
    add_log(report)
    report.pseudonym_path.write_text(json.dumps({SECRET_EMAIL: "email-1"}))
    report.save()
    summary = write_bundle(report, report.approved_items(), tmp_path / "b.zip")
    raw = summary.path.read_bytes()
    names = [name for name, _ in entries_of(summary.path)]
    assert not any("pseudonym" in n or n.endswith("report.json") for n in names)
    for _, data in [("raw", raw), *entries_of(summary.path)]:
        assert SECRET_EMAIL.encode() not in data
        assert b"Traceback: secret" not in data  # the trace is not an approved item
    log = dict(entries_of(summary.path))["items/log-1/log-1.log"]
    assert b"email-1" in log
    assert '"value"' not in json.dumps(summary.manifest)


def test_the_pseudonym_table_is_refused_even_as_an_approved_item(tmp_path):
    from support_assistant.core.items import Item, ItemKind
    report = make_report(tmp_path / "reports")
    report.pseudonym_path.write_text(json.dumps({SECRET_EMAIL: "email-1"}))
    item = report.add(Item.from_file(id="file-1", kind=ItemKind.FILE, title="table",
                                     source="attach", payload=report.pseudonym_path,
                                     media_type="application/json"))
    item.approve()
    with pytest.raises(BundleError, match="pseudonym table"):
        write_bundle(report, report.approved_items(), tmp_path / "b.zip")
    assert list(tmp_path.glob("b.zip*")) == []


def test_clean_png_is_stored_byte_for_byte_without_recompression(tmp_path):
    report = make_report(tmp_path / "reports")
    original = png_bytes((320, 200))
    add_screenshot(report, data=original, clean=True)
    summary = write_bundle(report, report.approved_items(), tmp_path / "b.zip")
    with zipfile.ZipFile(summary.path) as archive:
        info = archive.getinfo("items/screenshot-1/screenshot-1.png")
        assert info.compress_type == zipfile.ZIP_STORED
        assert info.compress_size == info.file_size == len(original)
        assert archive.read(info) == original


def test_redacted_png_is_stored_as_rendered_and_text_is_deflated(tmp_path):
    report, summary = make_bundle(tmp_path)
    shot = report.approved_items()[1]
    with zipfile.ZipFile(summary.path) as archive:
        image = archive.getinfo("items/screenshot-1/screenshot-1.png")
        log = archive.getinfo("items/log-1/log-1.log")
        assert image.compress_type == zipfile.ZIP_STORED
        assert archive.read(image) == redact.render_bytes(shot)
        assert log.compress_type == zipfile.ZIP_DEFLATED
        assert archive.getinfo("manifest.json").compress_type == zipfile.ZIP_DEFLATED


def test_manifest_holds_report_and_error_message_only(tmp_path):
    report, summary = make_bundle(tmp_path)
    data = summary.manifest["report"]
    assert data == {"id": report.id, "created_at": data["created_at"], "product": "Demo",
                    "product_version": "1.0", "error": {"message": "Demo stopped"},
                    "description": ""}


def test_redaction_summary_counts_kinds_and_boxes_never_values(tmp_path):
    report = make_report(tmp_path / "reports")
    log = add_log(report, f"a {SECRET_EMAIL} b {SECRET_EMAIL} c secret-name".encode(),
                  approve=False)
    log.add_redaction(TextRedaction(len(log.payload.read_bytes()) - 11,
                                    len(log.payload.read_bytes()), "name-1"))
    log.approve()
    add_screenshot(report, boxes=[Box(1, 2, 3, 4), Box(10, 10, 5, 5)])
    summary = write_bundle(report, report.approved_items(), tmp_path / "b.zip")
    log_json, shot_json = summary.manifest["items"]
    assert log_json["redactions"] == {"count": 2, "kinds": {"email": 1, "user": 1}, "boxes": []}
    assert shot_json["redactions"] == {"count": 2, "kinds": {"user": 2},
                                       "boxes": [[1, 2, 3, 4], [10, 10, 5, 5]]}
    text = json.dumps(summary.manifest)
    assert "secret-name" not in text and SECRET_EMAIL not in text and "name-1" not in text


def test_consent_record_names_items_approval_times_and_versions(tmp_path):
    report, summary = make_bundle(tmp_path)
    record = summary.manifest["consent"]
    times = [i.approval.approved_at for i in report.items]
    assert record["items"] == [
        {"id": "log-1", "approved_at": times[0].isoformat().replace("+00:00", "Z"),
         "redactions": 1},
        {"id": "screenshot-1", "approved_at": times[1].isoformat().replace("+00:00", "Z"),
         "redactions": 1}]
    assert record["privacy_notice"] == {"version": "3", "accepted_at": "2025-11-01T00:00:00Z"}
    assert record["statement"] == consent().statement
    assert record["client"] == {"name": "support-assistant", "version": "0.1.0"}
    assert record["policy"] == {"version": "2025.1",
                                "source": "/etc/support-assistant/policy.toml"}


def test_a_failed_write_leaves_nothing_and_keeps_an_existing_file(tmp_path):
    report = make_report(tmp_path / "reports")
    add_log(report)
    shot = add_screenshot(report)
    out = tmp_path / "out" / "b.zip"
    out.parent.mkdir()
    out.write_bytes(b"previous bundle")
    shot.payload.unlink()
    with pytest.raises(BundleError, match="cannot be read"):
        write_bundle(report, report.approved_items(), out)
    assert out.read_bytes() == b"previous bundle"
    assert sorted(p.name for p in out.parent.iterdir()) == ["b.zip"]


def test_an_item_that_changes_while_written_is_refused(tmp_path, monkeypatch):
    report = make_report(tmp_path / "reports")
    add_log(report)
    calls = []
    real = redact.stream

    def drifting(item, chunk=redact.CHUNK):
        calls.append(item.item_id)
        if len(calls) > 1:
            yield b"appended by a running program\n"
        yield from real(item, chunk)

    monkeypatch.setattr(redact, "stream", drifting)
    with pytest.raises(BundleError, match="changed while the bundle was being written"):
        write_bundle(report, report.approved_items(), tmp_path / "b.zip")
    assert list(tmp_path.glob("*b.zip*")) == []


def test_encrypted_bundle_round_trips_with_the_matching_identity(tmp_path):
    identity = x25519.Identity.generate()
    key_file = tmp_path / "key.txt"
    key_file.write_text(f"# created by the test\n{identity}\n")
    report, summary = make_bundle(tmp_path, "b.zip.age", recipient=str(identity.to_public()))
    data = summary.path.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n")
    assert summary.sha256 == hashlib.sha256(data).hexdigest() and summary.size == len(data)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.zip.age", "key.txt", "reports", "user"]
    with open_bundle(summary.path, identity=key_file) as reader:
        assert reader.encrypted and reader.verify().ok
        decrypted_dir = reader._temp_dir
        assert decrypted_dir is not None and decrypted_dir.stat().st_mode & 0o777 == 0o700
        log = reader.read_bytes("items/log-1/log-1.log")
    assert log == redact.render_bytes(report.approved_items()[0])
    assert not decrypted_dir.exists()


def test_an_invalid_recipient_is_a_policy_error(tmp_path):
    from support_assistant.core.errors import PolicyError
    report = make_report(tmp_path / "reports")
    add_log(report)
    with pytest.raises(PolicyError, match="encryption.recipient"):
        write_bundle(report, report.approved_items(), tmp_path / "b.zip.age",
                     recipient="age1notakey")


STREAMING_SCRIPT = textwrap.dedent("""
    import sys
    from pathlib import Path
    sys.path.insert(0, sys.argv[2])
    from bundle_builders import add_log, make_report
    from support_assistant.core.items import Item, ItemKind
    from support_assistant.core.bundle import write_bundle
    from support_assistant.core.bundle_reader import open_bundle

    root = Path(sys.argv[1])
    def peak_mb():  # VmHWM: ru_maxrss would include the parent's pages at fork
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    warm = make_report(root / "warm")
    add_log(warm)
    with open_bundle(write_bundle(warm, warm.approved_items(), root / "warm.zip").path) as r:
        r.verify()
    report = make_report(root / "reports")
    payload = report.payload_path("log-1", ".log")
    line = b"2025-11-25T09:00:00Z INFO worker-%d request=%08x user=alice@example.com ok\\n"
    with open(payload, "wb") as out:
        for n in range(1_700_000):
            out.write(line % (n % 16, n * 2654435761 % 2**32))
    item = report.add(Item.from_file(id="log-1", kind=ItemKind.LOG, title="big.log",
                                     source="logs", payload=payload, media_type="text/plain"))
    item.approve()
    before = peak_mb()
    summary = write_bundle(report, report.approved_items(), root / "big.zip")
    written = peak_mb()
    with open_bundle(summary.path) as reader:
        assert reader.verify().ok
    read = peak_mb()
    print(item.size, before, written, read)
""")


@pytest.mark.slow
def test_writing_and_verifying_stream_with_flat_memory(tmp_path):
    tests_dir = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=f"{DESKTOP}{os.pathsep}{tests_dir}")
    result = subprocess.run([sys.executable, "-c", STREAMING_SCRIPT, str(tmp_path),
                             str(tests_dir)], capture_output=True, text=True, env=env,
                            timeout=240)
    assert result.returncode == 0, result.stderr
    size, before, written, read = (float(v) for v in result.stdout.split())
    assert size > 120e6
    assert written - before < 40, (before, written)
    assert read - before < 40, (before, read)


def test_zip64_entries_for_large_items_read_back(tmp_path, monkeypatch):
    from support_assistant.core import bundle
    monkeypatch.setattr(bundle, "_ZIP64_THRESHOLD", 0)  # as for an item of 1 GiB or more
    report, summary = make_bundle(tmp_path)
    with open_bundle(summary.path) as reader:
        assert reader.verify().ok
        assert reader.read_bytes("items/log-1/log-1.log") == \
            redact.render_bytes(report.approved_items()[0])
    completed = subprocess.run(["unzip", "-tq", str(summary.path)], capture_output=True,
                               text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr
