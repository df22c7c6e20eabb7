"""The QApplication: display check, HiDPI, system theme and translations.

:func:`check_display` runs *before* Qt is asked for a window: without a display
Qt aborts with a misleading message about libxcb-cursor0 (see NOTES.md), so we
say what is wrong in one sentence and exit with :class:`DisplayError` (15).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

from ..core import messages
from ..core.errors import DisplayError
from ..core.messages import msg, register
from ..core.paths import resources_dir

register({
    "app.no_display": "No display is available (DISPLAY and WAYLAND_DISPLAY are not set), so the "
                      "review window cannot open; run it in a desktop session or use "
                      "'support-assistant report' on the command line.",
})

HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "linuxfb", "eglfs")
APP_ID = "support-assistant"


def check_display(environ: Mapping[str, str] | None = None, platform: str | None = None) -> None:
    """Raise :class:`DisplayError` when no window can be shown (Linux/BSD only)."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if platform.startswith(("win", "darwin", "cygwin")):
        return
    qpa = environ.get("QT_QPA_PLATFORM", "")
    if qpa.split(":")[0] in HEADLESS_PLATFORMS:
        return
    if not environ.get("DISPLAY") and not environ.get("WAYLAND_DISPLAY"):
        raise DisplayError(msg("app.no_display"))


def create_application(argv: Sequence[str] | None = None, language: str = ""):  # -> QApplication
    """The running QApplication, created on first call (fusion style, system palette)."""
    check_display()
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from .fonts import install_cjk_fallbacks
    from .theme import install as install_theme

    existing = QApplication.instance()
    if existing is not None:
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    QCoreApplication.setOrganizationName("Support Assistant")
    QCoreApplication.setApplicationName(APP_ID)
    QGuiApplication.setDesktopFileName(APP_ID)
    app = QApplication(list(argv) if argv is not None else [sys.argv[0]])
    # Fusion draws with whatever palette the platform gives (light or dark) and
    # follows colour-scheme changes; the other built-in styles ignore dark palettes.
    app.setStyle("Fusion")
    install_theme(app)  # WCAG AA text contrast in light and dark palettes
    install_translators(app, language)
    install_cjk_fallbacks(app)
    messages.set_language(language or None)  # core sentences shown in the window, too
    app.setApplicationDisplayName(QCoreApplication.translate("Application", "Support Assistant"))
    app.aboutToQuit.connect(stop_background_work)
    return app


def stop_background_work() -> None:
    """Cancel the background operations and wait for them (OCR may take a second or two):
    a worker thread still running while Python shuts down crashes the process."""
    from .operations import wait_all

    wait_all(30000, cancel=True)


def install_translators(app, language: str = "") -> list:
    """Load Qt's own and our ``resources/translations/support_assistant_<lang>.qm``."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    locale = QLocale(language) if language else QLocale.system()
    QLocale.setDefault(locale)  # sizes, numbers and dates in that language too
    loaded = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ours = resources_dir() / "translations"
    for name, folder in (("qtbase", qt_dir), ("support_assistant", str(ours))):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", folder):
            app.installTranslator(translator)
            loaded.append(translator)
    return loaded
