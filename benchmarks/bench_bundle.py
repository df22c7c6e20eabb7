"""Bundle memory and speed: a 1 GB log plus ten 4K screenshots, written, encrypted and verified.

Target: peak RSS <= 200 MB for every step. Each step runs in its own
subprocess, which reports its peak RSS and its RSS once the report is loaded
(psutil). The peak is the kernel's high-water mark ``VmHWM`` of the child:
``ru_maxrss`` would also count the parent's pages at fork, as Linux keeps it
across execve; a reference step (sha256 of the same payloads, no bundle)
gives the time and memory a plain read costs on this machine, and each step is
printed as a ratio of it.

    .venv/bin/python benchmarks/bench_bundle.py [--log-mb 1024] [--workdir DIR] [--keep]

The work folder (default ``benchmarks/out/bundle``) holds ~1.3 GB of inputs and
~0.6 GB of bundles; it is removed at the end unless ``--keep``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))

TARGET_MB = 200
STEPS = ["reference", "write", "write-age", "verify", "verify-age"]


def make_inputs(workdir: Path, log_mb: int) -> Path:
    """A report with a ``log_mb`` MB log (e-mails pseudonymised) and ten 4K screenshots."""
    from support_assistant.core.items import Box, Finding, Item, ItemKind, RectRedaction
    from support_assistant.core.report import Report

    report = Report.create(product="Bench", product_version="1.0", root=workdir / "reports")
    log_path = report.payload_path("log-1", ".log")
    block, emails = _log_block()
    findings: list[Finding] = []
    blocks = (log_mb << 20) // len(block)
    with open(log_path, "wb") as out:
        for n in range(blocks):
            base = n * len(block)
            out.write(block)
            if n % 8 == 0:  # a finding every few hundred kB, ~28k in all for 1 GB
                findings += [Finding(id=f"f{n}-{k}", detector="email", replacement=f"email-{k}",
                                     start=base + s, end=base + e)
                             for k, (s, e) in enumerate(emails)]
    log = report.add(Item.from_file(id="log-1", kind=ItemKind.LOG, title="product.log",
                                    source="logs", payload=log_path, media_type="text/plain"))
    log.set_findings(findings)
    log.approve()
    for n in range(10):
        path = report.payload_path(f"screenshot-{n + 1}", ".png")
        _screenshot(path, seed=n)
        shot = report.add(Item.from_file(
            id=f"screenshot-{n + 1}", kind=ItemKind.SCREENSHOT, title=f"Screen {n + 1}",
            source="screenshot", payload=path, media_type="image/png",
            metadata={"clean_image": True}))
        if n % 2:  # half are redacted (re-rendered), half stored as captured
            shot.add_redaction(RectRedaction(Box(200, 300, 900, 120)))
        shot.approve()
    report.save()
    return report.session_dir


def _log_block() -> tuple[bytes, list[tuple[int, int]]]:
    """4 MiB of varied log lines, and the spans of the e-mail addresses in the first 64 kB."""
    rng = random.Random(7)
    levels = ["INFO", "INFO", "INFO", "DEBUG", "WARN", "ERROR"]
    lines, emails, size = [], [], 0
    while size < 4 << 20:
        email = f"user{rng.randint(1, 5000)}@example.com"
        line = (f"2025-11-25T09:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}."
                f"{rng.randint(0, 999):03d}Z {rng.choice(levels)} [worker-{rng.randint(1, 16)}] "
                f"request={rng.getrandbits(64):016x} user={email} "
                f"ip=10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)} "
                f"took {rng.randint(1, 5000)}ms status={rng.choice([200, 200, 404, 500])}\n")
        if size < 64 << 10:
            start = size + line.index("user=") + 5
            emails.append((start, start + len(email)))
        lines.append(line)
        size += len(line)
    return "".join(lines).encode(), emails


def _screenshot(path: Path, seed: int) -> None:
    """A 3840x2160 UI-like PNG: panels, text-like strokes and one photo-like area."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (3840, 2160), (240, 240, 242))
    draw = ImageDraw.Draw(image)
    for _ in range(40):
        x, y = rng.randint(0, 3600), rng.randint(0, 2000)
        draw.rectangle((x, y, x + rng.randint(100, 900), y + rng.randint(40, 400)),
                       fill=tuple(rng.randint(150, 255) for _ in range(3)), outline=(90, 90, 90))
    for _ in range(3000):
        x, y = rng.randint(0, 3800), rng.randint(0, 2140)
        draw.text((x, y), f"Label {rng.randint(0, 99999)}", fill=(20, 20, 20))
    noise = Image.effect_noise((960, 540), 60).convert("RGB")
    image.paste(noise, (2600, 1400))
    image.save(path, format="PNG", compress_level=1)


def child(step: str, workdir: Path) -> dict[str, float]:
    """One measured step, in this (fresh) process."""
    import hashlib

    import psutil

    from support_assistant.core.report import Report

    session = next((workdir / "reports").iterdir())
    report = Report.load(session)
    items = report.approved_items()
    loaded_mb = psutil.Process().memory_info().rss / 2**20
    start = time.perf_counter()
    out_bytes = 0
    if step == "reference":
        for item in items:
            digest = hashlib.sha256()
            with open(item.payload, "rb") as handle:
                while block := handle.read(1 << 20):
                    digest.update(block)
    elif step in ("write", "write-age"):
        from support_assistant.core.bundle import write_bundle
        recipient = (workdir / "key.pub").read_text().strip() if step == "write-age" else None
        name = "bundle.zip.age" if recipient else "bundle.zip"
        out_bytes = write_bundle(report, items, workdir / name, recipient=recipient).size
    else:
        from support_assistant.core.bundle_reader import open_bundle
        name, identity = ("bundle.zip.age", workdir / "key.txt") if step == "verify-age" \
            else ("bundle.zip", None)
        with open_bundle(workdir / name, identity=identity) as reader:
            assert reader.verify().ok
    seconds = time.perf_counter() - start
    peak_mb = peak_rss_mb()
    return {"seconds": seconds, "peak_mb": peak_mb, "loaded_mb": loaded_mb,
            "out_bytes": out_bytes}


def peak_rss_mb() -> float:
    """This process's peak RSS: VmHWM on Linux, ru_maxrss elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, kB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log-mb", type=int, default=1024)
    parser.add_argument("--workdir", type=Path, default=ROOT / "benchmarks" / "out" / "bundle")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--child", choices=STEPS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.workdir)))
        return 0

    from pyrage import x25519

    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    env = dict(os.environ, XDG_CACHE_HOME=str(args.workdir / "cache"),
               XDG_DATA_HOME=str(args.workdir / "data"))
    try:
        started = time.perf_counter()
        session = make_inputs(args.workdir, args.log_mb)
        key = x25519.Identity.generate()
        (args.workdir / "key.txt").write_text(f"{key}\n")
        (args.workdir / "key.pub").write_text(f"{key.to_public()}\n")
        payload = sum(p.stat().st_size for p in (session / "items").iterdir())
        print(f"inputs: {payload / 1e6:.0f} MB ({args.log_mb} MiB log, 10 screenshots 3840x2160) "
              f"made in {time.perf_counter() - started:.0f} s; load average "
              f"{' '.join(f'{v:.2f}' for v in os.getloadavg())}")
        results = {}
        for step in STEPS:
            run = subprocess.run([sys.executable, __file__, "--child", step,
                                  "--workdir", str(args.workdir)],
                                 capture_output=True, text=True, env=env, check=False)
            if run.returncode != 0:
                print(f"{step}: failed\n{run.stderr}")
                return 1
            results[step] = json.loads(run.stdout.strip().splitlines()[-1])
        reference = results["reference"]["seconds"]
        print(f"{'step':<11} {'seconds':>8} {'x ref':>6} {'MB/s':>7} {'RSS loaded':>11} "
              f"{'peak RSS':>9} {'output':>10}")
        worst = 0.0
        for step, r in results.items():
            worst = max(worst, r["peak_mb"])
            output = f"{r['out_bytes'] / 1e6:.0f} MB" if r["out_bytes"] else "-"
            print(f"{step:<11} {r['seconds']:8.1f} {r['seconds'] / reference:6.1f} "
                  f"{payload / 1e6 / r['seconds']:7.0f} {r['loaded_mb']:9.0f} MB "
                  f"{r['peak_mb']:6.0f} MB {output:>10}")
        verdict = "OK" if worst <= TARGET_MB else "OVER TARGET"
        print(f"worst peak RSS {worst:.0f} MB (target <= {TARGET_MB} MB): {verdict}; "
              f"load average after {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
        return 0 if worst <= TARGET_MB else 1
    finally:
        if not args.keep:
            shutil.rmtree(args.workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
