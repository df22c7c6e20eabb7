"""What the outbox costs on top of a bare tus upload: enqueue (copy + sha256) and the send loop.

Prints medians of a few runs over a real reference intake on 127.0.0.1:

* enqueue: copying a bundle into the outbox while hashing it (MB/s);
* send: ``Sender.send`` (create, upload, an atomic fsync'd state write per chunk, receipt)
  against a bare ``TusClient.create`` + ``upload`` of the same file, as a ratio.

    .venv/bin/python benchmarks/outbox_send.py [--mib 256] [--runs 3] [--chunk-mib 0]

``--chunk-mib 0`` (the default, as shipped) streams the bundle in one PATCH.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))
sys.path.insert(0, str(ROOT / "tests" / "intake"))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mib", type=int, default=256)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chunk-mib", type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="outbox-bench-") as tmp:
        root = Path(tmp)
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
            os.environ[var] = str(root / var.lower())
        os.environ["SUPPORT_ASSISTANT_POLICY"] = str(root / "no-policy.toml")
        (root / "xdg_config_home" / "support-assistant").mkdir(parents=True)
        (root / "xdg_config_home" / "support-assistant" / "settings.toml").write_text(
            f"[intake]\nchunk_bytes = {args.chunk_mib << 20}\n", encoding="utf-8")
        return run(root, args)


def run(root: Path, args: argparse.Namespace) -> int:
    from intake_harness import IntakeFactory

    from support_assistant.core import credentials
    from support_assistant.core.outbox import Outbox
    from support_assistant.core.sender import Sender
    from support_assistant.core.upload import TusClient

    bundle = root / "bundle.zip"
    with bundle.open("wb") as handle:
        for _ in range(args.mib):
            handle.write(os.urandom(1 << 20))
    factory = IntakeFactory(root / "intake")
    server = factory()
    try:
        credentials.remember_for_session(credentials.Credentials(
            "CUST-A", server.tokens.customer_a, server.endpoint))
        enqueue, send, bare = [], [], []
        for _ in range(args.runs):
            outbox = Outbox(root / f"outbox-{time.monotonic_ns()}")
            start = time.perf_counter()
            entry = outbox.enqueue(bundle)
            enqueue.append(time.perf_counter() - start)
            start = time.perf_counter()
            Sender(outbox).send(entry.id)
            send.append(time.perf_counter() - start)
            client = TusClient(server.destination(), chunk_size=args.chunk_mib << 20)
            start = time.perf_counter()
            url = client.create(bundle, {"sha256": entry.sha256})
            client.upload(bundle, url)
            bare.append(time.perf_counter() - start)
    finally:
        factory.stop_all()
    size_mb = args.mib * (1 << 20) / 1e6
    med = statistics.median
    chunks = f"chunk {args.chunk_mib} MiB" if args.chunk_mib else "streamed"
    print(f"bundle {args.mib} MiB, {chunks}, {args.runs} runs, "
          f"{os.cpu_count()} CPUs")
    print(f"enqueue (copy + sha256): median {med(enqueue):.3f} s = {size_mb / med(enqueue):.0f} MB/s")
    print(f"Sender.send:             median {med(send):.3f} s = {size_mb / med(send):.0f} MB/s")
    print(f"bare TusClient upload:   median {med(bare):.3f} s = {size_mb / med(bare):.0f} MB/s")
    print(f"send / bare ratio:       {med(send) / med(bare):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
