"""The data model: approval binds the exact content; unapproved items can never be sealed."""

from datetime import UTC, datetime

import pytest

from support_assistant.core.errors import NotApprovedError
from support_assistant.core.items import (
    ApprovedItem,
    Box,
    Finding,
    Item,
    ItemKind,
    RectRedaction,
    TextRedaction,
)
from support_assistant.core.report import Report


def make_text_item(report: Report, text: bytes = b"mail alice@example.com now") -> Item:
    item_id = report.new_item_id("log")
    path = report.payload_path(item_id, ".log")
    path.write_bytes(text)
    return report.add(Item.from_file(id=item_id, kind=ItemKind.LOG, title="app.log",
                                     source="logs", payload=path, media_type="text/plain"))


@pytest.fixture
def report(tmp_path):
    return Report.create(product="Demo", product_version="1.0", root=tmp_path / "reports")


def test_unapproved_item_cannot_be_sealed(report):
    item = make_text_item(report)
    with pytest.raises(NotApprovedError, match="not approved"):
        item.sealed()
    assert report.approved_items() == []


def test_approved_item_seals_with_its_redactions(report):
    item = make_text_item(report)
    item.set_findings([Finding("f1", "email", "email-1", start=5, end=22, value="alice@example.com")])
    item.approve(datetime(2026, 11, 25, tzinfo=UTC))
    sealed = item.sealed()
    assert isinstance(sealed, ApprovedItem)
    assert sealed.redactions == (TextRedaction(5, 22, "email-1", "finding:f1"),)


@pytest.mark.parametrize("change", [
    lambda i: i.release("f1"),
    lambda i: i.add_redaction(TextRedaction(0, 4, "x")),
    lambda i: i.set_findings([]),
])
def test_any_change_after_approval_voids_it(report, change):
    item = make_text_item(report)
    item.set_findings([Finding("f1", "email", "email-1", start=5, end=22)])
    item.approve()
    change(item)
    assert not item.approved
    with pytest.raises(NotApprovedError):
        item.sealed()


def test_change_behind_the_models_back_is_caught_at_sealing(report):
    item = make_text_item(report)
    item.approve()
    item.user_redactions.append(TextRedaction(0, 4, "x"))  # bypasses the methods
    with pytest.raises(NotApprovedError, match="changed after it was approved"):
        item.sealed()


def test_approved_item_cannot_be_forged():
    with pytest.raises(NotApprovedError):
        ApprovedItem(object(), item_id="x", title="forged")


def test_report_round_trips_through_its_session_folder(report):
    item = make_text_item(report)
    item.set_findings([Finding("f1", "email", "email-1", start=5, end=22, value="alice@example.com")])
    item.add_redaction(RectRedaction(Box(1, 2, 3, 4)))
    item.approve()
    report.save()
    again = Report.load(report.session_dir)
    assert again.id == report.id
    restored = again.item(item.id)
    assert restored.approved
    assert restored.findings == item.findings
    assert (report.session_dir / "report.json").stat().st_mode & 0o077 == 0
