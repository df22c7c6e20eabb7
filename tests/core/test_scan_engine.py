"""The scan engine: chunked files and streams, hostile bytes, and both matching back ends."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path

import pytest

from support_assistant.core.scan import Identities, scan_bytes, scan_chunks, scan_file
from support_assistant.core.scan.engine import Engine

ME = Identities(logins=("jdoe",), hosts=("buildbox",), emails=("jdoe@home.example-co.com",))
VALUES = [b"alice@corp.example-co.com", b"10.20.30.40", b"fe80::1ff:fe23:4567:890a",
          b"00:1a:2b:3c:4d:5e", b"/home/jdoe/x", b"build-07.corp.acme.com", b"13800138000",
          b"11010519491231002X", b"4111 1111 1111 1111", b"Bearer abcdefghijklmnop0123456789",
          b"https://bob:hunter2@git.acme.com/", b"buildbox", b"+86 139 1234 5678"]


def log_with_values(size: int, seed: int = 3, density: float = 0.4) -> bytes:
    """Noise lines with a personal value every few lines, about ``size`` bytes."""
    r = random.Random(seed)
    lines = []
    total = 0
    while total < size:
        line = b"2024-01-15T12:%02d:%02d INFO worker-%d took %d ms " % (
            r.randrange(60), r.randrange(60), r.randrange(9), r.randrange(999))
        if r.random() < density:
            line += b"user " + r.choice(VALUES) + b" done"
        lines.append(line + b"\n")
        total += len(lines[-1])
    return b"".join(lines)


def as_tuples(matches) -> list[tuple[str, int, int, bytes]]:  # noqa: ANN001
    return [(m.detector, m.start, m.end, m.value) for m in matches]


def test_values_across_chunk_boundaries_are_found_once_with_file_offsets(tmp_path):
    chunk = 64 << 10
    data = bytearray(log_with_values(12 * chunk))
    values = (b"alice@corp.example-co.com", b"11010519491231002X", b"+86 139 1234 5678")
    for k in range(1, 12):  # a value straddles every chunk boundary
        value = values[k % 3]
        at = k * chunk - len(value) // 2 - k % 2
        data[at - 1:at + len(value) + 1] = b" " + value + b" "
    path = tmp_path / "big.log"
    path.write_bytes(bytes(data))
    whole = as_tuples(scan_bytes(bytes(data), ME))
    chunked = as_tuples(scan_file(path, ME, chunk=chunk))
    assert chunked == whole
    boundary = [m for m in whole if any(m[1] < k * chunk < m[2] for k in range(1, 12))]
    assert len(boundary) == 11
    assert all(data[s:e] == v for _, s, e, v in chunked)


@pytest.mark.parametrize("block", [1, 7, 4096, 100_003])
def test_stream_of_odd_block_sizes_gives_the_same_matches(block):
    data = log_with_values(300_000, seed=block)
    blocks = (data[i:i + block] for i in range(0, len(data), block))
    assert as_tuples(scan_chunks(blocks, ME, chunk=32 << 10)) == as_tuples(scan_bytes(data, ME))


def test_scan_file_memory_does_not_grow_with_file_size(tmp_path):
    path = tmp_path / "huge.log"
    with open(path, "wb") as handle:
        noise = log_with_values(1 << 20, density=0.01)
        for _ in range(16):
            handle.write(noise)
    tracemalloc.start()
    try:
        count = sum(1 for _ in scan_file(path, ME, chunk=512 << 10))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count > 1000
    assert peak < 3 << 20, f"peak {peak} bytes for a {path.stat().st_size} byte file"


def test_binary_and_non_utf8_bytes_scan_without_crashing():
    r = random.Random(9)
    junk = bytes(r.randrange(256) for _ in range(200_000))
    data = junk + b"\xff\xfe\x00alice@corp.example-co.com\x00\xc3\x28 13800138000\x80" + junk
    matches = scan_bytes(data, ME)
    wanted = (b"alice@corp.example-co.com", b"13800138000")
    assert tuple(m.value for m in matches if m.value in wanted) == wanted
    for m in matches:
        assert data[m.start:m.end] == m.value


def test_empty_input_and_nothing_to_find():
    assert scan_bytes(b"", ME) == []
    assert scan_bytes(b"\x00" * 10_000, ME) == []


def test_re2_fallback_finds_exactly_what_hyperscan_finds():
    pytest.importorskip("hyperscan", reason="hyperscan has no wheel for this machine")
    data = log_with_values(200_000, seed=11)
    assert as_tuples(Engine(ME, "re2").scan(data)) == as_tuples(Engine(ME, "hyperscan").scan(data))


@pytest.mark.parametrize("value", [b"10.20.30.40", b"build-07.corp.acme.com", b"00:1a:2b:3c:4d:5e",
                                   b"https://bob:hunter2@git.acme.com", b"alice@corp.example-co.com",
                                   b"Bearer abcdefghijklmnop0123456789"])
def test_values_at_the_very_end_and_side_by_side(value):
    """Some hyperscan triggers end on the byte after a value (or the end of the input): a value
    is found there as RE2 finds it, and twice when it is written twice."""
    pytest.importorskip("hyperscan", reason="hyperscan has no wheel for this machine")
    alone = as_tuples(Engine(ME, "hyperscan").scan(value))
    assert alone
    for data in (b"x " + value, value + b"\n"):
        assert as_tuples(Engine(ME, "hyperscan").scan(data)) == as_tuples(Engine(ME, "re2").scan(data))
    assert as_tuples(Engine(ME, "re2").scan(value)) == alone
    twice = as_tuples(Engine(ME, "hyperscan").scan(value + b" " + value))
    assert [m[3] for m in twice] == [m[3] for m in alone] * 2


def test_scan_file_of_a_missing_file_raises_oserror(tmp_path: Path):
    with pytest.raises(OSError):
        list(scan_file(tmp_path / "missing.log", ME))
