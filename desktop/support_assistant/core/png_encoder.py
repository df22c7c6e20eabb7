"""A minimal PNG writer for screenshots: 8-bit RGB, filter None, zlib level 1, no metadata.

Why not Pillow's encoder: on 3840x2160 UI screenshots it took 1.5-3x as long at
level 1 for the same size (it filters each row adaptively), measured on this
machine (benchmarks/screenshot_capture.py); screen content compresses as well
without row filters. Rows are fed to zlib one at a time from a memoryview, so
nothing beyond the compressed output is copied. The file holds only IHDR, IDAT
and IEND chunks: no text, time, gamma or ICC profile.
"""

from __future__ import annotations

import struct
import zlib
from typing import BinaryIO

SIGNATURE = b"\x89PNG\r\n\x1a\n"
IDAT_TARGET = 1 << 20  # bytes of compressed data per IDAT chunk


def write_rgb(handle: BinaryIO, width: int, height: int, rgb: bytes | bytearray | memoryview,
              *, level: int = 1) -> int:
    """Write ``rgb`` (``width * height * 3`` bytes, rows top to bottom) as PNG; returns bytes written."""
    stride = width * 3
    view = memoryview(rgb).cast("B")
    if width <= 0 or height <= 0 or len(view) != stride * height:
        raise ValueError(f"expected {stride * height} bytes for {width}x{height} RGB, "
                         f"got {len(view)}")
    written = handle.write(SIGNATURE)
    written += _chunk(handle, b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    compressor = zlib.compressobj(level)
    pending: list[bytes] = []
    size = 0
    for row in range(height):
        for piece in (compressor.compress(b"\x00"),
                      compressor.compress(view[row * stride:(row + 1) * stride])):
            if piece:
                pending.append(piece)
                size += len(piece)
        if size >= IDAT_TARGET:
            written += _chunk(handle, b"IDAT", b"".join(pending))
            pending, size = [], 0
    pending.append(compressor.flush())
    written += _chunk(handle, b"IDAT", b"".join(pending))
    written += _chunk(handle, b"IEND", b"")
    return written


def _chunk(handle: BinaryIO, kind: bytes, data: bytes) -> int:
    crc = zlib.crc32(data, zlib.crc32(kind))
    handle.write(struct.pack(">I", len(data)) + kind)
    handle.write(data)
    handle.write(struct.pack(">I", crc))
    return 12 + len(data)
