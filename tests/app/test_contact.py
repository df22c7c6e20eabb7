"""Contact details: an item of their own, approved like any other, remembered only on request."""

from __future__ import annotations

from support_assistant.app.contact import ContactDialog
from support_assistant.app.review_window import ReviewWindow
from support_assistant.core import additions, policy
from support_assistant.core.additions import Contact

from .review_fixtures import add_log, show_active


def open_dialog(qtbot, report) -> tuple[ReviewWindow, ContactDialog]:
    window = ReviewWindow(report, policy.load())
    qtbot.addWidget(window)
    show_active(qtbot, window)
    window.contact_action.trigger()
    dialog = window.findChild(ContactDialog)
    assert dialog is not None and dialog.isVisible()
    return window, dialog


def fill(qtbot, dialog: ContactDialog, **values: str) -> None:
    for name, value in values.items():
        dialog.fields[name].clear()
        qtbot.keyClicks(dialog.fields[name], value)


def test_contact_details_become_an_unapproved_item_and_are_not_remembered(qtbot, report):
    add_log(report)
    window, dialog = open_dialog(qtbot, report)
    fill(qtbot, dialog, name="Alice Example", company="ACME", position="Ops",
         email="alice@example.com", phone="+49 30 123")
    assert not dialog.remember.isChecked()
    dialog.accept()
    [contact] = [i for i in report.items if i.source == "contact"]
    assert not contact.approved
    assert contact.payload.read_text().startswith("Name: Alice Example\nCompany: ACME\n")
    assert window.current_item() is contact
    assert additions.saved_contact() is None
    window.model.set_approved(contact.id, True)
    assert contact.approved


def test_ticking_remember_keeps_the_details_for_next_time_and_unticking_forgets(qtbot, report):
    window, dialog = open_dialog(qtbot, report)
    fill(qtbot, dialog, name="Bob", email="bob@example.org")
    dialog.remember.setChecked(True)
    dialog.accept()
    assert additions.saved_contact() == Contact(name="Bob", email="bob@example.org")
    window.contact_action.trigger()
    again = [d for d in window.findChildren(ContactDialog) if d.isVisible()][-1]
    assert again.fields["name"].text() == "Bob" and again.remember.isChecked()
    again.remember.setChecked(False)
    again.accept()
    assert additions.saved_contact() is None
    assert len([i for i in report.items if i.source == "contact"]) == 1


def test_a_bad_email_is_explained_and_nothing_is_added(qtbot, report):
    window, dialog = open_dialog(qtbot, report)
    fill(qtbot, dialog, email="alice at example")
    dialog.accept()
    assert dialog.isVisible() and "does not look like" in dialog.problem.text()
    assert report.items == []
