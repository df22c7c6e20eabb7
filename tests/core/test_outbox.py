"""The outbox keeps every approved bundle, privately and atomically, until it is confirmed sent."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support_assistant.core.errors import InputError, UsageError
from support_assistant.core.outbox import (
    ENTRY_FILE,
    Entry,
    Outbox,
    OutboxBusy,
    State,
    is_entry_id,
    read_manifest,
)


def make_bundle(path: Path, *, report_id: str = "SA-20261125-ABCDEF", payload: bytes = b"x" * 1000,
                manifest: dict | None = None) -> Path:
    manifest = manifest if manifest is not None else {
        "report_id": report_id, "items": [{"id": "log-1", "kind": "log", "size": len(payload)}]}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps(manifest))
        archive.writestr("items/log-1.txt", payload)
    return path


def test_enqueued_bundle_is_a_private_copy_with_its_manifest(tmp_path):
    bundle = make_bundle(tmp_path / "report.zip")
    outbox = Outbox()
    entry = outbox.enqueue(bundle)
    assert entry.state is State.QUEUED and is_entry_id(entry.id)
    copy = outbox.bundle_path(entry)
    assert copy.read_bytes() == bundle.read_bytes()
    assert entry.sha256 == hashlib.sha256(bundle.read_bytes()).hexdigest()
    assert entry.size == bundle.stat().st_size
    assert entry.report_id == "SA-20261125-ABCDEF"
    assert entry.manifest["items"][0]["id"] == "log-1"
    for path in (copy, copy.parent / ENTRY_FILE):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(outbox.root.stat().st_mode) == 0o700
    assert outbox.get(entry.id) == entry


def test_the_same_bundle_is_never_queued_twice(tmp_path):
    bundle = make_bundle(tmp_path / "report.zip")
    outbox = Outbox()
    first = outbox.enqueue(bundle)
    again = outbox.enqueue(bundle)
    assert again.id == first.id
    assert len(outbox.entries()) == 1
    follow_up = outbox.enqueue(bundle, follows="R-1")
    assert follow_up.id != first.id


def test_any_file_is_accepted_without_a_manifest(tmp_path):
    bundle = tmp_path / "blob.zip.age"
    bundle.write_bytes(os.urandom(3000))
    entry = Outbox().enqueue(bundle)
    assert entry.manifest is None and entry.bundle_file == "bundle.zip.age"


@pytest.mark.parametrize(("make", "message"), [
    (lambda d: d / "missing.zip", "does not exist"),
    (lambda d: d, "does not exist"),
    (lambda d: (d / "link.zip").symlink_to(make_bundle(d / "real.zip")) or d / "link.zip",
     "does not exist"),
])
def test_bad_bundle_paths_are_refused_and_nothing_is_queued(tmp_path, make, message):
    outbox = Outbox()
    with pytest.raises(InputError, match=message) as info:
        outbox.enqueue(make(tmp_path))
    assert info.value.exit_code == 3
    assert outbox.entries() == []
    assert [p.name for p in outbox.root.iterdir() if not p.name.startswith(".enqueue")] == []


def test_oversized_bundle_is_refused(tmp_path):
    bundle = make_bundle(tmp_path / "r.zip")
    with pytest.raises(InputError, match="limits.max_bundle_bytes"):
        Outbox().enqueue(bundle, max_bytes=10)


@pytest.mark.parametrize("manifest_bytes", [
    b"not json", b"[1, 2]", b"\xff\xfe", b"{" * 100000,
])
def test_hostile_manifests_are_ignored_not_fatal(tmp_path, manifest_bytes):
    bundle = tmp_path / "r.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("manifest.json", manifest_bytes)
    assert read_manifest(bundle) is None
    assert Outbox().enqueue(bundle).manifest is None


def test_state_moves_queued_uploading_sent_and_survives_reload(tmp_path):
    outbox = Outbox()
    entry = outbox.enqueue(make_bundle(tmp_path / "r.zip"))
    with outbox.locked(entry.id) as current:
        current = outbox.save(current.uploading("http://127.0.0.1:1/files/abc", 0))
        current = outbox.save(current.sent(reference="R-1", receipt_url="http://127.0.0.1:1/files/abc",
                                           sent_to="http://127.0.0.1:1/files/", organisation="A"))
    reloaded = Outbox().get(entry.id)
    assert reloaded.state is State.SENT and reloaded.reference == "R-1"
    assert reloaded.offset == reloaded.size
    assert Outbox().find("R-1") == reloaded
    with pytest.raises(ValueError, match="not allowed"):
        reloaded.uploading("http://127.0.0.1:1/files/x")


def test_failed_entries_can_be_queued_again(tmp_path):
    outbox = Outbox()
    entry = outbox.enqueue(make_bundle(tmp_path / "r.zip"))
    failed = entry.uploading("u").failed("credentials_rejected", "credentials rejected")
    assert failed.state is State.FAILED and failed.failure_reason == "credentials rejected"
    again = failed.requeued()
    assert again.state is State.QUEUED and again.upload_url == "" and again.failure_reason == ""


def test_a_locked_entry_is_busy_for_another_process(tmp_path):
    outbox = Outbox()
    entry = outbox.enqueue(make_bundle(tmp_path / "r.zip"))
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import sys, time\n"
            "from support_assistant.core.outbox import Outbox\n"
            "from pathlib import Path\n"
            f"with Outbox(Path({str(outbox.root)!r})).locked({entry.id!r}):\n"
            "    print('held', flush=True); time.sleep(30)\n")],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(OutboxBusy, match="another process"), outbox.locked(entry.id):
            pass
    finally:
        holder.kill()
        holder.wait()
    with outbox.locked(entry.id) as current:  # released by the OS when the holder died
        assert current.id == entry.id


@pytest.mark.parametrize("content", [
    b"", b"{", b"[]", b'{"id": "OB-20260101-AAAAAA"}',
    b'{"id": "OB-20260101-AAAAAA", "state": "exploded"}',
])
def test_damaged_state_files_are_skipped_not_fatal(tmp_path, content):
    outbox = Outbox()
    good = outbox.enqueue(make_bundle(tmp_path / "r.zip"))
    bad = outbox.root / "OB-20260101-AAAAAA"
    bad.mkdir()
    (bad / ENTRY_FILE).write_bytes(content)
    assert [e.id for e in outbox.entries()] == [good.id]
    with pytest.raises(UsageError, match="no outbox entry"):
        outbox.get("OB-20260101-AAAAAA")


@pytest.mark.parametrize("entry_id", ["../etc", "OB-1-2", "", "OB-20260101-aaaaaa", "x" * 500])
def test_unknown_or_hostile_ids_are_refused(entry_id):
    with pytest.raises(UsageError, match="no outbox entry"):
        Outbox().get(entry_id)


def test_entry_file_pointing_outside_is_refused():
    data = Entry(id="OB-20260101-AAAAAA", state=State.QUEUED, created_at="", bundle_name="x",
                 bundle_file="bundle.zip", size=1, sha256="0").to_json()
    data["bundle_file"] = "../../secret"
    with pytest.raises(ValueError):
        Entry.from_json(data)


def test_leftovers_of_a_killed_enqueue_are_cleaned(tmp_path):
    outbox = Outbox()
    stale = outbox.root / ".new-OB-20200101-AAAAAA"
    stale.mkdir()
    (stale / "bundle.zip").write_bytes(b"partial")
    os.utime(stale, (0, 0))
    gone = outbox.root / ".gone-OB-20200101-BBBBBB-1234"
    gone.mkdir()
    outbox.enqueue(make_bundle(tmp_path / "r.zip"))
    assert not stale.exists() and not gone.exists()


def test_remove_deletes_entry_and_copy(tmp_path):
    outbox = Outbox()
    entry = outbox.enqueue(make_bundle(tmp_path / "r.zip"))
    with outbox.locked(entry.id):
        outbox.remove(entry.id)
    assert outbox.entries() == []
    assert [p for p in outbox.root.iterdir() if not p.name.startswith(".enqueue")] == []
