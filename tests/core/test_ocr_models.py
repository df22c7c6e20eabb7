"""The faster OCR models (core/scan/ocr_models.py): made from the wheel's models, read like
them, cached once, and the wheel's models whenever a copy cannot be made."""

from __future__ import annotations

import sys
from pathlib import Path

import onnx
import pytest

from ocr_screens import small_screen
from support_assistant.core.scan import ocr, ocr_models
from support_assistant.core.scan.identities import Identities
from support_assistant.core.scan.images import find_boxes

SHAPES = {part: shape for part, (shape, _int8) in ocr.MODELS.items()}


@pytest.fixture(scope="module")
def wheel() -> dict[str, Path]:
    return ocr.wheel_models()


def op_types(path: Path) -> set[str]:
    return {node.op_type for node in onnx.load(str(path)).graph.node}


def test_fused_copy_has_no_elementwise_hardswish_and_computes_the_same(wheel, tmp_path):
    target = tmp_path / "det.onnx"
    ocr_models.make_copy(wheel["det"], target, SHAPES["det"], int8=False)
    assert "Clip" in op_types(wheel["det"]) and "Div" in op_types(wheel["det"])
    assert "Clip" not in op_types(target) and "Div" not in op_types(target)
    assert ocr_models._same_outputs(wheel["det"].read_bytes(), target.read_bytes(),
                                    (1, 3, 160, 224))


def test_int8_recognition_copy_reads_the_calibration_lines_like_the_float_model(wheel):
    # the copy setup_venv made at install time (made here, ~10 s, when it is missing)
    target = ocr_models.faster_model(wheel["rec"], SHAPES["rec"], int8=True)
    assert "DequantizeLinear" in op_types(target)
    lines = ocr_models.calibration_lines()[::3]  # 19 of the 55 lines keep the test short
    assert ocr_models._different_readings(wheel["rec"].read_bytes(), target.read_bytes(),
                                          lines) <= ocr_models.MAX_DIFFERENT * len(lines)


def test_engine_with_faster_models_finds_what_the_wheel_models_find():
    image, truths = small_screen()
    fast = find_boxes(image, Identities(), engine=ocr.select_engine())
    wheel = find_boxes(image, Identities(), engine=ocr.RapidOcrEngine(faster_models=False))
    assert sorted((d, v) for d, v, _b in fast) == sorted((d, v) for d, v, _b in wheel)
    assert {d for d, _v, _b in fast} == {t.kind for t in truths}


def test_copy_is_made_once_in_the_cache_and_reused(wheel, isolated_user_dirs, monkeypatch):
    monkeypatch.setattr(ocr_models, "INSTALLED", isolated_user_dirs / "none")
    first = ocr_models.faster_model(wheel["det"], SHAPES["det"])
    assert first.parent == isolated_user_dirs / "cache" / "support-assistant" / "ocr-models"
    monkeypatch.setattr(ocr_models, "make_copy", lambda *a, **k: pytest.fail("made twice"))
    assert ocr_models.faster_model(wheel["det"], SHAPES["det"]) == first


def test_without_onnx_the_wheel_model_is_used(wheel, isolated_user_dirs, monkeypatch):
    monkeypatch.setattr(ocr_models, "INSTALLED", isolated_user_dirs / "none")
    monkeypatch.setitem(sys.modules, "onnx", None)  # import onnx now fails
    assert ocr_models.faster_model(wheel["det"], SHAPES["det"]) == wheel["det"]


def test_failed_quantization_leaves_the_float_copy(wheel, tmp_path, monkeypatch):
    import onnxruntime.quantization

    def broken(*args, **kwargs):
        raise RuntimeError("no calibration")

    monkeypatch.setattr(onnxruntime.quantization, "quantize_static", broken)
    target = tmp_path / "rec.onnx"
    ocr_models.make_copy(wheel["rec"], target, SHAPES["rec"], int8=True)
    assert "DequantizeLinear" not in op_types(target) and "Clip" not in op_types(target)


def test_lines_the_int8_model_is_unsure_of_are_read_again_by_the_float_model():
    calls = []

    def fast(crops, word_box=False):
        return [("Host:fileerofficexamler", 0.76), ("E-mail: a@b.cn", 0.98)], 0.1

    def careful(crops, word_box=False):
        calls.append(crops)
        return [("Host:fileserver.office.example.org", 0.84)], 0.2

    results, elapsed = ocr._Rechecking(fast, careful)(["hard", "easy"], True)
    assert calls == [["hard"]]  # only the unsure line is read twice
    assert [text for text, _score in results] == ["Host:fileserver.office.example.org",
                                                  "E-mail: a@b.cn"]
    assert elapsed == pytest.approx(0.3)
