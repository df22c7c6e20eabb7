"""Suggested boxes in the redaction editor: dashed until the user accepts or rejects them (one,
all, keyboard, undo); the window reads screenshots in the background and says when OCR is
missing."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ocr_screens import small_screen
from support_assistant.app.review_window import ReviewWindow
from support_assistant.core import policy
from support_assistant.core.items import Box, Finding, Item, ItemKind, RectRedaction
from support_assistant.core.redact import render_bytes
from support_assistant.core.scan import ocr

from .review_fixtures import add_screenshot, show_active
from .test_redaction_editor import make_editor

SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def suggest(item, count: int = 3) -> list[Finding]:
    findings = [Finding(f"ocr-email-{n}", "email", "email", box=Box(10, 10 + 40 * n, 80, 20),
                        value=f"u{n}@example.com") for n in range(count)]
    item.set_findings(findings)
    return findings


def states(editor) -> list[str]:
    return [f.state for f in editor.findings()]


def test_suggestions_are_dashed_until_accepted_or_rejected_one_by_one(qtbot, report):
    item = add_screenshot(report)
    first, second, _third = suggest(item)
    editor = make_editor(qtbot, item)
    assert states(editor) == ["pending"] * 3
    assert item.effective_redactions() == []            # nothing is blacked out yet
    assert "3 suggested boxes" in editor.suggestions.text()
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_Tab)         # the first suggestion
    qtbot.keyClick(editor.view, Qt.Key.Key_A)
    assert states(editor) == ["kept", "pending", "pending"]
    assert item.effective_redactions() == [RectRedaction(first.box, f"finding:{first.id}")]
    qtbot.keyClick(editor.view, Qt.Key.Key_Tab)
    qtbot.keyClick(editor.view, Qt.Key.Key_R)
    assert states(editor) == ["kept", "released", "pending"]
    assert second.id in item.released and "1 suggested boxes" in editor.suggestions.text()
    qtbot.keyClick(editor.view, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(editor.view, Qt.Key.Key_Z, CTRL)
    assert states(editor) == ["pending"] * 3 and item.effective_redactions() == []


def test_all_suggestions_at_once_and_undo_as_one_step(qtbot, report):
    item = add_screenshot(report)
    suggest(item)
    editor = make_editor(qtbot, item)
    editor.view.setFocus()
    qtbot.keyClick(editor.view, Qt.Key.Key_A, SHIFT)
    assert states(editor) == ["kept"] * 3
    assert len(item.effective_redactions()) == 3
    assert "decided" in editor.suggestions.text()
    rendered = render_bytes(item)
    assert rendered != render_bytes(add_screenshot(report))   # burnt into the pixels
    editor.undo_stack.undo()
    assert states(editor) == ["pending"] * 3
    qtbot.keyClick(editor.view, Qt.Key.Key_R, SHIFT)
    assert states(editor) == ["released"] * 3 and item.pending == set()
    assert item.effective_redactions() == []


def test_the_toolbar_offers_every_decision(qtbot, report):
    item = add_screenshot(report)
    suggest(item, 1)
    editor = make_editor(qtbot, item)
    texts = [a.text() for a in editor.toolbar.actions()]
    for wanted in ("Accept suggestion", "Reject suggestion", "Accept all suggestions",
                   "Reject all suggestions"):
        assert wanted in texts
    editor.findings()[0].setSelected(True)
    editor.accept_action.trigger()
    assert item.effective_redactions() == [RectRedaction(Box(10, 10, 80, 20),
                                                         "finding:ocr-email-0")]


def make_window(qtbot, report) -> ReviewWindow:
    window = ReviewWindow(report, policy.load())
    qtbot.addWidget(window)
    show_active(qtbot, window)
    return window


def test_window_shows_the_screenshot_at_once_and_suggestions_when_ocr_is_done(qtbot, report):
    path = report.payload_path("screenshot-1", ".png")
    small_screen()[0].save(path)
    item = report.add(Item.from_file(id="screenshot-1", kind=ItemKind.SCREENSHOT, title="Screen",
                                     source="screenshot", payload=path, media_type="image/png"))
    window = make_window(qtbot, report)
    window.add_items([item])
    editor = window.preview.editor
    assert editor.item is item and window.ocr_states[item.id] == "running"  # not waiting
    assert "Looking for personal data" in editor.suggestions.text()
    qtbot.waitUntil(lambda: window.ocr_states[item.id] == "done", timeout=30000)
    assert sorted(f.finding.detector for f in editor.findings()) == ["email", "phone"]
    assert states(editor) == ["pending", "pending"]
    assert "2 suggested boxes" in editor.suggestions.text()


def test_editor_says_when_ocr_is_not_installed(qtbot, report, monkeypatch):
    monkeypatch.setattr(ocr, "select_engine", lambda name=None: None)
    item = add_screenshot(report)
    window = make_window(qtbot, report)
    window.add_items([item])
    qtbot.waitUntil(lambda: window.ocr_states[item.id] == "unavailable", timeout=10000)
    text = window.preview.editor.suggestions.text()
    assert "not installed" in text and window.preview.editor.suggestions.isVisible()
    assert item.findings == []


def test_editor_says_when_the_policy_turns_ocr_off(qtbot, report, tmp_path):
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text("[scan]\nocr = false\n")
    item = add_screenshot(report)
    window = ReviewWindow(report, policy.load(policy_path=policy_file))
    qtbot.addWidget(window)
    show_active(qtbot, window)
    window.add_items([item])
    assert window.ocr_states[item.id] == "off"
    assert "turned off" in window.preview.editor.suggestions.text()
