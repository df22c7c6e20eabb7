"""Check that the scan engine's findings on the generated benchmark logs do not change.

    .venv/bin/python benchmarks/scan_findings_check.py [--size-mb 100] [--personal-share 0.2]
    .venv/bin/python benchmarks/scan_findings_check.py --record      # after a deliberate change
    .venv/bin/python benchmarks/scan_findings_check.py --against REV [--fuzz 2000]

The default compares the findings (detector, start, end of every match, from ``scan`` and
from the chunked ``scan_chunks``) with the digests in ``scan_findings.json``, which were
recorded with the engine before the hot-path rewrite of session 4. ``--against REV``
loads the scan package as it was at git revision REV and compares both engines directly,
on the log, on ``--fuzz`` random lines made of the characters detectors care about and
on a few thousand edge cases (each value alone, at the end of the input and before each kind
of byte that can end it).
Exit status 0 when everything is identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "desktop"))
sys.path.insert(0, str(HERE))

import scanlog  # noqa: E402

from support_assistant.core.scan.engine import Engine  # noqa: E402
from support_assistant.core.scan.identities import Identities  # noqa: E402

DIGESTS = HERE / "scan_findings.json"
IDENTITIES = dict(logins=("alice",), hosts=("build-07",), emails=("alice@corp.example-co.com",))


def digest(matches) -> dict:  # noqa: ANN001 - Match tuples of either engine
    """Count, per-detector counts and sha256 of the ``detector start end`` lines."""
    sha = hashlib.sha256()
    counts: Counter[str] = Counter()
    for m in matches:
        sha.update(b"%s %d %d\n" % (m.detector.encode(), m.start, m.end))
        counts[m.detector] += 1
    return {"count": sum(counts.values()), "detectors": dict(sorted(counts.items())),
            "sha256": sha.hexdigest()}


def log_findings(engine: Engine, data: bytes) -> tuple[dict, dict]:
    whole = digest(engine.scan(data))
    blocks = (data[i:i + (1 << 20)] for i in range(0, len(data), 1 << 20))
    return whole, digest(engine.scan_chunks(blocks))


def old_engine_module(rev: str):  # noqa: ANN201 - the engine module of another revision
    """Import ``support_assistant.core.scan.engine`` as it was at ``rev`` (under another name)."""
    root = Path(tempfile.mkdtemp(prefix="scan-old-"))
    archive = subprocess.run(["git", "-C", str(HERE.parent), "archive", rev, "desktop"],
                             check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(root)], input=archive, check=True)
    package = root / "old_support_assistant"
    (root / "desktop" / "support_assistant").rename(package)
    sys.path.insert(0, str(root))
    return importlib.import_module("old_support_assistant.core.scan.engine")


FUZZ_PIECES = [b"@", b".", b":", b"::", b"-", b"/", b"\\", b" ", b"\n", b"+", b"(", b")", b"=",
               b"_", b"%", b"'", b'"', b"x", b"X", b"com", b"cn", b"de", b"io", b"png", b"home",
               b"Users", b"C:", b"://", b"Bearer ", b"token=", b"password: ", b"eyJ", b"AKIA",
               b"ghp_", b"255", b"127", b"10", b"192", b"168", b"0", b"1", b"13800138000",
               b"+86", b"0086", b"86", b"4111", b"1111", b"138", b"0013", b"8000", b"415",
               b"555", b"0142", b"fe80", b"ff", b"1a", b"2b", b"00", b"version ", b"v",
               b"alice", b"build-07", b"corp", b"example-co", b"11010519491231002X",
               b"4111111111111111", b"-----BEGIN RSA PRIVATE KEY-----", b"abcdefghij0123456789",
               "\u00e9".encode(), b"\xff", b"\t", b"-a", b"a-", b"PNG", b"Com", b"json", b"a" * 63,
               b"b" * 70, b"a.b.c.d.e.f.g.h.i.j.k.", b"1.2.3.4", b"0a:1b:2c:3d:4e:5f",
               b"0a-1b-2c-3d-4e-5f", b"2001:db8::1", b"fe80::1:2:3:4", b"%eth0", b"~", b"$",
               b"public", b"Default User", b"user-1", b"email-2@example.invalid", b"svc:",
               b"https://", b"http://", b"Authorization: Basic ", b"(415) 555-0142", b"+1 ",
               b"2024", b"1234", b"12", b"X", b"x", b",", b"ID"]


def edge_cases() -> list[bytes]:
    """Values at the edges of what the triggers accept (long labels, many labels, file-extension
    top-level domains, netmasks, version words...), each followed by every kind of byte that
    can end it, and at the end of the input: the places where exact trigger ends could differ."""
    locals_ = [b"a", b".a", b"..", b"a.b", b"x" * 70, b"...b", b"u:p", b"https://u:p",
               b"https://u:p:q", b"http://a@b:p", b"%+-_"]
    domains = [b"b.com", b"b.com.", b"b.com..", b"b.co.jp", b"b.com.x1", b"b.com.png", b"2x.png",
               b"b.PNG", b"b.Com", b"b", b"b.", b"b..com", b"b.-com", b"b-.com", b"-b.com", b"b.c",
               b"b.c0m", b"b.com-", b"b.com-x", b"a" * 63 + b".com", b"a" * 64 + b".com",
               b"x." + b"a" * 64 + b".com", b"a." * 10 + b"com", b"a." * 11 + b"com",
               b"b." + b"c" * 24, b"b." + b"c" * 25, b"b.com.png.de", b"b.example", b"b.com@c.com",
               b"b.com.localhost", b"1.2.3.4", b"b.com.-", b"b.com._"]
    others = [b"x.com", b"a.b.com", b"-a.com", b"a-.com", b"_a.com", b"java.io.File", b"x.com.cn",
              b"x.co.jp", b"a" * 70 + b".com", b"x.de@corp.com", b"a" * 60 + b"." + b"b" * 60 + b".com",
              b".".join([b"c" * 60] * 5) + b".com", b"x-" * 40 + b".com", b"ab." * 30 + b"com",
              b"https://x.com/home/bob", b"\"/home/bob", b"x/home/bob", b"~/home/bob",
              b"https://h/a b/home/bob", b"C:\\Users\\bob", b"https://h/C:\\Users\\bob",
              b"1.2.3.4", b"0.1.2.3", b"127.0.0.1", b"255.255.255.0", b"255.1.2.3", b"01.2.3.4",
              b"1.2.3.4.5", b"1.2.3.256", b"254.1.1.1", b"version 1.2.3.4", b"server 1.2.3.4",
              b"build\n1.2.3.4", b"00:1a:2b:3c:4d:5e", b"00:00:00:00:00:00", b"FF:FF:FF:FF:FF:FF",
              b"g0:1a:2b:3c:4d:5e", b"00:1a:2b:3c:4d:5e:6f", b"00:1a:2b:3c:4d:5e-x",
              b"Bearer " + b"q" * 63, b"Bearer " + b"q" * 64 + b"=", b"Bearer " + b"y" * 300,
              b"bearer  " + b"b" * 20, b"Bearer abc=def" + b"x" * 16, b"BEARER token-12",
              b"Bearer token-1234567890123456", b"https://u:p@h.com", b"https://u:p@h.com.cn/",
              b"https://u:p@h.com-x", b"https://u:p@-h.com", b"https://a@b:c@h.com"]
    values = [local + b"@" + domain for local in locals_ for domain in domains] + others
    ends = [b"", b" ", b"\n", b".", b"-", b":", b"@", b"_", b"/x", b".x", b"..", b"!"]
    return [before + value + end for value in values for end in ends for before in (b"", b"x ")]


def fuzz_lines(count: int, seed: int = 11) -> bytes:
    r = random.Random(seed)
    return b"".join(b"".join(r.choice(FUZZ_PIECES) for _ in range(r.randint(1, 40))) + b"\n"
                    for _ in range(count))


def compare_blocks(engine, old_engine, sample: bytes, step: int):  # noqa: ANN001, ANN201
    """Both engines' matches on ``sample`` in blocks of ``step`` lines, leaving out the blocks
    where the old engine raised (it crashed on some hostile lines that are fixed now)."""
    new_m: list[tuple] = []
    old_m: list[tuple] = []
    failed = 0
    lines = sample.splitlines(keepends=True)
    for i in range(0, len(lines), step):
        part = b"".join(lines[i:i + step])
        try:
            before = [tuple(m) for m in old_engine.scan(part)]
        except Exception:  # noqa: BLE001 - a bug of the old revision
            failed += 1
            continue
        old_m += [(i, *m) for m in before]
        new_m += [(i, *tuple(m)) for m in engine.scan(part)]
    return new_m, old_m, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size-mb", type=int, default=100)
    parser.add_argument("--personal-share", type=float, default=0.2)
    parser.add_argument("--record", action="store_true", help="store the current digests")
    parser.add_argument("--against", metavar="REV", help="compare with the engine at git REV")
    parser.add_argument("--fuzz", type=int, default=2000, help="random lines for --against")
    args = parser.parse_args()

    name = f"scan-{args.size_mb}MB-{args.personal_share:g}.log"
    path = scanlog.generate(HERE / "out" / name, args.size_mb << 20,
                            personal_share=args.personal_share)
    data = path.read_bytes()
    engine = Engine(Identities(**IDENTITIES), "hyperscan")
    whole, chunked = log_findings(engine, data)
    ok = whole == chunked
    print(f"{name}: {whole['count']} findings {whole['detectors']}")
    if not ok:
        print("scan and scan_chunks disagree")
    if args.against:
        old = old_engine_module(args.against)
        old_ids = importlib.import_module("old_support_assistant.core.scan.identities")
        old_engine = old.Engine(old_ids.Identities(**IDENTITIES), "hyperscan")
        edges = edge_cases()
        same = [tuple(map(tuple, engine.scan(c))) for c in edges] == \
            [tuple(map(tuple, old_engine.scan(c))) for c in edges]
        ok &= same
        print(f"edge cases: {len(edges)} inputs, {'identical' if same else 'DIFFERENT'}")
        for label, sample, step in (("log", data, 1 << 30), ("fuzz", fuzz_lines(args.fuzz), 50)):
            new_m, old_m, failed = compare_blocks(engine, old_engine, sample, step)
            same = new_m == old_m
            ok &= same
            print(f"{label}: {len(new_m)} findings, {'identical' if same else 'DIFFERENT'}"
                  f" to {args.against}" + (f" ({failed} blocks where it raised left out)"
                                          if failed else ""))
            if not same:
                extra = sorted(set(new_m) - set(old_m))[:5]
                missing = sorted(set(old_m) - set(new_m))[:5]
                print(f"  only now: {extra}\n  only before: {missing}")
        return 0 if ok else 1
    stored = json.loads(DIGESTS.read_text()) if DIGESTS.exists() else {}
    entry = {"log_sha256": hashlib.sha256(data).hexdigest(), **whole}
    if args.record:
        stored[name] = entry
        DIGESTS.write_text(json.dumps(stored, indent=1, sort_keys=True) + "\n")
        print(f"recorded in {DIGESTS.name}")
        return 0 if ok else 1
    if name not in stored:
        print(f"no digest for {name} in {DIGESTS.name}; run with --record first")
        return 1
    if stored[name]["log_sha256"] != entry["log_sha256"]:
        print("the generated log differs from the one recorded (generator changed?)")
        return 1
    same = stored[name] == entry
    print("identical to the recorded findings" if same else
          f"DIFFERENT from the recorded findings: {stored[name]}")
    return 0 if ok and same else 1


if __name__ == "__main__":
    sys.exit(main())
