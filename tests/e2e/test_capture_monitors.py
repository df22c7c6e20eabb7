"""Per-monitor capture on two real monitors (Xorg with the dummy driver), through the window.

The test starts its own Xorg on a free display with two outputs side by side
(1920x1080 primary, 1280x1024 right of it; recipe in NOTES.md), tiles the root
window with a known pattern, and runs ``capture_driver.py`` there: every
screenshot must be exactly the pattern of the part of the desktop it names, so
the review window (placed on monitor 2) was hidden while it was taken.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from screen_pattern import expected, tiled_root

HERE = Path(__file__).resolve().parent
DESKTOP = HERE.parents[1] / "desktop"
DUMMY_CONF = """
Section "Device"
    Identifier "dummy"
    Driver "dummy"
    VideoRam 256000
EndSection
Section "Monitor"
    Identifier "monitor"
    HorizSync 5.0-1000.0
    VertRefresh 5.0-200.0
EndSection
Section "Screen"
    Identifier "screen"
    Device "dummy"
    Monitor "monitor"
    DefaultDepth 24
    SubSection "Display"
        Depth 24
        Virtual 5760 2160
    EndSubSection
EndSection
"""

pytestmark = pytest.mark.display


def free_display() -> str:
    for n in range(150, 251):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return f":{n}"
    pytest.fail("no free X display number between 150 and 250")


@pytest.fixture
def two_monitors(tmp_path):
    """An Xorg (dummy driver) with DUMMY0 1920x1080 at 0,0 and DUMMY1 1280x1024 at 1920,0."""
    xorg = shutil.which("Xorg")
    if xorg is None:
        pytest.fail("Xorg is missing: install xserver-xorg-core xserver-xorg-video-dummy "
                    "x11-xserver-utils (scripts/debian-packages.txt)")
    config = tmp_path / "dummy.conf"
    config.write_text(DUMMY_CONF)
    display = free_display()
    server = subprocess.Popen([xorg, display, "-noreset", "-nolisten", "tcp", "-config",
                               str(config), "-logfile", str(tmp_path / "xorg.log")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = {"DISPLAY": display, "PATH": "/usr/bin:/bin"}
    try:
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{display[1:]}").exists():
                break
            time.sleep(0.1)
        subprocess.run(["xrandr", "--addmode", "DUMMY1", "1280x1024"], env=env, check=True)
        subprocess.run(["xrandr", "--output", "DUMMY0", "--mode", "1920x1080", "--pos", "0x0",
                        "--primary", "--output", "DUMMY1", "--mode", "1280x1024", "--pos",
                        "1920x0"], env=env, check=True)
        yield display
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def same_pixels(path: str, left: int, top: int, width: int, height: int) -> bool:
    with Image.open(path) as image:
        shot = image.convert("RGB")
    if shot.size != (width, height):
        return False
    return ImageChops.difference(shot, expected(left, top, width, height)).getbbox() is None


def test_each_monitor_is_captured_exactly_with_the_window_hidden(two_monitors, tmp_path):
    env = dict(os.environ, DISPLAY=two_monitors, QT_QPA_PLATFORM="xcb",
               PYTHONPATH=str(DESKTOP) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with tiled_root(two_monitors, tmp_path):
        result = subprocess.run([sys.executable, str(HERE / "capture_driver.py"),
                                 str(tmp_path / "reports")], env=env, capture_output=True,
                                text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["screens"] == [[0, 0, 1920, 1080], [1920, 0, 1280, 1024]]
    assert found["errors"] == []
    shots = found["shots"]
    assert shots["monitor2"]["monitor_index"] == 2
    assert same_pixels(shots["monitor2"]["payload"], 1920, 0, 1280, 1024)
    assert same_pixels(shots["monitor1"]["payload"], 0, 0, 1920, 1080)
    assert same_pixels(shots["desktop0"]["payload"], 0, 0, 3200, 1080)
    assert all(s["window_visible_after"] for k, s in shots.items() if k != "region")
    assert found["overlay_covers"] == [0, 0, 3200, 1080] and found["window_hidden_during_pick"]
    x, y, w, h = shots["region"]["expected_box"]
    assert same_pixels(shots["region"]["payload"], x, y, w, h)
    assert found["items"] == 4
