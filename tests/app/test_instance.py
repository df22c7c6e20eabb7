"""The running instance (offscreen): spooled requests become windows, bursts one window, tray menu."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from support_assistant.app.instance import Instance
from support_assistant.app.review_window import ReviewWindow
from support_assistant.core import policy, privacy, triggers
from support_assistant.core.locking import FileLock


@pytest.fixture
def instance(qtbot):
    """An instance listening on its socket, holding the lock as ``support-assistant tray`` does."""
    lock = FileLock(triggers.lock_path())
    lock.acquire()
    privacy.accept(policy.load())  # the notice has its own test below
    running = Instance(policy.load())
    assert running.start()
    yield running
    from PySide6.QtCore import QCoreApplication, QEvent

    from support_assistant.app.operations import wait_all

    running.stop()
    windows = [r.window for r in running.windows] + running.other_windows
    for window in windows:
        window.close()
    # Background work holds references to the windows: let it finish and its callbacks run
    # here, so no window is ever freed from a worker thread.
    assert wait_all(20000)
    qtbot.wait(100)
    for window in windows:
        window.deleteLater()
    running.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    lock.release()


def review_windows() -> list[ReviewWindow]:
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, ReviewWindow) and w.isVisible()]


def test_a_burst_of_twenty_requests_gives_one_window(qtbot, instance) -> None:
    counts: list[int] = []
    instance.merged.connect(lambda _window, count: counts.append(count))
    config = policy.load()
    for n in range(20):  # a crash loop: the same error, with a few different ones
        message = f"Worker {n % 3} crashed"
        triggers.submit(triggers.TriggerRequest(product="Demo", product_version="1.0",
                                                error_message=message, screenshot="none"),
                        config)
    qtbot.waitUntil(lambda: bool(counts) and counts[-1] == 20, timeout=10000)
    [window] = review_windows()
    assert [record.count for record in instance.windows] == [20]
    qtbot.waitUntil(lambda: any(i.source == "error" and i.id.startswith("error-")
                                for i in window.report.items), timeout=10000)
    repeated = [i for i in window.report.items if i.id.startswith("repeated-error")]
    assert len(repeated) == 2  # "Worker 1" and "Worker 2"; repeats are only counted
    assert "20 errors" in window.status.text()
    assert list(triggers.spool_dir().iterdir()) == []
    assert not any(item.approved for item in window.report.items)


def test_another_product_gets_its_own_window(qtbot, instance) -> None:
    config = policy.load()
    for product in ("Alpha", "Beta"):
        triggers.submit(triggers.TriggerRequest(product=product, screenshot="none"), config)
    qtbot.waitUntil(lambda: len(review_windows()) == 2, timeout=10000)
    assert sorted(w.report.product for w in review_windows()) == ["Alpha", "Beta"]


def spool_with_screenshot(tmp_path: Path, **fields) -> triggers.TriggerRequest:
    """A request as ``report`` leaves it when it took the screenshot itself."""
    request = triggers.TriggerRequest(product="Demo", error_message="Disk on fire", **fields)
    folder = triggers.spool_dir() / request.id
    folder.mkdir()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(folder / triggers.SCREENSHOT_FILE)
    request.screenshot_state = "taken"
    desktop = {"left": 0, "top": 0, "width": 64, "height": 48}
    request.capture = {"geometry": desktop, "monitors": [desktop, desktop]}
    (folder / triggers.REQUEST_FILE).write_text(__import__("json").dumps(request.to_json()))
    return request


def test_the_screenshot_comes_first_unapproved_and_the_user_is_told(qtbot, instance,
                                                                    tmp_path) -> None:
    (tmp_path / "notes.txt").write_text("attached by the product\n")
    spool_with_screenshot(tmp_path, attachments=[str(tmp_path / "notes.txt")])
    with qtbot.waitSignal(instance.reportShown, timeout=10000) as shown:
        instance.drain()
    window = shown.args[0]
    shot = window.report.item("screenshot-1")
    assert shot.metadata["target"] == "desktop" and not shot.approved
    assert window.model.has_thumbnail("screenshot-1")
    assert "screenshot was taken" in window.status.text()
    assert "sent only if you tick it" in window.status.text()
    qtbot.waitUntil(lambda: any(i.source == "attachment" for i in window.report.items),
                    timeout=10000)
    assert window.report.error.message == "Disk on fire"


def test_a_pending_screenshot_that_fails_is_explained(qtbot, instance, monkeypatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    triggers.submit(triggers.TriggerRequest(product="Demo"), policy.load())
    qtbot.waitUntil(lambda: len(review_windows()) == 1, timeout=10000)
    [window] = review_windows()
    assert "No screenshot could be taken" in window.status.text()
    assert not any(i.kind.value == "screenshot" for i in window.report.items)


def test_policy_without_automatic_screenshots_is_explained(qtbot, instance, tmp_path,
                                                           monkeypatch) -> None:
    path = tmp_path / "policy.toml"
    path.write_text("[screenshots]\nautomatic = false\n")
    monkeypatch.setenv("SUPPORT_ASSISTANT_POLICY", str(path))
    triggers.submit(triggers.TriggerRequest(product="Demo"), policy.load())
    qtbot.waitUntil(lambda: len(review_windows()) == 1, timeout=10000)
    assert "turned off by your IT department" in review_windows()[0].status.text()


def test_tray_menu_reports_a_problem_and_opens_history_and_settings(qtbot, instance) -> None:
    from support_assistant.app.tray import TrayMenu

    menu = TrayMenu(instance)
    qtbot.addWidget(menu)
    texts = [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Report a problem…", "Sent reports…", "Settings…", "Quit"]
    menu.report_action.trigger()
    qtbot.waitUntil(lambda: len(review_windows()) == 1, timeout=5000)
    assert review_windows()[0].report.product == ""
    history, settings = menu.open_history(), menu.open_settings()
    assert history.isVisible() and settings.isVisible()
    for widget in (history, settings, *review_windows()):
        widget.close()


def test_closed_windows_are_freed_once_their_work_is_done(qtbot, instance) -> None:
    from support_assistant.app.operations import wait_all

    triggers.submit(triggers.TriggerRequest(product="Demo", screenshot="none"), policy.load())
    qtbot.waitUntil(lambda: len(review_windows()) == 1, timeout=10000)
    [window] = review_windows()
    window.close()
    assert wait_all(10000)
    qtbot.wait(50)  # let the finished operations' callbacks run
    instance._sweep()
    assert instance.windows == []
    with qtbot.waitSignal(window.destroyed, timeout=5000):
        pass


def test_the_first_triggered_report_asks_for_the_privacy_notice_and_declining_deletes_it(
        qtbot, instance) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from support_assistant.app.privacy_notice import PrivacyNoticeDialog

    privacy.state_path().unlink()
    seen: list[str] = []

    def decline() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, PrivacyNoticeDialog):
            seen.append(dialog.windowTitle())
            dialog.reject()
        else:
            QTimer.singleShot(50, decline)

    QTimer.singleShot(50, decline)
    triggers.submit(triggers.TriggerRequest(product="Demo", product_version="1.0",
                                            error_message="boom", screenshot="none"),
                    policy.load())
    qtbot.waitUntil(lambda: bool(seen) and not instance.windows, timeout=15000)
    assert review_windows() == []
    from support_assistant.core.paths import reports_dir

    assert not reports_dir().exists() or list(reports_dir().iterdir()) == []


def test_requests_for_many_products_open_at_most_five_windows(qtbot, instance) -> None:
    from support_assistant.app.instance import MAX_OPEN_WINDOWS

    config = policy.load()
    for n in range(MAX_OPEN_WINDOWS + 3):
        triggers.submit(triggers.TriggerRequest(product=f"Product {n}", error_message="x",
                                                screenshot="none"), config)
    qtbot.waitUntil(lambda: triggers.drain() == [] and not instance.queue, timeout=10000)
    windows = review_windows()
    assert len(windows) == MAX_OPEN_WINDOWS
    newest = instance.windows[-1].window
    others = [i for i in newest.report.items if i.id.startswith("repeated-error")]
    assert len(others) == 3 and "Too many reports are open" in newest.status.text()
    for window in windows:
        window.close()


def test_attachments_of_merged_requests_all_arrive(qtbot, instance, tmp_path, answers) -> None:
    config = policy.load()
    for n in range(3):
        (tmp_path / f"state-{n}.json").write_text(f'{{"n": {n}}}')
        triggers.submit(triggers.TriggerRequest(product="Demo", screenshot="none",
                                                attachments=[str(tmp_path / f"state-{n}.json")]),
                        config)
    qtbot.waitUntil(lambda: len(review_windows()) == 1, timeout=10000)
    [window] = review_windows()
    qtbot.waitUntil(lambda: len([i for i in window.report.items
                                 if i.source == "attachment"]) == 3, timeout=10000)
    assert sorted(i.metadata["filename"] for i in window.report.items
                  if i.source == "attachment") == ["state-0.json", "state-1.json", "state-2.json"]
    assert [call for call in answers.calls if call[0] == "error"] == []


@pytest.mark.parametrize("width", [64, 63])  # 63: Qt pads each RGB row to 192 bytes
def test_a_screenshot_the_instance_took_is_written_exactly_and_shown_unencoded(
        qtbot, instance, width) -> None:
    import os

    from support_assistant.core.collectors import screenshot

    bgrx = bytearray(os.urandom(width * 40 * 4))
    desktop = {"left": 0, "top": 0, "width": width, "height": 40}
    grabbed = screenshot.Grab(bgrx, width, 40, desktop, [desktop, desktop])
    request = triggers.TriggerRequest(product="Demo", error_message="Disk on fire")
    folder = triggers.spool_dir() / request.id
    folder.mkdir()
    with qtbot.waitSignal(instance.reportShown, timeout=10000):
        window = instance.open_report(request, folder, grabbed)
    shot = window.report.item("screenshot-1")
    expected = Image.frombuffer("RGB", (width, 40), bytes(bgrx), "raw", "BGRX", 0, 1)
    with Image.open(shot.payload) as written:
        assert written.tobytes() == expected.tobytes()
    assert window.model.has_thumbnail("screenshot-1") and not folder.exists()
