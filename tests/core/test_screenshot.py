"""Screenshots on a real X server: the pixels in the PNG are the pixels on the screen."""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from PIL import Image

from screen_pattern import expected, tiled_root
from support_assistant.core import policy, redact
from support_assistant.core.collectors import (
    CollectContext,
    ScreenshotRequest,
    run_collectors,
    screenshot,
)
from support_assistant.core.errors import CaptureError, DisplayError
from support_assistant.core.items import Box
from support_assistant.core.report import Report


@pytest.fixture
def tiled(x_display: str, tmp_path: Path):
    with tiled_root(x_display, tmp_path):
        yield x_display


def make_context(tmp_path: Path, request: ScreenshotRequest | None) -> CollectContext:
    report = Report.create(product="Acme", root=tmp_path / "reports")
    return CollectContext(report=report, config=policy.load(), screenshot=request)


def png_chunks(data: bytes) -> list[bytes]:
    chunks, position = [], 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        chunks.append(kind)
        position += 12 + length
    return chunks


def open_png(path: Path) -> Image.Image:
    image = Image.open(path)
    image.load()
    return image


@pytest.mark.display
def test_whole_desktop_png_matches_the_screen(tiled, tmp_path):
    context = make_context(tmp_path, ScreenshotRequest())
    result = run_collectors(context, ["screenshot"])
    assert result.failures == []
    item = result.items[0]
    desktop = screenshot.monitors()[0]
    image = open_png(item.payload)
    assert image.mode == "RGB" and image.size == (desktop["width"], desktop["height"])
    assert image.tobytes() == expected(0, 0, desktop["width"], desktop["height"]).tobytes()
    assert item.metadata["clean_image"] is True and item.metadata["target"] == "desktop"
    assert item.metadata["geometry"] == {k: desktop[k] for k in ("left", "top", "width",
                                                                  "height")}
    assert item.metadata["monitors"] and item.title == "Screenshot of the whole desktop"


@pytest.mark.display
def test_one_monitor_is_captured_with_its_geometry(tiled, tmp_path):
    context = make_context(tmp_path, ScreenshotRequest(monitor=1))
    item = run_collectors(context, ["screenshot"]).items[0]
    monitor = screenshot.monitors()[1]
    geometry = (monitor["left"], monitor["top"], monitor["width"], monitor["height"])
    assert open_png(item.payload).tobytes() == expected(*geometry).tobytes()
    assert item.metadata["target"] == "monitor" and item.metadata["monitor_index"] == 1
    assert tuple(item.metadata["geometry"].values()) == geometry


@pytest.mark.display
def test_region_is_captured_exactly_and_clipped_to_the_desktop(tiled, tmp_path):
    region = Box(1001, 7, 123, 45)
    shot = screenshot.capture(ScreenshotRequest(region=region), tmp_path / "r.png")
    assert open_png(shot.path).tobytes() == expected(1001, 7, 123, 45).tobytes()
    desktop = screenshot.monitors()[0]
    edge = Box(desktop["width"] - 10, -5, 50, 20)
    clipped = screenshot.capture(ScreenshotRequest(region=edge), tmp_path / "edge.png")
    assert clipped.target == {"left": desktop["width"] - 10, "top": 0, "width": 10,
                              "height": 15}
    assert open_png(clipped.path).tobytes() == expected(desktop["width"] - 10, 0, 10,
                                                        15).tobytes()


@pytest.mark.display
def test_our_png_has_no_metadata_and_is_sent_unchanged_when_nothing_is_redacted(tiled,
                                                                                tmp_path):
    context = make_context(tmp_path, ScreenshotRequest(region=Box(0, 0, 64, 32)))
    item = run_collectors(context, ["screenshot"]).items[0]
    data = item.payload.read_bytes()
    assert png_chunks(data) == [b"IHDR", b"IDAT", b"IEND"]
    assert redact.render_bytes(item) == data
    assert Image.open(io.BytesIO(data)).info == {}


@pytest.mark.display
@pytest.mark.parametrize("request_, words", [
    (ScreenshotRequest(monitor=9), "no monitor 9"),
    (ScreenshotRequest(region=Box(100_000, 100_000, 10, 10)), "outside the desktop"),
])
def test_impossible_requests_fail_with_one_sentence(tiled, tmp_path, request_, words):
    with pytest.raises(CaptureError) as caught:
        screenshot.capture(request_, tmp_path / "x.png")
    assert words in str(caught.value) and caught.value.exit_code == 16
    assert not (tmp_path / "x.png").exists()


def test_without_a_display_the_screenshot_becomes_an_error_item(tmp_path, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    with pytest.raises(DisplayError) as caught:
        screenshot.capture(ScreenshotRequest(), tmp_path / "x.png")
    assert "DISPLAY is not set" in str(caught.value) and caught.value.exit_code == 15
    context = make_context(tmp_path, ScreenshotRequest())
    result = run_collectors(context, ["screenshot"])
    assert [f.collector for f in result.failures] == ["screenshot"]
    assert "No display is available" in result.items[0].payload.read_text(encoding="utf-8")


def test_policy_can_forbid_screenshots(tmp_path):
    context = make_context(tmp_path, ScreenshotRequest())
    context.config.values["screenshots.allowed"] = False
    assert screenshot.collect(context) == []
