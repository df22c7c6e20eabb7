"""Load the real compiled translations, and find text a user sees or hears that is still English."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
sys.path.insert(0, str(ROOT / "scripts"))

from build_translations import build  # noqa: E402

CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
WORD = re.compile(r"[A-Za-z]{2,}")
# Names and notations that stay as they are in Chinese text.
KEEP = {"sha", "SHA", "HTML", "HTTPS", "UTC", "ID", "age", "Qt", "PNG", "Ctrl", "Enter", "Esc",
        "Shift", "Tab", "Space", "Delete", "Del", "Alt", "OK", "tus", "URL", "IT", "PDF", "zip", "Python", "TLS",
        "txt", "key", "Home", "End", "PgUp", "PgDown", "Return", "Backspace", "Ins", "Undo",
        "Redo"}


def english_left(strings: Iterable[str]) -> list[str]:
    """Strings with an English word and no Chinese character (data values excluded by caller)."""
    left = []
    for text in strings:
        if not text or CJK.search(text) or re.fullmatch(r"[a-z]+://\S+", text):
            continue  # translated, or an example address
        if any(word not in KEEP for word in WORD.findall(PLACEHOLDER.sub("", text))):
            left.append(text)
    return left


@contextmanager
def chinese(app) -> Iterator[list]:  # noqa: ANN001
    """Qt's and our zh_CN translators and the zh_CN CLI catalogue, for the ``with`` block."""
    from PySide6.QtCore import QLocale

    from support_assistant.app.application import install_translators
    from support_assistant.core import messages

    build(TRANSLATIONS, only_stale=True)
    locale = QLocale()
    translators = install_translators(app, "zh_CN")
    messages.set_language("zh_CN")
    try:
        yield translators
    finally:
        for translator in translators:
            app.removeTranslator(translator)
        messages.set_language("en")
        QLocale.setDefault(locale)


def seen_and_heard(root, data: set) -> list[str]:  # noqa: ANN001
    """Every chrome string under ``root``: texts, titles, tips, accessible names, headers."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import (
        QAbstractButton,
        QAbstractItemView,
        QComboBox,
        QGroupBox,
        QLabel,
        QLineEdit,
        QMenu,
        QPlainTextEdit,
        QTabWidget,
        QTextEdit,
        QWidget,
    )

    found = [root.windowTitle()]
    for widget in [root, *root.findChildren(QWidget)]:
        if widget in data or widget.objectName() == "data":
            continue
        found += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription(),
                  widget.statusTip(), widget.whatsThis()]
        if isinstance(widget, (QAbstractButton, QLabel)):
            found.append(widget.text())
        elif isinstance(widget, QGroupBox):
            found.append(widget.title())
        elif isinstance(widget, QTabWidget):
            found += [widget.tabText(i) for i in range(widget.count())]
            found += [widget.tabToolTip(i) for i in range(widget.count())]
        elif isinstance(widget, QMenu):
            for action in widget.actions():
                found += [action.text(), action.toolTip() if action.toolTip() != action.text()
                          .replace("&", "") else ""]
        elif isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
            found.append(widget.placeholderText())
        elif isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
        header = getattr(widget, "horizontalHeader", getattr(widget, "header", None))
        if isinstance(widget, QAbstractItemView) and header is not None and widget.model():
            for section in range(header().count()):
                found.append(str(widget.model().headerData(section, Qt.Orientation.Horizontal)
                                 or ""))
    return [s for s in found if s]
