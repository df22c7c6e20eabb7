"""The default upload: the rest of the file streamed in one PATCH, against the real intake.

Integrity without per-chunk checksums: the intake verifies the declared sha256 on
completion (``sha256-metadata``), the client checks the file before its last piece, and
a dropped connection keeps what arrived. Faults come from the proxy in between.
"""

from __future__ import annotations

import hashlib
import os
import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest
import requests
from faultproxy import Fault, FaultProxy
from intake_harness import IntakeServer

from support_assistant.core.errors import Cancelled, UploadError
from support_assistant.core.upload import FALLBACK_CHUNK, Progress, RetryPolicy, TusClient
from support_assistant.core.upload_stream import FileStream

FAST = RetryPolicy(attempts=5, base_delay=0.01, max_delay=0.05)
SIZE = 3 * (1 << 20) + 4321
# a tus server that does not verify the declared sha256: the client hashes what it sends
PLAIN_TUS = Fault(method="OPTIONS", status=204, times=100, headers={
    "Tus-Resumable": "1.0.0", "Tus-Version": "1.0.0", "Tus-Extension":
    "creation,termination,checksum", "Tus-Checksum-Algorithm": "sha256"})


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    path = tmp_path / "report.zip"
    path.write_bytes(os.urandom(SIZE))
    return path


def via(proxy: FaultProxy, server: IntakeServer, **options) -> TusClient:
    return TusClient(replace(server.destination(), endpoint=proxy.url + "files/"),
                     retry=options.pop("retry", FAST), **options)


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def info(server: IntakeServer, reference: str) -> dict:
    return requests.get(f"{server.url}api/bundles/{reference}", timeout=10, headers={
        "Authorization": f"Bearer {server.tokens.engineer}"}).json()


def flip_first_byte(path: Path) -> None:
    with path.open("r+b") as handle:
        first = handle.read(1)
        handle.seek(0)
        handle.write(bytes([first[0] ^ 0xFF]))


def test_the_file_goes_in_one_patch_without_a_chunk_checksum(
        shared_intake: IntakeServer, fault_proxy: FaultProxy, bundle: Path) -> None:
    client = via(fault_proxy, shared_intake)
    seen: list[Progress] = []
    confirmed: list[int] = []
    receipt = client.upload(bundle, client.create(bundle, {}), progress=seen.append,
                            on_offset=confirmed.append)
    patches = fault_proxy.requests("PATCH")
    assert len(patches) == 1 and "Upload-Checksum" not in patches[0].headers
    assert patches[0].headers["Content-Length"] == str(SIZE)
    assert confirmed == [SIZE]
    assert [p.sent for p in seen] == sorted(p.sent for p in seen) and seen[-1].sent == SIZE
    assert receipt.sha256 == sha256_of(bundle)
    assert info(shared_intake, receipt.reference)["complete"]
    stored = shared_intake.storage / "data" / receipt.reference
    assert stored.read_bytes() == bundle.read_bytes()


@pytest.mark.parametrize("drop_after", [1, 700_000, SIZE - 1000])
def test_a_dropped_stream_resumes_where_the_intake_stopped_and_resends_nothing(
        shared_intake: IntakeServer, fault_proxy: FaultProxy, bundle: Path,
        drop_after: int) -> None:
    fault_proxy.add(Fault(method="PATCH", drop_after=drop_after))
    client = via(fault_proxy, shared_intake)
    receipt = client.upload(bundle, client.create(bundle, {}))
    patches = fault_proxy.requests("PATCH")
    assert [p.headers["Upload-Offset"] for p in patches] == ["0", str(drop_after)]
    assert sum(p.forwarded for p in patches) == SIZE  # not one byte went twice
    assert receipt.sha256 == sha256_of(bundle)
    assert (shared_intake.storage / "data" / receipt.reference).read_bytes() == \
        bundle.read_bytes()


def test_cancel_in_the_middle_of_the_stream_keeps_what_arrived_for_later(
        shared_intake: IntakeServer, bundle: Path) -> None:
    cancel = threading.Event()
    client = TusClient(shared_intake.destination())
    url = client.create(bundle, {})

    def progress(value: Progress) -> None:
        time.sleep(0.11)  # longer than the meter's 0.1 s: called for every piece
        if value.sent > 0:
            cancel.set()

    with pytest.raises(Cancelled):
        client.upload(bundle, url, progress=progress, cancel=cancel)
    assert 0 < client.offset(url) < SIZE
    receipt = client.upload(bundle, url)
    assert (shared_intake.storage / "data" / receipt.reference).read_bytes() == \
        bundle.read_bytes()


def test_a_file_changed_while_it_is_sent_never_completes(shared_intake: IntakeServer,
                                                         bundle: Path) -> None:
    client = TusClient(shared_intake.destination())
    url = client.create(bundle, {})
    with pytest.raises(UploadError) as caught:
        client.upload(bundle, url, progress=lambda p: p.sent or flip_first_byte(bundle))
    assert caught.value.detail["changed"] is True
    assert client.offset(url) < SIZE  # the last piece never left
    assert not info(shared_intake, url.rsplit("/", 1)[1])["complete"]


def test_a_file_changed_before_the_upload_is_caught_by_the_intake_on_completion(
        shared_intake: IntakeServer, fault_proxy: FaultProxy, bundle: Path) -> None:
    client = via(fault_proxy, shared_intake)
    url = client.create(bundle, {})
    flip_first_byte(bundle)  # same size, after the sha256 was declared
    with pytest.raises(UploadError) as caught:
        client.upload(bundle, url)
    assert caught.value.detail["changed"] is True
    assert [p.status for p in fault_proxy.requests("PATCH")] == [460]  # sent once, refused
    assert client.offset(url) == 0
    assert not info(shared_intake, url.rsplit("/", 1)[1])["complete"]


def test_without_sha256_metadata_the_client_hashes_what_it_streams(
        shared_intake: IntakeServer, fault_proxy: FaultProxy, bundle: Path) -> None:
    fault_proxy.add(PLAIN_TUS)
    client = via(fault_proxy, shared_intake)
    receipt = client.upload(bundle, client.create(bundle, {}))
    assert len(fault_proxy.requests("PATCH")) == 1
    assert receipt.sha256 == sha256_of(bundle)

    url = client.create(bundle, {})
    times = os.stat(bundle)

    def change_keeping_the_times(value: Progress) -> None:
        if not value.sent:
            flip_first_byte(bundle)
            os.utime(bundle, ns=(times.st_atime_ns, times.st_mtime_ns))

    with pytest.raises(UploadError) as caught:
        client.upload(bundle, url, progress=change_keeping_the_times)
    assert caught.value.detail["changed"] is True
    assert client.offset(url) < SIZE


@pytest.mark.parametrize("status", [413, 460], ids=["413-from-a-proxy", "460-corrupted"])
def test_a_refused_stream_goes_on_in_checksummed_chunks(
        shared_intake: IntakeServer, fault_proxy: FaultProxy, bundle: Path,
        status: int) -> None:
    fault_proxy.add(Fault(method="PATCH", status=status))
    client = via(fault_proxy, shared_intake)
    receipt = client.upload(bundle, client.create(bundle, {}))
    assert client.chunk_size == FALLBACK_CHUNK
    first, *rest = fault_proxy.requests("PATCH")
    assert first.status == status and "Upload-Checksum" not in first.headers
    assert rest and all("Upload-Checksum" in p.headers for p in rest)
    assert receipt.sha256 == sha256_of(bundle)
    assert (shared_intake.storage / "data" / receipt.reference).read_bytes() == \
        bundle.read_bytes()


@pytest.mark.parametrize("refusal", ["stale offset", "unknown token"])
def test_a_streamed_patch_refused_before_its_body_is_read_stops_at_once(
        shared_intake: IntakeServer, tmp_path: Path, refusal: str) -> None:
    """The intake closes the connection after an early refusal (409, 423, 401…): a client
    streaming a whole bundle learns it after a few MB, not after sending everything."""
    size = 64 << 20
    path = tmp_path / "big.zip"
    path.write_bytes(os.urandom(size))
    client = TusClient(shared_intake.destination())
    url = client.create(path, {})
    token = "sa_not-a-real-token" if refusal == "unknown token" else \
        shared_intake.tokens.customer_a
    read: list[int] = [0]
    with FileStream(path, size) as stream:
        body = stream.body(0, size, declared=None, cancel=threading.Event(),
                           sent=lambda n: read.__setitem__(0, n), changed=lambda: None)
        response = requests.patch(url, data=body, timeout=30, proxies={"http": None}, headers={
            "Tus-Resumable": "1.0.0", "Authorization": f"Bearer {token}",
            "Upload-Offset": "5" if refusal == "stale offset" else "0",
            "Content-Type": "application/offset+octet-stream"})
    assert response.status_code == (409 if refusal == "stale offset" else 401)
    assert read[0] <= 8 << 20
    assert client.offset(url) == 0
