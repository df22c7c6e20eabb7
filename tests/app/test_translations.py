"""The real zh_CN translations: complete, consistent, and every window shows Chinese with them."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from support_assistant.app.review_window import ReviewWindow
from support_assistant.core import messages, policy

from .review_fixtures import DIALOGS, add_log, add_screenshot

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from i18n_support import (  # noqa: E402
    ROOT,
    TRANSLATIONS,
    build,
    chinese,
    english_left,
    seen_and_heard,
)

PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def ts_messages(language: str) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TRANSLATIONS / f"support_assistant_{language}.ts").getroot()
    return [(context.findtext("name") or "", message.findtext("source") or "",
             message.find("translation"))
            for context in root.iter("context") for message in context.iter("message")]


def test_every_chinese_ts_message_is_finished_with_the_same_placeholders():
    messages_ = [m for m in ts_messages("zh_CN")
                 if m[2].get("type") not in ("vanished", "obsolete")]
    assert len(messages_) > 300
    unfinished = [source for _, source, tr in messages_
                  if tr.get("type") == "unfinished" or not (tr.text or "").strip()]
    assert unfinished == []
    assert [s for _, s, tr in messages_ if placeholders(s) != placeholders(tr.text)] == []
    assert [s for _, s, tr in messages_ if ("&" in s) != ("&" in tr.text)] == []


def test_every_tr_string_in_the_source_has_a_finished_chinese_translation(tmp_path):
    # lupdate over today's sources into a copy of the .ts: a tr() string added without a
    # translation (or with a changed text) shows up as unfinished
    copy = tmp_path / "check_zh_CN.ts"
    shutil.copy(TRANSLATIONS / "support_assistant_zh_CN.ts", copy)
    lupdate = Path(sys.executable).with_name("pyside6-lupdate")
    subprocess.run([str(lupdate), "-silent", "-extensions", "py", "-locations", "none",
                    str(ROOT / "desktop" / "support_assistant"), "-ts", str(copy)],
                   check=True, timeout=120)
    root = ET.parse(copy).getroot()
    unfinished = [(c.findtext("name"), m.findtext("source")) for c in root.iter("context")
                  for m in c.iter("message")
                  if m.find("translation").get("type") == "unfinished"]
    assert unfinished == [], "run scripts/update-translations and translate these"


def test_lupdate_contexts_are_the_ones_looked_up_at_run_time():
    # window.tr()/editor.tr() calls are filed by lupdate under "window"/"editor", which Qt
    # never looks up; bare tr() helpers must translate under "" (see app/dialogs.py).
    contexts = {context for context, _, _ in ts_messages("zh_CN")}
    assert not {c for c in contexts if "." in c or c[:1].islower()}


def test_every_cli_message_has_a_chinese_sentence_with_the_same_placeholders():
    import importlib
    import pkgutil

    import support_assistant

    for module in pkgutil.walk_packages(support_assistant.__path__, "support_assistant."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)  # every module registers its sentences
    english = messages.english()
    chinese_ = json.loads((TRANSLATIONS / "cli_zh_CN.json").read_text(encoding="utf-8"))
    assert sorted(set(english) - set(chinese_)) == []
    assert [k for k in english if placeholders(english[k]) != placeholders(chinese_[k])] == []
    assert english_left(chinese_.values()) == []


def test_cli_follows_the_language_it_is_given():
    assert messages.set_language("zh_CN") == "zh_CN"
    try:
        assert messages.msg("cli.interrupted") != messages.english()["cli.interrupted"]
    finally:
        messages.set_language("en")


def test_review_window_shows_no_english_in_chinese(qtbot, qapp, report):
    add_log(report)
    shot = add_screenshot(report)
    with chinese(qapp):
        window = ReviewWindow(report, policy.load())
        qtbot.addWidget(window)
        window.show()
        data = {window.preview.title, window.preview.subtitle,
                window.preview.sent_image.info, window.preview.sent_image.label}
        found = seen_and_heard(window, data)
        found += [a.text() for a in window.menuBar().actions()]
        assert english_left(found) == []
        window.select(shot.id)
        window.model.set_approved(shot.id, True)
        assert english_left(seen_and_heard(window, data)) == []
        summary = window.open_summary()
        assert english_left(seen_and_heard(summary, {summary.details})) == []


@pytest.mark.parametrize("make", list(DIALOGS.values()), ids=list(DIALOGS))
def test_dialogs_show_no_english_in_chinese(qtbot, qapp, report, make):
    with chinese(qapp):
        window = ReviewWindow(report, policy.load())
        qtbot.addWidget(window)
        dialog = make(window)
        dialog.show()
        assert english_left(seen_and_heard(dialog, set())) == []


PROBE = """
from PySide6.QtCore import QCoreApplication
from support_assistant.app.application import create_application
from support_assistant import cli  # noqa: F401 - registers the CLI sentences
from support_assistant.core import messages
app = create_application(language={language!r})
print(QCoreApplication.translate("ReviewWindow", "Add more"), messages.msg("cli.interrupted"),
      app.applicationDisplayName(), sep="|")
"""


@pytest.mark.parametrize(("lang", "language", "expected"), [
    ("zh_CN.UTF-8", "", "添加更多|已中断；未发送任何内容。|支持助手"),
    ("en_US.UTF-8", "zh_CN", "添加更多|已中断；未发送任何内容。|支持助手"),
    ("zh_CN.UTF-8", "en", "Add more|Interrupted; nothing was sent.|Support Assistant"),
], ids=["system-chinese", "setting-forces-chinese", "setting-forces-english"])
def test_application_installs_the_translator_from_system_or_setting(lang, language, expected):
    build(TRANSLATIONS, only_stale=True)
    env = {**os.environ, "LANG": lang, "LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": "",
           "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT / "desktop")}
    result = subprocess.run([sys.executable, "-c", PROBE.format(language=language)], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
