"""100 MB uploads survive a client or a server killed with SIGKILL in the middle."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from intake_harness import DESKTOP, IntakeServer

from support_assistant.core.upload import Receipt, RetryPolicy, TusClient

SIZE = 100 * 1000 * 1000
CLIENT = """
import sys
from pathlib import Path
from support_assistant.core.upload import Destination, TusClient
endpoint, token, path, chunk = sys.argv[1:5]
client = TusClient(Destination(endpoint, "CUST-A", token), chunk_size=int(chunk))
url = client.create(Path(path), {"product": "demo"})
print("url", url, flush=True)
client.upload(Path(path), url, on_offset=lambda n: print("offset", n, flush=True))
print("done", flush=True)
"""


@pytest.fixture(scope="module")
def big_bundle(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    path = tmp_path_factory.mktemp("big") / "report.zip"
    digest = hashlib.sha256()
    with path.open("wb") as handle:
        for _ in range(SIZE // (4 << 20) + 1):
            block = random.randbytes(min(4 << 20, SIZE - handle.tell()))
            handle.write(block)
            digest.update(block)
    return path, digest.hexdigest()


def stored_sha256(server: IntakeServer, reference: str) -> str:
    digest = hashlib.sha256()
    with (server.storage / "data" / reference).open("rb") as handle:
        while block := handle.read(4 << 20):
            digest.update(block)
    return digest.hexdigest()


def engineer_list(server: IntakeServer) -> list[dict]:
    response = requests.get(server.url + "api/bundles", timeout=10,
                            headers={"Authorization": f"Bearer {server.tokens.engineer}"})
    response.raise_for_status()
    return response.json()


def recorded_offset(server: IntakeServer, reference: str) -> int:
    with sqlite3.connect(server.storage / "index.sqlite") as db:
        return db.execute("SELECT offset FROM uploads WHERE id = ?", (reference,)).fetchone()[0]


def test_a_client_killed_mid_upload_resumes_to_an_identical_single_copy(
        intake_server: IntakeServer, big_bundle: tuple[Path, str]) -> None:
    path, sha256 = big_bundle
    chunk = 8 << 20
    env = dict(os.environ, PYTHONPATH=str(DESKTOP))
    child = subprocess.Popen([sys.executable, "-c", CLIENT, intake_server.endpoint,
                              intake_server.tokens.customer_a, str(path), str(chunk)],
                             stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    url = child.stdout.readline().split()[1]
    confirmed = 0
    while confirmed < 2 * chunk:
        line = child.stdout.readline()
        assert line.startswith("offset"), line
        confirmed = int(line.split()[1])
    time.sleep(random.uniform(0, 0.03))  # somewhere inside the next chunk
    child.send_signal(signal.SIGKILL)
    child.wait(10)
    child.stdout.close()

    client = TusClient(intake_server.destination(), chunk_size=chunk)
    resume_from = client.offset(url)
    assert confirmed <= resume_from < SIZE   # at most the chunk in flight is sent again
    assert resume_from % chunk == 0          # a half-received chunk was discarded (checksum)
    receipt = client.upload(path, url)

    assert receipt.sha256 == sha256 and receipt.size == SIZE
    assert stored_sha256(intake_server, receipt.reference) == sha256
    bundles = engineer_list(intake_server)
    assert [b["id"] for b in bundles] == [receipt.reference]
    assert bundles[0]["complete"] and bundles[0]["sha256"] == sha256


def test_a_server_killed_mid_chunk_and_restarted_ends_with_an_identical_file(
        intake_server: IntakeServer, big_bundle: tuple[Path, str]) -> None:
    path, sha256 = big_bundle
    chunk = 32 << 20
    client = TusClient(intake_server.destination(), chunk_size=chunk,
                       retry=RetryPolicy(attempts=30, base_delay=0.05, max_delay=0.3))
    url = client.create(path, {"product": "demo"})
    reference = url.rsplit("/", 1)[1]
    data_file = intake_server.storage / "data" / reference
    outcome: list[Receipt | BaseException] = []

    def upload() -> None:
        try:
            outcome.append(client.upload(path, url))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            outcome.append(exc)

    worker = threading.Thread(target=upload)
    worker.start()
    deadline = time.monotonic() + 60
    while data_file.stat().st_size < chunk + (8 << 20):
        assert time.monotonic() < deadline and not outcome, outcome
        time.sleep(0.002)
    intake_server.kill()
    left_behind = data_file.stat().st_size
    offset_at_kill = recorded_offset(intake_server, reference)
    assert left_behind > offset_at_kill  # the partial chunk tuspyserver would append after
    time.sleep(0.5)
    intake_server.restart()
    worker.join(120)

    assert not worker.is_alive()
    receipt = outcome[0]
    assert isinstance(receipt, Receipt), receipt
    assert receipt.sha256 == sha256
    assert stored_sha256(intake_server, reference) == sha256
    assert [b["id"] for b in engineer_list(intake_server)] == [reference]
