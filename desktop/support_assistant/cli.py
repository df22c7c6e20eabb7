"""``support-assistant``: the command-line front end and the app's entry point.

Subcommands live in :mod:`support_assistant.commands` (one module each, found
at start-up). Expected failures are :class:`SupportAssistantError`: one sentence
on stderr and the error's exit code (see :mod:`support_assistant.core.errors`).
With no subcommand the review window opens for a new report.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

from . import __version__, commands
from .core import messages
from .core.errors import SupportAssistantError
from .core.messages import msg

messages.register({
    "cli.description": "Collect, review, redact and send a support report with your approval.",
    "cli.interrupted": "Interrupted; nothing was sent.",
    "cli.unexpected": "An unexpected error occurred ({error}); please report this to support.",
    "cli.no_window": "The review window is not available in this build.",
})


def command_modules() -> dict[str, ModuleType]:
    """Every subcommand module by its NAME."""
    found: dict[str, ModuleType] = {}
    for info in pkgutil.iter_modules(commands.__path__):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "run"):
            found[module.NAME] = module
    return dict(sorted(found.items()))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="support-assistant",
                                     description=msg("cli.description"))
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--language", help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module in command_modules().items():
        help_text = module.HELP
        with contextlib.suppress(KeyError):
            help_text = msg(help_text)
        child = sub.add_parser(name, help=help_text, description=help_text)
        if hasattr(module, "add_arguments"):
            module.add_arguments(child)
        child.set_defaults(_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the process exit code."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    messages.set_language(_language_from(args_list) or _policy_language())
    parser = build_parser()
    args = parser.parse_args(args_list)
    module = getattr(args, "_module", None)
    try:
        if module is None:
            return _open_window(args)
        return int(module.run(args) or 0)
    except SupportAssistantError as exc:
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(msg("cli.interrupted"), file=sys.stderr)
        return 130


def main_gui() -> int:
    """Entry point of the windowed launcher (no console on Windows)."""
    return main([])


def _open_window(args: argparse.Namespace) -> int:
    modules = command_modules()
    if "new" in modules:
        return int(modules["new"].run(args) or 0)
    raise SupportAssistantError(msg("cli.no_window"))


def _policy_language() -> str | None:
    """``ui.language`` from the IT policy and user settings; a broken policy is reported later."""
    from .core import policy

    try:
        return policy.load()["ui.language"] or None
    except SupportAssistantError:
        return None


def _language_from(argv: list[str]) -> str | None:
    for i, arg in enumerate(argv):
        if arg == "--language" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--language="):
            return arg.split("=", 1)[1]
    return None
