"""WCAG 2.1 AA text contrast (4.5:1), computed from the palettes the window uses, light and dark."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from support_assistant.app.text_preview import KEPT, MINE, RELEASED
from support_assistant.app.theme import AA, GROUPS, PAIRS, accessible_palette, contrast

Role = QPalette.ColorRole


def dark_palette() -> QPalette:
    """A typical dark desktop palette (Fusion's dark colours), with its weak spots."""
    palette = QPalette()
    colours = {Role.Window: "#353535", Role.WindowText: "#ffffff", Role.Base: "#2a2a2a",
               Role.AlternateBase: "#424242", Role.ToolTipBase: "#353535",
               Role.ToolTipText: "#ffffff", Role.Text: "#ffffff", Role.Button: "#353535",
               Role.ButtonText: "#ffffff", Role.Link: "#2a82da", Role.LinkVisited: "#8b5ad4",
               Role.Highlight: "#2a82da", Role.HighlightedText: "#ffffff",
               Role.PlaceholderText: "#80ffffff"}
    for role, name in colours.items():
        palette.setColor(role, QColor.fromString(name))
    return palette


def light_palette() -> QPalette:
    QApplication.setStyle("Fusion")
    return QApplication.style().standardPalette()


def shortfalls(palette: QPalette) -> list[str]:
    return [f"{fg.name} on {bg.name}: {contrast(palette.color(g, fg), palette.color(g, bg)):.2f}"
            for g in GROUPS for fg, bg in PAIRS
            if contrast(palette.color(g, fg), palette.color(g, bg)) < AA]


@pytest.mark.parametrize("make", [light_palette, dark_palette], ids=["light", "dark"])
def test_every_text_colour_meets_wcag_aa(qapp, make):
    original = make()
    assert shortfalls(original)  # both raw palettes fall short somewhere (selection, links…)
    repaired = accessible_palette(original)
    assert shortfalls(repaired) == []
    # pairs that were fine keep their colours
    assert repaired.color(Role.Text) == original.color(Role.Text)
    assert repaired.color(Role.Base) == original.color(Role.Base)


def test_the_running_application_uses_the_repaired_palette(qapp):
    from support_assistant.app.theme import install

    before = QPalette(qapp.palette())
    install(qapp)
    try:
        assert shortfalls(qapp.palette()) == []
    finally:
        qapp.setPalette(before)


@pytest.mark.parametrize("background", [KEPT, MINE, RELEASED, QColor(255, 214, 0)],
                         ids=["pseudonym", "own-redaction", "released", "log-match"])
def test_highlighted_text_is_black_on_light_colours_with_aa_contrast(background):
    assert contrast(QColor("black"), background) >= AA


def test_contrast_ratio_matches_wcag_examples():
    assert round(contrast(QColor("black"), QColor("white")), 1) == 21.0
    assert round(contrast(QColor("#767676"), QColor("white")), 2) == 4.54  # WCAG's gray


def test_a_light_dark_switch_repairs_the_new_palette(qapp):
    from PySide6.QtCore import Qt

    from support_assistant.app.theme import install

    before = QPalette(qapp.palette())
    install(qapp)
    try:
        stale = QPalette(qapp.palette())
        stale.setColor(Role.PlaceholderText, QColor("#bbbbbb"))  # 1.9:1 on white
        qapp.setPalette(stale)
        assert shortfalls(qapp.palette())
        qapp.styleHints().colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert shortfalls(qapp.palette()) == []
    finally:
        qapp.setPalette(before)
