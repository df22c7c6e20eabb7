"""``support-assistant history [--json]``: every report sent, with what exactly was sent."""

from __future__ import annotations

import argparse
import json

from ..core.messages import msg, register

NAME = "history"
HELP = "history.help"

register({
    "history.help": "List the reports you sent: reference, time, destination and contents.",
    "history.json_flag": "print every record with its full manifest as JSON",
    "history.empty": "No report has been sent yet.",
    "history.row": "{reference}  sent {sent_at} to {destination} ({organisation}), {size}, {items} item(s){follows}",
    "history.row_follows": ", follow-up of {reference}",
    "history.row_local": "    local copy kept until {until}",
    "history.row_no_local": "    local copy deleted",
    "history.row_deleted": "    deleted from the intake on {when}",
    "history.row_item": "    - {name}",
})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=msg("history.json_flag"))


def run(args: argparse.Namespace) -> int:
    from ..core import history, policy
    from ..core.outbox import Outbox
    from ..core.retention import purge_expired
    from ..core.upload import human_size

    days = policy.load()["retention.days"]
    outbox = Outbox()
    purge_expired(outbox, days=days)
    records = history.records(outbox)
    if args.json:
        print(json.dumps([history.record_json(e, days) for e in records], indent=1,
                         ensure_ascii=False))
        return 0
    if not records:
        print(msg("history.empty"))
        return 0
    for entry in records:
        items = history.manifest_items(entry)
        follows = msg("history.row_follows", reference=entry.follows) if entry.follows else ""
        print(msg("history.row", reference=entry.reference, sent_at=entry.sent_at,
                  destination=entry.sent_to, organisation=entry.organisation,
                  size=human_size(entry.size), items=len(items), follows=follows))
        for item in items:
            name = item.get("title") or item.get("path") or item.get("name") or item.get("id")
            print(msg("history.row_item", name=str(name)[:200]))
        if entry.remote_deleted_at:
            print(msg("history.row_deleted", when=entry.remote_deleted_at))
        elif entry.local_copy:
            print(msg("history.row_local", until=history.keep_until(entry, days)))
        else:
            print(msg("history.row_no_local"))
    return 0
