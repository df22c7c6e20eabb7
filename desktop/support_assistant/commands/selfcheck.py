"""``support-assistant selfcheck``: verify an installation and print a table.

Checks the IT policy, the Qt platform (a window can be shown), screenshots, the
keyring backend and that the intake endpoint answers. Exit status 0 when
nothing is a problem, else the exit code of the first problem (7 policy,
15 display, 16 screenshot, 14 keyring, 10 endpoint).
"""

from __future__ import annotations

import argparse

from ..core.messages import msg, register

NAME = "selfcheck"
HELP = "selfcheck.help"

register({
    "selfcheck.help": "Check this installation: policy, Qt platform, screenshots, keyring, intake.",
    "selfcheck.row": "{name:<16} {status:<8} {detail}",
    "selfcheck.col_name": "CHECK",
    "selfcheck.col_status": "STATUS",
    "selfcheck.col_detail": "DETAIL",
    "selfcheck.status_ok": "ok",
    "selfcheck.status_warning": "warning",
    "selfcheck.status_problem": "PROBLEM",
    "selfcheck.qt": "Qt platform",
    "selfcheck.qt_ok": "{platform} (Qt {version}, {screens} screen(s))",
    "selfcheck.qt_headless": "{platform}: no window is visible to the user (Qt {version})",
    "selfcheck.summary_ok": "Everything needed to report problems works.",
    "selfcheck.summary_problem": "{count} problem(s) found; see the table above.",
})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """No options: the policy and credentials in effect are checked."""


def run(args: argparse.Namespace) -> int:
    from ..core import policy, selfcheck
    from ..core.credentials import CredentialsError, load_optional

    config = policy.load()
    try:
        stored = load_optional()
    except CredentialsError:
        stored = None  # the keyring check reports it
    endpoint = config["intake.endpoint"]
    if stored and stored.endpoint and not config.is_locked("intake.endpoint"):
        endpoint = stored.endpoint
    checks = selfcheck.run_checks(config, endpoint, qt_check)
    print(msg("selfcheck.row", name=msg("selfcheck.col_name"),
              status=msg("selfcheck.col_status"), detail=msg("selfcheck.col_detail")))
    for check in checks:
        print(msg("selfcheck.row", name=check.name, status=msg(f"selfcheck.status_{check.status}"),
                  detail=check.detail))
    problems = sum(check.status == selfcheck.PROBLEM for check in checks)
    print(msg("selfcheck.summary_problem", count=problems) if problems
          else msg("selfcheck.summary_ok"))
    return selfcheck.exit_code(checks)


def qt_check():  # -> selfcheck.Check
    """Start the QApplication the review window would use and name its platform."""
    from ..core.errors import DisplayError
    from ..core.selfcheck import OK, PROBLEM, WARNING, Check

    name = msg("selfcheck.qt")
    try:
        from ..app.application import HEADLESS_PLATFORMS, create_application

        app = create_application()
    except DisplayError as exc:
        return Check(name, PROBLEM, str(exc), DisplayError.exit_code)
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication

    platform = QGuiApplication.platformName()
    screens = len(QGuiApplication.screens())
    if platform in HEADLESS_PLATFORMS:
        return Check(name, WARNING, msg("selfcheck.qt_headless", platform=platform,
                                        version=qVersion()))
    if screens == 0:
        return Check(name, PROBLEM, msg("selfcheck.qt_ok", platform=platform, version=qVersion(),
                                        screens=0), DisplayError.exit_code)
    del app
    return Check(name, OK, msg("selfcheck.qt_ok", platform=platform, version=qVersion(),
                               screens=screens))
