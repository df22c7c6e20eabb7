"""``support-assistant withdraw``: withdraw consent and remove everything, here and at the intake."""

from __future__ import annotations

import argparse
import contextlib

from ..core.messages import msg, register
from . import _shared

NAME = "withdraw"
HELP = "withdraw.help"

register({
    "withdraw.help": (
        "Withdraw consent: ask the intake to delete everything you sent, then delete all local "
        "reports, pseudonym tables and the stored credentials."),
    "withdraw.yes_flag": "do not ask for confirmation",
    "withdraw.confirm": (
        "This asks the support intake to delete every report you sent ({sent}), deletes every "
        "local report and outbox entry ({local}) with their pseudonym tables, and removes the "
        "stored service credentials. Type 'yes' to continue: "),
    "withdraw.need_yes": (
        "Withdrawing consent deletes everything; confirm in a terminal or add --yes."),
    "withdraw.declined": "Nothing was deleted.",
    "withdraw.done": (
        "Consent withdrawn: the intake deleted {remote} report(s); {entries} outbox or history "
        "entries and {reports} local report(s) were deleted; stored credentials {credentials}."),
    "withdraw.credentials_cleared": "removed",
    "withdraw.credentials_none": "there were none",
})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--yes", action="store_true", help=msg("withdraw.yes_flag"))
    _shared.add_session_flags(parser)


def run(args: argparse.Namespace) -> int:
    from ..core import history, policy
    from ..core.errors import CredentialsError, UsageError
    from ..core.outbox import Outbox
    from ..core.sender import QUICK_RETRY, Sender

    outbox = Outbox()
    entries = outbox.entries()
    sent = [e for e in entries if e.reference and not e.remote_deleted_at]
    if not args.yes:
        if not _shared.interactive():
            raise UsageError(msg("withdraw.need_yes"))
        answer = input(msg("withdraw.confirm", sent=len(sent), local=len(entries)))
        if answer.strip().lower() != "yes":
            print(msg("withdraw.declined"))
            return 0
    config = policy.load()
    if any(e.receipt_url or e.upload_url for e in entries):
        # Without credentials local data is still deleted; withdraw reports what it could not ask.
        with contextlib.suppress(CredentialsError):
            _shared.ensure_credentials(args, config)
    result = history.withdraw(Sender(outbox, config=config, retry=QUICK_RETRY))
    print(msg("withdraw.done", remote=len(result.deleted_remote), entries=result.removed_entries,
              reports=result.removed_reports,
              credentials=msg("withdraw.credentials_cleared" if result.credentials_cleared
                              else "withdraw.credentials_none")))
    return 0
