"""The report workflow, once for every front end: collect, scan, review, leak check, seal, send.

Like apport's ``ui.py``, :class:`ReportSession` holds the whole sequence and
calls a small :class:`FrontEnd` for everything a person decides or sees; the
Qt window and the CLI implement it, and tests drive the workflow with a
recording front end and no toolkit. Data flows one way::

    collect -> scan -> review (the user approves, redacts) -> leak check -> seal -> send

Only the user's approvals decide what is sealed (``Report.approved_items``
seals each item as it was approved); a leak check on the approved items asks
the front end to confirm before personal data is sealed, and a refusal raises
:class:`LeakError`. Sending is a callable handed in (the outbox's), so a caller
that only writes bundles passes none.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .collectors import CollectContext, CollectResult, ScreenshotRequest, run_collectors
from .errors import Cancelled, LeakError, NotApprovedError, PolicyError
from .items import ApprovedItem
from .messages import msg, register
from .policy import Config
from .report import Report

if TYPE_CHECKING:
    from .bundle import BundleSummary, ConsentInfo

register({
    "workflow.review_declined": "The report was not approved; nothing was sealed or sent.",
    "workflow.nothing_approved": "No item of report {report_id} is approved, so no bundle was written.",
    "workflow.leaks_refused": "Personal data remains in {count} place(s) of the approved items, so no bundle was written.",
    "workflow.encryption_required": "Your IT department's policy requires encrypted bundles, but no age recipient is configured (encryption.recipient).",
    "workflow.collector_failed": "{message} The report contains an item that says so.",
    "workflow.policy_problem": "The policy has a problem, so sending is disabled: {problem}",
    "workflow.ocr_missing": "Text recognition (OCR) is not installed, so screenshots get no suggested boxes and are not checked for readable personal data; black it out yourself (IT can install the [ocr] extra).",
    "workflow.ocr_off": "Text recognition (OCR) is turned off by the policy (scan.ocr), so screenshots get no suggested boxes; black out personal data yourself.",
})

COLLECT, SCAN, REVIEW, LEAK_CHECK, SEAL, SEND = (
    "collect", "scan", "review", "leak-check", "seal", "send")
STAGES = (COLLECT, SCAN, REVIEW, LEAK_CHECK, SEAL, SEND)


class FrontEnd(Protocol):
    """What the workflow asks of a front end (the Qt window, the CLI, a test recorder)."""

    def progress(self, stage: str, done: int, total: int) -> None:
        """``stage`` (one of :data:`STAGES`) has done ``done`` of ``total`` steps."""

    def review(self, report: Report) -> bool:
        """Let the user approve, redact and release items in place; False cancels the report."""

    def confirm_leaks(self, leaks: Sequence[Any]) -> bool:
        """Personal data remains in approved items: True seals anyway, False stops."""

    def info(self, message: str) -> None:
        """Tell the user something that does not need an answer."""


Send = Callable[["BundleSummary", Report], Any]


@dataclass
class CollectRequest:
    """What to gather: ``names`` None means every collector the policy allows and the rest wants."""

    names: list[str] | None = None
    log_paths: list[str] = field(default_factory=list)
    screenshot: ScreenshotRequest | None = None
    displays: list[dict[str, Any]] | None = None
    qt_version: str | None = None


@dataclass
class SessionResult:
    """What a finished session produced."""

    report: Report
    collected: CollectResult
    bundle: BundleSummary | None = None
    leaks: list[Any] = field(default_factory=list)
    sent: Any = None


class ReportSession:
    """One report from collection to hand-off; see the module docstring."""

    def __init__(self, report: Report, config: Config, front_end: FrontEnd, *,
                 identities: Any = None, send: Send | None = None, scanner: Any = None,
                 consent: ConsentInfo | None = None,
                 cancel: threading.Event | None = None) -> None:
        self.report = report
        self.config = config
        self.front_end = front_end
        self.identities = identities
        self.send_bundle = send
        self.consent = consent
        self.cancel = cancel or threading.Event()
        self._scanner = scanner

    # --- the stages, callable one by one (the Qt window runs them as background ops) ------
    def collect(self, request: CollectRequest) -> CollectResult:
        """Run the collectors; each failure is reported to the front end and kept as an item."""
        self._check_cancel()
        context = CollectContext(report=self.report, config=self.config,
                                 log_paths=list(request.log_paths),
                                 screenshot=request.screenshot, displays=request.displays,
                                 qt_version=request.qt_version)
        result = run_collectors(context, request.names, progress=self.front_end.progress,
                                cancel=self.cancel)
        for failure in result.failures:
            self.front_end.info(msg("workflow.collector_failed", message=failure.message))
        return result

    def scan(self, *, images: bool = True) -> None:
        """Let the detectors propose redactions (findings) on every item; screenshots get
        suggested boxes by OCR unless ``images`` is False or the policy turns OCR off."""
        self._check_cancel()
        items = len(self.report.items)
        self.front_end.progress(SCAN, 0, items)
        if images and self._ocr_usable(self.report.items):
            self.scanner.scan_report(self.report, self.identities)
        else:
            self.scanner.scan_report(self.report, self.identities, images=False)
        self.report.save()
        self.front_end.progress(SCAN, items, items)

    def review(self) -> list[ApprovedItem]:
        """Ask the front end; returns the approved items, sealed as they were approved."""
        self._check_cancel()
        self.front_end.progress(REVIEW, 0, 1)
        accepted = self.front_end.review(self.report)
        self.report.save()
        if not accepted:
            raise Cancelled(msg("workflow.review_declined"))
        approved = self.report.approved_items()
        if not approved:
            raise NotApprovedError(msg("workflow.nothing_approved", report_id=self.report.id))
        self.front_end.progress(REVIEW, 1, 1)
        return approved

    def check_leaks(self, approved: Sequence[ApprovedItem]) -> list[Any]:
        """What personal data the approved bytes still hold; the front end must accept it."""
        self._check_cancel()
        self.front_end.progress(LEAK_CHECK, 0, 1)
        self._ocr_usable(approved, suggest=False)
        leaks = list(self.scanner.check_leaks(self.report, approved, self.identities))
        if leaks and not self.front_end.confirm_leaks(leaks):
            raise LeakError(msg("workflow.leaks_refused", count=len(leaks)),
                            detail={"leaks": len(leaks)})
        self.front_end.progress(LEAK_CHECK, 1, 1)
        return leaks

    def seal(self, approved: Sequence[ApprovedItem], out: Path,
             recipient: str | None = None) -> BundleSummary:
        """Write the bundle of ``approved`` items (encrypted when a recipient is set or required)."""
        from .bundle import write_bundle

        self._check_cancel()
        recipient = self.recipient(recipient)
        out = Path(out)
        if recipient and not out.name.endswith(".age"):
            out = out.with_name(out.name + ".age")
        self.front_end.progress(SEAL, 0, 1)
        summary = write_bundle(self.report, approved, out, consent=self.consent,
                               recipient=recipient or None,
                               policy_version=self._policy_version(),
                               policy_source=self._policy_source())
        self.front_end.progress(SEAL, 1, 1)
        return summary

    def send(self, bundle: BundleSummary) -> Any:
        """Hand the sealed bundle to the send callable (the outbox); refused if the policy is broken."""
        if self.send_bundle is None:
            return None
        self.config.require_sendable()
        self.front_end.progress(SEND, 0, 1)
        outcome = self.send_bundle(bundle, self.report)
        self.front_end.progress(SEND, 1, 1)
        return outcome

    def recipient(self, given: str | None = None) -> str:
        """The age recipient in effect: the caller's, else the policy's; checks the policy's rule."""
        recipient = given or self.config["encryption.recipient"]
        if self.config["encryption.required"] and not recipient:
            raise PolicyError(msg("workflow.encryption_required"))
        return recipient

    # --- the whole flow -----------------------------------------------------------------------
    def run(self, request: CollectRequest, out: Path, *,
            recipient: str | None = None) -> SessionResult:
        """Collect, scan, review, check leaks, seal to ``out`` and send (when a sender is set)."""
        self.recipient(recipient)  # fail before collecting, not after the user's review
        if self.config.problem:
            self.front_end.info(msg("workflow.policy_problem", problem=self.config.problem))
        collected = self.collect(request)
        self.scan()
        approved = self.review()
        leaks = self.check_leaks(approved)
        bundle = self.seal(approved, out, recipient)
        result = SessionResult(report=self.report, collected=collected, bundle=bundle,
                               leaks=leaks)
        result.sent = self.send(bundle)
        return result

    # --- helpers ------------------------------------------------------------------------------
    def _ocr_usable(self, items: Sequence[Any], *, suggest: bool = True) -> bool:
        """True if screenshots among ``items`` can be read by OCR; tells the user if not.
        The policy's ``scan.ocr`` turns off suggestions only, never the leak check."""
        if not any(getattr(i, "media_type", "").startswith("image/") for i in items):
            return False
        if suggest and not self.config["scan.ocr"]:
            self.front_end.info(msg("workflow.ocr_off"))
            return False
        available = getattr(self.scanner, "ocr_available", None)
        if available is not None and not available():
            self.front_end.info(msg("workflow.ocr_missing"))
            return False
        return True

    @property
    def scanner(self) -> Any:
        if self._scanner is None:
            from . import scan

            self._scanner = scan
        return self._scanner

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise Cancelled(msg("collect.cancelled"))

    def _policy_source(self) -> str:
        source = self.config.policy_path
        return str(source) if source is not None and Path(source).is_file() else ""

    def _policy_version(self) -> str:
        """The IT policy file's digest: which policy was in effect when the user consented."""
        source = self._policy_source()
        if not source:
            return ""
        from .items import file_sha256

        return "sha256:" + file_sha256(Path(source))[0][:16]
