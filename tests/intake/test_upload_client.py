"""The tus client's behaviour against the real intake: metadata, progress, cancel, delete."""

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
from intake_harness import CUSTOMER_A, IntakeServer

from support_assistant.core.errors import BundleTooLarge, Cancelled, InputError, UploadError
from support_assistant.core.upload import (
    Progress,
    RetryPolicy,
    TusClient,
    decode_metadata,
    encode_metadata,
    human_size,
)

CHUNK = 256 << 10


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    path = tmp_path / "report-2025.zip"
    path.write_bytes(os.urandom(6 * CHUNK + 1))
    return path


def api(server: IntakeServer, path: str, token: str | None = None) -> requests.Response:
    return requests.get(server.url + path, timeout=10,
                        headers={"Authorization": f"Bearer {token or server.tokens.engineer}"})


def test_metadata_carries_the_bundle_facts_and_the_customer(shared_intake: IntakeServer,
                                                            bundle: Path) -> None:
    client = TusClient(shared_intake.destination(), chunk_size=CHUNK)
    receipt = client.upload(bundle, client.create(bundle, {"product": "Widget Pro 7"}))
    info = api(shared_intake, f"api/bundles/{receipt.reference}").json()
    sha256 = hashlib.sha256(bundle.read_bytes()).hexdigest()
    assert info["metadata"] == {"filename": "report-2025.zip", "filetype": "application/zip",
                                "customer": CUSTOMER_A, "size": str(bundle.stat().st_size),
                                "sha256": sha256, "product": "Widget Pro 7"}
    assert info["complete"] and info["sha256"] == sha256 == receipt.sha256
    assert receipt.url.endswith("/files/" + receipt.reference)


def test_progress_reports_bytes_rate_and_time_left(shared_intake: IntakeServer,
                                                   bundle: Path) -> None:
    seen: list[Progress] = []
    confirmed: list[int] = []
    client = TusClient(shared_intake.destination(), chunk_size=CHUNK)
    client.upload(bundle, client.create(bundle, {}), progress=seen.append,
                  on_offset=confirmed.append)
    total = bundle.stat().st_size
    assert [p.sent for p in seen] == sorted(p.sent for p in seen)
    assert seen[-1].sent == total and seen[-1].eta == 0
    assert all(p.total == total for p in seen)
    assert any(p.rate > 0 for p in seen)
    assert confirmed == [min(total, CHUNK * n) for n in range(1, 8)]


def test_cancel_stops_the_upload_and_a_later_upload_resumes(shared_intake: IntakeServer,
                                                            bundle: Path) -> None:
    cancel = threading.Event()
    client = TusClient(shared_intake.destination(), chunk_size=CHUNK)
    url = client.create(bundle, {})
    with pytest.raises(Cancelled) as caught:
        client.upload(bundle, url, cancel=cancel,
                      on_offset=lambda n: cancel.set() if n >= 2 * CHUNK else None)
    assert caught.value.exit_code == 17
    assert 2 * CHUNK <= client.offset(url) < bundle.stat().st_size
    assert "cancelled" in str(caught.value)
    receipt = client.upload(bundle, url)
    assert (shared_intake.storage / "data" / receipt.reference).read_bytes() == bundle.read_bytes()


def test_cancel_during_a_backoff_wait_returns_at_once(shared_intake: IntakeServer,
                                                     fault_proxy: FaultProxy,
                                                     bundle: Path) -> None:
    fault_proxy.add(Fault(method="HEAD", status=503, times=100))
    cancel = threading.Event()
    destination = replace(shared_intake.destination(), endpoint=fault_proxy.url + "files/")
    client = TusClient(destination, retry=RetryPolicy(attempts=5, base_delay=30, max_delay=30))
    url = client.create(bundle, {})
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        client.upload(bundle, url, cancel=cancel)
    assert time.monotonic() - started < 5


def test_termination_deletes_the_upload(shared_intake: IntakeServer, bundle: Path) -> None:
    client = TusClient(shared_intake.destination(), chunk_size=CHUNK)
    url = client.create(bundle, {})
    receipt = client.upload(bundle, url)
    client.delete(url)
    client.delete(url)  # deleting twice is not an error
    with pytest.raises(UploadError) as caught:
        client.offset(url)
    assert caught.value.detail["gone"] is True
    assert api(shared_intake, f"api/bundles/{receipt.reference}").status_code == 404
    assert not (shared_intake.storage / "data" / receipt.reference).exists()


def test_an_empty_bundle_uploads(shared_intake: IntakeServer, tmp_path: Path) -> None:
    empty = tmp_path / "empty.zip"
    empty.write_bytes(b"")
    client = TusClient(shared_intake.destination())
    receipt = client.upload(empty, client.create(empty, {}))
    assert receipt.size == 0 and receipt.sha256 == hashlib.sha256(b"").hexdigest()
    assert api(shared_intake, f"api/bundles/{receipt.reference}").json()["complete"]


def test_a_file_that_changed_size_since_creation_is_refused(shared_intake: IntakeServer,
                                                            bundle: Path) -> None:
    client = TusClient(shared_intake.destination(), chunk_size=CHUNK)
    url = client.create(bundle, {})
    bundle.write_bytes(bundle.read_bytes() + b"more")
    with pytest.raises(UploadError) as caught:
        client.upload(bundle, url)
    assert "changed after it was queued" in str(caught.value)


def test_a_file_whose_content_changed_since_creation_is_refused_before_the_last_chunk(
        shared_intake: IntakeServer, bundle: Path) -> None:
    client = TusClient(shared_intake.destination(), chunk_size=CHUNK)
    url = client.create(bundle, {})
    data = bytearray(bundle.read_bytes())
    data[10] ^= 0xFF
    bundle.write_bytes(bytes(data))
    with pytest.raises(UploadError) as caught:
        client.upload(bundle, url)
    assert caught.value.detail["changed"] is True
    assert client.offset(url) == 6 * CHUNK  # everything but the last chunk went; nothing completed


def test_a_bundle_over_the_announced_limit_is_refused_before_sending(
        intake_factory, tmp_path: Path) -> None:
    server = intake_factory(max_size="1M")
    path = tmp_path / "big.zip"
    path.write_bytes(b"x" * ((1 << 20) + 1536))
    with pytest.raises(BundleTooLarge) as caught:
        TusClient(server.destination()).create(path, {})
    assert "it is 1.5 kB too large" in str(caught.value)
    assert not any((server.storage / "data").iterdir())


def test_a_missing_bundle_is_an_input_error(shared_intake: IntakeServer, tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        TusClient(shared_intake.destination()).create(tmp_path / "gone.zip", {})
    assert "gone.zip" in str(caught.value) and caught.value.exit_code == 3


@pytest.mark.parametrize("key", ["has space", "comma,key", "", "naïve"])
def test_metadata_keys_tus_cannot_carry_are_refused(key: str) -> None:
    with pytest.raises(UploadError):
        encode_metadata({key: "value"})


def test_metadata_values_round_trip_any_text() -> None:
    values = {"filename": "报告 2025, final.zip", "empty": "", "follows": "ab" * 16}
    assert decode_metadata(encode_metadata(values)) == values


def test_backoff_grows_with_jitter_and_honours_retry_after() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=8.0, max_retry_after=60)
    for failure, ceiling in ((1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (9, 8.0)):
        delays = {policy.delay(failure) for _ in range(50)}
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(delays) > 1  # jitter
    assert policy.delay(1, retry_after=7) == 7
    assert policy.delay(1, retry_after=3600) == 60


def test_sizes_read_like_a_file_manager() -> None:
    assert human_size(999) == "999 bytes"
    assert human_size(1536) == "1.5 kB"
    assert human_size(250_000_000) == "250.0 MB"
