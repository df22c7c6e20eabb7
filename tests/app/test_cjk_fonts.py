"""Chinese text is drawn with real Simplified Chinese glyphs (no tofu) in widgets and the HTML report."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFontDatabase, QTextLayout
from PySide6.QtWidgets import QLabel

from support_assistant.app.fonts import CJK_FAMILIES, with_cjk_fallbacks

CHINESE = "支持助手：检查将要发送的内容，遮盖个人数据"


def glyph_runs(text: str, font) -> list[tuple[str, list[int], str]]:  # noqa: ANN001
    """(font family, glyph indexes, the characters) of each run Qt lays ``text`` out with."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = []
    for run in layout.glyphRuns():
        raw = run.rawFont()
        chars = "".join(ch for ch in text if raw.supportsCharacter(ch))
        runs.append((raw.familyName(), list(run.glyphIndexes()), chars))
    return runs


@pytest.mark.parametrize("mono", [False, True], ids=["ui", "monospaced"])
def test_chinese_label_has_a_glyph_for_every_character(qtbot, mono):
    base = (QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont) if mono
            else QLabel().font())
    label = QLabel(CHINESE)
    label.setFont(with_cjk_fallbacks(base, mono=mono))
    qtbot.addWidget(label)
    label.show()
    runs = glyph_runs(label.text(), label.font())
    glyphs = [g for _, indexes, _ in runs for g in indexes]
    assert len(glyphs) == len(CHINESE) and 0 not in glyphs  # glyph 0 is the "missing" box
    cjk_runs = [family for family, _, chars in runs if "检" in chars]
    assert cjk_runs and all(f.endswith(("SC", "GB", "YaHei", "Micro Hei")) for f in cjk_runs), runs


def test_a_simplified_chinese_font_is_installed():
    # scripts/debian-packages.txt installs fonts-noto-cjk; without any of these Qt draws boxes
    assert set(CJK_FAMILIES) & set(QFontDatabase.families())


def test_fallbacks_keep_the_chosen_family_first():
    font = QLabel().font()
    assert with_cjk_fallbacks(font).families()[0] == font.families()[0]
