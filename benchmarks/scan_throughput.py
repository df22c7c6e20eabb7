"""Text-scan throughput on a generated log: our engine against Python ``re`` and RE2.

    .venv/bin/python benchmarks/scan_throughput.py [--size-mb 200] [--runs 3] [--personal-share 0.2]
    .venv/bin/python benchmarks/scan_throughput.py --size-mb 100 --runs 5 --against REV
    .venv/bin/python benchmarks/scan_throughput.py --size-mb 100 --runs 5 --against python

Generates ``benchmarks/out/scan-<N>MB-<share>.log`` once (with the default share of
0.2, one line in five carries personal data: about 2,850 values per MB among
timestamps, UUIDs, hashes, versions and paths, the density of the 100 MB log in
shared/NOTES.md; see ``scanlog.py``), pins
itself to one core and prints, for each contender, the median of ``--runs`` runs
in MB/s of CPU time (what one core can do, even on a busy machine) and of wall
time, with the number of matches each found. The references run the usual
one-regex-per-detector patterns with no validation, so they find more (versions
as IPs, timestamps as phones, any 16 digits as a card).
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "desktop"))
sys.path.insert(0, str(HERE))

import scanlog  # noqa: E402

from support_assistant.core.scan.engine import Engine  # noqa: E402
from support_assistant.core.scan.identities import Identities  # noqa: E402
from support_assistant.core.scan.network import TLDS  # noqa: E402

# What a straightforward implementation would write: one regex per detector.
REFERENCE = {
    "email": rb"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}",
    "ipv4": rb"\b(?:[0-9]{1,3}\.){3}[0-9]{1,3}\b",
    "ipv6": rb"(?:[0-9A-Fa-f]{1,4}:){7}[0-9A-Fa-f]{1,4}|(?:[0-9A-Fa-f]{1,4}:){1,6}:[0-9A-Fa-f]{1,4}"
            rb"(?::[0-9A-Fa-f]{1,4}){0,5}|::[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{1,4}){0,6}",
    "mac": rb"\b[0-9A-Fa-f]{2}(?:[:\-][0-9A-Fa-f]{2}){5}\b",
    "host": rb"\b(?:[A-Za-z0-9\-]+\.)+(?:" + "|".join(TLDS).encode() + rb")\b",
    "user": rb"(?:/home/|/Users/|[A-Za-z]:\\Users\\)[^/\\\s]+",
    "url-credentials": rb"[A-Za-z][A-Za-z0-9+.\-]*://[^/\s:@]+:[^/\s@]+@",
    "token": rb"[Bb]earer\s+[A-Za-z0-9\-._~+/]{16,}=*|(?:AKIA|ASIA)[0-9A-Z]{16}"
             rb"|gh[pousr]_[A-Za-z0-9]{36}|(?:api[_\-]?key|secret|password|token)\s*[:=]\s*\S{6,}",
    "phone": rb"(?:\+?86[ \-]?)?1[3-9][0-9](?:[ \-]?[0-9]{4}){2}"
             rb"|\+[1-9][0-9]{0,2}[ .\-]?\(?[0-9]{1,4}\)?(?:[ .\-]?[0-9]{2,4}){2,4}",
    "cn-id": rb"\b[0-9]{17}[0-9Xx]\b",
    "card": rb"\b(?:[0-9][ \-]?){12,18}[0-9]\b",
}


def python_re_combined(data: bytes) -> int:
    combined = re.compile(b"|".join(b"(?:%s)" % p for p in REFERENCE.values()))
    return sum(1 for _ in combined.finditer(data))


def re2_per_pattern(data: bytes) -> int:
    import re2

    options = re2.Options()
    options.encoding = re2.Options.Encoding.LATIN1
    return sum(sum(1 for _ in re2.compile(p, options=options).finditer(data))
               for p in REFERENCE.values())


def measure(name: str, run: Callable[[bytes], int], data: bytes, runs: int) -> float:
    cpu, wall, found = [], [], 0
    for _ in range(runs):
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        found = run(data)
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start_wall)
    mb = len(data) / 1e6
    print(f"{name:34} {mb / statistics.median(cpu):8.1f} MB/s cpu {mb / statistics.median(wall):8.1f}"
          f" MB/s wall {found:10d} matches", flush=True)
    return mb / statistics.median(cpu)


def compare_interleaved(old: Engine, new: Engine, data: bytes, runs: int, label: str) -> None:
    """Both engines scan ``data`` in turn, ``runs`` times each (A B A B...: load on the other
    core hits both alike); prints median and best MB/s of CPU time and the ratio of medians."""
    cpu: dict[str, list[float]] = {"old": [], "new": []}
    for _ in range(runs):
        for name, engine in (("old", old), ("new", new)):
            start = time.process_time()
            engine.scan(data)
            cpu[name].append(time.process_time() - start)
    mb = len(data) / 1e6
    print(f"this tree runs {new.locates} locates")
    for name, times in cpu.items():
        print(f"engine at {label if name == 'old' else 'this tree':>14}: median "
              f"{mb / statistics.median(times):6.1f} MB/s cpu, best {mb / min(times):6.1f}")
    print(f"  this tree / {label}: {statistics.median(cpu['old']) / statistics.median(cpu['new']):.3f}"
          f" (medians), {min(cpu['old']) / min(cpu['new']):.3f} (best runs); "
          f"load average {os.getloadavg()[0]:.1f}")


def trigger_pass_only(engine: Engine) -> Callable[[bytes], int]:
    """The multi-pattern pass with an empty callback: the ceiling without per-hit work."""
    def run(data: bytes) -> int:
        hits = [0]

        def count(*_args: object) -> None:
            hits[0] += 1

        engine.matcher.scan(data, count)
        return hits[0]
    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--personal-share", type=float, default=0.2,
                        help="share of lines that carry personal data (default 0.2)")
    parser.add_argument("--skip-python-re", action="store_true",
                        help="leave out the slowest reference (minutes on 200 MB)")
    parser.add_argument("--against", metavar="REV",
                        help="only compare with the engine at git REV, runs interleaved; "
                             "'python': this tree with its Python locates (no _native)")
    args = parser.parse_args()

    if hasattr(os, "sched_setaffinity"):
        core = max(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        print(f"pinned to core {core}; load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} cores")
    name = f"scan-{args.size_mb}MB-{args.personal_share:g}.log"
    path = scanlog.generate(HERE / "out" / name, args.size_mb << 20,
                            personal_share=args.personal_share)
    data = path.read_bytes()
    print(f"{path.name}: {len(data) / 1e6:.1f} MB, medians of {args.runs} runs")

    fields = {"logins": ("alice",), "hosts": ("build-07",),
              "emails": ("alice@corp.example-co.com",)}
    identities = Identities(**fields)
    if args.against == "python":
        compare_interleaved(Engine(identities, "hyperscan", native=False),
                            Engine(identities, "hyperscan"), data, args.runs, "python locates")
        return
    if args.against:
        from scan_findings_check import old_engine_module  # noqa: PLC0415 - only for --against

        old = old_engine_module(args.against)
        old_ids = importlib.import_module("old_support_assistant.core.scan.identities")
        compare_interleaved(old.Engine(old_ids.Identities(**fields), "hyperscan"),
                            Engine(identities, "hyperscan"), data, args.runs, args.against)
        return
    results = {}
    for backend in ("hyperscan", "re2"):
        compile_start = time.perf_counter()
        engine = Engine(identities, backend)
        compiled = time.perf_counter() - compile_start
        if backend == "hyperscan":
            ceiling = measure("  trigger pass alone (no per-hit work)", trigger_pass_only(engine),
                              data, args.runs)
            hits = trigger_pass_only(engine)(data)
        results[backend] = measure(f"engine ({backend}, {engine.locates} locates, "
                                   f"compile {compiled:.2f}s)",
                                   lambda d, e=engine: len(e.scan(d)), data, args.runs)
        if backend == "hyperscan":
            per_hit = (1 / results[backend] - 1 / ceiling) * len(data) / hits
            print(f"  engine / trigger pass alone: {results[backend] / ceiling:.2f}; the rest is "
                  f"{per_hit:.2f} us for each of {hits} hits (locate, validate, "
                  f"resolve, build the Match)")
    measure("google-re2, one pass per pattern", re2_per_pattern, data, args.runs)
    if not args.skip_python_re:
        reference = measure("python re, one combined pattern (reference)", python_re_combined,
                            data, args.runs)
        print(f"engine (hyperscan) / python re: {results['hyperscan'] / reference:.1f}x")


if __name__ == "__main__":
    main()
