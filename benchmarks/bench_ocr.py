"""OCR suggestions: recall and precision of suggested boxes per kind, and time per screenshot.

Generates ``--count`` 1920x1080 UI-like screenshots (``tests/ocr_screens.py``: windows
with English and Chinese text, e-mails, phone numbers incl. mainland-China mobiles, PRC
ID numbers, host names, home-folder user names and tokens at known pixel boxes; half
of them sparse, one to three windows, half filled with windows) and runs the real
pipeline (:func:`core.scan.images.find_boxes`: OCR, then the text detectors) with each
engine, on one thread (onnxruntime intra-op threads 1, ``OMP_THREAD_LIMIT=1``): RapidOCR
(the app's engine, :mod:`core.scan.ocr`, with the faster models of
:mod:`core.scan.ocr_models`), ``rapidocr-wheel`` (the same with the wheel's models as
shipped: the reference for the ratio printed at the end) and Tesseract 5 (Debian ``tesseract-ocr`` +
``tesseract-ocr-chi-sim`` through pytesseract; its adapter lives here, as the app does
not ship it).

* recall per kind: a drawn value counts as found when suggested boxes cover at least
  80% of its width, over 80% of its height (whatever detector suggested them: a box
  is a box);
* precision per detector: a suggested box is right when at least half of its width
  lies on a drawn personal value of the same line;
* time per image (median, and the slowest), after the engine is loaded (load time
  printed apart), as wall-clock time and as CPU time: the machine is shared, and with
  one thread the CPU time is what the image costs on one core of its own; the reference is encoding the same screenshot as PNG (level 1) in
  this process, and the ratio is OCR time / reference time;
* install size of each engine (its Python packages, and Debian packages for Tesseract).

    .venv/bin/python benchmarks/bench_ocr.py [--count 50] [--engines rapidocr,rapidocr-wheel,tesseract]
                                             [--scale 1.0]
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_THREAD_LIMIT", "1")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))
sys.path.insert(0, str(ROOT / "tests"))

from PIL import Image  # noqa: E402

from ocr_screens import Truth, render_screen  # noqa: E402
from support_assistant.core.items import Box  # noqa: E402
from support_assistant.core.scan import ocr  # noqa: E402
from support_assistant.core.scan.identities import Identities  # noqa: E402
from support_assistant.core.scan.images import find_boxes  # noqa: E402

COVER = 0.8
ON_TRUTH = 0.5
PYTHON_PACKAGES = {
    "rapidocr": ("rapidocr_onnxruntime", "onnxruntime", "cv2", "opencv_python_headless.libs",
                 "opencv_python.libs",  # rapidocr-onnxruntime also pulls the non-headless one
                 "shapely", "shapely.libs", "pyclipper", "numpy", "numpy.libs", "yaml",
                 "onnx", "ml_dtypes", "google/protobuf"),  # onnx: makes the faster models
    "tesseract": ("pytesseract",),
    "rapidocr-wheel": (),
}
DEBIAN_PACKAGES = {"tesseract": ("tesseract-ocr", "tesseract-ocr-eng", "tesseract-ocr-chi-sim",
                                 "tesseract-ocr-osd", "libtesseract5", "liblept5")}


class TesseractEngine:
    """Tesseract 5 through pytesseract, English + simplified Chinese, one thread."""

    name = "tesseract"

    def __init__(self, languages: str = "eng+chi_sim") -> None:
        import pytesseract

        os.environ.setdefault("OMP_THREAD_LIMIT", "1")
        self._tesseract = pytesseract
        available = set(pytesseract.get_languages(config=""))
        self.languages = "+".join(lang for lang in languages.split("+") if lang in available) \
            or "eng"

    def read(self, image: Image.Image) -> list[ocr.Line]:
        data = self._tesseract.image_to_data(image.convert("RGB"), lang=self.languages,
                                             config="-c tessedit_do_invert=0",
                                             output_type=self._tesseract.Output.DICT)
        grouped: dict[tuple[int, int, int], list[tuple[str, ocr.CharBox]]] = {}
        for index, word in enumerate(data["text"]):
            word = word.strip()
            if not word:
                continue
            left, top = data["left"][index], data["top"][index]
            box = (left, top, left + data["width"][index], top + data["height"][index])
            key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
            grouped.setdefault(key, []).append((word, box))
        lines = []
        for words in grouped.values():
            text, boxes = "", []
            for number, (word, box) in enumerate(words):
                if number:
                    gap = (boxes[-1][2], box[1], max(box[0], boxes[-1][2] + 1), box[3])
                    text += " "
                    boxes.append(gap)
                text += word
                boxes.extend(ocr.spread(word, box))
            lines.append(ocr.Line(text, tuple(boxes)))
        return lines


def load(name: str) -> ocr.OcrEngine | None:
    """The engine ``name`` if it is installed here (Tesseract: its binary and pytesseract)."""
    if name == "rapidocr":
        return ocr.select_engine()
    if name == "rapidocr-wheel" and ocr.installed():  # reference: the wheel's models as shipped
        engine = ocr.RapidOcrEngine(faster_models=False)
        engine.name = name
        return engine
    if name == "tesseract" and shutil.which("tesseract") and \
            importlib.util.find_spec("pytesseract"):
        return TesseractEngine()
    return None


def _overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def _covers_height(truth: Truth, box: Box) -> bool:
    y, h = truth.box[1], truth.box[3]
    return _overlap(y, y + h, box.y, box.y + box.h) >= COVER * h


def score(truths: list[Truth], found: list[tuple[str, str, Box]],
          recall: dict[str, list[int]], precision: dict[str, list[int]]) -> None:
    """Add this image's hits to ``recall[kind] = [found, total]`` and ``precision``.

    Boxes are compared along the text line: the drawn box is glyph-tight (digits have no
    descenders) while a suggestion spans the line's height, so "covered" means the
    suggestions cover 80% of the value's width, each over 80% of its height.
    """
    for truth in truths:
        x, w = truth.box[0], truth.box[2]
        covered = sum(_overlap(x, x + w, box.x, box.x + box.w)
                      for _d, _v, box in found if _covers_height(truth, box))
        counts = recall.setdefault(truth.kind, [0, 0])
        counts[0] += covered >= COVER * w
        counts[1] += 1
    for detector, _value, box in found:
        right = any(_overlap(t.box[1], t.box[1] + t.box[3], box.y, box.y + box.h)
                    >= ON_TRUTH * t.box[3]
                    and _overlap(t.box[0], t.box[0] + t.box[2], box.x, box.x + box.w)
                    >= ON_TRUTH * box.w for t in truths)
        counts = precision.setdefault(detector, [0, 0])
        counts[0] += right
        counts[1] += 1


def _cpu() -> float:
    """CPU seconds of this process and its waited-for children (tesseract runs as one)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def install_size(engine: str) -> float:
    """MB on disk: the engine's Python packages, plus its Debian packages for Tesseract."""
    sites = [p for p in map(Path, sys.path) if p.name == "site-packages"]
    total = 0
    for name in PYTHON_PACKAGES[engine]:
        for root in sites:
            path = root / name
            if path.exists():
                total += sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
                break
    kib = 0
    for package in DEBIAN_PACKAGES.get(engine, ()):
        out = subprocess.run(["dpkg-query", "-W", "-f", "${Installed-Size}", package],
                             capture_output=True, text=True)
        kib += int(out.stdout or 0)
    return total / 1e6 + kib / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--engines", default="rapidocr,rapidocr-wheel,tesseract")
    parser.add_argument("--scale", type=float, default=1.0, help="UI scale of the text")
    parser.add_argument("--size", default="1920x1080", help="screen size WxH")
    args = parser.parse_args()

    width, height = (int(v) for v in args.size.lower().split("x"))
    screens = []
    for seed in range(args.count):
        windows = 1 + seed % 3 if seed % 2 else 99
        screens.append((seed % 2 == 0, *render_screen(seed, (width, height), args.scale,
                                                      windows)))
    print(f"{len(screens)} screenshots {width}x{height} at scale {args.scale}, "
          f"{sum(len(t) for _d, _i, t in screens)} personal values drawn")

    reference = []
    for _dense, image, _truths in screens[:10]:
        start = time.perf_counter()
        image.save(io.BytesIO(), format="PNG", compress_level=1)
        reference.append(time.perf_counter() - start)
    ref = statistics.median(reference)
    print(f"reference: PNG level 1 encode of one screenshot, median {ref * 1000:.0f} ms\n")

    medians: dict[str, tuple[float, float, float]] = {}
    for name in args.engines.split(","):
        start = time.perf_counter()
        engine = load(name)
        loaded = time.perf_counter() - start
        if engine is None:
            print(f"## {name}: not installed here, skipped\n")
            continue
        recall: dict[str, list[int]] = {}
        precision: dict[str, list[int]] = {}
        times: dict[bool, list[float]] = defaultdict(list)
        cpu: dict[bool, list[float]] = defaultdict(list)
        for dense, image, truths in screens:
            start, start_cpu = time.perf_counter(), _cpu()
            found = find_boxes(image, Identities(), engine=engine)
            times[dense].append(time.perf_counter() - start)
            cpu[dense].append(_cpu() - start_cpu)
            score(truths, found, recall, precision)
        every = times[True] + times[False]
        every_cpu = cpu[True] + cpu[False]
        medians[name] = (statistics.median(every_cpu), statistics.median(cpu[False]),
                         statistics.median(cpu[True]))
        load_avg = ", ".join(f"{v:.1f}" for v in os.getloadavg())
        print(f"## {name}: load {loaded:.2f} s, install size {install_size(name):.0f} MB, "
              f"load average {load_avg}")
        print(f"time per image: median {statistics.median(every):.2f} s "
              f"({statistics.median(every) / ref:.0f}x reference), "
              f"sparse median {statistics.median(times[False]):.2f} s, "
              f"dense median {statistics.median(times[True]):.2f} s, "
              f"slowest {max(every):.2f} s")
        print(f"CPU time per image (this process and its children: one core's work): median "
              f"{statistics.median(every_cpu):.2f} s, sparse {statistics.median(cpu[False]):.2f} s, "
              f"dense {statistics.median(cpu[True]):.2f} s, slowest {max(every_cpu):.2f} s")
        print("| kind | recall | found / drawn |\n|---|---|---|")
        for kind, (hit, total) in sorted(recall.items()):
            print(f"| {kind} | {hit / total:.1%} | {hit} / {total} |")
        print("| detector | precision | right / suggested |\n|---|---|---|")
        for detector, (hit, total) in sorted(precision.items()):
            print(f"| {detector} | {hit / total:.1%} | {hit} / {total} |")
        print()
    if "rapidocr" in medians and "rapidocr-wheel" in medians:
        ratios = [a / b for a, b in zip(medians["rapidocr"], medians["rapidocr-wheel"],
                                        strict=True)]
        print("rapidocr (faster models) / rapidocr-wheel, CPU time per image: median "
              f"{ratios[0]:.2f}, sparse {ratios[1]:.2f}, dense {ratios[2]:.2f}")


if __name__ == "__main__":
    main()
