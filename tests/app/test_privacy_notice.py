"""The privacy notice dialog (first run, new version) and the policy-problem banner."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from support_assistant.app.privacy_notice import PrivacyNoticeDialog, ensure_accepted
from support_assistant.app.review_window import ReviewWindow
from support_assistant.core import policy, privacy


def branded(tmp_path, version="2026-12"):
    path = tmp_path / "policy.toml"
    path.write_text(f'[branding]\nname = "ACME Support"\nprivacy_version = "{version}"\n'
                    'privacy_text = "ACME sends only what you approve."\n')
    return policy.load(policy_path=path)


def test_the_dialog_shows_the_branding_and_accepting_records_it(qtbot, tmp_path):
    config = branded(tmp_path)
    dialog = PrivacyNoticeDialog(config)
    qtbot.addWidget(dialog)
    assert "ACME Support" in dialog.title.text()
    assert dialog.text.toPlainText() == "ACME sends only what you approve."
    assert "2026-12" in dialog.version.text()
    dialog.decline_button.click()
    assert privacy.needs_acceptance(config)
    dialog.accept_button.click()
    assert not privacy.needs_acceptance(config)
    assert ensure_accepted(config)  # no dialog once accepted


def test_a_new_version_asks_again_modally(qtbot, tmp_path):
    privacy.accept(branded(tmp_path, "1"))
    config = branded(tmp_path, "2")
    shown = []

    def answer():
        dialog = QApplication.activeModalWidget()
        shown.append(dialog)
        dialog.accept_button.click()

    QTimer.singleShot(0, answer)
    assert ensure_accepted(config)
    assert isinstance(shown[0], PrivacyNoticeDialog)
    assert privacy.accepted(config).privacy_version == "2"


def test_review_window_opens_and_shows_a_broken_policy(qtbot, tmp_path, report):
    path = tmp_path / "bad.toml"
    path.write_text('[retention]\ndays = "x"\n')
    window = ReviewWindow(report, policy.load(policy_path=path))
    qtbot.addWidget(window)
    window.show()
    assert window.policy_problem.isVisible()
    assert "'retention.days' at line 2" in window.policy_problem.text()
    healthy = ReviewWindow(report, policy.load())
    qtbot.addWidget(healthy)
    assert healthy.policy_problem.isHidden()
