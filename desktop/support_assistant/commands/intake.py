"""``support-assistant intake serve|add-token``: the reference intake server (extra ``[intake]``).

The same commands as ``support-assistant-intake``; FastAPI and uvicorn are imported
only when serving.
"""

from __future__ import annotations

import argparse

from ..intake import server

NAME = "intake"
HELP = "intake.help"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    server.add_arguments(parser, required=True)


def run(args: argparse.Namespace) -> int:
    return server.run(args)
