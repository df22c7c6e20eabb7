"""Offline text recognition (OCR) for screenshots: engine selection and lines with character boxes.

The engine is RapidOCR on onnxruntime (extra ``[ocr]``): PP-OCRv4 detection and
recognition models shipped inside the ``rapidocr-onnxruntime`` wheel (nothing is
downloaded, ever), exact on Chinese, one thread per inference
(``intra_op_num_threads=1``) so a scan never takes both cores. The models are faster
copies made once per machine (:mod:`.ocr_models`: fused operators, int8 recognition),
the wheel's own where no copy can be made. It was chosen over
Tesseract by ``benchmarks/bench_ocr.py`` (``benchmarks/RESULTS-ocr.md``), which
holds the Tesseract adapter used for the comparison.

:func:`select_engine` is the one place that decides whether OCR runs; it returns
None when the extra is not installed, and callers then say so instead of skipping
silently.
"""

from __future__ import annotations

import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from PIL import Image

ENGINES = ("rapidocr",)

CharBox = tuple[int, int, int, int]  # x0, y0, x1, y1 in image pixels


@dataclass(frozen=True)
class Line:
    """One recognised line of text and, for each of its characters, a box in image pixels."""

    text: str
    boxes: tuple[CharBox, ...]

    def span_box(self, start: int, end: int) -> CharBox:
        """The box around characters ``[start, end)`` of this line."""
        chosen = self.boxes[start:end] or self.boxes
        return (min(b[0] for b in chosen), min(b[1] for b in chosen),
                max(b[2] for b in chosen), max(b[3] for b in chosen))


class OcrEngine(Protocol):
    """What the scan needs of an engine: the lines of text in an image."""

    name: str

    def read(self, image: Image.Image) -> list[Line]:
        """Every line of text in ``image`` with a box per character."""


def spread(text: str, box: CharBox) -> tuple[CharBox, ...]:
    """Character boxes for ``text`` laid evenly over ``box`` (when an engine gives no better)."""
    x0, y0, x1, y1 = box
    count = max(1, len(text))
    step = (x1 - x0) / count
    return tuple((round(x0 + i * step), y0, max(round(x0 + (i + 1) * step), round(x0 + i * step) + 1),
                  y1) for i in range(len(text)))


MAX_SIDE = 8192  # larger images (three 2560-px monitors and more) are shrunk to this
DETECTION_SCALE = 0.75
"""Text is *found* on the image scaled by this, and *read* from the full-size pixels: 45%
less detection work, and the same recall on 100%-scale UI text (benchmarks/RESULTS-ocr.md)."""


def _scale_detection(rapid: object, scale: float) -> None:
    """Make RapidOCR's detector work on the image scaled by ``scale`` (boxes come back in
    full-size pixels, and recognition crops the full-size image). RapidOCR 1.4 has no
    option for it; on another version the detector keeps its own sizing."""
    detector = getattr(rapid, "text_det", None)
    try:
        from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess
    except ImportError:  # pragma: no cover - another RapidOCR layout
        return
    if detector is None or not hasattr(detector, "get_preprocess"):
        return  # pragma: no cover

    def preprocess(longest_side: int) -> DetPreProcess:
        return DetPreProcess(max(32, int(longest_side * scale)), "max", detector.mean,
                             detector.std)

    detector.get_preprocess = preprocess


MODELS = {"det": ((1, 3, 96, 160), False), "rec": ((1, 3, 48, 160), True)}
"""For each model: the input shape its faster copy is checked with, and whether it is int8."""


def wheel_models() -> dict[str, Path]:
    """The detection and recognition models inside the ``rapidocr-onnxruntime`` wheel."""
    from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
    from rapidocr_onnxruntime.utils import read_yaml, update_model_path

    config = update_model_path(read_yaml(str(DEFAULT_CFG_PATH)))
    return {"det": Path(config["Det"]["model_path"]), "rec": Path(config["Rec"]["model_path"])}


RECHECK_SCORE = 0.9
"""Lines the int8 recogniser reads with a mean character score under this are read again by
the float model: int8 loses more on hard lines (a 4K screen's host name, read 0.76)."""


def _model_paths() -> dict[str, str]:
    """Detection and recognition models: the faster copies :mod:`.ocr_models` makes once per
    machine from the wheel's own models (the originals where a copy cannot be made)."""
    from .ocr_models import faster_model

    return {f"{part}_model_path": str(faster_model(path, MODELS[part][0], int8=MODELS[part][1]))
            for part, path in wheel_models().items()}


class _Rechecking:
    """RapidOCR's recogniser (int8) with a second, float one for the lines it is unsure of."""

    def __init__(self, fast: Any, careful: Any) -> None:
        self.fast, self.careful = fast, careful

    def __call__(self, crops: list[Any], return_word_box: bool = False) -> tuple[list[Any], float]:
        results, elapsed = self.fast(crops, return_word_box)
        unsure = [i for i, result in enumerate(results) if result[1] < RECHECK_SCORE]
        if unsure:
            again, more = self.careful([crops[i] for i in unsure], return_word_box)
            for index, result in zip(unsure, again, strict=True):
                if result[1] > results[index][1]:
                    results[index] = result
            elapsed += more
        return results, elapsed


def _recheck_with_float(rapid: Any) -> None:
    """Give ``rapid``'s int8 recogniser the fused float model for unsure lines (RECHECK_SCORE)."""
    from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer
    from rapidocr_onnxruntime.main import DEFAULT_CFG_PATH
    from rapidocr_onnxruntime.utils import read_yaml, update_model_path

    from .ocr_models import faster_model

    config = dict(update_model_path(read_yaml(str(DEFAULT_CFG_PATH)))["Rec"])
    careful = faster_model(Path(config["model_path"]), MODELS["rec"][0], int8=False)
    config.update(model_path=str(careful), intra_op_num_threads=1, inter_op_num_threads=1,
                  rec_batch_num=1)
    rapid.text_rec = _Rechecking(rapid.text_rec, TextRecognizer(config))


def _fast_word_boxes(rapid: object) -> None:
    """Map character boxes from a line's crop back to the image with one matrix product per
    line instead of RapidOCR 1.4's per-point loop (0.15 s of Python per screen full of text).
    Points keep their order within a box unsorted: only their extent is read."""
    import cv2
    import numpy as np

    boxes = getattr(rapid, "cal_rec_boxes", None)
    original = getattr(boxes, "reverse_rotate_crop_image", None)
    if original is None:
        return  # pragma: no cover - another RapidOCR layout

    def reverse(bbox_points: Any, word_points: list[Any], direction: str = "w") -> list[Any]:
        if direction != "w" or not word_points:
            return original(bbox_points, word_points, direction)
        corners = np.float32(bbox_points)
        left, top = int(np.min(corners[:, 0])), int(np.min(corners[:, 1]))
        corners -= np.float32([left, top])
        width = int(np.linalg.norm(corners[0] - corners[1]))
        height = int(np.linalg.norm(corners[0] - corners[3]))
        upright = np.float32([[0, 0], [width, 0], [width, height], [0, height]])
        _, inverse = cv2.invert(cv2.getPerspectiveTransform(corners, upright))
        points = np.float32(word_points).astype(np.float64)  # the same rounding as RapidOCR
        mapped = np.concatenate([points, np.ones((*points.shape[:2], 1))], 2) @ inverse.T
        xy = mapped[..., :2] / mapped[..., 2:3] + np.float64([left, top])
        return xy.astype(np.int32).tolist()

    boxes.reverse_rotate_crop_image = reverse


class RapidOcrEngine:
    """RapidOCR (PP-OCRv4 det + rec on onnxruntime, one thread); see the module docstring."""

    name = "rapidocr"

    def __init__(self, *, faster_models: bool = True) -> None:
        import cv2
        from rapidocr_onnxruntime import RapidOCR

        cv2.setNumThreads(1)
        # Screenshots are upright: the 180-degree classifier is skipped. Lines are recognised
        # one at a time (a batch pads every line to the widest: 20-30% more work). Images are
        # read at their own size: RapidOCR's default shrinks anything over 2000 px, which
        # made 100%-scale text on a 4K or two-monitor screenshot unreadable (35% recall).
        self._ocr = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, use_cls=False,
                             det_limit_type="max", det_limit_side_len=2000, rec_batch_num=1,
                             max_side_len=MAX_SIDE,
                             **(_model_paths() if faster_models else {}))
        _scale_detection(self._ocr, DETECTION_SCALE)
        _fast_word_boxes(self._ocr)
        if faster_models:
            _recheck_with_float(self._ocr)
        self._lock = threading.Lock()  # one inference at a time keeps the promise of one core

    def read(self, image: Image.Image) -> list[Line]:
        import numpy as np

        pixels = np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
        with self._lock:
            result, _elapsed = self._ocr(pixels, use_cls=False, return_word_box=True)
        lines = []
        for entry in result or ():
            quad, text = entry[0], str(entry[1])
            xs, ys = [p[0] for p in quad], [p[1] for p in quad]
            outer = (int(min(xs)), int(min(ys)), int(max(xs)) + 1, int(max(ys)) + 1)
            words = entry[3] if len(entry) > 3 else None
            if words and len(words) == len(text):
                boxes = tuple((int(min(p[0] for p in w)), outer[1], int(max(p[0] for p in w)) + 1,
                               outer[3]) for w in words)
            else:
                boxes = spread(text, outer)
            lines.append(Line(text, boxes))
        return lines


def installed(name: str = "rapidocr") -> bool:
    """True if engine ``name`` can be loaded here (its packages are installed)."""
    if name == "rapidocr":
        return all(importlib.util.find_spec(m) is not None
                   for m in ("rapidocr_onnxruntime", "onnxruntime", "cv2"))
    return False


_loaded: dict[str, OcrEngine] = {}
_load_lock = threading.Lock()


def select_engine() -> OcrEngine | None:
    """The OCR engine (loaded once per process), or None when the [ocr] extra is missing."""
    for candidate in ENGINES:
        if not installed(candidate):
            continue
        with _load_lock:
            engine = _loaded.get(candidate)
            if engine is None:
                engine = _loaded[candidate] = RapidOcrEngine()
        return engine
    return None
