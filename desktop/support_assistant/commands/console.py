"""``support-assistant console [BUNDLE...]``: the support engineer console.

Opens the inbox (the intake's bundles for the engineer token in the keyring)
and any bundles named on the command line. Without a display it says so in one
sentence and exits 15, before Qt is touched.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..core.messages import msg, register

NAME = "console"
HELP = "console.help"

register({
    "console.help": "Open the support engineer console (inbox and received bundles).",
    "console.arg_bundle": "bundle files (.zip or .zip.age) to open at once",
    "console.arg_identity": "age identity file for encrypted bundles (instead of the one in the keyring)",
})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bundles", nargs="*", type=Path, metavar="BUNDLE",
                        help=msg("console.arg_bundle"))
    parser.add_argument("--identity", type=Path, metavar="FILE",
                        help=msg("console.arg_identity"))


def build_window(args: argparse.Namespace):  # -> ConsoleWindow
    """The console window with the command line's bundles opening (the app must exist)."""
    from ..console.window import ConsoleWindow

    window = ConsoleWindow(identity_file=getattr(args, "identity", None))
    for path in getattr(args, "bundles", []) or []:
        window.open_path(path)
    return window


def run(args: argparse.Namespace) -> int:
    from ..app.application import check_display

    check_display()
    from ..app.application import create_application
    from ..core import policy

    config = policy.load()
    app = create_application(language=config["ui.language"] or getattr(args, "language", None)
                             or "")
    window = build_window(args)
    window.show()
    return app.exec()
