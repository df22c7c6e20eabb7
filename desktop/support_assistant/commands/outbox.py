"""``support-assistant outbox [list|send|forget ID]``: reports waiting to be sent."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from ..core.messages import msg, register
from . import _shared

if TYPE_CHECKING:
    from ..core.policy import Config

NAME = "outbox"
HELP = "outbox.help"

register({
    "outbox.help": "List the reports waiting to be sent, send them now, or forget one.",
    "outbox.list_help": "list waiting and failed reports (the default)",
    "outbox.send_help": "send every waiting or failed report now",
    "outbox.forget_help": "remove a report from the outbox without sending it",
    "outbox.json_flag": "print JSON instead of a table",
    "outbox.wait_flag": "keep retrying (with growing pauses) until every report is sent or failed",
    "outbox.id_arg": "the outbox entry ID (see 'support-assistant outbox list')",
    "outbox.empty": "The outbox is empty: nothing is waiting to be sent.",
    "outbox.row": "{id}  {state:<9}  {created}  {size:>10}  {detail}",
    "outbox.header": "ID                  STATE      QUEUED                     SIZE        DETAIL",
    "outbox.row_sent": "{id}  sent       reference {reference}",
    "outbox.row_waiting": "{id}  waiting    {error}",
    "outbox.row_failed": "{id}  failed     {reason}: {error}",
    "outbox.nothing_to_send": "Nothing is waiting to be sent.",
    "outbox.forgotten": "Removed {entry_id} from the outbox; it will not be sent.",
    "outbox.forgotten_partial": "Removed {entry_id} from the outbox; the intake could not be asked to drop its partial upload ({error}).",
    "outbox.summary_failed": "{count} report(s) could not be sent; see 'support-assistant outbox list'.",
    "outbox.waiting_retry": "Waiting {seconds} s before trying again (Ctrl+C to stop; the outbox keeps everything).",
})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    list_parser = actions.add_parser("list", help=msg("outbox.list_help"))
    list_parser.add_argument("--json", action="store_true", help=msg("outbox.json_flag"))
    send_parser = actions.add_parser("send", help=msg("outbox.send_help"))
    send_parser.add_argument("--wait", action="store_true", help=msg("outbox.wait_flag"))
    _shared.add_session_flags(send_parser)
    forget_parser = actions.add_parser("forget", help=msg("outbox.forget_help"))
    forget_parser.add_argument("entry_id", metavar="ID", help=msg("outbox.id_arg"))
    _shared.add_session_flags(forget_parser)
    parser.set_defaults(action="list", json=False)


def run(args: argparse.Namespace) -> int:
    from ..core import policy
    config = policy.load()
    if args.action == "send":
        return _send(args, config)
    if args.action == "forget":
        return _forget(args, config)
    return _list(args)


def _list(args: argparse.Namespace) -> int:
    from ..core.outbox import Outbox
    from ..core.upload import human_size

    entries = [e for e in Outbox().entries() if e.state != "sent"]
    if args.json:
        print(json.dumps([e.to_json() for e in entries], indent=1, ensure_ascii=False))
        return 0
    if not entries:
        print(msg("outbox.empty"))
        return 0
    print(msg("outbox.header"))
    for entry in entries:
        detail = entry.failure_reason or entry.last_error or entry.bundle_name
        if entry.follows:
            detail = f"(follows {entry.follows}) {detail}"
        print(msg("outbox.row", id=entry.id, state=str(entry.state), created=entry.created_at,
                  size=human_size(entry.size), detail=detail))
    return 0


def _send(args: argparse.Namespace, config: Config) -> int:
    import time

    from ..core.errors import SupportAssistantError
    from ..core.outbox import Outbox, State
    from ..core.retention import purge_expired
    from ..core.sender import QUICK_RETRY, Sender

    config.require_sendable()
    outbox = Outbox()
    purge_expired(outbox, days=config["retention.days"])
    if not outbox.pending(include_failed=True):
        print(msg("outbox.nothing_to_send"))
        return 0
    _shared.ensure_credentials(args, config)
    progress = _shared.ProgressLine()
    sender = Sender(outbox, config=config, retry=None if args.wait else QUICK_RETRY)
    include_failed = True
    pause = 5.0
    while True:
        outcomes = sender.send_pending(include_failed=include_failed, progress=progress)
        progress.done()
        first_error: SupportAssistantError | None = None
        for outcome in outcomes:
            entry = outcome.entry
            if outcome.error is None:
                print(msg("outbox.row_sent", id=entry.id, reference=entry.reference))
                continue
            first_error = first_error or outcome.error
            if entry.state is State.FAILED:
                print(msg("outbox.row_failed", id=entry.id, reason=entry.failure_reason,
                          error=outcome.error))
            else:
                print(msg("outbox.row_waiting", id=entry.id, error=outcome.error))
        waiting = [o for o in outcomes if o.transient]
        if not args.wait or not waiting or first_error is None:
            break
        include_failed = False  # failed ones were tried once; only waiting ones are retried
        print(msg("outbox.waiting_retry", seconds=round(pause)), flush=True)
        time.sleep(pause)
        pause = min(pause * 2, 300.0)
    if first_error is not None:
        unsent = [o for o in outcomes if o.error is not None]
        raise type(first_error)(msg("outbox.summary_failed", count=len(unsent)),
                                detail=first_error.detail)
    return 0


def _forget(args: argparse.Namespace, config: Config) -> int:
    from ..core.errors import SupportAssistantError, UsageError
    from ..core.outbox import Outbox, State
    from ..core.sender import QUICK_RETRY, Sender

    outbox = Outbox()
    with outbox.locked(args.entry_id) as entry:
        if entry.state is State.SENT:
            raise UsageError(msg("outbox.already_sent", entry_id=entry.id,
                                 reference=entry.reference))
        problem = None
        if entry.upload_url:
            try:
                _shared.ensure_credentials(args, config)
                Sender(outbox, config=config, retry=QUICK_RETRY).delete_remote(
                    entry.upload_url, entry.endpoint)
            except SupportAssistantError as exc:
                problem = exc
        outbox.remove(entry.id)
    if problem is not None:
        print(msg("outbox.forgotten_partial", entry_id=entry.id, error=problem))
    else:
        print(msg("outbox.forgotten", entry_id=entry.id))
    return 0
