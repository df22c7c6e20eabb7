"""Helpers shared by the sending commands: reading credentials safely, showing progress.

Not a subcommand (no ``NAME``). The token is read from standard input or a hidden
prompt, never from the command line, where other users could see it in the process list.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from ..core.errors import CredentialsError, UsageError
from ..core.messages import msg, register

if TYPE_CHECKING:
    from ..core.credentials import Credentials
    from ..core.outbox import Entry
    from ..core.policy import Config
    from ..core.upload import Progress

register({
    "shared.session_flag": (
        "type the credentials for this command only (kept in memory, never stored), e.g. "
        "when the system has no keyring"),
    "shared.organisation_flag": "organisation / customer ID (not secret; the token is asked for)",
    "shared.no_keyring_hint": (
        "No keyring is available on this system, so no service credentials are stored; run "
        "the command again with --session-credentials to type them for this send only "
        "(kept in memory, never on disk)."),
    "shared.ask_session": (
        "No keyring is available on this system, so credentials cannot be stored. "
        "Enter them for this send only (kept in memory)? [y/N] "),
    "shared.organisation_prompt": "Organisation / customer ID: ",
    "shared.token_prompt": "Access token (hidden): ",
    "shared.need_organisation": (
        "No organisation ID was given; pass --organisation or type it when asked."),
    "shared.no_token": (
        "No access token was given on standard input; pipe it in or run the command in a "
        "terminal to be asked for it."),
    "shared.progress": "\r{percent:3d}% of {total}  {rate}/s  {eta}   ",
    "shared.eta": "{seconds} s left",
})

MAX_TOKEN_INPUT = 8192


def add_session_flags(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--session-credentials", action="store_true",
                        help=msg("shared.session_flag"))
    parser.add_argument("--organisation", help=msg("shared.organisation_flag"))


def interactive() -> bool:
    return sys.stdin.isatty() and sys.stderr.isatty()


def read_token() -> str:
    """The access token from a hidden prompt (terminal) or the first line of standard input."""
    if sys.stdin.isatty():
        token = getpass.getpass(msg("shared.token_prompt"))
    else:
        token = sys.stdin.readline(MAX_TOKEN_INPUT + 1).strip()
    if not token:
        raise UsageError(msg("shared.no_token"))
    return token


def read_organisation(given: str | None, config: Config) -> str:
    """``--organisation``, else the policy's organisation, else a prompt in a terminal."""
    if given:
        return given
    if config["intake.organisation"]:
        return config["intake.organisation"]
    if sys.stdin.isatty():
        return input(msg("shared.organisation_prompt")).strip()
    raise UsageError(msg("shared.need_organisation"))


def ensure_credentials(args: argparse.Namespace, config: Config) -> Credentials:
    """Stored credentials, or (no keyring) credentials typed for this command only."""
    from ..core import credentials

    if not getattr(args, "session_credentials", False):
        try:
            return credentials.load()
        except CredentialsError as exc:
            if not exc.detail.get("no_keyring"):
                raise
            if not (interactive()
                    and input(msg("shared.ask_session")).strip().lower() in ("y", "yes")):
                raise CredentialsError(msg("shared.no_keyring_hint"),
                                       detail={"no_keyring": True}) from exc
    organisation = read_organisation(getattr(args, "organisation", None), config)
    typed = credentials.Credentials(organisation, read_token())
    credentials.remember_for_session(typed)
    return typed


class ProgressLine:
    """One updating progress line on a terminal's stderr; silent when not a terminal."""

    def __init__(self) -> None:
        self.enabled = sys.stderr.isatty()
        self.shown = False

    def __call__(self, entry: Entry, progress: Progress) -> None:
        if not self.enabled or progress.total <= 0:
            return
        from ..core.upload import human_size
        eta = msg("shared.eta", seconds=round(progress.eta)) if progress.eta is not None else ""
        sys.stderr.write(msg("shared.progress", percent=progress.sent * 100 // progress.total,
                             total=human_size(progress.total),
                             rate=human_size(int(progress.rate)), eta=eta))
        sys.stderr.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            self.shown = False
