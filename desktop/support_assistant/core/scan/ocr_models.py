"""Faster copies of RapidOCR's ONNX models, made on this machine from the wheel's own files.

The PP-OCRv4 models spell each hard-swish activation as four element-wise
operators (``x * clip(x + 3, 0, 6) / 6``) and follow many convolutions with a
scalar scale and shift; onnxruntime fuses neither. :func:`faster_model` rewrites
them (hard-swish as ``x * HardSigmoid(x)``, which onnxruntime fuses into the
convolution; scale and shift folded into the convolution's weights and bias), checks
that the copy computes the same as the original on a test input, and caches it in
the user's cache folder under the source's SHA-256, so it is made once per machine
and model. Nothing is downloaded: the copy is derived from the model inside the
``rapidocr-onnxruntime`` wheel, with the ``onnx`` package of the ``[ocr]`` extra.
When the copy cannot be made (no ``onnx``, an unexpected graph, a different result,
an unwritable cache) the original model is used, which is only slower.
The recognition model's convolutions are also quantized to int8 (static, per channel),
calibrated on the rendered text lines of ``ocr_calibration.png``; :mod:`.ocr` reads
again with the float copy the lines the int8 model is unsure of.
Copies are looked for first in ``ocr-models/`` beside this module (made at install
time by ``python -m support_assistant.core.scan.ocr_models``), then in the cache.
Measured in benchmarks/RESULTS-ocr.md: about 30% less CPU time, the same recall.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any

from ..paths import atomic_write, cache_dir

VERSION = 1  # bump when the rewrite changes: old copies are then ignored
TOLERANCE = 1e-3  # largest difference allowed between the outputs of original and copy
MAX_DIFFERENT = 0.1  # share of calibration lines the int8 model may read differently (spaces aside)
CALIBRATION = Path(__file__).with_name("ocr_calibration.png")  # scripts/make_ocr_calibration.py
INSTALLED = Path(__file__).with_name("ocr-models")  # copies made at install time (main below)
_log = logging.getLogger(__name__)


def faster_model(source: Path, probe_shape: tuple[int, ...], *, int8: bool = False) -> Path:
    """The cached faster copy of ``source`` (made on first use), or ``source`` itself.

    ``probe_shape`` is the input shape the copy is checked with (N, C, H, W). With ``int8``
    (the recognition model) the convolutions are also quantized to int8, calibrated on
    the text lines of ``ocr_calibration.png``, and the copy must read those lines as the
    float model does; otherwise the float copy is used.
    """
    try:
        name = copy_name(source, int8=int8)
        if (INSTALLED / name).is_file():
            return INSTALLED / name
        target = cache_dir() / "ocr-models" / name
        if target.is_file():
            return target
        make_copy(source, target, probe_shape, int8=int8)
        return target
    except Exception as exc:  # any failure leaves the (slower) original in use
        _log.warning("no faster copy of %s (%s); using the original", source.name, exc)
        return source


def copy_name(source: Path, *, int8: bool) -> str:
    """The file name of ``source``'s copy: its SHA-256, the kind of copy, VERSION."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    return f"{source.stem}-{digest}-{'int8' if int8 else 'fused'}-v{VERSION}.onnx"


def make_copy(source: Path, target: Path, probe_shape: tuple[int, ...], *, int8: bool) -> None:
    """Write the faster copy of ``source`` to ``target`` (see :func:`faster_model`); a
    rewrite that changes the results writes the original's bytes instead."""
    import onnx

    data = source.read_bytes()
    model = onnx.load(str(source))
    rewrite(model.graph)
    onnx.checker.check_model(model)
    rewritten = model.SerializeToString()
    if _same_outputs(data, rewritten, probe_shape):
        data = rewritten
        if int8:
            try:
                data = _quantized(model) or rewritten
            except Exception as exc:  # the float copy is still faster than the original
                _log.warning("no int8 copy of %s (%s); using the float copy", source.name, exc)
    else:
        _log.warning("the rewritten %s computes differently; using the original", source.name)
    atomic_write(target, data, mode=0o644)


def calibration_lines() -> list[Any]:
    """The text lines of ``ocr_calibration.png`` as recogniser inputs (1, 3, 48, W >= 320)."""
    import numpy as np
    from PIL import Image

    with Image.open(CALIBRATION) as strip:
        widths = [int(w) for w in strip.info["widths"].split(",")]
        pixels = np.asarray(strip.convert("RGB"), np.float32)[:, :, ::-1] / 255  # BGR
    lines = []
    for index, width in enumerate(widths):
        line = np.zeros((3, 48, max(width, 320)), np.float32)
        line[:, :, :width] = (pixels[index * 48:(index + 1) * 48, :width].transpose(2, 0, 1)
                              - 0.5) / 0.5
        lines.append(line[None])
    return lines


def _quantized(model: Any) -> bytes | None:
    """``model`` with int8 convolutions (static, per channel, QDQ), or None when its reading
    of the calibration lines differs from the float model's on more than MAX_DIFFERENT."""
    import tempfile

    import onnx
    from onnx import version_converter
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )

    lines = calibration_lines()

    class Lines(CalibrationDataReader):
        def __init__(self) -> None:
            self._next = iter(lines)

        def get_next(self) -> dict[str, Any] | None:
            line = next(self._next, None)
            return None if line is None else {model.graph.input[0].name: line}

    with tempfile.TemporaryDirectory(prefix="ocr-int8-") as folder:
        float_path, int8_path = Path(folder, "float.onnx"), Path(folder, "int8.onnx")
        onnx.save(version_converter.convert_version(model, 13), str(float_path))  # per-channel
        logging.disable(logging.WARNING)  # its advice to pre-process goes to the root logger
        try:
            quantize_static(str(float_path), str(int8_path), Lines(), quant_format=QuantFormat.QDQ,
                            per_channel=True, activation_type=QuantType.QUInt8,
                            weight_type=QuantType.QInt8, op_types_to_quantize=["Conv"],
                            calibrate_method=CalibrationMethod.MinMax)
        finally:
            logging.disable(logging.NOTSET)
        float_data, int8_data = float_path.read_bytes(), int8_path.read_bytes()
    different = _different_readings(float_data, int8_data, lines)
    if different > MAX_DIFFERENT * len(lines):
        _log.warning("int8 recognition reads %d of %d lines differently; using float",
                     different, len(lines))
        return None
    return int8_data


def rewrite(graph: Any) -> int:
    """Fuse hard-swish and fold scalar scale/shift into convolutions in ``graph`` (in place);
    returns how many patterns were rewritten."""
    import numpy as np
    from onnx import helper, numpy_helper

    _constants_to_initializers(graph)
    values = {t.name: t for t in graph.initializer}
    outputs = {o.name for o in graph.output}

    def scalar(name: str) -> float | None:
        tensor = values.get(name)
        if tensor is None:
            return None
        array = numpy_helper.to_array(tensor)
        return float(array.reshape(-1)[0]) if array.size == 1 else None

    users: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            users.setdefault(name, []).append(node)

    def only_user(name: str, op_type: str) -> Any:
        found = users.get(name, [])
        if len(found) == 1 and found[0].op_type == op_type and name not in outputs:
            return found[0]
        return None

    dropped: set[int] = set()
    replaced: dict[int, list[Any]] = {}
    for node in graph.node:
        if node.op_type == "Add" and id(node) not in dropped:  # x*clip(x+3,0,6)/6
            rest = [n for n in node.input if scalar(n) != 3.0]
            if len(rest) != 1 or len(node.input) != 2:
                continue
            x = rest[0]
            clip = only_user(node.output[0], "Clip")
            if clip is None or len(clip.input) != 3 or scalar(clip.input[1]) != 0.0 \
                    or scalar(clip.input[2]) != 6.0:
                continue
            mul = only_user(clip.output[0], "Mul")
            if mul is None or x not in mul.input:
                continue
            div = only_user(mul.output[0], "Div")
            if div is None or div.input[0] != mul.output[0] or scalar(div.input[1]) != 6.0:
                continue
            gate = div.output[0] + "_gate"
            dropped |= {id(node), id(clip), id(mul)}
            replaced[id(div)] = [
                helper.make_node("HardSigmoid", [x], [gate], name=gate, alpha=1 / 6, beta=0.5),
                helper.make_node("Mul", [x, gate], [div.output[0]], name=div.name + "_hswish")]
        elif node.op_type == "Conv" and node.input[1] in values:  # conv(x)*a + b
            mul = only_user(node.output[0], "Mul")
            if mul is None:
                continue
            scale = scalar(next((n for n in mul.input if n != node.output[0]), ""))
            if scale is None:
                continue
            last, shift = mul, 0.0
            add = only_user(mul.output[0], "Add")
            if add is not None:
                value = scalar(next((n for n in add.input if n != mul.output[0]), ""))
                if value is not None:
                    last, shift = add, value
            has_bias = len(node.input) > 2 and bool(node.input[2])
            if has_bias and node.input[2] not in values:
                continue
            weight = numpy_helper.to_array(values[node.input[1]])
            bias = (numpy_helper.to_array(values[node.input[2]]) if has_bias
                    else np.zeros(weight.shape[0], weight.dtype))
            names = (node.output[0] + "_w", node.output[0] + "_b")
            graph.initializer.extend([numpy_helper.from_array(weight * scale, names[0]),
                                      numpy_helper.from_array(bias * scale + shift, names[1])])
            conv = helper.make_node("Conv", [node.input[0], *names], [last.output[0]],
                                    name=node.name + "_folded")
            conv.attribute.extend(node.attribute)
            dropped |= {id(node)} | ({id(mul)} if last is add else set())
            replaced[id(last)] = [conv]
    if not replaced:
        return 0
    nodes = []
    for node in graph.node:
        if id(node) in replaced:
            nodes.extend(replaced[id(node)])
        elif id(node) not in dropped:
            nodes.append(node)
    del graph.node[:]
    graph.node.extend(nodes)
    used = {name for node in graph.node for name in node.input}
    unused = [t for t in graph.initializer if t.name not in used]
    for tensor in unused:  # the weights the folded convolutions replaced
        graph.initializer.remove(tensor)
    return len(replaced)


def _constants_to_initializers(graph: Any) -> None:
    """Constant nodes become initializers (the rewrite reads weights and scalars there)."""
    kept = []
    for node in graph.node:
        if node.op_type == "Constant" and len(node.attribute) == 1 \
                and node.attribute[0].name == "value":
            tensor = node.attribute[0].t
            tensor.name = node.output[0]
            graph.initializer.append(tensor)
        else:
            kept.append(node)
    del graph.node[:]
    graph.node.extend(kept)


def _same_outputs(original: bytes, copy: bytes, shape: tuple[int, ...]) -> bool:
    """True when both models give the same outputs (within TOLERANCE) on one test input."""
    import numpy as np

    probe = np.random.default_rng(7).uniform(-1, 1, shape).astype(np.float32)
    results = []
    for model in (original, copy):
        session = _session(model)
        results.append(session.run(None, {session.get_inputs()[0].name: probe}))
    return all(a.shape == b.shape and float(np.max(np.abs(a - b), initial=0)) <= TOLERANCE
               for a, b in zip(*results, strict=True))


def _different_readings(float_model: bytes, int8_model: bytes, lines: list[Any]) -> int:
    """How many ``lines`` the two recognisers decode differently (CTC greedy, spaces aside)."""
    import numpy as np

    readings = []
    for model in (float_model, int8_model):
        session = _session(model)
        name = session.get_inputs()[0].name
        decoded = []
        for line in lines:
            scores = session.run(None, {name: line})[0][0]
            best = scores.argmax(axis=1)
            space = scores.shape[1] - 1  # RapidOCR appends the space as the last class
            keep = np.ones(len(best), bool)
            keep[1:] = best[1:] != best[:-1]
            decoded.append(tuple(int(c) for c in best[keep] if c not in (0, space)))
        readings.append(decoded)
    return sum(a != b for a, b in zip(*readings, strict=True))


def _session(model: bytes) -> Any:
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])


def main() -> None:
    """Make the copies at install or build time, beside this module (``ocr-models/``), so no
    user waits for them: ``python -m support_assistant.core.scan.ocr_models``."""
    from .ocr import MODELS, wheel_models

    INSTALLED.mkdir(exist_ok=True)
    INSTALLED.chmod(0o755)  # made as root at install time, read by every user
    paths = wheel_models()
    for part, int8 in (("det", False), ("rec", True), ("rec", False)):  # float rec: rechecks
        target = INSTALLED / copy_name(paths[part], int8=int8)
        if not target.is_file():
            make_copy(paths[part], target, MODELS[part][0], int8=int8)
        print(target)


if __name__ == "__main__":
    main()
