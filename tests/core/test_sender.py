"""Sending the outbox to the real reference intake: resume, failure rules, retry, offline."""
# ruff: noqa: F811 - the intake fixtures are imported from outbox_support and requested by name

from __future__ import annotations

import json
import os
import threading
import time
import zipfile
from pathlib import Path

import pytest

from outbox_support import bundles, download, intake_factory, intake_server, shared_intake  # noqa: F401
from support_assistant.core import credentials, policy
from support_assistant.core.errors import Cancelled, CredentialsRejected
from support_assistant.core.outbox import Outbox, State
from support_assistant.core.sender import BackgroundSender, Sender
from support_assistant.core.upload import RetryPolicy

FAST = RetryPolicy(attempts=2, base_delay=0.05, max_delay=0.1)


def make_bundle(path: Path, size: int = 600_000, report_id: str = "SA-20261125-ABCDEF") -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("manifest.json", json.dumps({"report_id": report_id,
                                                      "items": [{"id": "log-1"}]}))
        archive.writestr("items/log-1.bin", os.urandom(size))
    return path


def small_chunks(tmp_path: Path) -> policy.Config:
    path = tmp_path / "settings.toml"
    path.write_text("[intake]\nchunk_bytes = 262144\n", encoding="utf-8")
    return policy.load(user_path=path)


@pytest.fixture
def customer_a(shared_intake):
    value = credentials.Credentials("CUST-A", shared_intake.tokens.customer_a, shared_intake.endpoint)
    credentials.store(value)
    return value


def copies_on_server(intake, sha256: str) -> list[dict]:
    return [b for b in bundles(intake) if b["sha256"] == sha256 and b["complete"]]


def test_a_queued_bundle_arrives_byte_identical_with_a_receipt(tmp_path, shared_intake, customer_a):
    bundle = make_bundle(tmp_path / "report.zip")
    outbox = Outbox()
    entry = outbox.enqueue(bundle)
    sent = Sender(outbox, retry=FAST).send(entry.id)
    assert sent.state is State.SENT and sent.reference and sent.sent_to == shared_intake.endpoint
    assert sent.organisation == "CUST-A"
    [copy] = copies_on_server(shared_intake, entry.sha256)
    assert copy["id"] == sent.reference and copy["customer"] == "CUST-A"
    assert copy["metadata"]["filename"] == "SA-20261125-ABCDEF.zip"  # never the user's file name
    assert download(shared_intake, copy["id"]) == bundle.read_bytes()
    assert Sender(outbox, retry=FAST).send(entry.id) == outbox.get(entry.id)  # no second copy
    assert len(copies_on_server(shared_intake, entry.sha256)) == 1


def test_a_cancelled_upload_resumes_from_the_server_offset(tmp_path, shared_intake, customer_a):
    config = small_chunks(tmp_path)
    bundle = make_bundle(tmp_path / "big.zip", size=3_000_000)
    outbox = Outbox()
    entry = outbox.enqueue(bundle)
    cancel = threading.Event()

    def stop_halfway(current, progress):
        if progress.sent > progress.total // 2:
            cancel.set()

    with pytest.raises(Cancelled):
        Sender(outbox, config=config, retry=FAST).send(entry.id, progress=stop_halfway, cancel=cancel)
    halfway = outbox.get(entry.id)
    assert halfway.state is State.UPLOADING and 0 < halfway.offset < halfway.size
    offsets = []
    sent = Sender(outbox, config=config, retry=FAST).send(
        entry.id, progress=lambda e, p: offsets.append(p.sent))
    assert sent.state is State.SENT
    assert min(offsets) >= halfway.offset  # nothing before the confirmed offset was sent again
    [copy] = copies_on_server(shared_intake, entry.sha256)
    assert download(shared_intake, copy["id"]) == bundle.read_bytes()


def test_rejected_credentials_mark_failed_and_are_not_retried(tmp_path, shared_intake):
    credentials.store(credentials.Credentials("CUST-A", "wrong-token-0123456789",
                                              shared_intake.endpoint))
    outbox = Outbox()
    entry = outbox.enqueue(make_bundle(tmp_path / "r.zip"))
    with pytest.raises(CredentialsRejected) as info:
        Sender(outbox, retry=FAST).send(entry.id)
    assert info.value.exit_code == 11
    failed = outbox.get(entry.id)
    assert failed.state is State.FAILED and failed.failure_reason == "credentials rejected"
    assert Sender(outbox, retry=FAST).send_pending() == []  # the background pass leaves it alone
    assert outbox.get(entry.id).attempts == failed.attempts


def test_offline_leaves_the_report_waiting(tmp_path, shared_intake):
    closed = IntakeClosedPort.port()
    credentials.store(credentials.Credentials("CUST-A", shared_intake.tokens.customer_a,
                                              f"http://127.0.0.1:{closed}/files/"))
    outbox = Outbox()
    entry = outbox.enqueue(make_bundle(tmp_path / "r.zip"))
    [outcome] = Sender(outbox, retry=FAST).send_pending()
    assert outcome.transient and "Could not reach" in str(outcome.error)
    waiting = outbox.get(entry.id)
    assert waiting.state is State.QUEUED and "Could not reach" in waiting.last_error


def test_an_upload_the_intake_dropped_is_started_again(tmp_path, shared_intake, customer_a):
    import requests
    config = small_chunks(tmp_path)
    outbox = Outbox()
    entry = outbox.enqueue(make_bundle(tmp_path / "r.zip", size=2_000_000))
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        Sender(outbox, config=config, retry=FAST).send(
            entry.id, cancel=cancel, progress=lambda e, p: p.sent > 300_000 and cancel.set())
    started = outbox.get(entry.id)
    requests.delete(started.upload_url, timeout=10, headers={
        "Authorization": f"Bearer {shared_intake.tokens.customer_a}", "Tus-Resumable": "1.0.0"})
    sent = Sender(outbox, config=config, retry=FAST).send(entry.id)
    assert sent.reference != started.upload_url.rstrip("/").rsplit("/", 1)[1]
    assert len(copies_on_server(shared_intake, entry.sha256)) == 1


def test_background_sender_sends_once_the_intake_answers_again(tmp_path, intake_server):
    intake = intake_server
    credentials.store(credentials.Credentials("CUST-A", intake.tokens.customer_a, intake.endpoint))
    intake.kill()
    outbox = Outbox()
    entry = outbox.enqueue(make_bundle(tmp_path / "r.zip"))
    passes = []
    background = BackgroundSender(lambda: Sender(outbox, retry=FAST), first_retry=0.2,
                                  max_interval=0.5, on_pass=passes.append)
    background.start()
    try:
        deadline = time.monotonic() + 20
        while not passes and time.monotonic() < deadline:
            time.sleep(0.05)
        assert passes and passes[0][0].transient  # offline: still waiting
        assert outbox.get(entry.id).state is State.QUEUED
        intake.start()  # same port, same storage
        while outbox.get(entry.id).state is not State.SENT and time.monotonic() < deadline:
            time.sleep(0.1)
        assert outbox.get(entry.id).state is State.SENT
        assert len(copies_on_server(intake, entry.sha256)) == 1
    finally:
        background.stop()


class IntakeClosedPort:
    @staticmethod
    def port() -> int:
        import socket
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]


def test_the_workflow_send_step_queues_then_sends(tmp_path, shared_intake, customer_a):
    from types import SimpleNamespace

    from support_assistant.core.sender import send_sealed
    bundle = make_bundle(tmp_path / "sealed.zip", report_id="SA-20261125-WORKFL")
    summary = SimpleNamespace(path=bundle, manifest={"report_id": "SA-20261125-WORKFL", "items": []})
    entry = send_sealed(summary, None, sender=Sender(Outbox(), retry=FAST))
    assert entry.state is State.SENT and entry.manifest == summary.manifest
    assert download(shared_intake, entry.reference) == bundle.read_bytes()


def test_the_workflow_send_step_keeps_the_bundle_when_offline(tmp_path, shared_intake):
    from types import SimpleNamespace

    from support_assistant.core.sender import send_sealed
    credentials.store(credentials.Credentials("CUST-A", shared_intake.tokens.customer_a,
                                              f"http://127.0.0.1:{IntakeClosedPort.port()}/files/"))
    summary = SimpleNamespace(path=make_bundle(tmp_path / "s.zip"), manifest=None)
    entry = send_sealed(summary, None, sender=Sender(Outbox(), retry=FAST))
    assert entry.state is State.QUEUED and entry.last_error


def test_a_report_started_at_a_moved_intake_starts_afresh_at_the_new_one(
        tmp_path, shared_intake, intake_server, customer_a):
    config = small_chunks(tmp_path)
    outbox = Outbox()
    entry = outbox.enqueue(make_bundle(tmp_path / "r.zip", size=2_000_000))
    cancel = threading.Event()
    with pytest.raises(Cancelled):
        Sender(outbox, config=config, retry=FAST).send(
            entry.id, cancel=cancel, progress=lambda e, p: p.sent > 300_000 and cancel.set())
    assert outbox.get(entry.id).upload_url.startswith(shared_intake.url)
    credentials.store(credentials.Credentials("CUST-A", intake_server.tokens.customer_a,
                                              intake_server.endpoint))
    sent = Sender(outbox, config=config, retry=FAST).send(entry.id)
    assert sent.receipt_url.startswith(intake_server.url)
    assert download(intake_server, sent.reference) == outbox.bundle_path(sent).read_bytes()
