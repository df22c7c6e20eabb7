"""Settings: credentials go to the keyring, the token is never shown, locked settings are locked."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from support_assistant.app.settings_page import LOCK, SettingsDialog
from support_assistant.core import credentials, policy


def make_dialog(qtbot, config) -> SettingsDialog:
    dialog = SettingsDialog(config)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded.finished)
    return dialog


def test_credentials_are_stored_in_the_keyring_and_the_token_stays_masked(qtbot):
    dialog = make_dialog(qtbot, policy.load())
    qtbot.keyClicks(dialog.organisation, "ACME-001")
    qtbot.keyClicks(dialog.token, "tok-1234567890abcdef")
    assert dialog.token.echoMode() == QLineEdit.EchoMode.Password
    with qtbot.waitSignal(dialog.accepted):
        dialog.save_button.click()
    assert credentials.load() == credentials.Credentials("ACME-001", "tok-1234567890abcdef")
    again = make_dialog(qtbot, policy.load())
    assert again.token.text() == ""
    assert "********cdef" in again.token.placeholderText()
    assert "tok-1234567890abcdef" not in again.token.placeholderText()
    assert again.organisation.text() == "ACME-001"


def test_an_empty_token_keeps_the_stored_one(qtbot):
    credentials.store(credentials.Credentials("ACME-001", "first-token-123456"))
    dialog = make_dialog(qtbot, policy.load())
    dialog.organisation.setText("ACME-002")
    with qtbot.waitSignal(dialog.accepted):
        dialog.save_button.click()
    assert credentials.load() == credentials.Credentials("ACME-002", "first-token-123456")


def test_bad_input_is_explained_and_nothing_is_stored(qtbot, answers):
    dialog = make_dialog(qtbot, policy.load())
    dialog.organisation.setText("has spaces")
    dialog.token.setText("x")
    dialog.save_button.click()
    assert "organisation ID must be" in answers.errors()[-1]
    assert credentials.load_optional() is None


def test_a_locked_endpoint_is_read_only_and_shown_as_locked(qtbot, tmp_path):
    path = tmp_path / "policy.toml"
    path.write_text('[intake]\nendpoint = "https://support.example.com/files/"\n'
                    '[lock]\nkeys = ["intake.endpoint"]\n')
    dialog = make_dialog(qtbot, policy.load(policy_path=path))
    assert dialog.endpoint.isReadOnly()
    assert dialog.endpoint.text() == "https://support.example.com/files/"
    assert "locked" in dialog.endpoint.accessibleName()
    rows = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert f"{LOCK} intake.endpoint" in rows and "intake.organisation" in rows


def test_forget_asks_then_removes_the_credentials(qtbot, answers):
    credentials.store(credentials.Credentials("ACME-001", "first-token-123456"))
    dialog = make_dialog(qtbot, policy.load())
    answers.confirm_answers.append(True)
    operation = dialog.forget()
    qtbot.waitUntil(lambda: operation.finished)
    assert credentials.load_optional() is None


def value_cell(dialog: SettingsDialog, key: str):
    return dialog.table.item(dialog.keys.index(key), 1)


def test_locked_values_cannot_be_edited_and_unlocked_ones_are_saved(qtbot, tmp_path, answers):
    path = tmp_path / "policy.toml"
    path.write_text('[retention]\ndays = 10\n[screenshots]\nautomatic = false\n'
                    '[lock]\nkeys = ["screenshots.automatic"]\n')
    config = policy.load(policy_path=path)
    dialog = make_dialog(qtbot, config)
    locked = value_cell(dialog, "screenshots.automatic")
    assert not locked.flags() & Qt.ItemFlag.ItemIsEditable
    assert "Locked" in locked.toolTip()
    assert dialog.table.item(dialog.keys.index("screenshots.automatic"), 2).text() == \
        f"locked by policy {path}"
    days = value_cell(dialog, "retention.days")
    assert days.flags() & Qt.ItemFlag.ItemIsEditable
    days.setText("5")
    assert policy.load(policy_path=path)["retention.days"] == 5
    assert dialog.table.item(dialog.keys.index("retention.days"), 2).text().startswith("user ")


def test_an_invalid_edit_is_explained_and_reverted(qtbot, tmp_path, answers):
    dialog = make_dialog(qtbot, policy.load())
    cell = value_cell(dialog, "retention.days")
    cell.setText("soon")
    assert cell.text() == "30" and "whole number" in answers.errors()[-1]
    url = value_cell(dialog, "intake.endpoint")
    url.setText("ftp://x/")
    assert "http:// or https:// URL" in answers.errors()[-1]
    assert url.text() == policy.DEFAULT_ENDPOINT
