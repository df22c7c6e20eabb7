"""The history: reference, time, destination and manifest of each sent report; delete, withdraw."""
# ruff: noqa: F811 - the intake fixtures are imported from outbox_support and requested by name

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
import requests

from outbox_support import (  # noqa: F401
    CUSTOMER_A,
    bundles,
    download,
    intake_factory,
    intake_server,
    token_of,
)
from support_assistant.app.history_view import HistoryDialog
from support_assistant.core import additions, credentials, history, policy
from support_assistant.core.outbox import Outbox
from support_assistant.core.sender import Sender
from support_assistant.core.upload import RetryPolicy

FAST = RetryPolicy(attempts=2, base_delay=0.05, max_delay=0.1)


def make_bundle(path: Path, report_id: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps({
            "report_id": report_id,
            "items": [{"id": "log-1", "title": "app.log", "kind": "log", "size": 12,
                       "sha256": "ab" * 32}]}))
        archive.writestr("items/log-1.log", b"hello world\n")
    return path


@pytest.fixture
def sent_reports(tmp_path, intake_server):
    credentials.store(credentials.Credentials(CUSTOMER_A, intake_server.tokens.customer_a,
                                              intake_server.endpoint))
    outbox = Outbox()
    sent = []
    for n in range(2):
        entry = outbox.enqueue(make_bundle(tmp_path / f"b{n}.zip", f"SA-20261125-AAAAA{n}"))
        sent.append(Sender(outbox, retry=FAST).send(entry.id))
    return sent


def make_dialog(qtbot) -> HistoryDialog:
    dialog = HistoryDialog(policy.load())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loading.finished)
    return dialog


def test_sent_reports_are_listed_newest_first_with_their_manifest(qtbot, sent_reports,
                                                                 intake_server):
    dialog = make_dialog(qtbot)
    assert dialog.table.rowCount() == 2
    newest_first = [e.reference for e in reversed(history.records())]
    assert [dialog.table.item(r, 0).text() for r in range(2)] == newest_first
    assert set(newest_first) == {s.reference for s in sent_reports}
    assert dialog.table.item(0, 2).text() == intake_server.endpoint
    assert dialog.manifest.topLevelItem(0).text(0) == "app.log"


def test_asking_support_to_delete_removes_it_from_the_intake(qtbot, sent_reports, answers,
                                                            intake_server):
    dialog = make_dialog(qtbot)
    target = next(s for s in sent_reports if s.reference == dialog.table.item(0, 0).text())
    other = next(s for s in sent_reports if s is not target)
    answers.confirm_answers.append(False)
    assert dialog.delete_selected() is None
    answers.confirm_answers.append(True)
    operation = dialog.delete_selected()
    qtbot.waitUntil(lambda: operation.finished, timeout=20000)
    assert answers.errors() == []
    on_server = {b["id"] for b in bundles(intake_server)}
    assert target.reference not in on_server and other.reference in on_server
    qtbot.waitUntil(lambda: dialog.loading.finished and dialog.table.item(0, 3).text()
                    == "deleted by support")


def test_withdrawing_consent_deletes_everything_sent_and_local(qtbot, sent_reports, answers,
                                                               intake_server):
    dialog = make_dialog(qtbot)
    answers.confirm_answers.append(True)
    operation = dialog.withdraw()
    qtbot.waitUntil(lambda: operation.finished, timeout=20000)
    assert answers.errors() == []
    on_server = {b["id"] for b in bundles(intake_server)}
    assert not on_server & {s.reference for s in sent_reports}
    assert credentials.load_optional() is None
    qtbot.waitUntil(lambda: dialog.loading.finished and dialog.empty.isVisible())


def test_no_history_says_so(qtbot):
    dialog = make_dialog(qtbot)
    assert dialog.empty.isVisible() and dialog.table.rowCount() == 0


def test_adding_to_a_sent_report_sends_a_follow_up_linked_to_it(qtbot, sent_reports, answers,
                                                               intake_server, tmp_path):
    dialog = make_dialog(qtbot)
    original = dialog.selected()
    window = dialog.follow_up()
    assert window.report.follows == original.reference
    assert original.reference in window.windowTitle()
    note = tmp_path / "correction.txt"
    note.write_text("It only fails after the nightly update.\n", encoding="utf-8")
    item = additions.attach_file(window.report, note, max_bytes=1 << 20)
    with qtbot.waitSignal(window.itemsReady, timeout=20000):
        window.add_items([item])
    window.model.set_approved(item.id, True)
    operation = window.send_now()
    qtbot.waitUntil(lambda: operation.finished, timeout=30000)
    assert answers.errors() == []
    follow_up = next(e for e in history.records() if e.follows)
    assert follow_up.follows == original.reference
    meta = requests.get(f"{intake_server.url}api/bundles/{follow_up.reference}", timeout=10,
                        headers={"Authorization": f"Bearer {token_of(intake_server, 'engineer')}"})
    assert meta.json()["follows"] == original.reference
    sent = zipfile.ZipFile(io.BytesIO(download(intake_server, follow_up.reference)))
    manifest = json.loads(sent.read("manifest.json"))
    assert manifest["report"]["follows"] == original.reference
    assert [i["title"] for i in manifest["items"]] == ["Attached file: correction.txt"]
    window.close()
