"""What the user sent, and how they take it back.

The history is the outbox's sent entries (:mod:`.outbox`): reference, time,
destination, organisation and the bundle's manifest (exactly what was sent).
From here the user can

* ask the intake to delete a sent report (authenticated tus DELETE) and drop the
  local copy (:func:`delete_sent`), or only drop the local copy (:func:`delete_local`);
* send a follow-up (more items or a correction) linked to a sent report
  (:func:`queue_follow_up`: ``follows`` in its tus metadata);
* withdraw consent (:func:`withdraw`): request deletion of everything sent, delete
  every local report, outbox entry and pseudonym table, and the stored credentials.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from . import credentials as creds_module
from .errors import SupportAssistantError, UploadError, UsageError
from .messages import msg, register
from .outbox import Entry, Outbox, OutboxBusy, State, now_iso
from .paths import cache_dir, reports_dir

register({
    "history.unknown_reference": (
        "No sent report has the reference '{reference}'; see 'support-assistant history'."),
    "history.already_deleted": "The report {reference} was already deleted from the intake.",
    "history.withdraw_incomplete": (
        "Deletion could not be requested for {count} sent report(s) ({references}): {reason} "
        "Everything else was deleted; run 'support-assistant withdraw' again when the "
        "intake can be reached."),
    "history.withdraw_busy": (
        "Outbox entry {entry_id} is being sent by another process; close Support Assistant "
        "and run 'support-assistant withdraw' again."),
})


def records(outbox: Outbox | None = None) -> list[Entry]:
    """Every sent report, oldest first (including those deleted from the intake)."""
    return (outbox or Outbox()).sent()


def find(reference: str, outbox: Outbox | None = None) -> Entry:
    """The sent report with this reference; UsageError when there is none."""
    found = (outbox or Outbox()).find(reference)
    if found is None:
        raise UsageError(msg("history.unknown_reference", reference=reference[:100]))
    return found


def keep_until(entry: Entry, days: int) -> str:
    """When the local copy of ``entry`` is purged (ISO time), or '' if it is gone."""
    if not entry.local_copy or not entry.sent_at:
        return ""
    sent = datetime.fromisoformat(entry.sent_at)
    return (sent + timedelta(days=days)).isoformat(timespec="seconds")


def manifest_items(entry: Entry) -> list[dict[str, Any]]:
    """The items listed in the sent manifest (whatever shape the bundle writer gave them)."""
    manifest = entry.manifest or {}
    for key in ("items", "files"):
        value = manifest.get(key)
        if isinstance(value, list):
            return [v for v in value if isinstance(v, dict)]
    return []


def record_json(entry: Entry, days: int) -> dict[str, Any]:
    """A history record as ``history --json`` and the history window show it."""
    return {
        "reference": entry.reference,
        "sent_at": entry.sent_at,
        "destination": entry.sent_to,
        "organisation": entry.organisation,
        "url": entry.receipt_url,
        "size": entry.size,
        "sha256": entry.sha256,
        "report_id": entry.report_id,
        "follows": entry.follows,
        "outbox_entry": entry.id,
        "local_copy": entry.local_copy,
        "local_copy_until": keep_until(entry, days),
        "deleted_from_intake_at": entry.remote_deleted_at,
        "manifest": entry.manifest,
    }


def delete_local(reference: str, outbox: Outbox | None = None) -> Entry:
    """Delete the local copies of a sent report (bundle copy, report folder); keep the record."""
    outbox = outbox or Outbox()
    entry = find(reference, outbox)
    with outbox.locked(entry.id) as current:
        remove_report_folder(current)
        return outbox.delete_local_copy(current)


def delete_sent(reference: str, sender: Any) -> Entry:
    """Ask the intake to delete a sent report, then delete its local copies.

    The record stays as a tombstone (reference, time, destination, when deleted)
    without the manifest. ``sender`` is a :class:`.sender.Sender`.
    """
    outbox: Outbox = sender.outbox
    entry = find(reference, outbox)
    with outbox.locked(entry.id) as current:
        if not current.remote_deleted_at:
            sender.delete_remote(current.receipt_url, current.endpoint)
        remove_report_folder(current)
        current = outbox.delete_local_copy(current)
        return outbox.save(replace(current, manifest=None, remote_deleted_at=(
            current.remote_deleted_at or now_iso())))


def queue_follow_up(reference: str, bundle: Path, *, outbox: Outbox | None = None,
                    manifest: dict[str, Any] | None = None,
                    max_bytes: int | None = None) -> Entry:
    """Queue ``bundle`` (more items or a correction) as a follow-up of a sent report."""
    outbox = outbox or Outbox()
    original = find(reference, outbox)
    return outbox.enqueue(bundle, follows=original.reference, endpoint=original.endpoint,
                          manifest=manifest, max_bytes=max_bytes)


@dataclass
class WithdrawResult:
    """What :func:`withdraw` did: deletions requested, entries removed, what is left."""

    deleted_remote: list[str] = field(default_factory=list)
    removed_entries: int = 0
    removed_reports: int = 0
    credentials_cleared: bool = False
    not_deleted: list[str] = field(default_factory=list)
    reason: str = ""


def withdraw(sender: Any) -> WithdrawResult:
    """Withdraw consent: delete on the intake everything sent, then everything local.

    Remote deletions come first (they need the credentials). A report whose deletion
    could not be requested keeps a tombstone (reference, URL) and the credentials are
    kept, so running withdraw again finishes the job; that case raises UploadError
    after everything else was deleted.
    """
    outbox: Outbox = sender.outbox
    result = WithdrawResult()
    error: SupportAssistantError | None = None
    for entry in outbox.entries():
        url = entry.receipt_url if entry.state is State.SENT else entry.upload_url
        try:
            with outbox.locked(entry.id) as current:
                needs_remote = bool(url) and not current.remote_deleted_at
                if needs_remote and error is None:
                    try:
                        sender.delete_remote(url, current.endpoint)
                        if current.reference:
                            result.deleted_remote.append(current.reference)
                        needs_remote = False
                    except SupportAssistantError as exc:
                        error = exc
                if needs_remote:
                    result.not_deleted.append(current.reference or current.id)
                    remove_report_folder(current)
                    current = outbox.delete_local_copy(current)
                    outbox.save(replace(current, manifest=None))
                else:
                    remove_report_folder(current)
                    outbox.remove(current.id)
                    result.removed_entries += 1
        except OutboxBusy as exc:
            raise SupportAssistantError(msg("history.withdraw_busy", entry_id=entry.id)) from exc
    for leftover in outbox.root.iterdir():  # half-queued or half-removed copies of a killed process
        if leftover.name.startswith((".new-", ".gone-")):
            shutil.rmtree(leftover, ignore_errors=True)
    result.removed_reports = _remove_all_reports()
    shutil.rmtree(cache_dir(), ignore_errors=True)
    if result.not_deleted:
        result.reason = str(error) if error else ""
        raise WithdrawIncomplete(msg(
            "history.withdraw_incomplete", count=len(result.not_deleted),
            references=", ".join(result.not_deleted), reason=result.reason),
            result=result, cause=error)
    result.credentials_cleared = creds_module.clear()
    return result


class WithdrawIncomplete(UploadError):
    """Some deletions could not be requested; carries the partial :class:`WithdrawResult`."""

    def __init__(self, message: str, *, result: WithdrawResult,
                 cause: SupportAssistantError | None) -> None:
        super().__init__(message)
        self.result = result
        if cause is not None:
            self.exit_code = cause.exit_code  # type: ignore[misc]


def remove_report_folder(entry: Entry) -> None:
    """Delete the session folder (items, pseudonym table) of the report an entry was built from."""
    if entry.report_id and "/" not in entry.report_id and not entry.report_id.startswith("."):
        folder = reports_dir() / entry.report_id
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)


def _remove_all_reports() -> int:
    root = reports_dir()
    count = 0
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child, ignore_errors=True)
        else:
            child.unlink(missing_ok=True)
        count += 1
    return count
