"""``support-assistant handle-url URL``: what the installers register for ``support-assistant://``.

Products that can only open a URL (web consoles) open
``support-assistant://report?product=NAME&version=V&error=TEXT[&screenshot=none]``.
The URL is hostile input: length-capped, only known parameters, no files; a bad
URL is one sentence on stderr and exit 2.
"""

from __future__ import annotations

import argparse

from ..core.messages import msg, register

NAME = "handle-url"
HELP = "handle_url.help"

register({
    "handle_url.help": "Handle a support-assistant://report?... URL (registered by the installers).",
    "handle_url.arg_url": "the URL, e.g. support-assistant://report?product=NAME&error=TEXT",
})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", metavar="URL", help=msg("handle_url.arg_url"))


def run(args: argparse.Namespace) -> int:
    from ..core import policy, triggers
    from .report import hand_over

    return hand_over(triggers.parse_url(args.url), policy.load())
