"""Real bundles for the console tests: a log with levels and times, a screenshot, an environment."""

from __future__ import annotations

import json
from pathlib import Path

from bundle_builders import add_log, add_screenshot, make_bundle, make_report, png_bytes
from support_assistant.core.bundle import BundleSummary
from support_assistant.core.items import Box, Item, ItemKind
from support_assistant.core.report import Report

ENVIRONMENT = {
    "schema": 1,
    "os": {"system": "Linux", "name": "Debian GNU/Linux 12 (bookworm)", "build": "12"},
    "memory": {"total_bytes": 16_000_000_000, "available_bytes": 4_000_000_000},
    "displays": {"count": 2, "monitors": [{"width": 1920, "height": 1080},
                                          {"width": 1280, "height": 1024}]},
    "time_zone": {"name": "Europe/Berlin", "utc_offset_minutes": 60},
    "intake": {"endpoint": "https://support.example.com/files/", "reachable": True,
               "answered": True, "http_status": 204},
    "python": {"version": "3.11.2"},
}
SHOT_COLOUR = (200, 40, 160)


def log_lines(count: int = 600) -> bytes:
    """Lines at 10:00:00 + n seconds, levels INFO/DEBUG/WARNING/ERROR, a trace under each ERROR."""
    names = [b"INFO", b"DEBUG", b"WARNING", b"ERROR"]
    out = []
    for n in range(count):
        out.append(b"2025-11-25 10:%02d:%02d %s worker %d did step %d\n"
                   % (n // 60, n % 60, names[n % 4], n % 7, n))
        if n % 4 == 3:
            out.append(b"  Traceback: frame %d\n" % n)
    return b"".join(out)


def add_environment(report: Report, data: dict | None = None) -> Item:
    item_id = report.new_item_id("environment")
    path = report.payload_path(item_id, ".json")
    path.write_text(json.dumps(data or ENVIRONMENT))
    item = report.add(Item.from_file(id=item_id, kind=ItemKind.ENVIRONMENT, title="Environment",
                                     source="environment", payload=path,
                                     media_type="application/json"))
    item.approve()
    return item


def console_bundle(tmp_path: Path, name: str = "bundle.zip", *, recipient: str | None = None,
                   log: bytes | None = None) -> tuple[Report, BundleSummary]:
    """A bundle with a log, a screenshot with one blacked-out box, and an environment.

    The report is created at 09:05:00Z, i.e. 10:05:00 in the customer's zone (UTC+1).
    """
    from datetime import UTC, datetime

    report = make_report(tmp_path / f"reports-{name}")
    report.created_at = datetime(2025, 11, 25, 9, 5, 0, tzinfo=UTC)
    add_log(report, log if log is not None else log_lines())
    add_screenshot(report, boxes=[Box(40, 30, 50, 40)],
                   data=png_bytes((320, 200), SHOT_COLOUR, noise=False))
    add_environment(report)
    return make_bundle(tmp_path, name, recipient=recipient, report=report)
