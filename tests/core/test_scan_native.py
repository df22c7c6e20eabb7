"""The compiled locates (core/scan/_native.c) find exactly what the Python ones find.

The Python locates are the reference: both engines run in this process on random lines made
of the characters detectors care about, on mutated lines of the generated log and on the
edge-case set of benchmarks/scan_findings_check.py, and must agree match for match.
"""

from __future__ import annotations

import random

import pytest

from support_assistant.core.scan import engine as engine_module
from support_assistant.core.scan.engine import PURE_ENV, Engine

# what the ports branch on: digit groups, ID dates and provinces, prefixes, version words
PIECES = [b"1", b"2", b"3", b"5", b"6", b"9", b"0", b" ", b"-", b".", b",", b"X", b"x", b"(+86)",
          b"+1", b"+", b"\n", b"110105", b"19491231", b"0229", b"2000", b"62", b"35", b"37",
          b"2221", b"2720", b"a:", b"::", b"f", b"00", b"ff", b"a.", b"com.", b"-com", b".png",
          b"x@", b"://u:p@", b"ver ", b"rev:", b"V=", b"\n10.1.2.3", b"/home/", b"/Users/",
          b"C:\\Users\\", b"c:/users/", b"D:\\\\Users\\\\", b"Bearer ", b"bearer\t", b"user-12",
          b"user-1@", b"All Users", b"shared", b"http://a.b/", b"ttps://", b"q" * 20, b"Qq0-_~+/" * 3,
          b"host-3", b"u@h.com", b"@h.cn", b"a.-b", b"b" * 64]


@pytest.fixture(scope="module")
def engines(findings_check):
    check = findings_check
    identities = check.Identities(**check.IDENTITIES)
    native = Engine(identities, "hyperscan", native=True)
    pure = Engine(identities, "hyperscan", native=False)
    return check, native, pure


def _compare(native: Engine, pure: Engine, blocks: list[bytes]) -> int:
    found = 0
    for block in blocks:
        expected = pure.scan(block)
        assert native.scan(block) == expected, block
        found += len(expected)
    return found


def test_the_extension_is_built_and_used(engines):
    # CI installs gcc and the Python headers (scripts/debian-packages.txt): the build must work
    assert engine_module._native is not None, "setup.py did not build core/scan/_native.c"
    _, native, pure = engines
    assert (native.locates, pure.locates) == ("native", "python")


def test_the_environment_forces_the_python_locates(monkeypatch, findings_check):
    identities = findings_check.Identities(logins=("alice",))
    monkeypatch.setenv(PURE_ENV, "1")
    assert Engine(identities, "hyperscan").locates == "python"
    monkeypatch.setenv(PURE_ENV, "0")
    assert Engine(identities, "hyperscan").locates == "native"


def test_random_lines_and_edge_cases_agree(engines):
    check, native, pure = engines
    rng = random.Random(5)
    pieces = check.FUZZ_PIECES + PIECES
    lines = [b"".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
             for _ in range(40000)]
    blocks = [b"\n".join(lines[i:i + 20]) for i in range(0, len(lines), 20)] + lines[:4000]
    assert _compare(native, pure, blocks) > 5000
    assert _compare(native, pure, check.edge_cases()) > 1000


def test_the_re2_back_end_agrees_too(engines):
    check, _, _ = engines
    identities = check.Identities(**check.IDENTITIES)
    native, pure = Engine(identities, "re2", native=True), Engine(identities, "re2", native=False)
    rng = random.Random(9)
    pieces = check.FUZZ_PIECES + PIECES
    lines = [b"".join(rng.choice(pieces) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    assert _compare(native, pure, [b"\n".join(lines[i:i + 20]) for i in range(0, 3000, 20)]) > 1000


def test_mutated_log_lines_agree(engines, tmp_path):
    check, native, pure = engines
    data = check.scanlog.generate(tmp_path / "scan.log", 1 << 20, personal_share=0.2).read_bytes()
    lines = data.splitlines(keepends=True)
    rng = random.Random(7)
    blocks = []
    for _ in range(3000):
        i = rng.randrange(len(lines) - 5)
        block = bytearray(b"".join(lines[i:i + 5]))
        for _ in range(rng.randint(1, 6)):
            j = rng.randrange(len(block) + 1)
            op = rng.random()
            if op < 0.4 and j < len(block):
                block[j] = rng.choice(b"0123456789.:-@ xXaf\n_/+(),")
            elif op < 0.7:
                block[j:j] = rng.choice(PIECES)
            else:
                del block[j:j + rng.randint(1, 4)]
        blocks += [bytes(block), bytes(block[:rng.randrange(len(block) + 1)])]
    assert _compare(native, pure, blocks) > 1000
    found = native.scan(data)
    assert found == pure.scan(data)
    assert {type(m) for m in found} == {engine_module.Match}  # built by _native.matches
    assert found[0].value == data[found[0].start:found[0].end]
    blocks = [data[i:i + (1 << 16)] for i in range(0, len(data), 1 << 16)]
    assert list(native.scan_chunks(blocks, 1 << 17)) == found


@pytest.mark.parametrize("buf", [b"", b"@", b"://@", b"1" * 20])
def test_the_callback_stays_inside_the_buffer_whatever_offsets_it_gets(buf: bytes):
    """Each compiled locate, called with offsets no trigger would report, finds nothing
    outside the buffer (a span it returns is sliceable) or hands the hit to Python."""
    native = engine_module._native
    deferred = []
    for kind in native.KINDS.values():
        for start, end in [(0, 0), (0, 1), (0, 2), (0, len(buf)), (len(buf), len(buf)),
                           (-5, 3), (0, len(buf) + 7), (len(buf) + 1, 2 * len(buf) + 9)]:
            out: list = []
            collect = native.Collector(buf, 0, bytes([kind]),
                                       [lambda *args: deferred.append(args)], out)
            collect(0, start, end, 0, None)
            for span_start, span_end, _ in out:
                assert 0 <= span_start <= span_end <= len(buf), (kind, start, end, out)
