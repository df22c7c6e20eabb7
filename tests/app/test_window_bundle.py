"""No item or pixel that was not approved and shown can reach the bundle.

Drives the real window: releases a finding, draws a box with the mouse, approves
two items, leaves a third unapproved, saves through the summary, and compares
the bundle's files with what the window showed, byte for byte and pixel for pixel.
"""

from __future__ import annotations

import io
import json
import zipfile

from PIL import Image
from PySide6.QtCore import Qt

from support_assistant.app.review_window import ReviewWindow
from support_assistant.core import policy

from .review_fixtures import add_log, add_screenshot, show_active
from .test_redaction_editor import drag


def qimage_rgb(image) -> Image.Image:  # noqa: ANN001 - a QImage
    from PySide6.QtGui import QImage

    converted = image.convertToFormat(QImage.Format.Format_RGB888)
    data = bytes(converted.constBits())[: converted.bytesPerLine() * converted.height()]
    return Image.frombytes("RGB", (converted.width(), converted.height()), data, "raw", "RGB",
                           converted.bytesPerLine())


def test_bundle_holds_exactly_what_the_window_showed(qtbot, report, answers, tmp_path):
    log = add_log(report)
    shot = add_screenshot(report)
    secret = add_log(report, b"never approved: top-secret-value\n", findings=False)
    window = ReviewWindow(report, policy.load())
    qtbot.addWidget(window)
    show_active(qtbot, window)

    window.select(log.id)
    table = window.preview.text.findings
    table.setData(table.index(1, 0), Qt.CheckState.Unchecked.value,
                  Qt.ItemDataRole.CheckStateRole)                       # send the IP as it is
    shown_text = window.preview.text.sent_view.window.output()
    assert b"10.1.2.3" in shown_text and b"alice@example.com" not in shown_text
    window.preview.approve.click()

    window.select(shot.id)
    editor = window.preview.editor
    editor.actual_size()
    editor.view.horizontalScrollBar().setValue(0)
    editor.view.verticalScrollBar().setValue(0)
    with qtbot.waitSignal(window.preview.sent_image.rendered, timeout=10000):
        drag(editor, (100, 50), (160, 90))
    shown_pixels = qimage_rgb(window.preview.sent_image.image)
    window.preview.approve.click()
    assert log.approved and shot.approved and not secret.approved

    out = tmp_path / "report.zip"
    answers.file_answers.append(out)
    answers.confirm_answers.append(True)  # the leak check: yes, the IP may go
    summary = window.open_summary()
    assert summary.items.topLevelItemCount() == 2
    with qtbot.waitSignal(window.saved, timeout=30000):
        summary.save_button.click()

    with zipfile.ZipFile(out) as bundle:
        names = bundle.namelist()
        manifest = json.loads(bundle.read(names[0]))
        entries = {e["id"]: bundle.read(e["path"]) for e in manifest["items"]}
        everything = b"".join(bundle.read(n) for n in names)
    assert names[0] == "manifest.json" and len(manifest["items"]) == 2
    assert b"top-secret-value" not in everything and b"alice@example.com" not in everything
    [text] = [data for data in entries.values() if not data.startswith(b"\x89PNG")]
    [png] = [data for data in entries.values() if data.startswith(b"\x89PNG")]
    assert text == shown_text
    sent = Image.open(io.BytesIO(png)).convert("RGB")
    assert sent.tobytes() == shown_pixels.tobytes()
    assert sent.getpixel((130, 70)) == (0, 0, 0) and sent.getpixel((95, 45)) == (30, 120, 200)
