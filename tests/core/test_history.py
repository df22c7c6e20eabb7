"""History against the real intake: what was sent, deleting it, follow-ups, withdrawing consent."""
# ruff: noqa: F811 - the intake fixtures are imported from outbox_support and requested by name

from __future__ import annotations

import json
import os
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from outbox_support import bundles, download, intake_factory, intake_server, shared_intake  # noqa: F401
from support_assistant.core import credentials, history, retention
from support_assistant.core.errors import CredentialsError, UsageError
from support_assistant.core.outbox import Outbox, State
from support_assistant.core.paths import reports_dir
from support_assistant.core.sender import Sender
from support_assistant.core.upload import RetryPolicy

FAST = RetryPolicy(attempts=2, base_delay=0.05, max_delay=0.1)


def make_bundle(path: Path, report_id: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps({
            "report_id": report_id, "items": [{"id": "log-1", "title": "app.log"}]}))
        archive.writestr("items/log-1.txt", os.urandom(5000))
    return path


def make_session_folder(report_id: str) -> Path:
    folder = reports_dir() / report_id
    (folder / "items").mkdir(parents=True)
    (folder / "pseudonyms.json").write_text('{"alice": "user-1"}', encoding="utf-8")
    return folder


@pytest.fixture
def sender(shared_intake):
    credentials.store(credentials.Credentials("CUST-A", shared_intake.tokens.customer_a,
                                              shared_intake.endpoint))
    return Sender(Outbox(), retry=FAST)


def send(sender: Sender, tmp_path: Path, report_id: str, **queue) -> object:
    entry = sender.outbox.enqueue(make_bundle(tmp_path / f"{report_id}.zip", report_id), **queue)
    return sender.send(entry.id)


def server_ids(intake, who="engineer") -> set[str]:
    return {b["id"] for b in bundles(intake, who)}


def test_history_lists_reference_time_destination_and_manifest(tmp_path, sender, shared_intake):
    sent = send(sender, tmp_path, "SA-20261125-AAAAAA")
    [record] = history.records(sender.outbox)
    data = history.record_json(record, days=30)
    assert data["reference"] == sent.reference
    assert data["destination"] == shared_intake.endpoint
    assert data["organisation"] == "CUST-A"
    assert data["manifest"]["items"][0]["title"] == "app.log"
    sent_at = datetime.fromisoformat(data["sent_at"])
    assert abs(sent_at - datetime.now(UTC)) < timedelta(minutes=1)
    assert datetime.fromisoformat(data["local_copy_until"]) == sent_at + timedelta(days=30)


def test_delete_asks_the_intake_and_drops_local_copies(tmp_path, sender, shared_intake):
    folder = make_session_folder("SA-20261125-BBBBBB")
    sent = send(sender, tmp_path, "SA-20261125-BBBBBB")
    assert sent.reference in server_ids(shared_intake)
    tombstone = history.delete_sent(sent.reference, sender)
    assert sent.reference not in server_ids(shared_intake)
    assert tombstone.remote_deleted_at and tombstone.manifest is None and not tombstone.local_copy
    assert not sender.outbox.bundle_path(tombstone).exists()
    assert not folder.exists()
    again = history.delete_sent(sent.reference, sender)  # already deleted: no error
    assert again.remote_deleted_at == tombstone.remote_deleted_at


def test_delete_local_keeps_the_report_on_the_intake(tmp_path, sender, shared_intake):
    sent = send(sender, tmp_path, "SA-20261125-CCCCCC")
    entry = history.delete_local(sent.reference, sender.outbox)
    assert not entry.local_copy and entry.manifest is not None
    assert sent.reference in server_ids(shared_intake)


def test_unknown_reference_is_a_clear_error(sender):
    with pytest.raises(UsageError, match="No sent report has the reference 'NOPE'"):
        history.delete_sent("NOPE", sender)


def test_a_follow_up_travels_linked_to_the_original(tmp_path, sender, shared_intake):
    original = send(sender, tmp_path, "SA-20261125-DDDDDD")
    correction = make_bundle(tmp_path / "correction.zip", "SA-20261125-EEEEEE")
    entry = history.queue_follow_up(original.reference, correction, outbox=sender.outbox)
    follow_up = sender.send(entry.id)
    [on_server] = [b for b in bundles(shared_intake) if b["id"] == follow_up.reference]
    assert on_server["follows"] == original.reference
    assert follow_up.reference in [b for b in bundles(shared_intake)
                                   if b["id"] == original.reference][0]["followups"]


def test_withdraw_deletes_everything_sent_and_everything_local(tmp_path, sender, shared_intake):
    first = send(sender, tmp_path, "SA-20261125-FFFFFF")
    second = send(sender, tmp_path, "SA-20261125-GGGGGG")
    make_session_folder("SA-20261125-HHHHHH")  # a report never sent, with its pseudonym table
    waiting = sender.outbox.enqueue(make_bundle(tmp_path / "w.zip", "SA-20261125-JJJJJJ"))
    half_queued = sender.outbox.root / ".new-OB-20261125-ZZZZZZ"  # left by a killed process
    half_queued.mkdir()
    (half_queued / "bundle.zip").write_bytes(b"copy")
    result = history.withdraw(sender)
    assert not half_queued.exists()
    assert {first.reference, second.reference} <= set(result.deleted_remote)
    assert not ({first.reference, second.reference} & server_ids(shared_intake))
    assert sender.outbox.entries() == [] and waiting.id not in os.listdir(sender.outbox.root)
    assert list(reports_dir().iterdir()) == []
    assert result.credentials_cleared and credentials.load_optional() is None


def test_withdraw_offline_deletes_local_data_but_keeps_what_is_needed_to_finish(
        tmp_path, sender, shared_intake):
    sent = send(sender, tmp_path, "SA-20261125-KKKKKK")
    folder = make_session_folder("SA-20261125-KKKKKK")
    credentials.store(credentials.Credentials("CUST-A", shared_intake.tokens.customer_a,
                                              "http://127.0.0.1:9/files/"))
    with pytest.raises(history.WithdrawIncomplete, match="run 'support-assistant withdraw' again"):
        history.withdraw(Sender(sender.outbox, retry=FAST))
    [tombstone] = sender.outbox.entries()
    assert tombstone.reference == sent.reference and tombstone.manifest is None
    assert not tombstone.local_copy and not folder.exists()
    assert credentials.load_optional() is not None  # still needed to ask for the deletion
    credentials.store(credentials.Credentials("CUST-A", shared_intake.tokens.customer_a,
                                              shared_intake.endpoint))
    history.withdraw(Sender(sender.outbox, retry=FAST))
    assert sent.reference not in server_ids(shared_intake)
    assert sender.outbox.entries() == []


def test_withdraw_without_credentials_still_deletes_local_data(tmp_path, sender):
    send(sender, tmp_path, "SA-20261125-LLLLLL")
    credentials.clear()
    with pytest.raises(history.WithdrawIncomplete) as info:
        history.withdraw(sender)
    assert info.value.exit_code == CredentialsError.exit_code


def test_retention_purges_local_copies_after_the_configured_days(tmp_path, sender):
    folder = make_session_folder("SA-20261125-MMMMMM")
    sent = send(sender, tmp_path, "SA-20261125-MMMMMM")
    assert retention.purge_expired(sender.outbox, days=30) == []
    assert sender.outbox.bundle_path(sent).exists() and folder.exists()
    later = datetime.now(UTC) + timedelta(days=30, seconds=1)
    assert retention.purge_expired(sender.outbox, days=30, now=later) == [sent.reference]
    kept = sender.outbox.get(sent.id)
    assert not kept.local_copy and not sender.outbox.bundle_path(kept).exists()
    assert not folder.exists()
    assert kept.state is State.SENT and kept.manifest is not None  # the record stays


def test_retention_never_touches_reports_still_waiting(tmp_path, sender):
    entry = sender.outbox.enqueue(make_bundle(tmp_path / "w.zip", "SA-20261125-NNNNNN"))
    far = datetime.now(UTC) + timedelta(days=3650)
    assert retention.purge_expired(sender.outbox, days=0, now=far) == []
    assert sender.outbox.bundle_path(entry).exists()


def test_retention_days_come_from_the_policy(tmp_path, sender, monkeypatch):
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text("[retention]\ndays = 0\n", encoding="utf-8")
    monkeypatch.setenv("SUPPORT_ASSISTANT_POLICY", str(policy_file))
    sent = send(sender, tmp_path, "SA-20261125-PPPPPP")
    assert retention.purge_expired(sender.outbox) == [sent.reference]
