"""``support-assistant collect``: build a bundle headless, for scripts and tests.

Runs the whole report workflow (:mod:`support_assistant.core.workflow`) with a
command-line front end: the items named by ``--approve`` are approved,
``--redact-rect`` blacks out rectangles first, ``--accept-suggestions`` blacks out
the boxes OCR suggested in screenshots (text items are pseudonymised anyway), and
sealing is refused while the leak check finds personal data unless
``--accept-leaks`` is given (exit 8).
Every input is checked before anything is collected; a report that ends in an
error is deleted again, so a failed run leaves nothing behind.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..core.errors import InputError, PolicyError, UsageError
from ..core.messages import msg, register

NAME = "collect"
HELP = "collect.help"
MAX_ERROR_FILE = 1 << 20

register({
    "collect.help": "Collect a report without a window and write it as a bundle (for scripts and tests).",
    "collect.arg_screenshot": "take a screenshot: of the whole desktop (default), monitor N, or the region X,Y,W,H",
    "collect.arg_log": "add a log file or glob (repeatable)",
    "collect.arg_error_file": "a file describing the error: JSON {message, trace, context} or plain text",
    "collect.arg_approve": "approve 'all' items or a comma-separated list of item ids",
    "collect.arg_redact_rect": "black out a rectangle of a screenshot item before approval (repeatable)",
    "collect.arg_encrypt_to": "encrypt the bundle to this age public key (age1...)",
    "collect.arg_accept_leaks": "seal even if the leak check still finds personal data",
    "collect.arg_accept_suggestions": "black out the boxes text recognition suggests in 'all' screenshots (the default) or in a comma-separated list of item ids",
    "collect.bad_accept_suggestions": "--accept-suggestions takes 'all' or a comma-separated list of item ids, but got '{value}'.",
    "collect.suggestions_not_an_image": "Item {item_id} is not a screenshot, so --accept-suggestions has no boxes to apply to it.",
    "collect.suggestions_applied": "{item_id}: {count} suggested box(es) blacked out.",
    "collect.suggestions_waiting": "{item_id}: {count} suggested box(es) not applied; pass --accept-suggestions to black them out.",
    "collect.arg_product": "name of the product the report is about",
    "collect.arg_product_version": "version of that product",
    "collect.arg_out": "where to write the bundle (.zip; .zip.age when encrypted)",
    "collect.out_exists": "The file {path} already exists; choose another --out or remove it first.",
    "collect.out_folder_missing": "The folder {path} for the bundle does not exist; create it or choose another --out.",
    "collect.log_missing": "The log file {path} does not exist; check the path given with --log.",
    "collect.log_no_match": "No file matches the log pattern {pattern}; check the pattern given with --log.",
    "collect.log_is_folder": "{path} is a folder, not a log file; name the files with --log (globs work).",
    "collect.error_file_unreadable": "The error file {path} cannot be read ({reason}); check the path given with --error-file.",
    "collect.error_file_too_large": "The error file {path} is larger than {limit} bytes; shorten it.",
    "collect.bad_screenshot": "--screenshot takes 'desktop', a monitor number or X,Y,W,H (whole numbers, positive width and height), but got '{value}'.",
    "collect.bad_rect": "--redact-rect takes ITEM:X,Y,W,H (whole numbers, positive width and height), but got '{value}'.",
    "collect.bad_approve": "--approve takes 'all' or a comma-separated list of item ids, but got '{value}'.",
    "collect.bad_recipient": "The --encrypt-to value '{value}' is not a valid age public key (age1... or an SSH public key).",
    "collect.unknown_item": "There is no item '{item_id}' in this report (given with {option}); its items are: {items}.",
    "collect.not_an_image": "Item {item_id} is not a screenshot, so --redact-rect cannot black out part of it.",
    "collect.rect_outside": "The rectangle {rect} lies outside item {item_id} ({width}x{height} pixels).",
    "collect.screenshots_off": "Screenshots are turned off by your IT department's policy; none was taken.",
    "collect.item_line": "  {id:<22} {kind:<12} {size:>10}  {state:<12} {title}",
    "collect.state_approved": "approved",
    "collect.state_left_out": "left out",
    "collect.summary": "Report {report_id}: {count} item(s) collected, {approved} approved.",
    "collect.written": "Bundle written: {path} ({size}, sha256 {sha256}).",
    "collect.leak_line": "Personal data remains in {item_id} at bytes {start}-{end} ({detector}).",
    "collect.leak_box": "Personal data remains in {item_id} in the area {box} ({detector}).",
    "collect.leak_other": "Personal data remains: {leak}.",
    "collect.leaks_hint": "Pass --accept-leaks to seal anyway, or leave those items out of --approve.",
    "collect.consent": "Approved on the command line with --approve {approve}.",
})

_RECT = re.compile(r"^(-?\d+),(-?\d+),(\d+),(\d+)$")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--screenshot", nargs="?", const="desktop", metavar="WHAT",
                        help=msg("collect.arg_screenshot"))
    parser.add_argument("--log", action="append", default=[], metavar="PATH",
                        help=msg("collect.arg_log"))
    parser.add_argument("--error-file", type=Path, metavar="F",
                        help=msg("collect.arg_error_file"))
    parser.add_argument("--approve", action="append", default=[], metavar="all|ID,...",
                        help=msg("collect.arg_approve"))
    parser.add_argument("--redact-rect", action="append", default=[], metavar="ITEM:X,Y,W,H",
                        help=msg("collect.arg_redact_rect"))
    parser.add_argument("--encrypt-to", metavar="AGE_RECIPIENT",
                        help=msg("collect.arg_encrypt_to"))
    parser.add_argument("--accept-suggestions", action="append", nargs="?", const="all",
                        default=[], metavar="all|ID,...",
                        help=msg("collect.arg_accept_suggestions"))
    parser.add_argument("--accept-leaks", action="store_true",
                        help=msg("collect.arg_accept_leaks"))
    parser.add_argument("--product", default="", metavar="NAME", help=msg("collect.arg_product"))
    parser.add_argument("--product-version", default="", metavar="V",
                        help=msg("collect.arg_product_version"))
    parser.add_argument("--out", type=Path, required=True, metavar="BUNDLE",
                        help=msg("collect.arg_out"))


def run(args: argparse.Namespace) -> int:
    from ..core import policy, privacy
    from ..core.report import Report
    from ..core.workflow import CollectRequest, ReportSession

    screenshot = parse_screenshot(args.screenshot)
    rects = [parse_rect(value) for value in args.redact_rect]
    approve = parse_approve(args.approve)
    suggestions = parse_ids(args.accept_suggestions, "collect.bad_accept_suggestions")
    check_out(args.out)
    check_logs(args.log)
    error = read_error_file(args.error_file) if args.error_file else None
    if args.encrypt_to:
        check_recipient(args.encrypt_to)
    config = policy.load()
    front_end = CliFrontEnd(approve=approve, rects=rects, accept_leaks=args.accept_leaks,
                            suggestions=suggestions)
    if screenshot is not None and not config["screenshots.allowed"]:
        front_end.info(msg("collect.screenshots_off"))
        screenshot = None
    report = Report.create(product=args.product, product_version=args.product_version,
                           error=error)
    names = ["environment", "error", "logs"] + (["screenshot"] if screenshot else [])
    enabled = set(config["collectors.enabled"])
    consent = privacy.consent(config, msg("collect.consent", approve=",".join(args.approve)))
    work = ReportSession(report, config, front_end, consent=consent,
                         identities=_identities())
    try:
        result = work.run(CollectRequest(names=[n for n in names if n in enabled],
                                         log_paths=list(args.log), screenshot=screenshot),
                          args.out, recipient=args.encrypt_to)
    except BaseException:  # a failed run leaves no half-made report behind
        report.delete()
        raise
    bundle = result.bundle
    assert bundle is not None
    print(msg("collect.written", path=bundle.path, size=_human(bundle.size),
              sha256=bundle.sha256))
    return 0


class CliFrontEnd:
    """The command line as a workflow front end: approvals and rectangles come from options."""

    def __init__(self, *, approve: list[str] | None, rects: list[tuple[str, Any]],
                 accept_leaks: bool, suggestions: list[str] | None) -> None:
        self.approve = approve  # None: every item
        self.rects = rects
        self.accept_leaks = accept_leaks
        self.suggestions = suggestions  # screenshots whose suggested boxes apply; None: all

    def progress(self, stage: str, done: int, total: int) -> None:
        pass  # scripts want quiet output; the summary says what happened

    def info(self, message: str) -> None:
        print(message, file=sys.stderr)

    def review(self, report: Any) -> bool:
        from ..core.items import RectRedaction

        known = {item.id: item for item in report.items}
        for item_id, box in self.rects:
            item = self._item(known, item_id, "--redact-rect")
            if not item.is_image:
                raise UsageError(msg("collect.not_an_image", item_id=item_id))
            width, height = _image_size(item.payload)
            if box.x >= width or box.y >= height or box.x + box.w <= 0 or box.y + box.h <= 0:
                raise UsageError(msg("collect.rect_outside", rect=",".join(map(str, box.as_list())),
                                     item_id=item_id, width=width, height=height))
            item.add_redaction(RectRedaction(box))
        applied = self._apply_suggestions(report.items, known)
        chosen = set(known) if self.approve is None else {
            self._item(known, item_id, "--approve").id for item_id in self.approve}
        for item in report.items:
            if item.id in chosen:
                item.approve()
        print(msg("collect.summary", report_id=report.id, count=len(report.items),
                  approved=len(chosen)))
        for item in report.items:
            state = msg("collect.state_approved" if item.id in chosen else "collect.state_left_out")
            print(msg("collect.item_line", id=item.id, kind=item.kind.value,
                      size=_human(item.size), state=state, title=item.title))
        for item in report.items:
            waiting = sum(item.finding_state(f.id) == "pending" for f in item.findings)
            if item.id in applied:
                print(msg("collect.suggestions_applied", item_id=item.id, count=applied[item.id]))
            elif waiting:
                print(msg("collect.suggestions_waiting", item_id=item.id, count=waiting))
        return True

    def _apply_suggestions(self, items: Sequence[Any], known: dict[str, Any]) -> dict[str, int]:
        """Accept the pending (OCR-suggested) boxes of the chosen screenshots; the number of
        boxes applied, by item id."""
        if self.suggestions is None:
            chosen = [item for item in items if item.is_image]
        else:
            chosen = [self._item(known, item_id, "--accept-suggestions")
                      for item_id in self.suggestions]
            for item in chosen:
                if not item.is_image:
                    raise UsageError(msg("collect.suggestions_not_an_image", item_id=item.id))
        applied = {}
        for item in chosen:
            pending = [f.id for f in item.findings if item.finding_state(f.id) == "pending"]
            for finding_id in pending:
                item.keep(finding_id)
            applied[item.id] = len(pending)
        return applied

    def confirm_leaks(self, leaks: Sequence[Any]) -> bool:
        for leak in leaks:
            print(describe_leak(leak), file=sys.stderr)
        if not self.accept_leaks:
            print(msg("collect.leaks_hint"), file=sys.stderr)
        return self.accept_leaks

    @staticmethod
    def _item(known: dict[str, Any], item_id: str, option: str) -> Any:
        if item_id not in known:
            raise UsageError(msg("collect.unknown_item", item_id=item_id, option=option,
                                 items=", ".join(known)))
        return known[item_id]


def describe_leak(leak: Any) -> str:
    """One line naming the item and the byte span (or image area) where data remains."""
    item_id = getattr(leak, "item_id", None)
    detector = getattr(leak, "detector", "") or "personal data"
    box = getattr(leak, "box", None)
    start, end = getattr(leak, "start", None), getattr(leak, "end", None)
    if item_id is not None and box is not None:
        area = ",".join(map(str, box.as_list())) if hasattr(box, "as_list") else box
        return msg("collect.leak_box", item_id=item_id, box=area, detector=detector)
    if item_id is not None and start is not None:
        return msg("collect.leak_line", item_id=item_id, start=start, end=end,
                   detector=detector)
    return msg("collect.leak_other", leak=leak)


# --- input checks (all before anything is collected) ---------------------------------------

def parse_screenshot(value: str | None) -> Any:
    from ..core.collectors import ScreenshotRequest

    if value is None:
        return None
    if value == "desktop":
        return ScreenshotRequest()
    if value.isdigit():
        return ScreenshotRequest(monitor=int(value))
    box = _box(value)
    if box is None:
        raise UsageError(msg("collect.bad_screenshot", value=value))
    return ScreenshotRequest(region=box)


def parse_rect(value: str) -> tuple[str, Any]:
    item_id, _, rect = value.rpartition(":")
    box = _box(rect) if item_id else None
    if box is None:
        raise UsageError(msg("collect.bad_rect", value=value))
    return item_id, box


def parse_approve(values: list[str]) -> list[str]:
    """The item ids to approve; an empty list approves nothing, ``all`` gives None (every item)."""
    return parse_ids(values, "collect.bad_approve")  # type: ignore[return-value]


def parse_ids(values: list[str], bad: str) -> list[str] | None:
    """Item ids from repeated comma-separated options; ``all`` gives None (every item), and a
    malformed value raises UsageError with message ``bad``."""
    ids: list[str] = []
    for value in values:
        parts = [p.strip() for p in value.split(",")]
        if not value.strip() or any(not p or p.startswith("-") for p in parts):
            raise UsageError(msg(bad, value=value))
        ids.extend(parts)
    return None if "all" in ids else ids


def check_out(out: Path) -> None:
    if out.exists() or out.is_symlink() or Path(str(out) + ".age").exists():
        raise InputError(msg("collect.out_exists", path=out))
    if not out.parent.is_dir():
        raise InputError(msg("collect.out_folder_missing", path=out.parent))


def check_logs(patterns: list[str]) -> None:
    for pattern in patterns:
        expanded = os.path.expandvars(os.path.expanduser(pattern))
        if glob.has_magic(expanded):
            if not glob.glob(expanded, recursive=True):
                raise InputError(msg("collect.log_no_match", pattern=pattern))
        elif os.path.isdir(expanded):
            raise InputError(msg("collect.log_is_folder", path=pattern))
        elif not os.path.lexists(expanded):
            raise InputError(msg("collect.log_missing", path=pattern))


def read_error_file(path: Path) -> Any:
    """The error as JSON ``{message, trace, context}``, or plain text (first line = message)."""
    from ..core.report import ErrorInfo

    try:
        if path.stat().st_size > MAX_ERROR_FILE:
            raise InputError(msg("collect.error_file_too_large", path=path, limit=MAX_ERROR_FILE))
        text = path.read_bytes().decode("utf-8", errors="replace")
    except OSError as exc:
        raise InputError(msg("collect.error_file_unreadable", path=path,
                             reason=exc.strerror or exc)) from exc
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if isinstance(data, dict) and isinstance(data.get("message"), str):
        context = data.get("context") or {}
        return ErrorInfo(message=data["message"], trace=str(data.get("trace") or ""),
                         context={str(k): str(v) for k, v in dict(context).items()}
                         if isinstance(context, dict) else {"context": str(context)})
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return ErrorInfo(message=first[:1000], trace=text)


def check_recipient(value: str) -> None:
    from ..core.bundle_crypto import parse_recipient

    try:
        parse_recipient(value)
    except PolicyError as exc:
        raise UsageError(msg("collect.bad_recipient", value=value[:80])) from exc


def _box(text: str) -> Any:
    from ..core.items import Box

    match = _RECT.match(text.strip())
    if not match:
        return None
    x, y, w, h = (int(v) for v in match.groups())
    return Box(x, y, w, h) if w > 0 and h > 0 else None


def _image_size(path: Path) -> tuple[int, int]:
    from PIL import Image

    with Image.open(path) as image:
        return image.size


def _identities() -> Any:
    """The local identities the scanner pseudonymises (user and host names), if it offers them."""
    from ..core import scan

    finder = getattr(scan, "local_identities", None)
    return finder() if finder else None


def _human(size: int) -> str:
    value = float(size)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if value < 1024 or unit == "GiB":
            return f"{int(value)} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"
