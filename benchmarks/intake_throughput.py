"""Upload throughput of the tus client against curl, to the same reference intake over loopback.

    .venv/bin/python benchmarks/intake_throughput.py [--size-mb 100] [--rounds 7]

Starts ``support-assistant-intake`` on 127.0.0.1 (ephemeral port, storage on /dev/shm
when there is one, so the disk does not decide), then alternates: curl creating the
upload (POST, same metadata) and sending the file in one PATCH, ``TusClient`` as
shipped (create + upload streaming the file in one PATCH, hashed as it goes) and,
with ``--chunked``, ``TusClient`` in 8 MiB chunks with a sha256 checksum each.
Prints the median MB/s of each and the ratio to curl. Then kills a client subprocess
in the middle of its streamed PATCH (through a byte-counting relay), resumes it,
and prints how many bytes went over the wire twice.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
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


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def curl_upload(url: str, token: str, path: Path, metadata: str,
                cpu: list[float] | None = None) -> float:
    size = path.stat().st_size
    cpu_before = cpu_seconds(resource.RUSAGE_CHILDREN)
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
    if cpu is not None:
        cpu.append(cpu_seconds(resource.RUSAGE_CHILDREN) - cpu_before)
    delete(location, token)
    return elapsed


def client_upload(url: str, token: str, path: Path, sha256: str, chunk: int = 0,
                  cpu: list[float] | None = None) -> float:
    client = TusClient(Destination(url + "files/", "BENCH", token, proxy="direct"),
                       chunk_size=chunk)
    cpu_before = cpu_seconds(resource.RUSAGE_SELF)
    started = time.perf_counter()
    receipt = client.upload(path, client.create(path, {"sha256": sha256, "product": "bench"}))
    elapsed = time.perf_counter() - started
    if cpu is not None:
        cpu.append(cpu_seconds(resource.RUSAGE_SELF) - cpu_before)
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
client.upload(Path(path), url, progress=lambda p: print("sent", p.sent, flush=True))
"""


class Relay:
    """A TCP relay on 127.0.0.1 counting the bytes clients send through it (written here:
    a few lines, and no packaged tool counts one direction of a connection)."""

    def __init__(self, upstream: str) -> None:
        host, port = upstream.split("//", 1)[1].rstrip("/").split(":")
        self.upstream = (host, int(port))
        self.sent = 0
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}/"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            server = socket.create_connection(self.upstream)
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, count: bool) -> None:
        try:
            while data := source.recv(1 << 20):
                sink.sendall(data)
                if count:
                    self.sent += len(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        self._listener.close()


def resumed_upload(url: str, token: str, path: Path) -> tuple[int, int, int]:
    """(bytes sent before the kill as the client reported, offset the resume starts from,
    bytes that went through the relay beyond the file's size, headers included)."""
    relay = Relay(url)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "desktop"))
    child = subprocess.Popen([sys.executable, "-c", RESUME_CLIENT, relay.url + "files/", token,
                              str(path)], stdout=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    upload_url = child.stdout.readline().split()[1]
    sent = 0
    while sent < 3 * (8 << 20):
        sent = int(child.stdout.readline().split()[1])
    child.send_signal(signal.SIGKILL)
    child.wait()
    client = TusClient(Destination(relay.url + "files/", "BENCH", token, proxy="direct"))
    time.sleep(0.2)  # the intake notices the dropped connection and records what it received
    resume_from = client.offset(upload_url)
    receipt = client.upload(path, upload_url)
    assert receipt.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    client.delete(upload_url)
    relay.close()
    return sent, resume_from, relay.sent - path.stat().st_size


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--chunked", action="store_true",
                        help="also measure 8 MiB checksummed chunks")
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
            curl_times, client_times, chunked_times = [], [], []
            curl_cpu: list[float] = []
            client_cpu: list[float] = []
            load = os.getloadavg()[0]
            for _ in range(args.rounds):
                curl_times.append(curl_upload(url, token, path, metadata, curl_cpu))
                client_times.append(client_upload(url, token, path, sha256, cpu=client_cpu))
                if args.chunked:
                    chunked_times.append(client_upload(url, token, path, sha256, 8 << 20))
            load_after = os.getloadavg()[0]
            sent, resume_from, resent = resumed_upload(url, token, path)
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
        if chunked_times:
            chunked_rate = size / statistics.median(chunked_times) / 1e6
            print(f"TusClient, 8 MiB chunks+sha256: median {chunked_rate:7.1f} MB/s  "
                  f"(ratio {chunked_rate / curl_rate:.2f})")
        print(f"ratio client/curl: {client_rate / curl_rate:.2f}   "
              f"(load average {load:.2f} before, {load_after:.2f} after)")
        print(f"ratio of the fastest runs: {min(curl_times) / min(client_times):.2f}   "
              f"CPU per upload: curl {statistics.median(curl_cpu) * 1000:.0f} ms (two process "
              f"starts included), client {statistics.median(client_cpu) * 1000:.0f} ms")
        print(f"resume after SIGKILL: client reported {sent} sent, the intake held "
              f"{resume_from}; bytes sent twice (headers included): {resent} "
              f"({'within' if resent <= 8 << 20 else 'MORE than'} one 8 MiB chunk)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
