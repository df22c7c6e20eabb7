"""Sending outbox entries to the intake: the send loop, its failure rules, background retry.

:class:`Sender` binds the outbox, the effective configuration and the service
credentials to the tus client (:mod:`.upload`). For each entry it creates the
upload (once), records the upload URL, uploads from the server's offset, records
every confirmed offset, and marks the entry sent with the server's receipt.

Failure rules: the intake rejecting the credentials (401/403), refusing the size
(413) or an insecure transport mark the entry *failed* with that reason and it is
not retried by itself (``outbox send`` retries it once the user fixed the cause).
Anything else (offline, server busy, cancelled) leaves the entry waiting, to be
retried by :class:`BackgroundSender` or ``support-assistant outbox send``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

from . import credentials as creds_module
from . import policy
from .errors import (
    BundleTooLarge,
    Cancelled,
    CredentialsError,
    CredentialsRejected,
    InputError,
    PolicyError,
    SupportAssistantError,
    TransportSecurityError,
    UploadError,
)
from .messages import msg, register
from .outbox import Entry, Outbox, OutboxBusy, State, sha256_file
from .retention import purge_expired
from .transport import origin
from .upload import Destination, Progress, Receipt, RetryPolicy, TusClient

register({
    "sender.credentials_rejected": "credentials rejected",
    "sender.too_large": "larger than the intake accepts",
    "sender.insecure": "insecure connection refused",
    "sender.copy_damaged": "the outbox copy of the bundle is missing or damaged",
    "sender.copy_damaged_error": (
        "The outbox copy of {entry_id} is missing or damaged; send the report again from "
        "the review window."),
    "sender.receipt_mismatch": (
        "The intake confirmed {entry_id} with a different size or checksum than was sent; "
        "it stays in the outbox as failed, run 'support-assistant outbox send' to send it again."),
    "sender.receipt_mismatch_reason": "the intake confirmed different data",
    "sender.encryption_required": (
        "Your IT department's policy requires encrypted bundles, and {entry_id} is not "
        "encrypted; build the report again."),
})

Transport = Any
"""A tus client with ``create``, ``offset``, ``upload`` and ``delete`` (see :class:`TusClient`)."""


class ClientFactory(Protocol):
    def __call__(self, destination: Destination, *, chunk_size: int,
                 retry: RetryPolicy) -> Transport: ...


ProgressCallback = Callable[[Entry, Progress], None]


@dataclass(frozen=True)
class Outcome:
    """What happened to one entry in a send pass."""

    entry: Entry
    error: SupportAssistantError | None = None

    @property
    def transient(self) -> bool:
        """True when the entry still waits (offline, busy, cancelled) rather than sent or failed."""
        return (isinstance(self.error, (UploadError, Cancelled))
                and self.entry.state is not State.FAILED)


def _default_client(destination: Destination, *, chunk_size: int,
                    retry: RetryPolicy) -> Transport:
    return TusClient(destination, chunk_size=chunk_size, retry=retry)


QUICK_RETRY = RetryPolicy(attempts=3, base_delay=0.25, max_delay=1.0, max_retry_after=5.0)
"""For a send the user waits for: give up within seconds, the outbox keeps the bundle."""


class Sender:
    """Sends outbox entries with the effective policy and the current credentials."""

    def __init__(self, outbox: Outbox | None = None, *, config: policy.Config | None = None,
                 client_factory: ClientFactory | None = None,
                 retry: RetryPolicy | None = None) -> None:
        self.outbox = outbox or Outbox()
        self.retry = retry or RetryPolicy()
        self.config = config or policy.load()
        self.client_factory = client_factory or _default_client

    # -- where to --------------------------------------------------------------------------
    def destination(self, endpoint_override: str = "") -> Destination:
        """The intake to use, with the stored (or session) credentials; CredentialsError if none."""
        credentials = creds_module.load()
        endpoint, organisation = creds_module.effective_target(
            credentials, self.config, endpoint_override or None)
        return Destination(endpoint=endpoint, organisation=organisation, token=credentials.token,
                           ca_bundle=self.config["intake.ca_bundle"],
                           proxy=self.config["intake.proxy"])

    def client(self, destination: Destination) -> Transport:
        return self.client_factory(destination, chunk_size=self.config["intake.chunk_bytes"],
                                   retry=self.retry)

    # -- sending ---------------------------------------------------------------------------
    def send(self, entry_id: str, *, progress: ProgressCallback | None = None,
             cancel: threading.Event | None = None) -> Entry:
        """Send one entry now (resuming if it was started); returns it sent.

        Raises the upload's error after recording it (failed, or waiting for a retry).
        Raises OutboxBusy when another process is sending it.
        """
        self.config.require_sendable()
        with self.outbox.locked(entry_id) as entry:
            if entry.state is State.SENT:
                return entry
            if entry.state is State.FAILED:
                entry = self.outbox.save(entry.requeued())
            return self._send_locked(entry, progress, cancel)

    def send_pending(self, *, include_failed: bool = False,
                     progress: ProgressCallback | None = None,
                     cancel: threading.Event | None = None) -> list[Outcome]:
        """Try every waiting entry (and failed ones if asked); one Outcome each.

        Entries another process is sending are skipped. Stops early when cancelled,
        or when there are no credentials (every entry would fail the same way).
        """
        outcomes: list[Outcome] = []
        for entry in self.outbox.pending(include_failed=include_failed):
            if cancel is not None and cancel.is_set():
                break
            try:
                outcomes.append(Outcome(self.send(entry.id, progress=progress, cancel=cancel)))
            except OutboxBusy:
                continue
            except (CredentialsError, PolicyError) as exc:
                outcomes.append(Outcome(entry, exc))
                break
            except Cancelled as exc:
                outcomes.append(Outcome(self._reread(entry), exc))
                break
            except SupportAssistantError as exc:
                outcomes.append(Outcome(self._reread(entry), exc))
        return outcomes

    def _reread(self, entry: Entry) -> Entry:
        try:
            return self.outbox.get(entry.id)
        except SupportAssistantError:
            return entry

    def _send_locked(self, entry: Entry, progress: ProgressCallback | None,
                     cancel: threading.Event | None) -> Entry:
        bundle = self.outbox.bundle_path(entry)
        if self.config["encryption.required"] and not entry.bundle_file.endswith(".age"):
            raise PolicyError(msg("sender.encryption_required", entry_id=entry.id))
        if not entry.upload_url and not _copy_intact(bundle, entry):
            self.outbox.save(entry.failed("copy_damaged", msg("sender.copy_damaged")))
            raise InputError(msg("sender.copy_damaged_error", entry_id=entry.id))
        destination = self.destination(entry.endpoint)
        client = self.client(destination)
        state = {"entry": entry}

        def save(new: Entry) -> Entry:
            state["entry"] = self.outbox.save(new)
            return state["entry"]

        def on_offset(offset: int) -> None:
            save(replace(state["entry"], offset=offset))

        def report(value: Progress) -> None:
            if progress is not None:
                progress(state["entry"], value)

        try:
            save(replace(entry, attempts=entry.attempts + 1))
            url = entry.upload_url
            if url and not _same_origin(url, destination.endpoint):
                url = ""  # the intake moved: start afresh there
                save(state["entry"].requeued())
            receipt: Receipt | None = None
            while receipt is None:
                if not url:
                    url = client.create(bundle, self.metadata(state["entry"]))
                    save(state["entry"].uploading(url, 0))
                    fresh = True
                else:
                    fresh = False
                try:
                    receipt = client.upload(bundle, url, progress=report, cancel=cancel,
                                            on_offset=on_offset)
                except UploadError as exc:
                    if fresh or not exc.detail.get("gone"):
                        raise
                    url = ""  # the intake dropped the partial upload: start it again, once
                    save(state["entry"].requeued())
            if receipt.size != entry.size or (receipt.sha256 and receipt.sha256 != entry.sha256):
                raise UploadError(msg("sender.receipt_mismatch", entry_id=entry.id),
                                  detail={"receipt_mismatch": True})
            return save(state["entry"].sent(reference=receipt.reference, receipt_url=receipt.url,
                                            sent_to=destination.endpoint,
                                            organisation=destination.organisation))
        except CredentialsRejected:
            save(state["entry"].failed("credentials_rejected", msg("sender.credentials_rejected")))
            raise
        except BundleTooLarge:
            save(state["entry"].failed("too_large", msg("sender.too_large")))
            raise
        except TransportSecurityError:
            save(state["entry"].failed("insecure", msg("sender.insecure")))
            raise
        except (UploadError, Cancelled) as exc:
            if exc.detail.get("receipt_mismatch"):
                save(state["entry"].failed("receipt_mismatch", msg("sender.receipt_mismatch_reason")))
            else:
                save(state["entry"].waiting(str(exc)))
            raise

    def metadata(self, entry: Entry) -> dict[str, str]:
        """The tus metadata of an entry: neutral file name, type, checksum, links."""
        suffix = ".zip.age" if entry.bundle_file.endswith(".age") else ".zip"
        data = {
            "filename": f"{entry.report_id or entry.id}{suffix}",
            "filetype": "application/age" if suffix.endswith(".age") else "application/zip",
            "sha256": entry.sha256,
            "outbox_entry": entry.id,
        }
        if entry.report_id:
            data["report_id"] = entry.report_id
        if entry.follows:
            data["follows"] = entry.follows
        return data

    # -- removing from the intake ------------------------------------------------------------
    def delete_remote(self, url: str, endpoint_override: str = "") -> None:
        """Ask the intake to delete an upload (sent or partial); a missing one counts as done."""
        destination = self.destination(endpoint_override)
        self.client(destination).delete(url)


def send_sealed(bundle: Any, report: Any = None, *, sender: Sender | None = None,
                follows: str = "", progress: ProgressCallback | None = None,
                cancel: threading.Event | None = None) -> Entry:
    """The report workflow's send step (``ReportSession(send=send_sealed)``).

    Queues ``bundle`` (a ``BundleSummary``: ``.path`` and ``.manifest``) in the outbox,
    then sends it now. Returns the entry: sent, or still waiting when the intake cannot
    be reached (it goes out later by itself). Raises for what the user must fix: no
    credentials, credentials rejected, too large, insecure transport, a broken policy.
    """
    sender = sender or Sender()
    entry = sender.outbox.enqueue(Path(bundle.path), follows=follows,
                                  manifest=getattr(bundle, "manifest", None),
                                  max_bytes=sender.config["limits.max_bundle_bytes"])
    try:
        return sender.send(entry.id, progress=progress, cancel=cancel)
    except (UploadError, Cancelled) as exc:
        current = sender.outbox.get(entry.id)
        if current.state is State.FAILED:
            raise
        del exc  # waiting: the background sender or 'outbox send' finishes it
        return current


def _copy_intact(bundle: Any, entry: Entry) -> bool:
    try:
        return bundle.stat().st_size == entry.size and sha256_file(bundle) == entry.sha256
    except OSError:
        return False


def _same_origin(url: str, endpoint: str) -> bool:
    try:
        return origin(url) == origin(endpoint)
    except UploadError:
        return False


class BackgroundSender:
    """Sends the outbox from a daemon thread: now, on :meth:`poke`, every ``interval`` seconds,
    and while an entry waits (offline) after ``first_retry`` seconds, doubling up to ``max_interval``.
    Each pass first purges local copies older than ``retention.days``.

    ``make_sender`` is called for every pass so settings and credentials changed in
    the meantime are used. ``on_pass`` receives the outcomes of each pass (the Qt
    layer forwards them to the main thread itself).
    """

    def __init__(self, make_sender: Callable[[], Sender], *, interval: float = 300.0,
                 first_retry: float = 15.0, max_interval: float = 900.0, progress: ProgressCallback | None = None,
                 on_pass: Callable[[list[Outcome]], None] | None = None) -> None:
        self.make_sender = make_sender
        self.interval = interval
        self.first_retry = first_retry
        self.max_interval = max_interval
        self.progress = progress
        self.on_pass = on_pass
        self._stop = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="outbox-sender", daemon=True)
            self._thread.start()

    def poke(self) -> None:
        """Try again now (a new bundle was queued, or the network came back)."""
        self._wake.set()

    def stop(self, timeout: float | None = 10.0) -> None:
        """Stop retrying; an upload in progress is cancelled and resumes next time."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def run_once(self) -> list[Outcome]:
        try:
            sender = self.make_sender()
            purge_expired(sender.outbox, days=sender.config["retention.days"])
            outcomes = sender.send_pending(progress=self.progress, cancel=self._stop)
        except SupportAssistantError as exc:
            outcomes = [Outcome(Entry(id="", state=State.QUEUED, created_at="", bundle_name="",
                                      bundle_file="bundle.zip", size=0, sha256=""), exc)]
        if self.on_pass is not None:
            self.on_pass(outcomes)
        return outcomes

    def _run(self) -> None:
        retry = self.first_retry
        while not self._stop.is_set():
            self._wake.clear()
            outcomes = self.run_once()
            if any(o.transient for o in outcomes):
                delay, retry = retry, min(retry * 2, self.max_interval)
            else:
                delay, retry = self.interval, self.first_retry
            self._wake.wait(delay)
