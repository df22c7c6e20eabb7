"""Settings: credentials go to the keyring, the token is never shown, locked settings are locked."""

from __future__ import annotations

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
