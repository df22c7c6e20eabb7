"""Known pixels on a real X server: the root window tiled with an asymmetric 8x4 pattern.

``xsetroot -bitmap`` tiles the root window from its origin, so the colour of
every desktop pixel is known and a capture of any region can be compared
exactly. Xvfb resets (and forgets the background) when its last client leaves,
so :func:`tiled_root` holds one X connection open for the rest of the test process
(connecting while the server resets fails with "connection lost").
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PIL import Image

WIDTH, HEIGHT = 8, 4
ROWS = (0x0F, 0x0F, 0xFF, 0x01)  # XBM rows, least significant bit = leftmost pixel
FOREGROUND = (255, 0, 0)
BACKGROUND = (0, 0, 255)


def colour(x: int, y: int) -> tuple[int, int, int]:
    return FOREGROUND if ROWS[y % HEIGHT] >> (x % WIDTH) & 1 else BACKGROUND


def expected(left: int, top: int, width: int, height: int) -> Image.Image:
    """The RGB image the tiled root shows in that rectangle (built row by row, fast)."""
    patterns = {}
    for phase in range(HEIGHT):
        tile = b"".join(bytes(colour(x, phase)) for x in range(left, left + WIDTH))
        patterns[phase] = (tile * (width // WIDTH + 1))[: width * 3]
    rows = [patterns[y % HEIGHT] for y in range(top, top + height)]
    return Image.frombytes("RGB", (width, height), b"".join(rows))


_KEEPALIVE: dict[str, Any] = {}


def keep_server(display: str) -> None:
    """Hold a connection to ``display`` until the process ends, so the server never resets."""
    import mss

    if display in _KEEPALIVE:
        return
    deadline = time.monotonic() + 5
    while True:
        try:
            _KEEPALIVE[display] = mss.MSS(display=display)
            return
        except mss.ScreenShotError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@contextmanager
def tiled_root(display: str, folder: Path) -> Iterator[None]:
    """Tile the root window of ``display`` for the duration of the block."""
    keep_server(display)
    bitmap = folder / "tile.xbm"
    values = ", ".join(f"0x{row:02x}" for row in ROWS)
    bitmap.write_text(f"#define t_width {WIDTH}\n#define t_height {HEIGHT}\n"
                      f"static unsigned char t_bits[] = {{\n   {values}}};\n")
    env = {"DISPLAY": display, "PATH": "/usr/bin:/bin"}
    subprocess.run(["xsetroot", "-bitmap", str(bitmap), "-fg", "#ff0000", "-bg", "#0000ff"],
                   check=True, env=env)
    try:
        yield
    finally:
        subprocess.run(["xsetroot", "-def"], check=False, env=env)
