"""Local copies of sent reports are kept only ``retention.days`` days (policy, default 30).

After that the outbox's bundle copy and the report's session folder (items,
pseudonym table) are deleted; the history record (reference, time, destination,
manifest) stays so the user can still see what was sent and ask for its deletion.
"""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

from . import policy
from .history import remove_report_folder
from .outbox import Outbox, OutboxBusy


def purge_expired(outbox: Outbox | None = None, *, days: int | None = None,
                  now: datetime | None = None) -> list[str]:
    """Delete local copies of reports sent ``days`` or more days ago; returns their references.

    ``days`` defaults to the effective ``retention.days``; entries another process
    holds are left for the next run.
    """
    outbox = outbox or Outbox()
    if days is None:
        days = policy.load()["retention.days"]
    now = now or datetime.now(UTC)
    purged = []
    for entry in outbox.sent():
        if not entry.local_copy or not entry.sent_at:
            continue
        try:
            sent = datetime.fromisoformat(entry.sent_at)
        except ValueError:
            continue
        if sent + timedelta(days=days) > now:
            continue
        with contextlib.suppress(OutboxBusy), outbox.locked(entry.id) as current:
            remove_report_folder(current)
            outbox.delete_local_copy(current)
            purged.append(current.reference)
    return purged
