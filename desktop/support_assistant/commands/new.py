"""``support-assistant new`` (and ``support-assistant`` alone): open the review window.

A new report is created and the collectors the policy allows run in the
background while the window is already open. Without a display this says so in
one sentence and exits 15, before Qt is touched (see ``app.application``).
"""

from __future__ import annotations

import argparse

from ..core.messages import msg, register

NAME = "new"
HELP = "new.help"

register({
    "new.help": "Open the review window for a new report (the default with no command).",
    "new.product": "the product the report is about",
    "new.product_version": "that product's version",
    "new.log": "a log file (or glob) to include; may be repeated",
    "new.no_collect": "open the window without collecting anything first",
})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--product", default="", help=msg("new.product"))
    parser.add_argument("--product-version", default="", help=msg("new.product_version"))
    parser.add_argument("--log", action="append", default=[], metavar="PATH",
                        help=msg("new.log"))
    parser.add_argument("--no-collect", action="store_true", help=msg("new.no_collect"))


def run(args: argparse.Namespace) -> int:
    from ..app.application import check_display

    check_display()  # before anything imports a Qt platform plugin
    from ..app.application import create_application
    from ..app.review_window import ReviewWindow
    from ..core import policy
    from ..core.report import Report
    from ..core.workflow import CollectRequest

    config = policy.load()
    app = create_application(language=config["ui.language"] or getattr(args, "language", None)
                             or "")
    report = Report.create(product=getattr(args, "product", ""),
                           product_version=getattr(args, "product_version", ""))
    window = ReviewWindow(report, config)
    window.show()
    from ..app.privacy_notice import ensure_accepted

    if not ensure_accepted(config, window):  # first run or a new notice version: ask first
        report.delete()
        return 0
    if not getattr(args, "no_collect", False):
        window.collect(CollectRequest(log_paths=list(getattr(args, "log", []) or [])))
    return app.exec()
