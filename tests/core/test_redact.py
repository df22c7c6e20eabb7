"""Redaction output is exactly what is sent: pseudonyms in text, solid pixels, no metadata."""

import io

from PIL import Image, PngImagePlugin

from support_assistant.core.items import Box, RectRedaction, TextRedaction
from support_assistant.core.redact import merge_text_redactions, render_image, stream_text


def test_text_spans_are_replaced_across_chunk_boundaries(tmp_path):
    path = tmp_path / "a.log"
    path.write_bytes(b"0123456789" * 10)
    spans = [TextRedaction(5, 15, "[X]"), TextRedaction(95, 100, "[END]")]
    out = b"".join(stream_text(path, spans, chunk=3))
    assert out == b"01234" + b"[X]" + (b"0123456789" * 10)[15:95] + b"[END]"


def test_overlapping_spans_merge_and_keep_first_replacement():
    merged = merge_text_redactions([TextRedaction(5, 10, "b"), TextRedaction(0, 7, "a")])
    assert merged == [TextRedaction(0, 10, "a", "user")]


def test_non_utf8_bytes_survive_outside_redactions(tmp_path):
    path = tmp_path / "bin.log"
    path.write_bytes(b"\xff\xfe secret \x00\x01")
    out = b"".join(stream_text(path, [TextRedaction(3, 9, "user-1")]))
    assert out == b"\xff\xfe user-1 \x00\x01"


def test_rectangles_are_solid_and_metadata_is_gone(tmp_path):
    image = Image.new("RGB", (40, 30), (200, 100, 50))
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "alice@example.com")
    path = tmp_path / "shot.png"
    image.save(path, pnginfo=info, icc_profile=b"fake-icc-with-name")
    out = Image.open(io.BytesIO(render_image(path, [RectRedaction(Box(10, 5, 8, 6))])))
    assert out.info.get("Author") is None and "icc_profile" not in out.info
    pixels = out.load()
    assert all(pixels[x, y] == (0, 0, 0) for x in range(10, 18) for y in range(5, 11))
    assert pixels[9, 5] == (200, 100, 50) and pixels[18, 11] == (200, 100, 50)
