"""Killed with SIGKILL at random points of the send loop, the outbox loses nothing and sends nothing twice."""
# ruff: noqa: F811 - the intake fixtures are imported from outbox_support and requested by name

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from outbox_support import bundles, download, intake_factory, intake_server, shared_intake  # noqa: F401
from support_assistant.core.outbox import Outbox, State
from support_assistant.core.paths import config_dir

NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
DESKTOP = Path(__file__).resolve().parents[2] / "desktop"


def send_process(intake) -> subprocess.Popen[bytes]:
    env = {**os.environ, **NO_KEYRING}
    env["PYTHONPATH"] = str(DESKTOP) + os.pathsep + env.get("PYTHONPATH", "")
    process = subprocess.Popen(
        [sys.executable, "-m", "support_assistant", "outbox", "send", "--session-credentials",
         "--organisation", "CUST-A"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    process.stdin.write(intake.tokens.customer_a.encode() + b"\n")
    process.stdin.close()
    return process


@pytest.mark.parametrize("chunk_bytes", [262144, 0], ids=["chunks", "streamed"])
def test_kill_9_anywhere_then_restart_sends_exactly_one_identical_copy(tmp_path, shared_intake,
                                                                       chunk_bytes):
    seed = int(os.environ.get("OUTBOX_KILL_SEED", time.time_ns() % 10**6))
    rng = random.Random(seed)
    (config_dir() / "settings.toml").write_text(
        f'[intake]\nchunk_bytes = {chunk_bytes}\nendpoint = "{shared_intake.endpoint}"\n',
        encoding="utf-8")
    bundle = tmp_path / "report.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"report_id": "SA-20261125-KILL99"}))
        archive.writestr("items/big.bin", os.urandom(8 << 20))
    outbox = Outbox()
    entry = outbox.enqueue(bundle)
    kills = []
    for _ in range(7):
        process = send_process(shared_intake)
        if rng.random() < 0.4:
            how = ("time", rng.uniform(0.0, 1.2))
            time.sleep(how[1])
        else:
            start = outbox.get(entry.id).offset
            how = ("offset", start + rng.randrange(1, max(2, entry.size - start + 1)))
            deadline = time.monotonic() + 20
            while process.poll() is None and time.monotonic() < deadline:
                if outbox.get(entry.id).offset >= how[1]:
                    break
                time.sleep(0.002)
        process.send_signal(signal.SIGKILL)
        process.wait()
        current = outbox.get(entry.id)  # the state file is always whole
        kills.append((how, str(current.state), current.offset))
        if current.state is State.SENT:
            break
        assert current.state in (State.QUEUED, State.UPLOADING), (seed, kills)
    final = send_process(shared_intake)
    final.wait(timeout=120)
    assert final.returncode == 0, (seed, kills, final.stderr.read().decode())
    done = outbox.get(entry.id)
    assert done.state is State.SENT, (seed, kills)
    ours = [b for b in bundles(shared_intake) if b["metadata"].get("outbox_entry") == entry.id]
    complete = [b for b in ours if b["complete"]]
    assert len(complete) == 1, (seed, kills, ours)
    assert complete[0]["id"] == done.reference
    assert download(shared_intake, done.reference) == bundle.read_bytes(), (seed, kills)
    # An upload created just before a kill and never recorded can exist, but never holds data.
    assert all(b["received_bytes"] == 0 for b in ours if not b["complete"]), (seed, kills, ours)
    assert not list(outbox.bundle_path(done).parent.glob(".*.tmp"))


def test_two_processes_never_send_the_same_bundle_at_once(tmp_path, shared_intake):
    (config_dir() / "settings.toml").write_text(
        f'[intake]\nchunk_bytes = 262144\nendpoint = "{shared_intake.endpoint}"\n',
        encoding="utf-8")
    bundle = tmp_path / "report.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"report_id": "SA-20261125-TWO222"}))
        archive.writestr("items/big.bin", os.urandom(4 << 20))
    outbox = Outbox()
    entry = outbox.enqueue(bundle)
    senders = [send_process(shared_intake) for _ in range(3)]
    codes = [p.wait(timeout=120) for p in senders]
    assert codes.count(0) == 3, [p.stderr.read().decode() for p in senders]
    done = outbox.get(entry.id)
    assert done.state is State.SENT and done.attempts == 1  # only one process ever tried it
    ours = [b for b in bundles(shared_intake) if b["metadata"].get("outbox_entry") == entry.id]
    assert [b["id"] for b in ours] == [done.reference]
    assert download(shared_intake, done.reference) == bundle.read_bytes()
