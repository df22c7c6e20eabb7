"""Error-time triggers on a real X server: the product's error is in the screenshot, we are not.

A product window (its own process, :mod:`error_product`) shows an error text and
calls ``support-assistant report``; the assistant starts in the background and
shows the report. Later reports are taken while the assistant's windows cover
the product's: the screenshots must show the product's pixels and the tiled root
window (:mod:`screen_pattern`), never the assistant.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageChops

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from screen_pattern import expected, tiled_root  # noqa: E402

pytestmark = pytest.mark.display


@pytest.fixture
def assistant_env(x_display, tmp_path, isolated_user_dirs):
    """The environment products call the assistant with; the instance is stopped afterwards."""
    from support_assistant.core import policy, privacy

    privacy.accept(policy.load())  # the notice is tested in tests/app/test_instance.py
    env = dict(os.environ, DISPLAY=x_display, QT_QPA_PLATFORM="xcb",
               PYTHONPATH=str(ROOT / "desktop"),
               SUPPORT_ASSISTANT_EVENTS=str(tmp_path / "events.jsonl"))
    yield env
    from support_assistant.core import triggers

    folder = triggers.triggers_dir()
    if triggers.instance_running() or (folder / "starting").exists():
        wait_for(lambda: (folder / "instance.pid").exists(), timeout=10)
    if (folder / "instance.pid").exists():
        with contextlib.suppress(ProcessLookupError, ValueError):
            pid = int((folder / "instance.pid").read_text())
            os.kill(pid, signal.SIGTERM)
            wait_for(lambda: not alive(pid), timeout=10)
    # later display tests compare whole screens: none of our windows may linger
    wait_for(lambda: not subprocess.run(["xdotool", "search", "--onlyvisible", "--name",
                                         "report SA-"],
                                        env=env, capture_output=True).stdout.strip(),
             timeout=10)


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie left for a non-reaping init counts as gone)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    except (OSError, IndexError):
        return False


def events(tmp_path: Path) -> list[dict]:
    path = tmp_path / "events.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


def wait_for(condition, timeout: float = 30.0):  # noqa: ANN001, ANN201
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting for the assistant")


def shown(tmp_path: Path, count: int) -> dict:
    return wait_for(lambda: [e for e in events(tmp_path) if e["event"] == "shown"][count - 1:]
                    and [e for e in events(tmp_path) if e["event"] == "shown"][count - 1])


def screenshot_of(isolated_user_dirs: Path, report_id: str) -> Image.Image:
    path = (isolated_user_dirs / "data" / "support-assistant" / "reports" / report_id / "items"
            / "screenshot-1.png")
    with Image.open(path) as image:
        return image.convert("RGB")


def grab(x_display: str, box: tuple[int, int, int, int]) -> Image.Image:
    import mss

    with mss.MSS(display=x_display) as sct:
        shot = sct.grab({"left": box[0], "top": box[1], "width": box[2], "height": box[3]})
    return Image.frombytes("RGB", shot.size, shot.bgra, "raw", "BGRX")


def desktop_without_us(error_pixels: Image.Image, box: tuple[int, int, int, int],
                       area: tuple[int, int, int, int]) -> Image.Image:
    """What ``area`` must show: the tiled root with the product's window on it."""
    picture = expected(*area)
    picture.paste(error_pixels, (box[0] - area[0], box[1] - area[1]))
    return picture


def same(a: Image.Image, b: Image.Image) -> bool:
    return a.size == b.size and ImageChops.difference(a, b).getbbox() is None


def test_the_error_is_in_the_screenshot_and_the_assistant_never_is(
        x_display, tmp_path, assistant_env, isolated_user_dirs) -> None:
    from error_product import GEOMETRY

    box = (GEOMETRY.x(), GEOMETRY.y(), GEOMETRY.width(), GEOMETRY.height())
    with tiled_root(x_display, tmp_path):
        product = subprocess.Popen([sys.executable, str(HERE / "error_product.py")],
                                   env=assistant_env, stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True)
        try:
            assert product.stdout.readline().startswith("ready")
            error_pixels = grab(x_display, box)  # the error as the user sees it
            assert sum(1 for p in error_pixels.get_flattened_data() if p == (0, 0, 0)) > 1000  # text
            for step, (name, screenshot) in enumerate(
                    [("First", "auto"), ("Second", "window"), ("Third", "auto")], start=1):
                product.stdin.write(f"report {name} {screenshot}\n")
                product.stdin.flush()
                assert product.stdout.readline().split()[:2] == ["reported", "0"]
                event = shown(tmp_path, step)
                picture = screenshot_of(isolated_user_dirs, event["report"])
                left, top, width, height = event["window"]
                assert (left, top) == (0, 0) and width > box[0] and height > box[1]
                if screenshot == "window":  # the assistant's window covered it when asked
                    assert same(picture, error_pixels)
                else:  # the assistant's windows' area shows the desktop without them
                    area = (0, 0, width, height)
                    assert same(picture.crop((0, 0, width, height)),
                                desktop_without_us(error_pixels, box, area))
        finally:
            product.stdin.close()
            product.wait(timeout=10)


@pytest.mark.slow
def test_a_burst_of_twenty_reports_opens_one_window(x_display, tmp_path, assistant_env) -> None:
    callers = [subprocess.Popen([sys.executable, "-m", "support_assistant", "report",
                                 "--product", "Loop", "--error-message", f"crash {n % 2}"],
                                env=assistant_env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE) for n in range(20)]
    assert [caller.wait(timeout=60) for caller in callers] == [0] * 20
    wait_for(lambda: any(e["event"] == "merged" and e["count"] == 20 for e in events(tmp_path)),
             timeout=60)
    shown(tmp_path, 1)  # the window paints after the merges when the machine is busy
    time.sleep(0.5)
    assert len([e for e in events(tmp_path) if e["event"] == "shown"]) == 1, events(tmp_path)
    windows = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "report SA-"],
                             env=assistant_env, capture_output=True, text=True).stdout.split()
    assert len(windows) == 1


def test_a_cold_call_returns_at_once_and_the_instance_keeps_none_of_the_products_files(
        x_display, tmp_path, assistant_env, isolated_user_dirs) -> None:
    """The new instance (a fork of the caller on Linux) lets go of the product's pipes and
    of any descriptor the product let it inherit, and shows the screenshot it was handed."""
    from support_assistant.core import triggers
    from support_assistant.core.collectors import screenshot

    read_end, write_end = os.pipe()
    os.set_inheritable(write_end, True)
    try:
        done = subprocess.run([sys.executable, "-m", "support_assistant", "report",
                               "--product", "Cold", "--error-message", "Error 42"],
                              env=assistant_env, capture_output=True, text=True, timeout=30,
                              pass_fds=[write_end])
    finally:
        os.close(write_end)
    assert done.returncode == 0, done.stderr
    event = shown(tmp_path, 1)
    pid = int((triggers.triggers_dir() / "instance.pid").read_text())
    assert alive(pid)
    import select

    readable, _, _ = select.select([read_end], [], [], 5.0)
    assert readable and os.read(read_end, 1) == b""  # EOF: nobody holds the write end now
    os.close(read_end)
    assert os.getsid(pid) == pid  # a session of its own, like a detached process
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    assert b"Error 42" not in cmdline and b"support-assistant tray" in cmdline
    folder = (isolated_user_dirs / "data" / "support-assistant" / "reports" / event["report"])
    desktop = screenshot.monitors()[0]
    with Image.open(folder / "items" / "screenshot-1.png") as picture:
        assert picture.size == (desktop["width"], desktop["height"])
    assert not any(triggers.spool_dir().iterdir())  # the raw pixels went with the request
