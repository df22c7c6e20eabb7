"""The inbox against the reference intake on 127.0.0.1 with two customers."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from console_bundles import console_bundle
from intake_harness import CUSTOMER_A, CUSTOMER_B, IntakeServer

from support_assistant.console.inbox_view import InboxView
from support_assistant.console.window import ConsoleWindow
from support_assistant.core import inbox
from support_assistant.core.errors import CredentialsRejected
from support_assistant.core.upload import TusClient


def upload(server: IntakeServer, path: Path, token: str, customer: str, product: str) -> str:
    client = TusClient(server.destination(token=token, customer=customer))
    metadata = {"filename": path.name, "filetype": "application/zip", "product": product,
                "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    return client.upload(path, client.create(path, metadata)).reference.rstrip("/") \
        .rsplit("/", 1)[-1]


@pytest.fixture
def two_customers(intake_server: IntakeServer, tmp_path: Path) -> tuple[IntakeServer, str, str]:
    _, a = console_bundle(tmp_path / "a", "a.zip")
    _, b = console_bundle(tmp_path / "b", "b.zip")
    first = upload(intake_server, a.path, intake_server.tokens.customer_a, CUSTOMER_A, "Alpha")
    second = upload(intake_server, b.path, intake_server.tokens.customer_b, CUSTOMER_B, "Beta")
    return intake_server, first, second


def refreshed_view(qtbot, server: IntakeServer, token: str) -> InboxView:
    view = InboxView()
    qtbot.addWidget(view)
    view.set_connection(inbox.Connection(server.url, token))
    with qtbot.waitSignal(view.refreshed, timeout=20000) as blocker:
        view.refresh()
    assert blocker.args[0] >= 0, view.status.text()
    return view


def test_engineer_token_sees_both_customers(qtbot, two_customers):
    server, first, second = two_customers
    view = refreshed_view(qtbot, server, server.tokens.engineer)
    assert sorted(view.visible_customers()) == [CUSTOMER_A, CUSTOMER_B]
    assert {e.id for e in view.model.entries} == {first, second}
    assert sorted(view.model.index(r, 1).data() for r in range(2)) == ["Alpha", "Beta"]
    assert all(view.model.index(r, 6).data() == "complete" for r in range(2))
    view.filter.setText("beta")
    assert view.visible_customers() == [CUSTOMER_B]


def test_customer_token_sees_only_its_own(qtbot, two_customers):
    server, first, _ = two_customers
    view = refreshed_view(qtbot, server, server.tokens.customer_a)
    assert view.visible_customers() == [CUSTOMER_A]
    assert [e.id for e in view.model.entries] == [first]


def test_a_wrong_token_is_refused_with_a_clear_sentence(qtbot, intake_server):
    view = InboxView()
    qtbot.addWidget(view)
    view.set_connection(inbox.Connection(intake_server.url, "not-a-valid-token"))
    with qtbot.waitSignal(view.refreshed, timeout=20000) as blocker:
        view.refresh()
    assert blocker.args == [-1]
    assert "refused the engineer token (HTTP 401)" in view.status.text()
    with pytest.raises(CredentialsRejected):
        inbox.InboxClient(inbox.Connection(intake_server.url, "not-a-valid-token")).list()


def test_download_and_open_fills_version_and_error(qtbot, two_customers):
    server, first, _ = two_customers
    inbox.store_connection(inbox.Connection(server.url, server.tokens.engineer))
    window = ConsoleWindow()  # reads the connection from the keyring and refreshes
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: len(window.inbox.model.entries) == 2, timeout=20000)
    assert window.inbox.select_id(first)
    window.inbox.download_selected()
    qtbot.waitUntil(lambda: len(window.bundle_views()) == 1, timeout=20000)
    view = window.bundle_views()[0]
    qtbot.waitUntil(lambda: view.all_verified, timeout=20000)
    assert view.path.parent == inbox.downloads_dir()
    row = next(r for r, e in enumerate(window.inbox.model.entries) if e.id == first)
    assert window.inbox.model.index(row, 2).data() == "1.0"
    assert window.inbox.model.index(row, 3).data() == "Demo stopped"


def test_delete_asks_first_and_removes_the_bundle_from_the_intake(qtbot, two_customers,
                                                                   answers):
    server, first, second = two_customers
    view = refreshed_view(qtbot, server, server.tokens.engineer)
    assert view.select_id(first)
    assert view.delete_selected() is None  # the default answer keeps it
    assert answers.calls[-1][0] == "confirm" and CUSTOMER_A in answers.calls[-1][1]
    answers.confirm_answers.append(True)
    with qtbot.waitSignal(view.refreshed, timeout=20000):
        view.delete_selected()
    assert [e.id for e in view.model.entries] == [second]
    client = inbox.InboxClient(inbox.Connection(server.url, server.tokens.customer_a))
    assert client.list() == []
