"""Upload throughput of the tus client against curl, to the same reference intake over loopback.

    .venv/bin/python benchmarks/intake_throughput.py [--size-mb 100] [--rounds 7]

Starts ``support-assistant-intake`` on 127.0.0.1 (ephemeral port, storage on /dev/shm
when there is one, so the disk does not decide), then alternates: curl creating the
upload (POST, same metadata) and sending the file in one PATCH, and ``TusClient``
(create + upload, 8 MiB chunks, sha256 checksum per chunk as the server offers it).
Prints the median MB/s of each and the ratio. Then kills a client subprocess in the
middle of an upload, resumes it, and prints how much was sent again.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))

import requests  # noqa: E402

from support_assistant.core.upload import Destination, TusClient, encode_metadata  # noqa: E402
from support_assistant.intake.tokens import add_token  # noqa: E402


def start_server(storage: Path, tokens: Path) -> tuple[subprocess.Popen[str], str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "desktop"))
    process = subprocess.Popen([sys.executable, "-m", "support_assistant.intake.server", "serve",
                                "--port", "0", "--storage", str(storage), "--tokens", str(tokens),
                                "--max-size", "2G"], stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    url = process.stdout.readline().split("listening on ", 1)[1].split()[0]
    return process, url


def curl_upload(url: str, token: str, path: Path, metadata: str) -> float:
    size = path.stat().st_size
    started = time.perf_counter()
    created = subprocess.run(
        ["curl", "-sS", "-o", "/dev/null", "-D", "-", "-X", "POST", "-H", "Tus-Resumable: 1.0.0",
         "-H", f"Authorization: Bearer {token}", "-H", f"Upload-Length: {size}",
         "-H", f"Upload-Metadata: {metadata}", url + "files/"],
        capture_output=True, text=True, check=True).stdout
    location = next(line.split(":", 1)[1].strip() for line in created.splitlines()
                    if line.lower().startswith("location:"))
    subprocess.run(["curl", "-sS", "-o", "/dev/null", "-X", "PATCH", "-T", str(path),
                    "-H", "Tus-Resumable: 1.0.0", "-H", f"Authorization: Bearer {token}",
                    "-H", "Upload-Offset: 0", "-H", "Content-Type: application/offset+octet-stream",
                    "-H", "Expect:", location], check=True)
    elapsed = time.perf_counter() - started
    delete(location, token)
    return elapsed


def client_upload(url: str, token: str, path: Path, sha256: str) -> float:
    client = TusClient(Destination(url + "files/", "BENCH", token, proxy="direct"))
    started = time.perf_counter()
    receipt = client.upload(path, client.create(path, {"sha256": sha256, "product": "bench"}))
    elapsed = time.perf_counter() - started
    assert receipt.sha256 == sha256
    client.delete(receipt.url)
    return elapsed


def delete(upload_url: str, token: str) -> None:
    requests.delete(upload_url, timeout=30, proxies={"http": None},
                    headers={"Authorization": f"Bearer {token}", "Tus-Resumable": "1.0.0"})


RESUME_CLIENT = """
import sys
from pathlib import Path
from support_assistant.core.upload import Destination, TusClient
endpoint, token, path = sys.argv[1:4]
client = TusClient(Destination(endpoint, "BENCH", token, proxy="direct"))
url = client.create(Path(path), {"product": "bench"})
print("url", url, flush=True)
client.upload(Path(path), url, on_offset=lambda n: print("offset", n, flush=True))
"""


def resumed_upload(url: str, token: str, path: Path) -> tuple[int, int, int]:
    """(last offset confirmed before the kill, offset the resume starts from, chunk size)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "desktop"))
    child = subprocess.Popen([sys.executable, "-c", RESUME_CLIENT, url + "files/", token,
                              str(path)], stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    upload_url = child.stdout.readline().split()[1]
    confirmed = 0
    while confirmed < 3 * (8 << 20):
        confirmed = int(child.stdout.readline().split()[1])
    time.sleep(0.02)
    child.send_signal(signal.SIGKILL)
    child.wait()
    client = TusClient(Destination(url + "files/", "BENCH", token, proxy="direct"))
    resume_from = client.offset(upload_url)
    client.upload(path, upload_url)
    client.delete(upload_url)
    return confirmed, resume_from, client.chunk_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    if not shutil.which("curl"):
        print("curl is not installed", file=sys.stderr)
        return 2
    base = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())
    work = Path(tempfile.mkdtemp(prefix="intake-bench-", dir=base))
    try:
        path = work / "bundle.zip"
        size = args.size_mb * 1_000_000
        path.write_bytes(os.urandom(size))
        sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        token = add_token(work / "tokens.toml", customer="BENCH")
        server, url = start_server(work / "storage", work / "tokens.toml")
        metadata = encode_metadata({"filename": path.name, "filetype": "application/zip",
                                    "customer": "BENCH", "size": str(size), "sha256": sha256,
                                    "product": "bench"})
        try:
            client_upload(url, token, path, sha256)  # warm-up (imports, first connection)
            curl_times, client_times = [], []
            for _ in range(args.rounds):
                curl_times.append(curl_upload(url, token, path, metadata))
                client_times.append(client_upload(url, token, path, sha256))
            confirmed, resume_from, chunk = resumed_upload(url, token, path)
        finally:
            server.terminate()
            server.wait(20)
        curl_rate = size / statistics.median(curl_times) / 1e6
        client_rate = size / statistics.median(client_times) / 1e6
        print(f"file: {args.size_mb} MB random, storage on {base}, {args.rounds} rounds each, "
              "interleaved")
        print(f"curl (POST + one PATCH -T):      median {curl_rate:7.1f} MB/s  "
              f"(times {', '.join(f'{t:.3f}' for t in curl_times)} s)")
        print(f"TusClient (create + upload):     median {client_rate:7.1f} MB/s  "
              f"(times {', '.join(f'{t:.3f}' for t in client_times)} s)")
        print(f"ratio client/curl: {client_rate / curl_rate:.2f}")
        print(f"resume after SIGKILL: last confirmed {confirmed}, resumed from {resume_from}, "
              f"re-sent at most {confirmed + chunk - resume_from} bytes (chunk {chunk})")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
