"""The screenshot collector: the whole desktop, one monitor or a region, as PNG, with mss.

The fast path goes from mss's raw BGRA buffer straight to an RGB image (one
decode, no intermediate ``bytes`` copy) and to PNG at zlib level 1 with
:mod:`support_assistant.core.png_encoder` (2-3x as fast as Pillow's encoder on
screenshots at the same size, see benchmarks/). Our own PNG carries no metadata, so the item is marked ``clean_image`` and
:func:`support_assistant.core.redact.stream` may send it as is when nothing is
blacked out. The item's metadata records the captured geometry and every
monitor's (numbers only).

No display (mss cannot connect) raises :class:`DisplayError`; any other capture
failure :class:`CaptureError`.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import png_encoder
from ..errors import CaptureError, DisplayError
from ..items import Box, Item, ItemKind
from ..messages import msg, register
from . import CollectContext, Collector, ScreenshotRequest

register({
    "collect.screenshot.title": "Screenshot",
    "collect.screenshot.item_desktop": "Screenshot of the whole desktop",
    "collect.screenshot.item_monitor": "Screenshot of monitor {number}",
    "collect.screenshot.item_window": "Screenshot of the product's window",
    "collect.screenshot.item_region": "Screenshot of a region ({w}x{h} at {x},{y})",
    "collect.screenshot.no_display": "No display is available to take a screenshot ({reason}); run it from a desktop session or set DISPLAY.",
    "collect.screenshot.failed": "The screenshot could not be taken: {reason}.",
    "collect.screenshot.no_monitor": "There is no monitor {number} to capture (this desktop has {count}).",
    "collect.screenshot.region_outside": "The region {w}x{h} at {x},{y} lies outside the desktop ({desktop_w}x{desktop_h} at {desktop_x},{desktop_y}).",
})

PNG_COMPRESS_LEVEL = 1  # zlib level; level 6 costs several times as long for little gain


@dataclass(frozen=True)
class Capture:
    """A written PNG and where it was taken from (desktop coordinates)."""

    path: Path
    target: dict[str, int]
    monitors: list[dict[str, Any]]


_SHARED: dict[str, Any] = {}
_SHARED_LOCK = threading.Lock()


def _shared_connection() -> tuple[str, Any]:
    """This display's mss connection, opened once per process.

    Why shared: the first XShm grab on a new connection costs ~100 ms more than
    later ones at 3840x2160 (the shared segment is faulted in), measured here.
    Monitors are re-read on every use, so a monitor plugged in later is seen.
    """
    mss = _mss()
    key = os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or sys.platform
    with _SHARED_LOCK:
        sct = _SHARED.get(key)
        if sct is None:
            try:
                sct = mss.MSS()
            except mss.ScreenShotError as exc:
                raise _display_error(exc) from exc
            _SHARED[key] = sct
        if hasattr(sct, "_monitors"):  # mss caches monitors forever; ask the server again
            sct._monitors = None
        return key, sct


def _forget(key: str) -> None:
    with _SHARED_LOCK:
        sct = _SHARED.pop(key, None)
    if sct is not None:
        with contextlib.suppress(Exception):
            sct.close()


def _with_connection(action: Any) -> Any:
    """Run ``action(sct)``; a dead connection (the X server restarted) is reopened once."""
    mss = _mss()
    for attempt in (1, 2):
        key, sct = _shared_connection()
        try:
            return action(sct)
        except mss.ScreenShotError as exc:
            _forget(key)
            if attempt == 2:
                raise CaptureError(msg("collect.screenshot.failed", reason=exc)) from exc
    raise AssertionError("unreachable")


def monitors() -> list[dict[str, Any]]:
    """mss's monitor list: index 0 is the whole desktop, then each monitor."""
    return _with_connection(lambda sct: [_geometry(m) for m in sct.monitors])


def probe() -> list[dict[str, Any]]:
    """Grab one pixel of the desktop (as a report would) and return the monitor list."""

    def grab(sct: Any) -> list[dict[str, Any]]:
        found = [_geometry(m) for m in sct.monitors]
        sct.grab({"left": found[0]["left"], "top": found[0]["top"], "width": 1, "height": 1})
        return found

    return _with_connection(grab)


def warm_up() -> None:
    """Open this display's shared connection and grab the desktop once, so that the next
    grab (at an error, say) does not pay for the connection and the XShm segment."""
    _with_connection(lambda sct: sct.grab(sct.monitors[0]))


@dataclass(frozen=True)
class Grab:
    """Pixels as grabbed: ``width * height`` BGRX pixels (4 bytes each, rows top to bottom),
    and where they were taken from (desktop coordinates)."""

    pixels: bytes | bytearray | mmap.mmap  # mapped: a caller's spooled grab
    width: int
    height: int
    target: dict[str, int]
    monitors: list[dict[str, Any]]


def region_pixels(box: Box) -> bytes:
    """The raw pixels of ``box`` (cut to the desktop; ``b""`` when wholly outside), to tell
    whether that part of the screen changed."""

    def take(sct: Any) -> bytes:
        try:
            target = _clip(box, _geometry(sct.monitors[0]))
        except CaptureError:
            return b""
        return bytes(sct.grab(target).raw)

    return _with_connection(take)


def grab(request: ScreenshotRequest) -> Grab:
    """Grab what ``request`` names into memory (~10 ms at 3840x2160 on a warm connection)."""

    def take(sct: Any) -> Grab:
        all_monitors = [_geometry(m) for m in sct.monitors]
        target = _target(request, all_monitors)
        shot = sct.grab(target)
        return Grab(shot.raw, shot.width, shot.height, target, all_monitors)

    return _with_connection(take)


def write(shot: Grab, out: Path, *, thumbnail: tuple[Path, int, int] | None = None,
          rgb: bytes | bytearray | memoryview | None = None) -> Capture:
    """Write ``shot`` as PNG to the new file ``out`` (safe on a worker thread: the heavy parts
    run without the GIL).

    ``thumbnail`` (path, width, height) also writes a small copy that fits that box, from
    the pixels in memory (cheaper than decoding the PNG again to show it). ``rgb``: the same
    pixels already converted to RGB rows, each maybe padded at its end (the GUI's converter
    is faster and leaves a worker thread only the part that runs without the GIL)."""
    if thumbnail is not None:
        _thumbnail(shot, *thumbnail)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        if rgb is not None:
            png_encoder.write_rgb(handle, shot.width, shot.height, rgb, level=PNG_COMPRESS_LEVEL,
                                  row_bytes=memoryview(rgb).nbytes // shot.height)
        else:
            png_encoder.write_bgrx(handle, shot.width, shot.height, shot.pixels,
                                   level=PNG_COMPRESS_LEVEL)
    return Capture(path=out, target=shot.target, monitors=shot.monitors)


def _thumbnail(shot: Grab, path: Path, width: int, height: int) -> None:
    """A copy of ``shot`` that fits ``width`` x ``height``, averaged from the pixels in place
    (Pillow reads the BGRX buffer as RGBX without a copy; the channels are swapped after)."""
    from PIL import Image

    factor = max(1, -(-shot.width // width), -(-shot.height // height))
    pixels = shot.pixels if isinstance(shot.pixels, bytearray) else bytearray(shot.pixels)
    small = Image.frombuffer("RGBX", (shot.width, shot.height), pixels, "raw", "RGBX", 0, 1) \
        .reduce(factor)
    blue, green, red, _ = small.split()
    Image.merge("RGB", (red, green, blue)).save(path, format="PNG", compress_level=1)


def capture(request: ScreenshotRequest, out: Path, *,
            thumbnail: tuple[Path, int, int] | None = None) -> Capture:
    """Grab what ``request`` names and write it as PNG to the new file ``out`` (see
    :func:`write` for ``thumbnail``)."""
    return write(grab(request), out, thumbnail=thumbnail)


def collect(context: CollectContext) -> list[Item]:
    """One screenshot item for the context's request (none when none was requested)."""
    request = context.screenshot
    if request is None or not context.config["screenshots.allowed"]:
        return []
    item_id = context.new_item_id("screenshot")
    shot = capture(request, context.payload_path(item_id, ".png"))
    return [item_for(item_id, shot, request)]


def item_for(item_id: str, shot: Capture, request: ScreenshotRequest, *,
             window: bool = False) -> Item:
    """The screenshot item for a written capture (also used for captures taken at a trigger)."""
    if window and request.region is not None:
        title = msg("collect.screenshot.item_window")
        kind = "window"
    elif request.region is not None:
        b = request.region
        title = msg("collect.screenshot.item_region", w=b.w, h=b.h, x=b.x, y=b.y)
        kind = "region"
    elif request.monitor:
        title = msg("collect.screenshot.item_monitor", number=request.monitor)
        kind = "monitor"
    else:
        title = msg("collect.screenshot.item_desktop")
        kind = "desktop"
    return Item.from_file(
        id=item_id, kind=ItemKind.SCREENSHOT, title=title, source="screenshot",
        payload=shot.path, media_type="image/png",
        metadata={"clean_image": True, "filename": "screenshot.png", "target": kind,
                  "monitor_index": request.monitor if kind == "monitor" else None,
                  "geometry": shot.target, "monitors": shot.monitors[1:],
                  "desktop": shot.monitors[0]})


def _target(request: ScreenshotRequest, all_monitors: list[dict[str, Any]]) -> dict[str, int]:
    desktop = all_monitors[0]
    if request.region is not None:
        return _clip(request.region, desktop)
    if not 0 <= request.monitor < len(all_monitors):
        raise CaptureError(msg("collect.screenshot.no_monitor", number=request.monitor,
                               count=len(all_monitors) - 1))
    m = all_monitors[request.monitor]
    return {k: m[k] for k in ("left", "top", "width", "height")}


def _clip(region: Box, desktop: dict[str, Any]) -> dict[str, int]:
    """``region`` cut to the desktop; a region wholly outside it is an error."""
    left = max(region.x, desktop["left"])
    top = max(region.y, desktop["top"])
    right = min(region.x + region.w, desktop["left"] + desktop["width"])
    bottom = min(region.y + region.h, desktop["top"] + desktop["height"])
    if right <= left or bottom <= top:
        raise CaptureError(msg("collect.screenshot.region_outside", w=region.w, h=region.h,
                               x=region.x, y=region.y, desktop_w=desktop["width"],
                               desktop_h=desktop["height"], desktop_x=desktop["left"],
                               desktop_y=desktop["top"]))
    return {"left": left, "top": top, "width": right - left, "height": bottom - top}


def _geometry(monitor: dict[str, Any]) -> dict[str, Any]:
    keep = {k: int(monitor[k]) for k in ("left", "top", "width", "height")}
    if "is_primary" in monitor:
        keep["is_primary"] = bool(monitor["is_primary"])
    return keep


def _display_error(exc: Exception) -> DisplayError:
    reason = str(exc)
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY")
                                                 or os.environ.get("WAYLAND_DISPLAY")):
        reason = "DISPLAY is not set"
    return DisplayError(msg("collect.screenshot.no_display", reason=reason))


def _mss() -> Any:
    import mss  # imported here: importing the registry must not need a display library

    return mss


COLLECTOR = Collector(
    name="screenshot", title="collect.screenshot.title", kind=ItemKind.SCREENSHOT,
    timeout=15.0, collect=collect,
    wanted=lambda context: context.screenshot is not None
    and bool(context.config["screenshots.allowed"]),
)
