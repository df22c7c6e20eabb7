"""core.log_index: filtered views, windows, search and time stamps on real files."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from support_assistant.core.errors import UsageError
from support_assistant.core.log_index import (
    LogView,
    MappedLog,
    compile_pattern,
    index_levels,
    offset_at_time,
    parse_stamp,
    search,
)

LEVEL_NAMES = [b"DEBUG", b"INFO", b"WARNING", b"ERROR", b"CRITICAL", b"TRACE", b"FATAL", b"WARN"]
RANK = {b"DEBUG": 0, b"TRACE": 0, b"INFO": 1, b"WARNING": 2, b"WARN": 2, b"ERROR": 3,
        b"CRITICAL": 4, b"FATAL": 4}


def random_log(path: Path, lines: int = 3000, seed: int = 5) -> list[tuple[int, bytes]]:
    """Lines with random levels, some continuation lines; returns (rank, line) per logical entry."""
    rng = random.Random(seed)
    entries: list[tuple[int, bytes]] = []
    out = []
    for n in range(lines):
        level = rng.choice(LEVEL_NAMES)
        text = b"2025-11-25T10:%02d:%02d.%03dZ [%s] message %d \xff\n" % (
            n // 60 % 60, n % 60, n % 1000, level, n)
        if rng.random() < 0.2:
            text += b"    continuation of %d\n" % n
        entries.append((RANK[level], text))
        out.append(text)
    path.write_bytes(b"".join(out))
    return entries


@pytest.fixture
def log(tmp_path: Path):
    entries = random_log(tmp_path / "app.log")
    mapped = MappedLog(tmp_path / "app.log")
    yield mapped, entries
    mapped.close()


@pytest.mark.parametrize("minimum", [0, 1, 2, 3, 4])
def test_a_filtered_view_is_exactly_the_entries_at_or_above_the_level(log, minimum):
    mapped, entries = log
    view = LogView(mapped, index_levels(mapped), minimum)
    expected = b"".join(text for rank, text in entries if rank >= minimum)
    assert view.size == len(expected)
    windows, position = [], 0
    while position < view.size:
        window = view.window(position, position + 7000)
        assert window.start == position and window.end > position
        windows.append(window.output())
        position = window.end
    assert b"".join(windows) == expected


def test_view_and_file_offsets_map_both_ways(log):
    mapped, _ = log
    view = LogView(mapped, index_levels(mapped), 3)
    for view_offset in range(0, view.size, 997):
        file_offset = view.to_file(view_offset)
        assert view.shows(file_offset)
        assert view.to_view(file_offset) == view_offset
        assert mapped.data[file_offset] == view.window(view_offset, view_offset + 1, True) \
            .output()[0]


def test_search_gives_line_numbers_and_respects_the_filter(log):
    mapped, entries = log
    everything = search(LogView(mapped), compile_pattern("message 1234 ", regex=False,
                                                         ignore_case=False))
    assert len(everything.matches) == 1
    match = everything.matches[0]
    assert bytes(mapped.data[:match.start]).count(b"\n") + 1 == match.line_number
    assert match.text.startswith("2025-11-25T10:20:34.234Z [") and match.text.endswith("\ufffd")
    view = LogView(mapped, index_levels(mapped), 3)
    errors = search(view, compile_pattern(r"\[(ERROR|CRITICAL|FATAL)\]", regex=True,
                                          ignore_case=False))
    assert len(errors.matches) == sum(1 for rank, _ in entries if rank >= 3)
    capped = search(LogView(mapped), compile_pattern("message", regex=False, ignore_case=False),
                    limit=50)
    assert len(capped.matches) == 50 and capped.truncated


def test_a_bad_regular_expression_is_a_usage_error():
    with pytest.raises(UsageError, match=r"^The regular expression '\(x' is not valid"):
        compile_pattern("(x", regex=True, ignore_case=False)


@pytest.mark.parametrize("line, expected", [
    (b"2025-11-25 10:00:01 INFO x", datetime(2025, 11, 25, 10, 0, 1)),
    (b"2025-11-25T10:00:01,250 INFO", datetime(2025, 11, 25, 10, 0, 1, 250000)),
    (b"[2025-11-25 10:00:01.5Z] x", datetime(2025, 11, 25, 10, 0, 1, 500000, tzinfo=UTC)),
    (b"<13>2025-11-25T10:00:01+0100 x",
     datetime(2025, 11, 25, 10, 0, 1, tzinfo=timezone(timedelta(hours=1)))),
    (b"no time here 2025", None),
    (b"x" * 70 + b" 2025-11-25 10:00:01", None),  # too far into the line
    (b"2025-13-45 99:00:01 broken", None),
])
def test_time_stamps_are_read_from_the_start_of_a_line(line, expected):
    assert parse_stamp(line) == expected


def test_jump_to_time_compares_in_the_customers_zone_and_skips_unstamped_lines(tmp_path):
    lines = []
    for n in range(20000):
        lines.append(b"2025-11-25 %02d:%02d:%02d event %d\n" % (n // 3600, n // 60 % 60, n % 60, n))
        if n % 3 == 0:
            lines.append(b"    detail line without time\n")
    path = tmp_path / "naive.log"
    path.write_bytes(b"".join(lines))
    mapped = MappedLog(path)
    try:
        plus_one = timezone(timedelta(hours=1))
        found = offset_at_time(mapped, datetime(2025, 11, 25, 4, 0, 0, tzinfo=plus_one))
        assert mapped.line(found) == b"2025-11-25 04:00:00 event 14400\n"
        found = offset_at_time(mapped, datetime(2025, 11, 25, 4, 0, 0, 500000))
        assert mapped.line(found).startswith(b"2025-11-25 04:00:01 ")
        assert offset_at_time(mapped, datetime(2024, 1, 1)) == 0
        last = offset_at_time(mapped, datetime(2026, 1, 1))
        assert mapped.line(last).startswith(b"2025-11-25 05:33:19 ")
    finally:
        mapped.close()


def test_an_empty_log_has_an_empty_view(tmp_path):
    path = tmp_path / "empty.log"
    path.write_bytes(b"")
    mapped = MappedLog(path)
    view = LogView(mapped, index_levels(mapped), 2)
    assert view.size == 0 and view.window(0, 100).output() == b""
    assert offset_at_time(mapped, datetime(2025, 1, 1)) is None
    mapped.close()
