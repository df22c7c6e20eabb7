"""Write the OCR calibration strip (desktop/support_assistant/core/scan/ocr_calibration.png).

Text lines as RapidOCR's recogniser sees them (detected on two generated screens full of
English and Chinese UI text, light and dark, cropped and scaled to 48 px high), stacked
one per 48-px row; the width of each is kept in the PNG's ``widths`` text chunk.
:mod:`support_assistant.core.scan.ocr_models` measures the value ranges of the int8
recognition model on them. Run once by a developer (needs fonts-noto-cjk and [ocr]):

    .venv/bin/python scripts/make_ocr_calibration.py
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "desktop"), str(ROOT / "tests")]

import numpy as np  # noqa: E402
from PIL import Image, PngImagePlugin  # noqa: E402

from ocr_screens import render_screen  # noqa: E402
from support_assistant.core.scan.ocr import RapidOcrEngine  # noqa: E402

SEEDS = (1000, 1003)  # not among the benchmark's screens (seeds 0-49)
HEIGHT, MAX_WIDTH = 48, 1600


def main() -> None:
    rapid = RapidOcrEngine(faster_models=False)._ocr
    rows = []
    for seed in SEEDS:
        image, _truths = render_screen(seed, (1920, 1080), 1.0, 99)
        pixels = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
        boxes, _elapsed = rapid.auto_text_det(pixels)
        for crop in rapid.get_crop_img_list(pixels, boxes)[::2]:
            width = min(MAX_WIDTH, math.ceil(HEIGHT * crop.shape[1] / crop.shape[0]))
            rows.append(Image.fromarray(crop[:, :, ::-1]).resize((width, HEIGHT),
                                                                 Image.Resampling.BILINEAR))
    strip = Image.new("RGB", (max(r.width for r in rows), HEIGHT * len(rows)), (0, 0, 0))
    for index, row in enumerate(rows):
        strip.paste(row, (0, index * HEIGHT))
    info = PngImagePlugin.PngInfo()
    info.add_text("widths", ",".join(str(r.width) for r in rows))
    out = ROOT / "desktop/support_assistant/core/scan/ocr_calibration.png"
    # 64 colours keep the ranges (text and theme colours) at a fraction of the size
    strip.quantize(64, dither=Image.Dither.NONE).save(out, optimize=True, pnginfo=info)
    print(f"{out}: {len(rows)} lines, {out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
