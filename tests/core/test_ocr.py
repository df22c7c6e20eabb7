"""OCR on screenshots: suggested boxes from the real engine, the final-image leak check, and
what happens when no engine is installed. The engine is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from test_workflow import RecordingFrontEnd

from ocr_screens import Truth, small_screen
from support_assistant.core import policy
from support_assistant.core.items import Box, Item, ItemKind, RectRedaction
from support_assistant.core.report import Report
from support_assistant.core.scan import Identities, check_leaks, ocr, scan_report
from support_assistant.core.scan.images import find_boxes
from support_assistant.core.workflow import ReportSession

NOBODY = Identities()


@pytest.fixture(scope="session")
def engine() -> ocr.OcrEngine:
    """The installed engine (scripts/install-and-test installs the [ocr] extra)."""
    engine = ocr.select_engine()
    assert engine is not None, "no OCR engine: install the [ocr] extra (scripts/install-and-test)"
    return engine


@pytest.fixture(scope="session")
def screen() -> tuple[Image.Image, list[Truth]]:
    return small_screen()


@pytest.fixture
def report(tmp_path: Path) -> Report:
    return Report.create(root=tmp_path / "reports")


def add_screen(report: Report, image: Image.Image) -> Item:
    path = report.payload_path("screenshot-1", ".png")
    image.save(path)
    return report.add(Item.from_file(id="screenshot-1", kind=ItemKind.SCREENSHOT,
                                     title="Screen", source="screenshot", payload=path,
                                     media_type="image/png", metadata={"clean_image": True}))


def covers(box: Box, truth: Truth) -> bool:
    """The suggested box lies over the whole drawn value (OCR boxes span the line height)."""
    x, y, w, h = truth.box
    return box.x <= x + 2 and box.x + box.w >= x + w - 2 and box.y <= y and box.y + box.h >= y + h


def truth_box(truth: Truth) -> Box:
    x, y, w, h = truth.box
    return Box(x - 4, y - 6, w + 8, h + 12)


def test_engine_reads_lines_with_a_box_per_character(engine, screen):
    image, _truths = screen
    lines = engine.read(image)
    text = "\n".join(line.text for line in lines)
    assert "li.wei@corp-mail.cn" in text and "手机号码" in text
    for line in lines:
        assert len(line.boxes) == len(line.text)


def test_email_and_mainland_mobile_get_boxes_over_the_pixels(engine, screen):
    image, truths = screen
    found = find_boxes(image, NOBODY, engine=engine)
    assert sorted(d for d, _v, _b in found) == ["email", "phone"]
    for truth in truths:
        [box] = [b for d, _v, b in found if d == truth.kind]
        assert covers(box, truth), (truth, box)


def test_scan_suggests_boxes_that_wait_for_the_user(engine, screen, report):
    item = add_screen(report, screen[0])
    scan_report(report, NOBODY)
    assert {f.detector for f in item.findings} == {"email", "phone"}
    assert item.pending == {f.id for f in item.findings}
    assert item.effective_redactions() == []      # never applied silently
    for finding in item.findings:
        item.decide(finding.id, "kept")
    assert len(item.effective_redactions()) == 2
    scan_report(report, NOBODY)                    # a rescan keeps the decisions
    assert item.pending == set() and len(item.effective_redactions()) == 2


def test_leak_check_reads_the_final_image_and_reports_what_is_still_readable(
        engine, screen, report):
    image, truths = screen
    email, phone = truths
    item = add_screen(report, image)
    item.add_redaction(RectRedaction(truth_box(email)))
    item.approve()
    leaks = check_leaks(report, report.approved_items(), NOBODY)
    assert [(leak.item_id, leak.detector) for leak in leaks] == [("screenshot-1", "phone")]
    assert leaks[0].box is not None and covers(leaks[0].box, phone)
    item.add_redaction(RectRedaction(truth_box(phone)))
    item.approve()
    assert check_leaks(report, report.approved_items(), NOBODY) == []


def test_without_an_engine_scan_and_leak_check_say_so(monkeypatch, screen, report):
    monkeypatch.setattr(ocr, "select_engine", lambda name=None: None)
    item = add_screen(report, screen[0])
    front_end = RecordingFrontEnd()
    session = ReportSession(report, policy.load(), front_end, identities=NOBODY)
    session.scan()
    assert item.findings == []
    item.approve()
    assert session.check_leaks(report.approved_items()) == []
    said = [c[1] for c in front_end.calls if c[0] == "info"]
    assert len(said) == 2 and all("OCR) is not installed" in s for s in said)
