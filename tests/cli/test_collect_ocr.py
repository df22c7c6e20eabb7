"""``support-assistant collect --accept-suggestions``: OCR-suggested boxes burnt into screenshots.

The X root window shows a rendered window with an e-mail address and a mobile number
(a 1-bit copy of ``ocr_screens.small_screen``, tiled by ``xsetroot``); ``collect``
screenshots that region through the real CLI, the real OCR engine suggests the boxes.
"""

from __future__ import annotations

import io
import json
import subprocess
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image

from ocr_screens import small_screen
from screen_pattern import keep_server

REGION = "0,0,640,200"  # one tile: the whole small screen


pytestmark = pytest.mark.usefixtures("quiet_intake")

@contextmanager
def text_on_root(display: str, folder: Path) -> Iterator[list]:
    """Tile the root window with the small screen (black text on white); yields its truths."""
    keep_server(display)
    image, truths = small_screen()
    bitmap = folder / "screen.xbm"
    image.convert("L").point(lambda v: 255 if v > 128 else 0).convert("1").save(bitmap)
    env = {"DISPLAY": display, "PATH": "/usr/bin:/bin"}
    # In Pillow's XBM a set bit is a white pixel: draw set bits in white.
    subprocess.run(["xsetroot", "-bitmap", str(bitmap), "-fg", "#ffffff", "-bg", "#000000"],
                   check=True, env=env)
    try:
        yield truths
    finally:
        subprocess.run(["xsetroot", "-def"], check=False, env=env)


def screenshot_in(bundle: Path) -> Image.Image:
    with zipfile.ZipFile(bundle) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        entry = next(i for i in manifest["items"] if i["id"] == "screenshot-1")
        return Image.open(io.BytesIO(archive.read(entry["path"]))).convert("RGB")


@pytest.mark.display
def test_suggested_boxes_are_left_out_unless_accepted_and_the_leak_check_refuses(
        run_cli, x_display, tmp_path):
    with text_on_root(x_display, tmp_path):
        result = run_cli("collect", "--screenshot", REGION, "--approve", "all", "--out", "r.zip")
    assert result.returncode == 8, result.stderr
    assert "screenshot-1: 2 suggested box(es) not applied; pass --accept-suggestions" \
        in result.stdout
    assert "Personal data remains in screenshot-1 in the area" in result.stderr
    assert not (tmp_path / "r.zip").exists()


@pytest.mark.display
def test_accept_suggestions_blacks_out_the_email_and_phone_in_the_bundle(
        run_cli, x_display, tmp_path):
    with text_on_root(x_display, tmp_path) as truths:
        result = run_cli("collect", "--screenshot", REGION, "--approve", "all",
                         "--accept-suggestions", "--out", "r.zip")
    assert result.returncode == 0, result.stderr
    assert "screenshot-1: 2 suggested box(es) blacked out." in result.stdout
    image = screenshot_in(tmp_path / "r.zip")
    for truth in truths:  # the drawn values are blacked out (OCR boxes hug the glyphs: 95%)
        x, y, w, h = truth.box
        black = dict((c, n) for n, c in image.crop((x, y, x + w, y + h)).getcolors())
        assert black.get((0, 0, 0), 0) >= 0.95 * w * h, (truth.kind, black)
    corner = image.crop((0, 0, 15, 15)).getcolors()
    assert corner == [(225, (255, 255, 255))]  # the rest of the screenshot is untouched


@pytest.mark.display
def test_accept_suggestions_by_item_id(run_cli, x_display, tmp_path):
    with text_on_root(x_display, tmp_path):
        result = run_cli("collect", "--screenshot", REGION, "--approve", "screenshot-1",
                         "--accept-suggestions", "screenshot-1", "--out", "r.zip")
    assert result.returncode == 0, result.stderr
    assert "screenshot-1: 2 suggested box(es) blacked out." in result.stdout
