"""Our screenshot PNG writer: what Pillow decodes is exactly what was encoded, and nothing more."""

from __future__ import annotations

import io
import os
import struct

import pytest
from PIL import Image

from support_assistant.core import png_encoder


def chunk_kinds(data: bytes) -> list[bytes]:
    kinds, position = [], 8
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        kinds.append(kind)
        position += 12 + length
    return kinds


@pytest.mark.parametrize("width, height", [(1, 1), (7, 3), (300, 200), (3840, 40)])
def test_pixels_round_trip_exactly(width, height):
    rgb = os.urandom(width * height * 3)
    out = io.BytesIO()
    written = png_encoder.write_rgb(out, width, height, rgb)
    assert written == len(out.getvalue())
    image = Image.open(io.BytesIO(out.getvalue()))
    assert image.mode == "RGB" and image.size == (width, height) and image.tobytes() == rgb


def test_only_image_chunks_are_written_and_large_images_span_several_idat():
    rgb = os.urandom(1200 * 800 * 3)  # incompressible: about 2.9 MB of IDAT data
    out = io.BytesIO()
    png_encoder.write_rgb(out, 1200, 800, rgb)
    kinds = chunk_kinds(out.getvalue())
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
    assert set(kinds[1:-1]) == {b"IDAT"} and len(kinds) - 2 >= 3


@pytest.mark.parametrize("width, height, length", [(2, 2, 11), (0, 1, 0), (2, 0, 0)])
def test_wrong_buffer_size_is_refused(width, height, length):
    with pytest.raises(ValueError):
        png_encoder.write_rgb(io.BytesIO(), width, height, bytes(length))


@pytest.mark.parametrize("band_bytes", [png_encoder.BAND_BYTES, 1000])
@pytest.mark.parametrize("width, height", [(1, 1), (7, 3), (300, 200)])
def test_screen_grabs_are_written_as_rgb_band_by_band(width, height, band_bytes, monkeypatch):
    monkeypatch.setattr(png_encoder, "BAND_BYTES", band_bytes)  # 1000: a band per row or two
    bgrx = bytearray(os.urandom(width * height * 4))
    out = io.BytesIO()
    written = png_encoder.write_bgrx(out, width, height, bgrx)
    assert written == len(out.getvalue())
    expected = Image.frombuffer("RGB", (width, height), bytes(bgrx), "raw", "BGRX", 0, 1)
    image = Image.open(io.BytesIO(out.getvalue()))
    assert image.mode == "RGB" and image.tobytes() == expected.tobytes()
    from_view = io.BytesIO()
    png_encoder.write_bgrx(from_view, width, height, memoryview(bytes(bgrx)))
    assert from_view.getvalue() == out.getvalue()


def test_a_grab_of_the_wrong_size_is_refused():
    with pytest.raises(ValueError):
        png_encoder.write_bgrx(io.BytesIO(), 2, 2, bytes(15))


@pytest.mark.parametrize("deflate", ["installed", "zlib"])
def test_both_deflate_engines_write_what_pillow_reads(deflate, monkeypatch):
    import zlib

    if deflate == "zlib":  # where the ISA-L wheel is missing
        monkeypatch.setattr(png_encoder, "_deflate", zlib)
        monkeypatch.setattr(png_encoder, "_MAX_LEVEL", 9)
    bgrx = bytearray(os.urandom(640 * 48 * 4))
    for level in (0, 1, 6, 9):
        out = io.BytesIO()
        png_encoder.write_bgrx(out, 640, 48, bgrx, level=level)
        expected = Image.frombuffer("RGB", (640, 48), bytes(bgrx), "raw", "BGRX", 0, 1)
        assert Image.open(io.BytesIO(out.getvalue())).tobytes() == expected.tobytes()


def test_a_grab_converted_by_the_caller_writes_the_same_image(tmp_path):
    from support_assistant.core.collectors import screenshot

    width, height = 301, 7
    bgrx = bytearray(os.urandom(width * height * 4))
    shot = screenshot.Grab(bgrx, width, height, {"left": 0, "top": 0, "width": width,
                                                 "height": height}, [])
    rgb = Image.frombuffer("RGB", (width, height), bytes(bgrx), "raw", "BGRX", 0, 1).tobytes()
    screenshot.write(shot, tmp_path / "from-bgrx.png")
    screenshot.write(shot, tmp_path / "from-rgb.png", rgb=rgb)
    assert (tmp_path / "from-bgrx.png").read_bytes() == (tmp_path / "from-rgb.png").read_bytes()


@pytest.mark.parametrize("width", [63, 64])
def test_rgb_rows_padded_at_their_ends_are_written_without_the_padding(width):
    rgb = os.urandom(width * 3 * 5)
    padded = b"".join(rgb[y * width * 3:(y + 1) * width * 3] + b"\xff" * 3 for y in range(5))
    out = io.BytesIO()
    png_encoder.write_rgb(out, width, 5, padded, row_bytes=width * 3 + 3)
    assert Image.open(io.BytesIO(out.getvalue())).tobytes() == rgb
    with pytest.raises(ValueError):  # rows shorter than their pixels
        png_encoder.write_rgb(io.BytesIO(), width, 5, rgb, row_bytes=width * 3 - 1)
