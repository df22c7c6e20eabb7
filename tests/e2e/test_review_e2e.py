"""End to end on a real X server: capture a window, black out part of it, approve, bundle.

A window with known pixels runs in another process; the review window (this
process, on the same Xvfb) takes a screenshot of the desktop through its own
capture controller (hiding itself), the test draws a box over the window's green
square, approves, saves through the summary, and checks the bundle's pixels.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # tests/app is the package "app" (review_fixtures)

pytestmark = pytest.mark.display


@pytest.fixture
def report(tmp_path):
    from support_assistant.core.report import Report

    return Report.create(product="Demo", root=tmp_path / "reports")


@pytest.fixture
def answers():
    from app.review_fixtures import AnsweringDialogs
    from support_assistant.app import dialogs

    service = AnsweringDialogs()
    previous = dialogs.set_service(service)
    yield service
    dialogs.set_service(previous)


@pytest.fixture
def known_window(x_display):
    env = dict(os.environ, DISPLAY=x_display, QT_QPA_PLATFORM="xcb")
    process = subprocess.Popen([sys.executable, str(HERE / "known_window.py")], env=env,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "ready"
    yield
    process.kill()
    process.wait()


def test_capture_redact_approve_and_bundle_on_a_real_display(qtbot, known_window, tmp_path,
                                                             report, answers):
    from known_window import BLUE, GEOMETRY, RED

    from support_assistant.app.review_window import ReviewWindow
    from support_assistant.core import policy
    from support_assistant.core.items import Box

    window = ReviewWindow(report, policy.load())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(window.itemsReady, timeout=30000):
        window.capture.take("desktop", 0, 0)
    assert window.isVisible()
    [shot] = report.items
    with Image.open(shot.payload) as image:
        captured = image.convert("RGB")
    x0, y0 = GEOMETRY.x(), GEOMETRY.y()
    assert captured.getpixel((x0 + 200, y0 + 150)) == (20, 200, 20)  # the green square
    assert captured.getpixel((x0 + 10, y0 + 10)) == RED

    window.select(shot.id)
    with qtbot.waitSignal(window.preview.sent_image.rendered, timeout=10000):
        window.preview.editor.add_box(Box(x0 + 170, y0 + 120, 60, 60))
    window.preview.approve.click()
    assert shot.approved

    out = tmp_path / "bundle.zip"
    answers.file_answers.append(out)
    answers.confirm_answers.append(True)
    summary = window.open_summary()
    with qtbot.waitSignal(window.saved, timeout=60000):
        summary.save_button.click()
    with zipfile.ZipFile(out) as bundle:
        manifest = json.loads(bundle.read("manifest.json"))
        [entry] = manifest["items"]
        sent = Image.open(io.BytesIO(bundle.read(entry["path"]))).convert("RGB")
    assert sent.size == captured.size
    box = [sent.getpixel((x, y)) for x in range(x0 + 170, x0 + 230, 7)
           for y in range(y0 + 120, y0 + 180, 7)]
    assert set(box) == {(0, 0, 0)}
    assert sent.getpixel((x0 + 10, y0 + 10)) == RED
    assert sent.getpixel((x0 + 390, y0 + 290)) == BLUE
    assert sent.getpixel((x0 + 169, y0 + 150)) == RED and sent.getpixel((x0 + 231, y0 + 150)) \
        == BLUE
    assert "Screenshot of the whole desktop" in entry["title"]
