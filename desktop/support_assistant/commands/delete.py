"""``support-assistant delete REFERENCE``: ask the intake to delete a sent report, and drop it here."""

from __future__ import annotations

import argparse

from ..core.messages import msg, register
from . import _shared

NAME = "delete"
HELP = "delete.help"

register({
    "delete.help": "Ask the support intake to delete a report you sent, and delete its local copies.",
    "delete.reference_arg": "the reference of the sent report (see 'support-assistant history')",
    "delete.local_flag": "only delete the local copies; do not ask the intake",
    "delete.done": "The intake deleted {reference}; its local copies are deleted too.",
    "delete.local_done": "Deleted the local copies of {reference}; the intake still holds it.",
})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("reference", metavar="REFERENCE", help=msg("delete.reference_arg"))
    parser.add_argument("--local-only", action="store_true", help=msg("delete.local_flag"))
    _shared.add_session_flags(parser)


def run(args: argparse.Namespace) -> int:
    from ..core import history, policy
    from ..core.outbox import Outbox
    from ..core.sender import QUICK_RETRY, Sender

    outbox = Outbox()
    if args.local_only:
        entry = history.delete_local(args.reference, outbox)
        print(msg("delete.local_done", reference=entry.reference))
        return 0
    config = policy.load()
    history.find(args.reference, outbox)  # an unknown reference fails before asking for credentials
    _shared.ensure_credentials(args, config)
    entry = history.delete_sent(args.reference, Sender(outbox, config=config, retry=QUICK_RETRY))
    print(msg("delete.done", reference=entry.reference))
    return 0
