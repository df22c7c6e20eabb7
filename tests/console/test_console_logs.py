"""Reading a log and the environment in the console: search, regex, level filter, time, tree."""

from __future__ import annotations

from datetime import datetime

from console_bundles import console_bundle

from support_assistant.console.bundle_view import BundleView
from support_assistant.console.environment_page import EnvironmentPage
from support_assistant.console.log_page import LogPage


def open_log(qtbot, tmp_path, log: bytes | None = None) -> tuple[BundleView, LogPage]:
    _, summary = console_bundle(tmp_path, log=log)
    view = BundleView(summary.path)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    with qtbot.waitSignal(view.verified, timeout=20000):
        view.start()
    with qtbot.waitSignal(view.pageReady, timeout=20000):
        page = view.show_page("log-1")
    assert isinstance(page, LogPage)
    return view, page


def search(qtbot, page: LogPage, text: str, *, regex: bool = False, case: bool = False) -> int:
    page.query.setText(text)
    page.regex.setChecked(regex)
    page.case.setChecked(case)
    with qtbot.waitSignal(page.searched, timeout=20000) as blocker:
        page.find()
    return blocker.args[0]


def test_literal_search_lists_lines_and_selects_the_match(qtbot, tmp_path):
    _, page = open_log(qtbot, tmp_path)
    assert search(qtbot, page, "did step 421") == 1
    assert page.results.item(0, 0).text() == str(421 + 105 + 1)  # a trace under each ERROR
    assert page.results.item(0, 1).text().endswith("did step 421")
    assert page.selected_text() == "did step 421"
    assert page.status.text() == "1 matches."


def test_regex_search_and_case(qtbot, tmp_path):
    _, page = open_log(qtbot, tmp_path)
    assert search(qtbot, page, r"worker [35] did step \d+5$", regex=True) > 0
    lines = [page.results.item(r, 1).text() for r in range(page.results.rowCount())]
    assert all(("worker 3" in t or "worker 5" in t) and t.endswith("5") for t in lines)
    assert search(qtbot, page, "traceback", case=True) == 0
    assert search(qtbot, page, "traceback") == 150


def test_bad_regex_says_what_is_wrong(qtbot, tmp_path):
    _, page = open_log(qtbot, tmp_path)
    assert search(qtbot, page, "step (4", regex=True) == -1
    assert page.status.text().startswith("The regular expression 'step (4' is not valid")


def test_level_filter_keeps_errors_with_their_traces(qtbot, tmp_path):
    _, page = open_log(qtbot, tmp_path)
    with qtbot.waitSignal(page.filtered, timeout=20000):
        page.level.setCurrentIndex(page.level.findData(3))  # Error and above
    text = page.text.text()
    lines = [line for line in text.splitlines() if line]
    assert lines and all("ERROR" in line or "Traceback" in line for line in lines)
    assert sum("ERROR" in line for line in lines) == 150
    assert search(qtbot, page, "step 7") == 4  # 7, 71, 75, 79: only ERROR lines are searched
    assert all("ERROR" in page.results.item(r, 1).text() for r in range(page.results.rowCount()))
    with qtbot.waitSignal(page.filtered, timeout=20000):
        page.level.setCurrentIndex(0)
    assert "DEBUG" in page.text.text()


def test_go_to_error_time_selects_the_line_at_that_time(qtbot, tmp_path):
    _, page = open_log(qtbot, tmp_path)
    # report created 09:05:00Z; the customer is at UTC+1, the log has local times
    assert page.error_time.replace(tzinfo=None) == datetime(2025, 11, 25, 10, 5, 0)
    offset = page.go_to_error_time()
    assert page.log.line(offset).startswith(b"2025-11-25 10:05:00 ")
    assert page.selected_text().startswith("2025-11-25 10:05:00")
    offset = page.go_to_time(datetime(2025, 11, 25, 10, 7, 30))
    assert page.log.line(offset).startswith(b"2025-11-25 10:07:30")


def test_a_big_log_scrolls_in_windows_and_jumps_to_time(qtbot, tmp_path):
    lines = b"".join(b"2025-11-25 %02d:%02d:%02d INFO entry %07d %s\n"
                     % (n // 3600, n // 60 % 60, n % 60, n, b"x" * 60) for n in range(40_000))
    _, page = open_log(qtbot, tmp_path, log=lines)
    assert page.log.size == len(lines) > 3 * (512 << 10)
    assert page.text.file_bar.isVisibleTo(page)
    offset = page.go_to_time(datetime(2025, 11, 25, 10, 0, 0))
    assert page.log.line(offset).startswith(b"2025-11-25 10:00:00 INFO entry 0036000")
    assert "entry 0036000" in page.text.text()


def test_log_without_time_stamps_says_so(qtbot, tmp_path):
    _, page = open_log(qtbot, tmp_path, log=b"no stamps here\nnone at all\n")
    assert page.go_to_error_time() is None
    assert page.status.text() == "This log has no time stamps."


def test_environment_tree_search_keeps_parents_of_matches(qtbot, tmp_path):
    _, summary = console_bundle(tmp_path)
    view = BundleView(summary.path)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.verified, timeout=20000):
        view.start()
    with qtbot.waitSignal(view.pageReady, timeout=20000):
        page = view.show_page("environment-1")
    assert isinstance(page, EnvironmentPage)
    assert "os/name" in page.visible_keys() and "memory/total_bytes" in page.visible_keys()
    page.search.setText("bookworm")
    assert page.visible_keys() == ["os", "os/name"]
    page.search.setText("MEMORY")  # a key matches: its whole section shows
    assert page.visible_keys() == ["memory", "memory/total_bytes", "memory/available_bytes"]
    page.search.setText("1280")
    assert page.visible_keys() == ["displays", "displays/monitors", "displays/monitors/[2]",
                                   "displays/monitors/[2]/width"]
    page.search.clear()
    assert len(page.visible_keys()) > 15
