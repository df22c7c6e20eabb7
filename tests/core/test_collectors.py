"""The collector registry isolates failures; the logs and error collectors keep bytes exact."""

from __future__ import annotations

import importlib
import os
import stat
import threading
import time
from pathlib import Path

import pytest

from support_assistant.core import messages, policy
from support_assistant.core.collectors import (
    CollectContext,
    Collector,
    ScreenshotRequest,
    default_names,
    logs,
    registry,
    run_collectors,
)
from support_assistant.core.collectors import error as error_collector
from support_assistant.core.errors import Cancelled
from support_assistant.core.items import Item, ItemKind
from support_assistant.core.report import ErrorInfo, Report


def make_context(tmp_path: Path, *, product: str = "Acme", error: ErrorInfo | None = None,
                 log_paths: list[str] | None = None, **settings: object) -> CollectContext:
    report = Report.create(product=product, product_version="1.0", error=error,
                           root=tmp_path / "reports")
    config = policy.load()
    config.values.update(settings)
    return CollectContext(report=report, config=config, log_paths=list(log_paths or []))


# --- the registry -------------------------------------------------------------------------

def test_every_registered_collector_is_declared_completely():
    found = registry()
    assert set(found) == {"environment", "logs", "screenshot", "error"}
    english = messages.english()
    for name, collector in found.items():
        module = importlib.import_module(f"support_assistant.core.collectors.{name}")
        assert module.COLLECTOR is collector, name
        assert module.__doc__ and module.__doc__.strip(), name
        assert collector.name == name
        assert collector.title in english, f"{name}: title is not a registered message key"
        assert isinstance(collector.kind, ItemKind)
        assert 0 < collector.timeout <= 120, name
        assert callable(collector.collect) and callable(collector.wanted)
    assert set(found) <= set(policy.SETTINGS["collectors.enabled"].default)


def test_policy_decides_which_collectors_may_run(tmp_path):
    context = make_context(tmp_path, error=ErrorInfo("boom"), log_paths=[str(tmp_path)])
    context.screenshot = ScreenshotRequest()
    assert default_names(context) == ["environment", "error", "logs", "screenshot"]
    context.config.values["collectors.enabled"] = ["environment", "screenshot"]
    assert default_names(context) == ["environment", "screenshot"]
    context.config.values["screenshots.allowed"] = False
    assert default_names(context) == ["environment"]


def test_collectors_without_work_are_not_wanted(tmp_path):
    context = make_context(tmp_path, product="")
    assert default_names(context) == ["environment"]


def _crash(context: CollectContext) -> list[Item]:
    return [1 / 0]  # type: ignore[list-item]


def test_crashing_and_hanging_collectors_become_error_items_and_the_others_run(tmp_path):
    release = threading.Event()

    def hang(context: CollectContext) -> list[Item]:
        release.wait(30)
        return []

    available = {
        "crash": Collector("crash", "collect.error.title", ItemKind.TEXT, 5.0, _crash),
        "hang": Collector("hang", "collect.error.title", ItemKind.TEXT, 0.3, hang),
        "error": error_collector.COLLECTOR,
    }
    context = make_context(tmp_path, error=ErrorInfo("It broke", "Traceback: here"))
    seen: list[tuple[str, int, int]] = []
    started = time.monotonic()
    try:
        result = run_collectors(context, ["crash", "hang", "error"], available=available,
                                progress=lambda *args: seen.append(args))
    finally:
        release.set()
    assert time.monotonic() - started < 3
    assert [i.id for i in context.report.items] == ["failed-crash-1", "failed-hang-1", "error-1"]
    by_name = {f.collector: f for f in result.failures}
    assert by_name["crash"].reason == "exception" and by_name["hang"].reason == "timeout"
    crash_text = by_name["crash"].item.payload.read_text(encoding="utf-8")
    assert "ZeroDivisionError" in crash_text and "_crash" in crash_text
    hang_text = by_name["hang"].item.payload.read_text(encoding="utf-8")
    assert "0.3 seconds" in hang_text and "in hang" in hang_text  # the stack where it hung
    assert "It broke" in context.report.item("error-1").payload.read_text(encoding="utf-8")
    assert seen[0] == ("collect", 0, 3) and seen[-1] == ("collect", 3, 3)
    assert Report.load(context.report.session_dir).items[0].id == "failed-crash-1"


def test_cancel_abandons_collecting_and_adds_nothing(tmp_path):
    cancel = threading.Event()

    def slow(context: CollectContext) -> list[Item]:
        cancel.set()
        context.cancel.wait(5)
        return []

    available = {"slow": Collector("slow", "collect.error.title", ItemKind.TEXT, 10.0, slow)}
    context = make_context(tmp_path)
    with pytest.raises(Cancelled):
        run_collectors(context, ["slow"], available=available, cancel=cancel)
    assert context.report.items == []


def test_item_ids_are_unique_across_parallel_collectors(tmp_path):
    def many(context: CollectContext) -> list[Item]:
        return [_text_item(context, "same") for _ in range(20)]

    available = {name: Collector(name, "collect.error.title", ItemKind.TEXT, 5.0, many)
                 for name in ("a", "b", "c")}
    context = make_context(tmp_path)
    run_collectors(context, list(available), available=available)
    ids = [i.id for i in context.report.items]
    assert len(ids) == len(set(ids)) == 60


def _text_item(context: CollectContext, prefix: str) -> Item:
    from support_assistant.core.collectors import write_payload

    item_id = context.new_item_id(prefix)
    path = write_payload(context, item_id, ".txt", item_id.encode())
    return Item.from_file(id=item_id, kind=ItemKind.TEXT, title="t", source="test",
                          payload=path, media_type="text/plain")


# --- the error collector ------------------------------------------------------------------

def test_error_item_holds_message_context_and_trace_as_text(tmp_path):
    error = ErrorInfo("Disk full: /home/alice/data", "Traceback (most recent call last):\n  x",
                      {"document": "report.odt", "action": "save"})
    context = make_context(tmp_path, error=error)
    result = run_collectors(context, ["error"])
    item = result.items[0]
    text = item.payload.read_text(encoding="utf-8")
    assert text.index("Disk full") < text.index("action: save") < text.index("Traceback")
    assert "alice" not in item.title and "alice" not in repr(item.metadata)
    assert stat.S_IMODE(item.payload.stat().st_mode) == 0o600


def test_error_collector_adds_nothing_without_an_error(tmp_path):
    context = make_context(tmp_path)
    assert error_collector.collect(context) == []


# --- the logs collector -------------------------------------------------------------------

def test_log_tail_is_capped_and_starts_at_a_line(tmp_path):
    log = tmp_path / "app.log"
    lines = [f"line {n:05d} something happened\n".encode() for n in range(2000)]
    log.write_bytes(b"".join(lines))
    context = make_context(tmp_path, log_paths=[str(log)], **{"logs.max_bytes_per_file": 1000})
    item = logs.collect(context)[0]
    data = item.payload.read_bytes()
    assert len(data) <= 1000 and data.endswith(lines[-1])
    assert data.startswith(b"line ") and log.read_bytes().endswith(data)
    assert item.metadata["truncated"] is True
    assert item.metadata["original_size"] == log.stat().st_size
    assert item.metadata["kept_from"] == log.stat().st_size - len(data)


def test_binary_and_non_utf8_content_survives_byte_exact(tmp_path):
    blob = bytes(range(256)) * 64 + "été 中文".encode("latin-1", "replace") + b"\xff\xfe\x00"
    log = tmp_path / "binary.log"
    log.write_bytes(blob)
    context = make_context(tmp_path, log_paths=[str(log)])
    item = logs.collect(context)[0]
    assert item.payload.read_bytes() == blob
    assert item.metadata["utf8"] is False and item.metadata["binary"] is True
    assert "\ufffd" in logs.display_text(item.payload.read_bytes())


def test_tail_without_newline_keeps_exactly_the_last_bytes(tmp_path):
    blob = os.urandom(5000).replace(b"\n", b"x")
    log = tmp_path / "noline.log"
    log.write_bytes(blob)
    context = make_context(tmp_path, log_paths=[str(log)], **{"logs.max_bytes_per_file": 777})
    assert logs.collect(context)[0].payload.read_bytes() == blob[-777:]


def test_policy_globs_for_the_product_and_cli_paths_are_collected_once(tmp_path):
    folder = tmp_path / "logs"
    (folder / "sub").mkdir(parents=True)
    for name in ("b.log", "a.log", "skip.txt", "sub/c.log"):
        (folder / name).write_text(name)
    context = make_context(tmp_path, log_paths=[str(folder / "a.log")], **{
        "logs.paths": {"Acme": [str(folder / "**" / "*.log"), str(tmp_path / "none-*.log")],
                       "Other": [str(folder / "skip.txt")]}})
    items = logs.collect(context)
    titles = [i.title for i in items]
    assert titles == ["Log file a.log", "Log file b.log", "Log file c.log",
                      "Log collection notes"]
    notes = items[-1].payload.read_text(encoding="utf-8")
    assert "none-*.log: no file matches" in notes


def test_environment_variables_and_home_are_expanded_in_patterns(tmp_path, monkeypatch):
    (tmp_path / "x.log").write_text("x")
    monkeypatch.setenv("APP_LOG_DIR", str(tmp_path))
    context = make_context(tmp_path, log_paths=["$APP_LOG_DIR/x.log"])
    assert [i.title for i in logs.collect(context)] == ["Log file x.log"]


def test_symlink_leading_outside_its_folder_is_refused(tmp_path):
    secret = tmp_path / "secret" / "id_rsa"
    secret.parent.mkdir()
    secret.write_text("PRIVATE KEY")
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "evil.log").symlink_to(secret)
    (folder / "real-2024.log").write_text("real")
    (folder / "current.log").symlink_to(folder / "real-2024.log")
    context = make_context(tmp_path, log_paths=[str(folder / "*.log")])
    items = logs.collect(context)
    payloads = [i.payload.read_bytes() for i in items if i.kind == ItemKind.LOG]
    assert payloads == [b"real"]  # current.log and real-2024.log are the same file
    notes = items[-1].payload.read_text(encoding="utf-8")
    assert "evil.log: a symbolic link" in notes
    assert all(b"PRIVATE" not in p.read_bytes() for p in context.report.session_dir.rglob("*")
               if p.is_file())


@pytest.mark.parametrize("make", [
    pytest.param(lambda p: os.mkfifo(p), id="fifo"),
    pytest.param(lambda p: p.symlink_to("/dev/zero"), id="device"),
    pytest.param(lambda p: p.mkdir(), id="folder"),
])
def test_non_regular_files_are_skipped_without_reading(tmp_path, make):
    target = tmp_path / "weird.log"
    make(target)
    context = make_context(tmp_path, log_paths=[str(target)])
    started = time.monotonic()
    items = logs.collect(context)
    assert time.monotonic() - started < 2  # a FIFO with no writer must not block
    assert [i.kind for i in items] == [ItemKind.TEXT]
    text = items[0].payload.read_text(encoding="utf-8")
    assert "weird.log" in text and ("not a regular file" in text or "symbolic link" in text)


def test_unreadable_log_is_noted_and_others_still_collected(tmp_path):
    if os.geteuid() == 0:
        # root reads any file; a vanished file exercises the same path
        locked = tmp_path / "locked.log"
    else:
        locked = tmp_path / "locked.log"
        locked.write_text("x")
        locked.chmod(0)
    fine = tmp_path / "fine.log"
    fine.write_text("fine")
    context = make_context(tmp_path, log_paths=[str(locked), str(fine)])
    items = logs.collect(context)
    assert [i.title for i in items] == ["Log file fine.log", "Log collection notes"]
    assert "locked.log" in items[-1].payload.read_text(encoding="utf-8")


def test_number_of_log_files_is_capped(tmp_path):
    for n in range(logs.MAX_FILES + 5):
        (tmp_path / f"{n:03d}.log").write_text(str(n))
    found = logs.plan([str(tmp_path / "*.log")])
    assert len(found.files) == logs.MAX_FILES
    assert "more than" in found.notes[0]
