"""``support-assistant report``: a product reports an error; returns at once.

The screenshot is taken before this command returns (when the policy allows it
and no window of the assistant can be in the way); the running assistant, or a
new one started in the background, then shows the report for review. Every input
is checked first: bad input is one sentence on stderr and exit 2 (usage) or 3
(a named file), and nothing is spooled.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..core.errors import DisplayError, InputError
from ..core.messages import msg, register

NAME = "report"
HELP = "report.help"

register({
    "report.help": "Report an error from a product: takes the screenshot now, then the assistant shows the report (returns at once).",
    "report.arg_product": "name of the product reporting the error",
    "report.arg_product_version": "that product's version",
    "report.arg_error_message": "the error message (one line or several)",
    "report.arg_error_file": "a file describing the error: JSON {message, trace, context} or plain text",
    "report.arg_attach": "a file to offer as an attachment (repeatable; the user decides)",
    "report.arg_screenshot": "'auto' (the whole desktop, default), 'none', or 'window:ID' (that X11 window)",
    "report.arg_log": "a log file or glob to include (repeatable)",
    "report.attachment_missing": "The file {path} given with --attach does not exist or is not a regular file.",
    "report.no_display": "No display is available (DISPLAY and WAYLAND_DISPLAY are not set), so the assistant cannot show the report; use 'support-assistant collect' to write a bundle without a window.",
    "report.handed_over": "Report {id} handed to the assistant.",
})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--product", default="", metavar="NAME", help=msg("report.arg_product"))
    parser.add_argument("--product-version", default="", metavar="V",
                        help=msg("report.arg_product_version"))
    error = parser.add_mutually_exclusive_group()
    error.add_argument("--error-message", default="", metavar="TEXT",
                       help=msg("report.arg_error_message"))
    error.add_argument("--error-file", type=Path, metavar="F", help=msg("report.arg_error_file"))
    parser.add_argument("--attach", action="append", default=[], metavar="PATH",
                        help=msg("report.arg_attach"))
    parser.add_argument("--screenshot", default="auto", metavar="auto|none|window:ID",
                        help=msg("report.arg_screenshot"))
    parser.add_argument("--log", action="append", default=[], metavar="PATH",
                        help=msg("report.arg_log"))


def run(args: argparse.Namespace) -> int:
    from ..core import policy, triggers
    from .collect import check_logs, read_error_file

    request = triggers.TriggerRequest(
        product=args.product, product_version=args.product_version,
        error_message=args.error_message, screenshot=triggers.parse_screenshot(args.screenshot))
    if args.error_file is not None:
        error = read_error_file(args.error_file)
        request.error_message = error.message[:triggers.MAX_MESSAGE]
        request.error_trace = error.trace
    triggers.validate(request)
    check_logs(args.log)
    request.logs = [_absolute(p) for p in args.log]
    for path in args.attach:
        if not os.path.isfile(path):
            raise InputError(msg("report.attachment_missing", path=path))
    request.attachments = [_absolute(p) for p in args.attach]
    return hand_over(request, policy.load())


def hand_over(request, config) -> int:  # noqa: ANN001 - a TriggerRequest, a Config
    """Check for a display, then spool the request (shared with ``handle-url``)."""
    from ..app.application import check_display
    from ..core import triggers

    try:
        check_display()
    except DisplayError as exc:
        raise DisplayError(msg("report.no_display")) from exc
    from .tray import serve

    triggers.submit(request, config, become=serve)
    print(msg("report.handed_over", id=request.id))
    return 0


def _absolute(path: str) -> str:
    expanded = os.path.expandvars(os.path.expanduser(path))
    return expanded if os.path.isabs(expanded) else os.path.abspath(expanded)
