"""``support-assistant send BUNDLE``: queue a bundle in the outbox and send it now.

The bundle is copied into the outbox first, so if the intake cannot be reached it
waits there and goes out later (the app retries in the background, or
``support-assistant outbox send``). ``--follows REFERENCE`` sends it as a
follow-up (more items or a correction) of a report sent earlier.
"""

from __future__ import annotations

import argparse

from ..core.messages import msg, register
from . import _shared

NAME = "send"
HELP = "send.help"

register({
    "send.help": "Send an approved bundle to the support intake (it waits in the outbox if offline).",
    "send.bundle_arg": "the bundle file (.zip or .zip.age) built from an approved report",
    "send.endpoint_flag": "send this bundle to this intake endpoint instead of the configured one",
    "send.follows_flag": "send as a follow-up (more items or a correction) of this sent report",
    "send.sent": "Sent {name} to {destination}: your reference is {reference}.",
    "send.already_sent": "This bundle was already sent on {sent_at}: your reference is {reference}.",
    "send.kept": "{error} The report is kept in the outbox as {entry_id} and will be sent when the intake answers again (run 'support-assistant outbox send' to try now).",
    "send.failed": "{error} The report is kept in the outbox as {entry_id} (failed: {reason}); fix the cause, then run 'support-assistant outbox send'.",
    "send.encryption_required": "Your IT department's policy requires encrypted bundles (.zip.age), and {path} is not encrypted.",
})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bundle", metavar="BUNDLE", help=msg("send.bundle_arg"))
    parser.add_argument("--endpoint", metavar="URL", help=msg("send.endpoint_flag"))
    parser.add_argument("--follows", metavar="REFERENCE", help=msg("send.follows_flag"))
    _shared.add_session_flags(parser)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..core import credentials, history, policy, retention
    from ..core.errors import PolicyError, UploadError
    from ..core.outbox import Outbox, State
    from ..core.sender import QUICK_RETRY, Sender

    config = policy.load()
    config.require_sendable()
    bundle = Path(args.bundle)
    if config["encryption.required"] and not bundle.name.endswith(".age"):
        raise PolicyError(msg("send.encryption_required", path=bundle))
    endpoint = ""
    if args.endpoint:
        endpoint = credentials.validate_endpoint(args.endpoint)
        if config.is_locked("intake.endpoint") and endpoint != config["intake.endpoint"]:
            raise PolicyError(msg("credentials.endpoint_locked", path=config.policy_path))
    _shared.ensure_credentials(args, config)
    outbox = Outbox()
    retention.purge_expired(outbox, days=config["retention.days"])
    limit = config["limits.max_bundle_bytes"]
    if args.follows:
        original = history.find(args.follows, outbox)
        entry = outbox.enqueue(bundle, follows=original.reference,
                               endpoint=endpoint or original.endpoint, max_bytes=limit)
    else:
        entry = outbox.enqueue(bundle, endpoint=endpoint, max_bytes=limit)
    if entry.state is State.SENT:
        print(msg("send.already_sent", sent_at=entry.sent_at, reference=entry.reference))
        return 0
    progress = _shared.ProgressLine()
    sender = Sender(outbox, config=config, retry=QUICK_RETRY)
    try:
        sent = sender.send(entry.id, progress=progress)
    except UploadError as exc:
        progress.done()
        current = outbox.get(entry.id)
        key = "send.failed" if current.state is State.FAILED else "send.kept"
        raise type(exc)(msg(key, error=str(exc), entry_id=entry.id,
                            reason=current.failure_reason), detail=exc.detail) from exc
    progress.done()
    print(msg("send.sent", name=bundle.name, destination=sent.sent_to, reference=sent.reference))
    return 0
