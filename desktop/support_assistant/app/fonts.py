"""CJK fallback fonts: Chinese text is drawn with Simplified Chinese glyphs, never as boxes.

Qt falls back to any font that has a character, and with fontconfig that is often
"Noto Sans CJK JP", whose glyphs differ from the Simplified Chinese forms. We put
the common Simplified Chinese families of each platform right after the chosen
family, so Chinese text in every widget (including the monospaced log views)
uses them.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

# Linux (fonts-noto-cjk, fonts-wqy-microhei), Windows, macOS.
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "Microsoft YaHei",
                "PingFang SC", "Hiragino Sans GB", "WenQuanYi Micro Hei")
CJK_MONO_FAMILIES = ("Noto Sans Mono CJK SC", "Sarasa Mono SC", *CJK_FAMILIES)


def with_cjk_fallbacks(font: QFont, *, mono: bool = False) -> QFont:
    """A copy of ``font`` whose family list ends with the installed Simplified Chinese fonts."""
    installed = set(QFontDatabase.families())
    wanted = [f for f in (CJK_MONO_FAMILIES if mono else CJK_FAMILIES) if f in installed]
    result = QFont(font)
    families = [f for f in font.families() or [font.family()] if f not in wanted]
    result.setFamilies([*families, *wanted])
    return result


def install_cjk_fallbacks(app: QGuiApplication) -> None:
    """Make the application font prefer Simplified Chinese glyphs for CJK text."""
    app.setFont(with_cjk_fallbacks(app.font()))
