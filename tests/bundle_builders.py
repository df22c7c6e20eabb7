"""Builders for bundle tests: real reports, real items, real bundles, hand-made hostile zips."""

from __future__ import annotations

import io
import json
import struct
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PIL import Image

from support_assistant.core.bundle import BundleSummary, ConsentInfo, write_bundle
from support_assistant.core.items import Box, Finding, Item, ItemKind, RectRedaction
from support_assistant.core.report import ErrorInfo, Report

SECRET_EMAIL = "alice@example.com"
LOG_TEXT = (f"2025-11-25 boot ok\nlogin by {SECRET_EMAIL} from 10.1.2.3\n"
            "\xe4\xb8\xad\xe6\x96\x87 non-UTF-8 \xff\xfe tail\n").encode("latin-1")


def make_report(root: Path) -> Report:
    return Report.create(product="Demo", product_version="1.0",
                         error=ErrorInfo(message="Demo stopped", trace="Traceback: secret"),
                         root=root)


def add_log(report: Report, data: bytes = LOG_TEXT, *, approve: bool = True) -> Item:
    """A log item with one e-mail finding pseudonymised (and approved unless told not to)."""
    item_id = report.new_item_id("log")
    path = report.payload_path(item_id, ".log")
    path.write_bytes(data)
    item = report.add(Item.from_file(id=item_id, kind=ItemKind.LOG, title="app.log",
                                     source="logs", payload=path, media_type="text/plain"))
    start = data.find(SECRET_EMAIL.encode())
    if start >= 0:
        item.set_findings([Finding(id="f1", detector="email", replacement="email-1",
                                   start=start, end=start + len(SECRET_EMAIL),
                                   value=SECRET_EMAIL)])
    if approve:
        item.approve()
    return item


def png_bytes(size: tuple[int, int] = (64, 48), colour: tuple[int, int, int] = (30, 90, 200),
              *, noise: bool = True) -> bytes:
    image = Image.new("RGB", size, colour)
    if noise:
        pixels = image.load()
        for x in range(0, size[0], 3):
            for y in range(0, size[1], 5):
                pixels[x, y] = ((x * 7) % 256, (y * 13) % 256, (x * y) % 256)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def add_screenshot(report: Report, *, boxes: list[Box] | None = None, clean: bool = True,
                   approve: bool = True, data: bytes | None = None) -> Item:
    item_id = report.new_item_id("screenshot")
    path = report.payload_path(item_id, ".png")
    path.write_bytes(data if data is not None else png_bytes())
    item = report.add(Item.from_file(id=item_id, kind=ItemKind.SCREENSHOT, title="Main window",
                                     source="screenshot", payload=path, media_type="image/png",
                                     metadata={"clean_image": clean}))
    for box in boxes or []:
        item.add_redaction(RectRedaction(box))
    if approve:
        item.approve()
    return item


def consent() -> ConsentInfo:
    return ConsentInfo(privacy_version="3", accepted_at=datetime(2025, 11, 1, tzinfo=UTC),
                       statement="I approve sending the items shown.")


def make_bundle(tmp_path: Path, name: str = "bundle.zip", *, recipient: str | None = None,
                report: Report | None = None) -> tuple[Report, BundleSummary]:
    """A report with an approved log and an approved screenshot, written as a bundle."""
    if report is None:
        report = make_report(tmp_path / "reports")
        add_log(report)
        add_screenshot(report, boxes=[Box(4, 4, 10, 8)])
    summary = write_bundle(report, report.approved_items(), tmp_path / name, consent=consent(),
                           recipient=recipient, policy_version="2025.1",
                           policy_source="/etc/support-assistant/policy.toml")
    return report, summary


def entries_of(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(i.filename, archive.read(i)) for i in archive.infolist()]


def manifest_of(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))


def build_zip(path: Path, entries: list[tuple[str | zipfile.ZipInfo, bytes]],
              compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A zip with exactly these entries, in this order (duplicates allowed)."""
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about duplicate names
        with zipfile.ZipFile(path, "w", compression) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return path


def dump(manifest: dict[str, Any]) -> bytes:
    return json.dumps(manifest).encode()


def patch_central(path: Path, name: str, offset: int, fmt: str, value: int) -> None:
    """Overwrite one field of ``name``'s central directory record (offsets per APPNOTE 4.3.12)."""
    data = bytearray(path.read_bytes())
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) >= 0:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        if data[position + 46: position + 46 + name_length].decode() == name:
            struct.pack_into(fmt, data, position + offset, value)
            path.write_bytes(bytes(data))
            return
        position += 4
    raise KeyError(name)


CENTRAL_FLAGS = 8
CENTRAL_UNCOMPRESSED_SIZE = 24
CENTRAL_HEADER_OFFSET = 42
