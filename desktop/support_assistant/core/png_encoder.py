"""A minimal PNG writer for screenshots: 8-bit RGB, filter None, level 1, no metadata.

Why not Pillow's encoder: on 3840x2160 UI screenshots it took 1.5-3x as long at
level 1 for the same size (it filters each row adaptively), measured on this
machine (benchmarks/screenshot_capture.py); screen content compresses as well
without row filters. Rows are copied, each behind its filter byte, into a band of
a few MiB that is compressed in one call, without the GIL, so a worker thread
encoding a screenshot leaves the UI thread free (one call per row made both
threads wait on each other's GIL hand-overs). Screen grabs (BGRX) are converted to
RGB band by band by Pillow's unpacker (2.7x as fast as three strided slice copies).
Deflate is ISA-L's (``isal``, 5x as fast as zlib at level 1 on a 4K screen, files
~10 % larger) where its wheel is installed, zlib otherwise. The file holds only IHDR,
IDAT and IEND chunks: no text, time, gamma or ICC profile.
"""

from __future__ import annotations

import struct
import zlib
from typing import BinaryIO

from PIL import Image

try:  # ISA-L deflate: a wheel for the usual platforms; zlib where there is none
    from isal import isal_zlib as _deflate

    _MAX_LEVEL = _deflate.ISAL_BEST_COMPRESSION  # ISA-L has levels 0-3
except ImportError:  # pragma: no cover - exercised where the wheel is missing
    _deflate = zlib
    _MAX_LEVEL = 9

SIGNATURE = b"\x89PNG\r\n\x1a\n"
IDAT_TARGET = 1 << 20  # bytes of compressed data per IDAT chunk
BAND_BYTES = 4 << 20   # filtered rows handed to zlib per call


def write_rgb(handle: BinaryIO, width: int, height: int, rgb: bytes | bytearray | memoryview,
              *, level: int = 1, row_bytes: int | None = None) -> int:
    """Write ``rgb`` (3 bytes per pixel, rows top to bottom) as PNG; returns bytes written.

    ``row_bytes``: from one row's start to the next (default ``width * 3``; Qt pads its
    RGB rows to a multiple of 4 bytes)."""
    return _write(handle, width, height, rgb, 3, level, row_bytes or width * 3)


def write_bgrx(handle: BinaryIO, width: int, height: int, bgrx: bytes | bytearray | memoryview,
               *, level: int = 1) -> int:
    """Write ``bgrx`` (4 bytes per pixel: blue, green, red, unused; what screen grabs return)
    as an RGB PNG; returns bytes written. Converted band by band, never as a whole copy."""
    return _write(handle, width, height, bgrx, 4, level, width * 4)


def _write(handle: BinaryIO, width: int, height: int, pixels: bytes | bytearray | memoryview,
           depth: int, level: int, source_stride: int) -> int:
    stride = width * 3
    view = memoryview(pixels).cast("B")
    if width <= 0 or height <= 0 or source_stride < width * depth \
            or len(view) != source_stride * height:
        raise ValueError(f"expected {source_stride * height} bytes for {width}x{height} "
                         f"pixels of {depth} bytes, got {len(view)}")
    written = handle.write(SIGNATURE)
    written += _chunk(handle, b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    compressor = _deflate.compressobj(min(level, _MAX_LEVEL))
    out = bytearray()  # compressed data not yet written, cut into IDAT_TARGET chunks
    band_rows = max(1, BAND_BYTES // (stride + 1))
    band = memoryview(bytearray((stride + 1) * min(band_rows, height)))  # filter bytes stay 0
    for first in range(0, height, band_rows):
        rows = min(band_rows, height - first)
        source, pitch = view[first * source_stride:(first + rows) * source_stride], source_stride
        if depth == 4:  # B, G, R, X -> R, G, B in C
            source = memoryview(Image.frombuffer("RGB", (width, rows), source, "raw", "BGRX", 0, 1)
                                .tobytes())
            pitch = stride
        for row in range(rows):
            at = row * (stride + 1) + 1
            band[at:at + stride] = source[row * pitch:row * pitch + stride]
        out += compressor.compress(band[:rows * (stride + 1)])
        written += _flush_full(handle, out)
    out += compressor.flush()
    written += _flush_full(handle, out)
    written += _chunk(handle, b"IDAT", bytes(out))
    written += _chunk(handle, b"IEND", b"")
    return written


def _flush_full(handle: BinaryIO, out: bytearray) -> int:
    """Write the full IDAT chunks in ``out`` and drop them from it."""
    written = 0
    full = len(out) - len(out) % IDAT_TARGET
    for at in range(0, full, IDAT_TARGET):
        written += _chunk(handle, b"IDAT", bytes(out[at:at + IDAT_TARGET]))
    del out[:full]
    return written


def _chunk(handle: BinaryIO, kind: bytes, data: bytes) -> int:
    crc = zlib.crc32(data, zlib.crc32(kind))
    handle.write(struct.pack(">I", len(data)) + kind)
    handle.write(data)
    handle.write(struct.pack(">I", crc))
    return 12 + len(data)
