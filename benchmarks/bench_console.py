"""Console: how fast a 500 MB bundle shows its summary, and what reading it costs.

Target: the summary of a 500 MB bundle in under one second. The bundle is made
with the real writer: a 300 MiB log (varied lines, levels, time stamps) that
deflates to about 100 MB, an environment item, and sixteen 3840x2160
noise-heavy PNG screenshots (stored as they are), about 500 MB on disk.

Measured, each as the median of ``--runs`` runs in this process:

* ``summary (core)``: open + check the zip directory and manifest schema +
  verify and parse the environment item + highlights — what the summary needs.
* ``summary (window)``: a :class:`console.bundle_view.BundleView`, offscreen,
  from ``start()`` until the summary shows the environment highlights.
* ``full verify`` (the reference): every file's sha256 checked, as ``inspect``
  does; the summary times are printed as a fraction of it.
* reading the log: spool (verified) to a temporary file, index levels,
  a literal and a regex search, jump to a time.
* ``.zip.age``: the same summary for the encrypted bundle (it must be
  decrypted to a private temporary file first, so it is not lazy).

    .venv/bin/python benchmarks/bench_console.py [--workdir DIR] [--keep] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

LOG_MB = 300
SCREENSHOTS = 16


def build(workdir: Path) -> tuple[Path, Path, Path]:
    """The plain and the encrypted bundle (made once; reused while the work folder is kept)."""
    from pyrage import x25519

    from support_assistant.core.bundle import write_bundle
    from support_assistant.core.items import Item, ItemKind
    from support_assistant.core.report import Report

    plain, encrypted, key = workdir / "big.zip", workdir / "big.zip.age", workdir / "key.txt"
    if plain.exists() and encrypted.exists() and key.exists():
        return plain, encrypted, key
    workdir.mkdir(parents=True, exist_ok=True)
    report = Report.create(product="Bench", product_version="1.0", root=workdir / "reports")
    log_path = report.payload_path("log-1", ".log")
    block = _log_block()
    with open(log_path, "wb") as out:
        for _ in range((LOG_MB << 20) // len(block)):
            out.write(block)
    report.add(Item.from_file(id="log-1", kind=ItemKind.LOG, title="product.log", source="logs",
                              payload=log_path, media_type="text/plain")).approve()
    env_path = report.payload_path("environment-1", ".json")
    env_path.write_text(json.dumps({
        "os": {"name": "Debian GNU/Linux 12 (bookworm)", "build": "12"},
        "memory": {"total_bytes": 16 << 30, "available_bytes": 5 << 30},
        "displays": {"count": 1, "monitors": [{"width": 3840, "height": 2160}]},
        "time_zone": {"utc_offset_minutes": 0},
        "intake": {"endpoint": "https://support.example.com/files/", "reachable": True,
                   "answered": True, "http_status": 204}}))
    report.add(Item.from_file(id="environment-1", kind=ItemKind.ENVIRONMENT, title="Environment",
                              source="environment", payload=env_path,
                              media_type="application/json")).approve()
    for n in range(SCREENSHOTS):
        path = report.payload_path(f"screenshot-{n + 1}", ".png")
        _noise_png(path, n)
        report.add(Item.from_file(id=f"screenshot-{n + 1}", kind=ItemKind.SCREENSHOT,
                                  title=f"Screen {n + 1}", source="screenshot", payload=path,
                                  media_type="image/png",
                                  metadata={"clean_image": True})).approve()
    write_bundle(report, report.approved_items(), plain)
    identity = x25519.Identity.generate()
    key.write_text(f"{identity}\n")
    write_bundle(report, report.approved_items(), encrypted, recipient=str(identity.to_public()))
    shutil.rmtree(workdir / "reports")
    return plain, encrypted, key


def _log_block() -> bytes:
    rng = random.Random(7)
    levels = ["INFO", "INFO", "INFO", "DEBUG", "WARNING", "ERROR"]
    lines, size = [], 0
    while size < 4 << 20:
        line = (f"2025-11-25 09:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d},"
                f"{rng.randint(0, 999):03d} {rng.choice(levels)} [worker-{rng.randint(1, 16)}] "
                f"request={rng.getrandbits(64):016x} took {rng.randint(1, 5000)}ms "
                f"status={rng.choice([200, 200, 404, 500])}\n")
        lines.append(line)
        size += len(line)
    return "".join(lines).encode()


def _noise_png(path: Path, seed: int) -> None:
    from PIL import Image

    random.seed(seed)
    Image.frombytes("RGB", (3840, 2160), os.urandom(3840 * 2160 * 3)) \
        .save(path, format="PNG", compress_level=0)


def median_of(runs: int, work) -> tuple[float, object]:  # noqa: ANN001
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def summary_core(path: Path, identity: Path | None = None) -> list[tuple[str, str]]:
    from support_assistant.core.bundle_contents import highlights, open_contents

    with open_contents(path, identity) as contents:
        return highlights(contents.environment())


def summary_window(app, path: Path) -> float:  # noqa: ANN001
    from PySide6.QtCore import QEventLoop, QTimer

    from support_assistant.console.bundle_view import BundleView

    view = BundleView(path)
    view.resize(1200, 800)
    view.show()
    loop = QEventLoop()
    start = time.perf_counter()
    done = {}

    def check() -> None:
        if view.summary is not None and "env.os" in view.summary.values:
            done["at"] = time.perf_counter() - start
            loop.quit()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(1)
    view.start()
    loop.exec()
    timer.stop()
    if not view.all_verified:  # let the verification finish before the next run
        finished = QEventLoop()
        view.verified.connect(lambda _ok: finished.quit())
        finished.exec()
    view.close_bundle()
    view.deleteLater()
    app.processEvents()
    return done["at"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, default=ROOT / "benchmarks" / "out" / "console")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("XDG_CACHE_HOME", str(args.workdir / "cache"))

    from support_assistant.app.application import create_application
    from support_assistant.core import log_index
    from support_assistant.core.bundle_contents import open_contents

    started = time.perf_counter()
    plain, encrypted, key = build(args.workdir)
    print(f"bundle: {plain.stat().st_size / 1e6:.0f} MB (.zip), "
          f"{encrypted.stat().st_size / 1e6:.0f} MB (.zip.age); built or found in "
          f"{time.perf_counter() - started:.1f} s")
    runs = args.runs
    rows: list[tuple[str, float]] = []

    def full_verify() -> bool:
        with open_contents(plain) as contents:
            return contents.verify().ok

    reference, ok = median_of(max(1, runs // 2), full_verify)
    assert ok
    rows.append(("full verify (reference)", reference))
    core, pairs = median_of(runs, lambda: summary_core(plain))
    assert pairs, "no highlights"
    rows.append(("summary (core: open, manifest, environment)", core))
    app = create_application()
    window = statistics.median(summary_window(app, plain) for _ in range(runs))
    rows.append(("summary (window, offscreen)", window))
    age, _ = median_of(max(1, runs // 2), lambda: summary_core(encrypted, key))
    rows.append(("summary of the .zip.age (decrypts first)", age))

    with open_contents(plain) as contents:
        info = contents.item("log-1")
        spool, path = median_of(1, lambda: contents.spool(info))
        rows.append((f"spool the {info.size / 1e6:.0f} MB log (verified)", spool))
        log = log_index.MappedLog(path)
        index_time, index = median_of(1, lambda: log_index.index_levels(log))
        rows.append(("index the level of every line", index_time))
        view = log_index.LogView(log, index, 3)
        rows.append((f"filter to ERROR and above ({view.size / 1e6:.0f} MB shown)",
                     median_of(runs, lambda: log_index.LogView(log, index, 3))[0]))
        literal = log_index.compile_pattern("request=00", regex=False, ignore_case=False)
        rows.append(("literal search, whole log (first 10,000 matches)",
                     median_of(1, lambda: log_index.search(log_index.LogView(log), literal))[0]))
        rare = log_index.compile_pattern("took 4999ms status=500", regex=False,
                                         ignore_case=False)
        rows.append(("literal search, whole log (rare match)",
                     median_of(1, lambda: log_index.search(log_index.LogView(log), rare))[0]))
        regex = log_index.compile_pattern(r"took 49\d\dms status=5\d\d", regex=True,
                                          ignore_case=False)
        rows.append(("regex search, whole log",
                     median_of(1, lambda: log_index.search(log_index.LogView(log), regex))[0]))
        rows.append(("jump to a time (bisect)", median_of(runs, lambda: log_index.offset_at_time(
            log, datetime(2025, 11, 25, 9, 30)))[0]))
        rows.append(("one 512 kB view window", median_of(runs, lambda: view.window(
            view.size // 2, view.size // 2 + (512 << 10)))[0]))
        log.close()

    print(f"{'step':<55} {'median s':>9} {'x verify':>9}")
    for name, seconds in rows:
        print(f"{name:<55} {seconds:>9.3f} {seconds / reference:>9.3f}")
    print(f"target: summary < 1 s: {'met' if max(core, window) < 1 else 'NOT met'} "
          f"(core {core:.3f} s, window {window:.3f} s)")
    if not args.keep:
        shutil.rmtree(args.workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
