"""Text contrast that meets WCAG 2.1 AA (4.5:1) in the light and the dark palette.

The window keeps the platform's palette (light or dark, accent colour) and only
repairs the pairs that fall short: Fusion's own light palette, for instance,
has white on #308cc6 for selected rows (3.7:1), half-transparent placeholder
text (4.0:1) and magenta visited links (3.1:1). A foreground is moved towards
black or white; when it is already there, its background is moved the other way.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor, QGuiApplication, QPalette

AA = 4.5
Role = QPalette.ColorRole
Group = QPalette.ColorGroup
# (text, background) pairs a user reads; disabled controls are exempt in WCAG.
PAIRS = ((Role.WindowText, Role.Window), (Role.Text, Role.Base),
         (Role.Text, Role.AlternateBase), (Role.ButtonText, Role.Button),
         (Role.HighlightedText, Role.Highlight), (Role.ToolTipText, Role.ToolTipBase),
         (Role.PlaceholderText, Role.Base), (Role.Link, Role.Base),
         (Role.LinkVisited, Role.Base))
GROUPS = (Group.Active, Group.Inactive)


def luminance(colour: QColor) -> float:
    """WCAG relative luminance of an opaque colour."""
    def channel(value: int) -> float:
        v = value / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    return (0.2126 * channel(colour.red()) + 0.7152 * channel(colour.green())
            + 0.0722 * channel(colour.blue()))


def flatten(colour: QColor, background: QColor) -> QColor:
    """``colour`` drawn over ``background`` (alpha composited)."""
    a = colour.alphaF()
    return QColor.fromRgbF(*(a * c + (1 - a) * b for c, b in (
        (colour.redF(), background.redF()), (colour.greenF(), background.greenF()),
        (colour.blueF(), background.blueF()))))


def contrast(foreground: QColor, background: QColor) -> float:
    """WCAG contrast ratio (1 to 21) of text in ``foreground`` on ``background``."""
    light, dark = sorted((luminance(flatten(foreground, background)), luminance(background)),
                         reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _towards(colour: QColor, target: QColor, share: float) -> QColor:
    return QColor.fromRgbF(*(c + (t - c) * share for c, t in (
        (colour.redF(), target.redF()), (colour.greenF(), target.greenF()),
        (colour.blueF(), target.blueF()))))


def readable(foreground: QColor, background: QColor) -> tuple[QColor, QColor]:
    """The pair, changed as little as needed for 4.5:1 (see the module docstring)."""
    if contrast(foreground, background) >= AA:
        return foreground, background
    fg = flatten(foreground, background)
    black, white = QColor(0, 0, 0), QColor(255, 255, 255)
    extreme = black if luminance(background) > luminance(fg) else white
    if contrast(extreme, background) >= AA:
        share = _least(lambda s: contrast(_towards(fg, extreme, s), background) >= AA)
        return _towards(fg, extreme, share), background
    away = white if extreme == black else black
    share = _least(lambda s: contrast(extreme, _towards(background, away, s)) >= AA)
    return extreme, _towards(background, away, share)


def _least(enough: Callable[[float], bool]) -> float:
    """The smallest share in (0, 1] that is ``enough`` (contrast grows with it): bisection."""
    low, high = 0.0, 1.0
    for _ in range(8):
        middle = (low + high) / 2
        if enough(middle):
            high = middle
        else:
            low = middle
    return high


def accessible_palette(palette: QPalette) -> QPalette:
    """A copy of ``palette`` where every pair in :data:`PAIRS` reaches 4.5:1."""
    result = QPalette(palette)
    for _ in range(3):  # a background shared by several pairs may move: check them again
        changed = False
        for group in GROUPS:
            for text, back in PAIRS:
                old = (result.color(group, text), result.color(group, back))
                fg, bg = readable(*old)
                if (fg, bg) != old:
                    result.setColor(group, text, fg)
                    result.setColor(group, back, bg)
                    changed = True
        if not changed:
            break
    return result


def install(app: QGuiApplication) -> None:
    """Repair the palette now and whenever the system switches between light and dark."""

    def repair(*_: object) -> None:
        # Only the repaired roles are set; an empty palette first gives back the platform's
        # own (light or dark) colours, which are then checked again.
        app.setPalette(QPalette())
        app.setPalette(accessible_palette(app.palette()))

    repair()
    app.styleHints().colorSchemeChanged.connect(repair)
