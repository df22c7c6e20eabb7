"""The tus client against a real intake behind a fault-injecting proxy (no mocked HTTP)."""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import replace
from pathlib import Path

import pytest
from faultproxy import Fault, FaultProxy
from intake_harness import IntakeServer

from support_assistant.core.errors import BundleTooLarge, CredentialsRejected, UploadError
from support_assistant.core.upload import RetryPolicy, TusClient

FAST = RetryPolicy(attempts=5, base_delay=0.01, max_delay=0.05)
CHUNK = 256 << 10


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    path = tmp_path / "report.zip"
    path.write_bytes(os.urandom(5 * CHUNK + 12345))
    return path


def client_via(proxy: FaultProxy, server: IntakeServer, **options) -> TusClient:
    destination = replace(server.destination(), endpoint=proxy.url + "files/")
    options.setdefault("retry", FAST)
    options.setdefault("chunk_size", CHUNK)
    return TusClient(destination, **options)


def assert_received(server: IntakeServer, reference: str, bundle: Path) -> None:
    stored = server.storage / "data" / reference
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == \
        hashlib.sha256(bundle.read_bytes()).hexdigest()


def send(client: TusClient, bundle: Path):
    return client.upload(bundle, client.create(bundle, {"product": "demo"}))


@pytest.mark.parametrize("fault", [
    Fault(method="PATCH", status=500, skip=1),
    Fault(method="PATCH", status=503, times=3),
    Fault(method="POST", status=502),
    Fault(method="HEAD", status=500, times=2),
    Fault(method="PATCH", status=423, skip=2),
], ids=["500-once", "503-three-times", "502-on-create", "500-on-head", "423-locked"])
def test_server_errors_are_retried_until_the_upload_completes(
        shared_intake: IntakeServer, fault_proxy: FaultProxy, bundle: Path, fault: Fault) -> None:
    fault_proxy.add(fault)
    receipt = send(client_via(fault_proxy, shared_intake), bundle)
    assert fault.seen > fault.skip
    assert_received(shared_intake, receipt.reference, bundle)
    assert receipt.sha256 == hashlib.sha256(bundle.read_bytes()).hexdigest()


def test_persistent_server_errors_give_up_with_the_status_after_the_retries(
        shared_intake: IntakeServer, fault_proxy: FaultProxy, bundle: Path) -> None:
    fault_proxy.add(Fault(method="PATCH", status=500, times=100))
    client = client_via(fault_proxy, shared_intake)
    url = client.create(bundle, {})
    with pytest.raises(UploadError) as caught:
        client.upload(bundle, url)
    assert type(caught.value) is UploadError
    assert "500" in str(caught.value) and "5 attempts" in str(caught.value)
    assert len(fault_proxy.requests("PATCH")) == 5


def test_429_waits_as_long_as_retry_after_says(
        shared_intake: IntakeServer, fault_proxy: FaultProxy, bundle: Path) -> None:
    fault_proxy.add(Fault(method="PATCH", status=429, skip=1, headers={"Retry-After": "1"}))
    receipt = send(client_via(fault_proxy, shared_intake), bundle)
    assert_received(shared_intake, receipt.reference, bundle)
    log = fault_proxy.requests()
    refused = next(i for i, seen in enumerate(log) if seen.status == 429)
    assert log[refused + 1].at - log[refused].at >= 0.95


def test_slow_answers_are_waited_for(shared_intake: IntakeServer, fault_proxy: FaultProxy,
                                     bundle: Path) -> None:
    fault_proxy.add(Fault(method="PATCH", delay=0.4, times=3))
    started = time.monotonic()
    receipt = send(client_via(fault_proxy, shared_intake), bundle)
    assert time.monotonic() - started >= 1.2
    assert_received(shared_intake, receipt.reference, bundle)


def test_an_answer_slower_than_the_timeout_is_retried_from_the_server_offset(
        shared_intake: IntakeServer, fault_proxy: FaultProxy, bundle: Path) -> None:
    fault_proxy.add(Fault(method="PATCH", delay=1.5, skip=1))
    receipt = send(client_via(fault_proxy, shared_intake, timeout=(2.0, 0.5)), bundle)
    assert_received(shared_intake, receipt.reference, bundle)
    assert any(seen.method == "HEAD" for seen in fault_proxy.requests()[3:])


@pytest.mark.parametrize("fault", [
    Fault(method="PATCH", skip=1, drop_after=100_000),
    Fault(method="PATCH", skip=2, drop_response=True),
    Fault(method="PATCH", drop_after=1),
], ids=["mid-body", "after-the-server-answered", "first-byte"])
def test_dropped_connections_resume_without_corrupting_the_file(
        shared_intake: IntakeServer, fault_proxy: FaultProxy, bundle: Path, fault: Fault) -> None:
    fault_proxy.add(fault)
    receipt = send(client_via(fault_proxy, shared_intake), bundle)
    assert_received(shared_intake, receipt.reference, bundle)
    patches = fault_proxy.requests("PATCH")
    resent = sum(seen.forwarded for seen in patches) - bundle.stat().st_size
    assert 0 <= resent <= CHUNK


def test_a_dropped_chunk_is_sent_again_in_full_when_the_server_checks_checksums(
        shared_intake: IntakeServer, fault_proxy: FaultProxy, bundle: Path) -> None:
    fault_proxy.add(Fault(method="PATCH", skip=1, drop_after=100_000))
    client = client_via(fault_proxy, shared_intake)
    url = client.create(bundle, {})
    client.upload(bundle, url)
    patches = fault_proxy.requests("PATCH")
    assert all("Upload-Checksum" in seen.headers for seen in patches)
    assert patches[2].headers["Upload-Offset"] == str(CHUNK)  # the broken chunk, again


def test_401_stops_at_once_with_credentials_rejected(shared_intake: IntakeServer,
                                                    fault_proxy: FaultProxy, bundle: Path) -> None:
    client = TusClient(replace(shared_intake.destination(token="sa_not-a-real-token"),
                               endpoint=fault_proxy.url + "files/"), retry=FAST)
    with pytest.raises(CredentialsRejected) as caught:
        send(client, bundle)
    assert "credentials rejected" in str(caught.value)
    assert "sa_not-a-real-token" not in str(caught.value)
    assert len(fault_proxy.requests("POST")) == 1
    assert caught.value.exit_code == 11


def test_403_from_the_upload_stops_at_once(shared_intake: IntakeServer, fault_proxy: FaultProxy,
                                          bundle: Path) -> None:
    fault_proxy.add(Fault(method="PATCH", status=403, times=10))
    with pytest.raises(CredentialsRejected):
        send(client_via(fault_proxy, shared_intake), bundle)
    assert len(fault_proxy.requests("PATCH")) == 1


def test_413_on_creation_says_by_how_much_the_bundle_is_too_large(
        shared_intake: IntakeServer, fault_proxy: FaultProxy, bundle: Path) -> None:
    size = bundle.stat().st_size
    fault_proxy.add(Fault(method="OPTIONS", status=404))  # a server that announces no limit
    fault_proxy.add(Fault(method="POST", status=413, headers={"Tus-Max-Size": str(size - 1000)}))
    with pytest.raises(BundleTooLarge) as caught:
        send(client_via(fault_proxy, shared_intake), bundle)
    assert "1.0 kB too large" in str(caught.value)
    assert caught.value.detail["excess"] == 1000
    assert caught.value.exit_code == 12


def test_413_on_a_chunk_halves_the_chunk_size(shared_intake: IntakeServer,
                                              fault_proxy: FaultProxy, bundle: Path) -> None:
    fault_proxy.add(Fault(method="PATCH", status=413))  # a reverse proxy limiting bodies
    client = client_via(fault_proxy, shared_intake, chunk_size=2 * CHUNK)
    receipt = send(client, bundle)
    assert client.chunk_size == CHUNK
    assert_received(shared_intake, receipt.reference, bundle)
