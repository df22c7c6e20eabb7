"""Opening bundles in the console: good, tampered, hostile and encrypted ones."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from console_bundles import SHOT_COLOUR, console_bundle
from pyrage import x25519

from bundle_builders import build_zip, dump, entries_of, manifest_of
from support_assistant.console.bundle_view import BundleView
from support_assistant.console.image_page import ImagePage
from support_assistant.console.pages import ConsentPage, FailurePage
from support_assistant.console.window import ConsoleWindow
from support_assistant.core import inbox
from support_assistant.core.bundle_reader import open_bundle
from support_assistant.core.errors import SupportAssistantError

SHOT = "items/screenshot-1/screenshot-1.png"


def open_view(qtbot, path: Path, identities=None) -> BundleView:
    view = BundleView(path, identities)
    qtbot.addWidget(view)
    view.resize(1000, 700)
    view.show()
    with qtbot.waitSignals([view.verified], timeout=20000, raising=True):
        view.start()
    return view


def failed_view(qtbot, path: Path, identities=None) -> BundleView:
    view = BundleView(path, identities)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.failed, timeout=20000):
        view.start()
    return view


def inspect_error(path: Path, identity=None) -> str:
    try:
        with open_bundle(path, identity) as reader:
            reader.verify().raise_for_failure()
    except SupportAssistantError as exc:
        return str(exc)
    raise AssertionError("inspect accepted the bundle")


def test_good_bundle_shows_summary_with_environment_highlights(qtbot, tmp_path):
    report, summary = console_bundle(tmp_path)
    view = open_view(qtbot, summary.path)
    values = {k: v.text() for k, v in view.summary.values.items()}
    assert values["report"] == report.id
    assert values["product"] == "Demo 1.0" and values["error"] == "Demo stopped"
    assert values["verification"].startswith("Verified: all 3 files match")
    assert values["env.os"] == "Debian GNU/Linux 12 (bookworm) 12"
    assert values["env.memory"] == "4.0 GB / 16.0 GB"
    assert values["env.displays"] == "2 (1920×1080, 1280×1024)"
    assert "answered HTTP 204" in values["env.intake"]
    assert view.banner.text().startswith("Verified")


def test_screenshot_shows_pixels_and_outlines_blacked_out_region(qtbot, tmp_path):
    _, summary = console_bundle(tmp_path)
    view = open_view(qtbot, summary.path)
    with qtbot.waitSignal(view.pageReady, timeout=10000):
        page = view.show_page("screenshot-1")
    assert isinstance(page, ImagePage)
    image = page.pixmap_item.pixmap().toImage()
    assert (image.width(), image.height()) == (320, 200)
    assert image.pixelColor(5, 5).getRgb()[:3] == SHOT_COLOUR
    assert image.pixelColor(60, 50).getRgb()[:3] == (0, 0, 0)  # blacked out in the bundle
    assert [tuple(int(v) for v in r.rect().getRect()) for r in page.box_items] == \
        [(40, 30, 50, 40)]
    assert "1 region(s) were blacked out" in page.info_label.text()
    before = page.view.scale_factor()
    page.view.zoom(2.0)
    assert page.view.scale_factor() == pytest.approx(before * 2)
    page.actual_size()
    assert page.view.scale_factor() == 1.0
    page.view.horizontalScrollBar().setValue(10)  # pans when zoomed in beyond the view
    assert page.view.accessibleName()


def test_consent_record_lists_each_approval_and_boxes_without_content(qtbot, tmp_path):
    _, summary = console_bundle(tmp_path)
    view = open_view(qtbot, summary.path)
    page = view.show_page("consent")
    assert isinstance(page, ConsentPage)
    rows = [page.row_texts(r) for r in range(page.table.rowCount())]
    by_id = {r[0].split("(")[-1].rstrip(")"): r for r in rows}
    assert set(by_id) == {"log-1", "screenshot-1", "environment-1"}
    assert by_id["screenshot-1"][4] == "50×40 at (40, 30)"
    assert by_id["screenshot-1"][3] == "1 × user name"
    manifest = manifest_of(summary.path)
    approved = {c["id"]: c["approved_at"] for c in manifest["consent"]["items"]}
    assert by_id["log-1"][2] == approved["log-1"]


def test_tampered_bundle_is_not_shown_and_names_file_and_hashes(qtbot, tmp_path):
    _, summary = console_bundle(tmp_path)
    data = bytearray(summary.path.read_bytes())
    png = dict(entries_of(summary.path))[SHOT]
    data[data.find(png) + 200] ^= 0x01
    summary.path.write_bytes(bytes(data))
    view = BundleView(summary.path)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.verified, timeout=20000) as blocker:
        view.start()
    assert blocker.args == [False]
    page = view.pages["failure"]
    assert isinstance(page, FailurePage) and list(view.pages) == ["failure"]
    assert view.page_list.isHidden() and view.summary is None
    assert page.table.item(0, 0).text() == SHOT
    expected = manifest_of(summary.path)["items"][1]["sha256"]
    assert page.table.item(0, 1).text() == expected
    assert page.table.item(0, 2).text() not in ("", expected)
    assert page.message.text() == inspect_error(summary.path)


def hostile_traversal(tmp: Path, entries, manifest) -> Path:
    return build_zip(tmp / "h.zip", [*entries, ("items/../../evil.sh", b"x")])


def hostile_undeclared(tmp: Path, entries, manifest) -> Path:
    return build_zip(tmp / "h.zip", [*entries, ("items/extra/extra.bin", b"x")])


def hostile_duplicate(tmp: Path, entries, manifest) -> Path:
    return build_zip(tmp / "h.zip", [*entries, entries[1]])


def hostile_bomb(tmp: Path, entries, manifest) -> Path:
    zeros = bytes(20 << 20)
    item = dict(manifest["items"][0])
    import hashlib
    item.update(path="items/log-1/log-1.log", size=len(zeros),
                sha256=hashlib.sha256(zeros).hexdigest())
    manifest = {**manifest, "items": [item]}
    manifest["consent"] = {**manifest["consent"], "items": manifest["consent"]["items"][:1]}
    return build_zip(tmp / "h.zip", [("manifest.json", dump(manifest)),
                                     ("items/log-1/log-1.log", zeros)])


def not_a_bundle(tmp: Path, entries, manifest) -> Path:
    path = tmp / "h.zip"
    path.write_bytes(b"hello, not a zip")
    return path


def truncated(tmp: Path, entries, manifest) -> Path:
    path = tmp / "h.zip"
    path.write_bytes(build_zip(tmp / "full.zip", entries).read_bytes()[:-300])
    return path


@pytest.mark.parametrize("build", [hostile_traversal, hostile_undeclared, hostile_duplicate,
                                   hostile_bomb, not_a_bundle, truncated])
def test_hostile_or_broken_bundle_gives_the_inspect_error_and_writes_nothing(qtbot, tmp_path,
                                                                             build,
                                                                             isolated_user_dirs):
    _, summary = console_bundle(tmp_path / "source")
    entries = entries_of(summary.path)
    path = build(tmp_path, entries, manifest_of(summary.path))
    before = sorted(p for p in tmp_path.rglob("*"))
    cache_before = sorted(isolated_user_dirs.rglob("*"))
    view = failed_view(qtbot, path)
    assert view.pages["failure"].message.text() == inspect_error(path)
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert not (tmp_path.parent / "evil.sh").exists()
    assert sorted(isolated_user_dirs.rglob("*")) == cache_before
    assert view.summary is None


def test_encrypted_bundle_opens_with_identity_from_keyring(qtbot, tmp_path):
    identity = x25519.Identity.generate()
    _, summary = console_bundle(tmp_path, "b.zip.age", recipient=str(identity.to_public()))
    inbox.store_identity_key(str(identity))
    window = ConsoleWindow()
    qtbot.addWidget(window)
    view = window.open_path(summary.path)
    with qtbot.waitSignal(view.verified, timeout=20000) as blocker:
        pass
    assert blocker.args == [True]
    assert view.summary.values["encrypted"].text() == "age-encrypted"


def test_encrypted_bundle_asks_for_identity_file_once_and_remembers_it(qtbot, tmp_path,
                                                                        answers):
    identity = x25519.Identity.generate()
    key_file = tmp_path / "engineer.key"
    key_file.write_text(f"# engineer key\n{identity}\n")
    _, summary = console_bundle(tmp_path, "b.zip.age", recipient=str(identity.to_public()))
    answers.file_answers.append(key_file)
    window = ConsoleWindow()
    qtbot.addWidget(window)
    first = window.open_path(summary.path)
    with qtbot.waitSignal(first.verified, timeout=20000):
        pass
    assert [kind for kind, _ in answers.calls] == ["open_file"]
    assert inbox.identity_source() == f"file:{key_file.resolve()}"
    second = window.open_path(summary.path)  # no second question
    with qtbot.waitSignal(second.verified, timeout=20000):
        pass
    assert [kind for kind, _ in answers.calls] == ["open_file"]


def test_encrypted_bundle_with_wrong_identity_says_so_like_inspect(qtbot, tmp_path):
    right, wrong = x25519.Identity.generate(), x25519.Identity.generate()
    _, summary = console_bundle(tmp_path, "b.zip.age", recipient=str(right.to_public()))
    key_file = tmp_path / "wrong.key"
    key_file.write_text(f"{wrong}\n")
    view = failed_view(qtbot, summary.path, key_file)
    assert "encrypted for a different key" in view.pages["failure"].message.text()
    assert view.pages["failure"].message.text() == inspect_error(summary.path, key_file)


def test_export_writes_exactly_the_verified_item(qtbot, tmp_path, answers):
    _, summary = console_bundle(tmp_path)
    view = open_view(qtbot, summary.path)
    view.show_page("screenshot-1")
    target = tmp_path / "out" / "shot.png"
    target.parent.mkdir()
    answers.file_answers.append(target)
    operation = view.export_item()
    qtbot.waitUntil(lambda: operation.finished, timeout=10000)
    with zipfile.ZipFile(summary.path) as archive:
        assert target.read_bytes() == archive.read(SHOT)
    assert sorted(p.name for p in target.parent.iterdir()) == ["shot.png"]
    assert "Exported" in view.banner.text()


def test_export_cancelled_writes_nothing(qtbot, tmp_path, answers):
    _, summary = console_bundle(tmp_path)
    view = open_view(qtbot, summary.path)
    view.show_page("log-1")
    assert view.export_item() is None
    assert answers.calls == [("save_file", "log-1.log")]


def test_items_stay_closed_until_their_file_is_verified(qtbot, tmp_path):
    _, summary = console_bundle(tmp_path)
    view = BundleView(summary.path)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.opened, timeout=20000):
        view.start()
    assert view.contents is not None
    for info in view.contents.items:
        if not view.contents.is_verified(info):
            assert view.show_page(info.id) is None
    qtbot.waitUntil(lambda: view.all_verified, timeout=20000)
    assert all(view.show_page(i.id) is not None for i in view.contents.items)


def test_encrypted_hostile_bundle_is_refused_and_its_decrypted_copy_removed(
        qtbot, tmp_path, isolated_user_dirs):
    import pyrage

    identity = x25519.Identity.generate()
    key_file = tmp_path / "engineer.key"
    key_file.write_text(f"{identity}\n")
    _, summary = console_bundle(tmp_path / "source")
    plain = hostile_traversal(tmp_path, entries_of(summary.path), manifest_of(summary.path))
    encrypted = tmp_path / "h.zip.age"
    encrypted.write_bytes(pyrage.encrypt(plain.read_bytes(), [identity.to_public()]))
    view = failed_view(qtbot, encrypted, key_file)
    message = view.pages["failure"].message.text()
    assert "path traversal" in message and message == inspect_error(encrypted, key_file)
    assert [p for p in (isolated_user_dirs / "cache").rglob("*") if p.is_file()] == []


def test_the_senders_text_is_shown_as_text_never_as_markup(qtbot, tmp_path):
    from console_bundles import add_environment

    from bundle_builders import make_bundle, make_report

    markup = '<img src="https://evil.example/x.png"><b>bold</b>'
    report = make_report(tmp_path / "reports")
    report.description = markup
    report.error = type(report.error)(message=markup, trace="")
    nested: dict = {}
    node = nested
    for _ in range(200):  # deeper than any real environment
        node["x"] = {}
        node = node["x"]
    add_environment(report, {"os": {"name": markup}, "deep": nested})
    _, summary = make_bundle(tmp_path, "m.zip", report=report)
    view = open_view(qtbot, summary.path)
    error = view.summary.values["error"]
    assert error.text() == markup and error.textFormat() == error.textFormat().PlainText
    assert view.summary.values["env.os"].text().startswith(markup)
    with qtbot.waitSignal(view.pageReady, timeout=10000):
        page = view.show_page("environment-1")
    assert "os/name" in page.visible_keys() and len(page.visible_keys()) < 60


def test_an_identity_kept_in_the_keyring_opens_bundles_after_its_file_is_gone(qtbot, tmp_path,
                                                                             answers):
    identity = x25519.Identity.generate()
    key_file = tmp_path / "engineer.key"
    key_file.write_text(f"{identity}\n")
    _, summary = console_bundle(tmp_path, "b.zip.age", recipient=str(identity.to_public()))
    window = ConsoleWindow()
    qtbot.addWidget(window)
    answers.file_answers.append(key_file)
    assert window.choose_identity(keep_key=True) is not None
    key_file.unlink()
    assert inbox.identity_source() == "key"
    view = window.open_path(summary.path)
    with qtbot.waitSignal(view.verified, timeout=20000) as blocker:
        pass
    assert blocker.args == [True]
    window.forget_identity()
    assert inbox.identity_source() == ""
