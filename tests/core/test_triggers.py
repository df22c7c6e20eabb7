"""Trigger requests: URL parsing is strict and capped, the spool hands requests over whole."""

from __future__ import annotations

import json

import pytest

from support_assistant.core import policy, triggers
from support_assistant.core.errors import UsageError
from support_assistant.core.locking import FileLock


def test_a_well_formed_url_becomes_a_request() -> None:
    request = triggers.parse_url("support-assistant://report?product=Web%20Console&version=2.1"
                                 "&error=Save%20failed%3A%20%E4%BF%9D%E5%AD%98&screenshot=none")
    assert (request.product, request.product_version) == ("Web Console", "2.1")
    assert request.error_message == "Save failed: 保存"
    assert (request.screenshot, request.origin) == ("none", "url")
    assert request.logs == [] and request.attachments == []


def test_the_url_target_may_also_be_a_path() -> None:
    assert triggers.parse_url("support-assistant:/report?product=P").product == "P"
    assert triggers.parse_url("SUPPORT-ASSISTANT://REPORT?product=P").screenshot == "auto"


@pytest.mark.parametrize(("url", "sentence"), [
    ("support-assistant://report?product=" + "a" * 9000, "at most 8192 are accepted"),
    ("support-assistant://report?product=" + "a" * 101, "product name is 101 characters"),
    ("support-assistant://report?product=P&version=" + "1" * 65, "product version is 65"),
    ("support-assistant://report?product=P&error=" + "e" * 4001, "error message is 4001"),
    ("https://report?product=P", "Only URLs that start with support-assistant://report"),
    ("javascript:alert(1)", "Only URLs that start with support-assistant://report"),
    ("support-assistant://delete?product=P", "is not 'report'"),
    ("support-assistant://report/../../etc?product=P", "is not 'report'"),
    ("support-assistant://report?product=P&log=/etc/shadow", "parameter 'log' is not known"),
    ("support-assistant://report?product=P&attach=/etc/passwd", "'attach' is not known"),
    ("support-assistant://report?product=P&product=Q", "given more than once"),
    ("support-assistant://report?product=P&error=a%ffb", "malformed"),
    ("support-assistant://report?product=P&&&", "malformed"),
    ("support-assistant://report?product=P&error&x", "malformed"),
    ("support-assistant://report?error=x", "Name the product"),
    ("support-assistant://report?product=%20", "Name the product"),
    ("support-assistant://report?product=P%0Aevil", "control characters"),
    ("support-assistant://report?product=P&error=a%00b", "control characters"),
    ("support-assistant://report?product=P&screenshot=region", "'auto', 'none' or 'window:ID'"),
    ("support-assistant://report?product=P&screenshot=window:0xZZ", "'window:ID'"),
])
def test_hostile_or_malformed_urls_are_refused_in_one_sentence(url: str, sentence: str) -> None:
    with pytest.raises(UsageError) as caught:
        triggers.parse_url(url)
    text = str(caught.value)
    assert sentence in text
    assert text.count(". ") == 0 and "\n" not in text
    assert caught.value.exit_code == 2


def test_multi_line_error_messages_are_kept() -> None:
    request = triggers.parse_url("support-assistant://report?product=P&error=line%201%0Aline%202")
    assert request.error_message == "line 1\nline 2"


@pytest.mark.parametrize(("value", "window"), [("auto", None), ("none", None),
                                              ("window:4194311", 4194311),
                                              ("window:0x400007", 0x400007)])
def test_screenshot_choices(value: str, window: int | None) -> None:
    request = triggers.TriggerRequest(product="P", screenshot=triggers.parse_screenshot(value))
    assert request.window_id == window


def test_submit_spools_the_request_and_leaves_the_screenshot_to_a_running_instance() -> None:
    lock = FileLock(triggers.lock_path())
    lock.acquire()  # an instance "runs" (nobody listens: the spool is the hand-over)
    try:
        request = triggers.submit(triggers.TriggerRequest(product="P", error_message="boom"),
                                  policy.load())
    finally:
        lock.release()
    [(spooled, folder)] = triggers.drain()
    assert spooled.id == request.id and spooled.error_message == "boom"
    assert spooled.screenshot_state == "pending"
    assert not (folder / triggers.SCREENSHOT_FILE).exists()
    assert oct(folder.stat().st_mode & 0o777) == "0o700"


def test_policy_can_turn_automatic_screenshots_off(tmp_path, monkeypatch) -> None:
    path = tmp_path / "policy.toml"
    path.write_text("[screenshots]\nautomatic = false\n")
    monkeypatch.setenv("SUPPORT_ASSISTANT_POLICY", str(path))
    triggers.submit(triggers.TriggerRequest(product="P"), policy.load(), start=False)
    [(spooled, folder)] = triggers.drain()
    assert spooled.screenshot_state == "off"
    assert not (folder / triggers.SCREENSHOT_FILE).exists()


def test_a_request_without_a_display_records_why_no_screenshot_was_taken(monkeypatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    triggers.submit(triggers.TriggerRequest(product="P", screenshot="window:0x1"), policy.load(),
                    start=False)
    [(spooled, _folder)] = triggers.drain()
    assert spooled.screenshot_state == "failed"
    assert "display" in spooled.screenshot_note.lower()


def test_drain_drops_unreadable_and_hostile_spool_entries() -> None:
    spool = triggers.spool_dir()
    for name, content in (("1-bad-json", "{"), ("2-no-product", json.dumps({"product": ""})),
                          ("3-long", json.dumps({"product": "p" * 500}))):
        (spool / name).mkdir()
        (spool / name / triggers.REQUEST_FILE).write_text(content)
    (spool / ".new-half-written").mkdir()
    assert triggers.drain() == []
    assert [p.name for p in spool.iterdir()] == [".new-half-written"]


def test_the_server_name_differs_per_data_folder(monkeypatch, tmp_path) -> None:
    first = triggers.server_name()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "elsewhere"))
    assert triggers.server_name() != first
    assert len(triggers.server_path()) < 100  # fits a Unix socket address


def test_requests_spooled_long_ago_are_dropped_unseen() -> None:
    old = triggers.TriggerRequest(product="P", created=1_000_000.0)
    folder = triggers.spool_dir() / old.id
    folder.mkdir()
    (folder / triggers.REQUEST_FILE).write_text(json.dumps(old.to_json()))
    assert triggers.drain() == []
    assert not folder.exists()


@pytest.mark.display
def test_an_unknown_window_id_falls_back_to_the_whole_desktop(x_display, tmp_path) -> None:
    from PIL import Image

    from support_assistant.core.collectors import screenshot

    request = triggers.TriggerRequest(product="P", screenshot="window:0x1")
    triggers.write_screenshot(request, triggers.grab_screenshot(request), tmp_path / "shot.png")
    assert request.screenshot_state == "taken"
    assert "There is no window 0x1 on this display" in request.screenshot_note
    desktop = screenshot.monitors()[0]
    with Image.open(tmp_path / "shot.png") as image:
        assert image.size == (desktop["width"], desktop["height"])
    with Image.open(tmp_path / triggers.THUMBNAIL_FILE) as thumbnail:
        assert thumbnail.width <= 96 and thumbnail.height <= 72


def test_a_spooled_grab_comes_back_as_it_was_and_a_bad_one_is_ignored(tmp_path) -> None:
    from support_assistant.core.collectors import screenshot

    desktop = {"left": 0, "top": 0, "width": 5, "height": 3}
    pixels = bytearray(range(60))
    request = triggers.TriggerRequest(product="P")
    triggers.save_pixels(request, screenshot.Grab(pixels, 5, 3, desktop, [desktop]), tmp_path)
    assert request.screenshot_state == "taken" and request.capture["pixels"] == [5, 3]
    again = triggers.TriggerRequest.from_json(request.to_json())
    grab = triggers.load_pixels(again, tmp_path)
    assert bytes(grab.pixels) == bytes(pixels) and (grab.width, grab.height) == (5, 3)
    assert grab.target == desktop
    for size in ([6, 3], [5], [0, 3], [5, 10**9], "5x3", [5.0, 3]):  # does not add up
        again.capture["pixels"] = size
        assert triggers.load_pixels(again, tmp_path) is None
    again.capture["pixels"] = [5, 3]
    (tmp_path / triggers.PIXELS_FILE).write_bytes(bytes(59))  # truncated
    assert triggers.load_pixels(again, tmp_path) is None
    (tmp_path / triggers.PIXELS_FILE).unlink()
    assert triggers.load_pixels(again, tmp_path) is None


def test_only_a_plain_single_threaded_caller_forks_an_instance() -> None:
    import subprocess
    import sys

    probe = ("import threading, time\n"
             "from support_assistant.core import triggers\n"
             "plain = triggers.can_fork()\n"
             "worker = threading.Thread(target=time.sleep, args=(0.3,)); worker.start()\n"
             "threaded = triggers.can_fork(); worker.join()\n"
             "import PySide6\n"
             "print(plain, threaded, triggers.can_fork())\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    expected = "True" if sys.platform.startswith("linux") else "False"
    assert done.stdout.split() == [expected, "False", "False"]
