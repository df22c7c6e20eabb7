"""A verified bundle as one self-contained ``report.html``.

Everything is inside the file: screenshots as ``data:`` URIs (inside an SVG that
outlines each blacked-out region, so the reader sees *that* something was
hidden, never what), the environment as nested ``<details>``, logs (the lines
around the error time and the end, up to :data:`LOG_BYTES` each) and the
consent record. No script at all, and a Content-Security-Policy that forbids
loading anything from outside. Every value from the bundle is HTML-escaped:
the manifest and the logs are the customer's data, not markup.

The bundle is verified completely before anything is written; the file appears
atomically (temporary file, then rename), so a failure leaves nothing behind.
"""

from __future__ import annotations

import base64
import contextlib
import html
import io
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .bundle_contents import BundleContents, ItemInfo, highlights
from .bundle_format import human_size
from .environment_labels import label as env_label
from .environment_labels import value_text
from .errors import InputError
from .log_index import MappedLog, offset_at_time
from .messages import language, msg, register, registered

register({
    "html.title": "Support bundle {id}",
    "html.summary": "Summary",
    "html.report_id": "Report",
    "html.created": "Created",
    "html.product": "Product",
    "html.error": "Error",
    "html.description": "User's description",
    "html.encrypted": "Encrypted",
    "html.yes": "yes (age)",
    "html.no": "no",
    "html.verified": "All {count} files match the sha256 and size in the manifest.",
    "html.highlight.os": "Operating system",
    "html.highlight.memory": "Memory (available / total)",
    "html.highlight.displays": "Displays",
    "html.highlight.intake": "Intake endpoint",
    "html.items": "Items",
    "html.screenshot_note": "Outlined regions were blacked out by the user before sending; their content is not in the bundle.",
    "html.image_too_large": "This screenshot is {size}, too large to embed; open the bundle in the console.",
    "html.log_excerpt": "Showing {shown} of {size}: the lines around the error time and the end of the log. Open the bundle in the console for all of it.",
    "html.redactions": "Redacted: {summary}",
    "html.no_redactions": "Nothing redacted.",
    "html.environment": "Environment",
    "html.consent": "Consent record",
    "html.statement": "Statement shown",
    "html.privacy_notice": "Privacy notice",
    "html.notice_value": "version {version}, accepted {accepted_at}",
    "html.not_recorded": "not recorded",
    "html.client": "Client",
    "html.policy": "Policy",
    "html.col_item": "Item",
    "html.col_approved": "Approved at",
    "html.col_redactions": "Redactions",
    "html.col_kind": "Kind",
    "html.col_size": "Size",
    "html.col_sha256": "sha256",
    "html.boxes": "{count} region(s) blacked out",
    "html.write_failed": "The HTML report could not be written to {path} ({reason}); choose a writable file.",
    "html.is_directory": "{path} is a folder; give the name of the HTML file to write.",
})

# Item kinds and detector names as readers see them (the manifest keeps the identifiers).
register({f"html.kind.{k}": v for k, v in {
    "screenshot": "screenshot", "text": "text", "log": "log", "file": "file",
    "environment": "environment"}.items()})
register({f"html.detector.{k}": v for k, v in {
    "email": "e-mail", "ipv4": "IPv4", "ipv6": "IPv6", "mac": "MAC", "host": "host name",
    "user": "user name", "phone": "phone", "cn-id": "ID number", "card": "card number",
    "token": "token", "url-credentials": "URL password", "secret": "secret"}.items()})


def _word(prefix: str, name: str) -> str:
    return msg(f"{prefix}.{name}") if registered(f"{prefix}.{name}") else name


LOG_BYTES = 512 << 10
IMAGE_BYTES = 32 << 20
_CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
# CJK fallbacks after the Latin faces: Noto/Source Han (Linux), YaHei (Windows), PingFang (macOS).
_STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI","Noto Sans CJK SC","Source Han Sans SC",
"Microsoft YaHei","PingFang SC","Hiragino Sans GB","WenQuanYi Micro Hei",sans-serif;
margin:2em auto;max-width:80em;padding:0 1em;color:#1b1b1b;background:#fff}
h1{font-size:1.5em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;
vertical-align:top}th{background:#f2f2f2}
pre{font-family:ui-monospace,Menlo,Consolas,"DejaVu Sans Mono","Noto Sans Mono CJK SC",
"Microsoft YaHei",monospace;background:#f7f7f7;border:1px solid #ddd;padding:.5em;
overflow:auto;max-height:40em;white-space:pre-wrap;word-break:break-all}
.ok{color:#0a6b2a;font-weight:bold}.note{color:#555}
svg.shot{max-width:100%;height:auto;border:1px solid #999}
details{margin-left:1em}summary{cursor:pointer}
@media (prefers-color-scheme:dark){body{background:#161616;color:#e8e8e8}
th{background:#2a2a2a}pre{background:#222;border-color:#444}.note{color:#aaa}}
"""


def e(value: object) -> str:
    """HTML-escaped text of any value."""
    return html.escape(str(value), quote=True)


def render(contents: BundleContents) -> str:
    """The whole report as one HTML string (the bundle must verify; BundleError if not)."""
    report_check = contents.verify()
    report_check.raise_for_failure()
    manifest = contents.manifest
    report = manifest["report"]
    environment = contents.environment()
    parts: list[str] = [
        "<!DOCTYPE html>", f'<html lang="{language().replace("_", "-")}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(msg('html.title', id=report['id']))}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{e(msg('html.title', id=report['id']))}</h1>",
        f'<p class="ok" id="verified">{e(msg("html.verified", count=len(report_check.files)))}</p>',
        f"<h2 id=\"summary\">{e(msg('html.summary'))}</h2>",
        _table(_summary_rows(contents, environment)),
        f"<h2 id=\"items\">{e(msg('html.items'))}</h2>",
    ]
    for info in contents.items:
        parts.append(_item_section(contents, info, environment))
    if environment is not None:
        parts += [f"<h2 id=\"environment\">{e(msg('html.environment'))}</h2>",
                  _tree(environment)]
    parts += [f"<h2 id=\"consent\">{e(msg('html.consent'))}</h2>", _consent(contents),
              "</body></html>"]
    return "\n".join(parts)


def write(contents: BundleContents, out: Path) -> Path:
    """Render and write atomically to ``out`` (an existing file is replaced)."""
    out = Path(out)
    if out.is_dir():
        raise InputError(msg("html.is_directory", path=out))
    text = render(contents)
    try:
        handle, temporary = tempfile.mkstemp(prefix=".report-", suffix=".html",
                                             dir=out.parent if str(out.parent) else ".")
    except OSError as exc:
        raise InputError(msg("html.write_failed", path=out, reason=exc.strerror or exc)) from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, out)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise InputError(msg("html.write_failed", path=out, reason=exc.strerror or exc)) from exc
    return out


def _summary_rows(contents: BundleContents,
                  environment: dict[str, Any] | None) -> list[tuple[str, str]]:
    report = contents.report
    rows = [(msg("html.report_id"), report["id"]), (msg("html.created"), report["created_at"])]
    if report["product"] or report["product_version"]:
        rows.append((msg("html.product"), f"{report['product']} {report['product_version']}"))
    if report["error"]:
        rows.append((msg("html.error"), report["error"]["message"]))
    if report["description"]:
        rows.append((msg("html.description"), report["description"]))
    rows.append((msg("html.encrypted"), msg("html.yes" if contents.encrypted else "html.no")))
    for key, value in highlights(environment):
        rows.append((msg(f"html.highlight.{key}"), value))
    return rows


def _table(rows: Iterable[tuple[str, str]], header: Iterable[str] = ()) -> str:
    head = "".join(f"<th>{e(h)}</th>" for h in header)
    body = "".join(f"<tr><th>{e(k)}</th><td>{_multiline(v)}</td></tr>" for k, v in rows)
    return f"<table>{'<tr>' + head + '</tr>' if head else ''}{body}</table>"


def _multiline(value: str) -> str:
    return e(value).replace("\n", "<br>")


def _redaction_text(info: ItemInfo) -> str:
    if not info.redaction_count:
        return msg("html.no_redactions")
    summary = ", ".join(f"{n} {_word('html.detector', kind)}"
                        for kind, n in info.redaction_kinds.items())
    return msg("html.redactions", summary=summary or str(info.redaction_count))


def _item_section(contents: BundleContents, info: ItemInfo,
                  environment: dict[str, Any] | None) -> str:
    head = (f'<h3 id="item-{e(info.id)}">{e(info.title)} <span class="note">({e(info.id)}, '
            f"{e(info.kind)}, {e(human_size(info.size))})</span></h3>"
            f"<p>{e(_redaction_text(info))}</p>")
    if info.is_image:
        return head + _image(contents, info)
    if info.kind == "environment":
        return head
    if info.is_text or info.media_type in ("application/json", "application/x-ndjson"):
        return head + _text(contents, info, environment)
    return head


def _image(contents: BundleContents, info: ItemInfo) -> str:
    if info.size > IMAGE_BYTES:
        return f'<p class="note">{e(msg("html.image_too_large", size=human_size(info.size)))}</p>'
    data = contents.read(info, IMAGE_BYTES)
    width, height = _image_size(data)
    uri = f"data:{e(info.media_type.split(';')[0])};base64,{base64.b64encode(data).decode()}"
    boxes = "".join(
        f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="none" stroke="#ff2d2d" '
        f'stroke-width="{max(2, width // 400)}" stroke-dasharray="8 4"><title>'
        f"{e(msg('html.screenshot_note'))}</title></rect>"
        for x, y, w, h in info.boxes)
    label = e(info.title)
    return (f'<svg class="shot" role="img" aria-label="{label}" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
            f'<image href="{uri}" width="{width}" height="{height}"/>{boxes}</svg>'
            + (f'<p class="note">{e(msg("html.screenshot_note"))}</p>' if info.boxes else ""))


def _image_size(data: bytes) -> tuple[int, int]:
    from PIL import Image  # Pillow reads only the header here

    try:
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except (OSError, ValueError, Image.DecompressionBombError):
        return 640, 480


def _text(contents: BundleContents, info: ItemInfo, environment: dict[str, Any] | None) -> str:
    if info.size <= LOG_BYTES:
        text = contents.read(info).decode("utf-8", "replace")
        return f"<pre>{e(text)}</pre>"
    path = contents.spool(info)
    log = MappedLog(path)
    try:
        pieces: list[tuple[int, int]] = []
        when = contents.error_time(environment)
        at = offset_at_time(log, when) if when is not None else None
        if at is not None:
            start = log.line_start(max(0, at - LOG_BYTES // 4))
            pieces.append((start, log.line_end(min(log.size - 1, at + LOG_BYTES // 4))))
        tail_start = log.line_start(max(0, log.size - LOG_BYTES // 2))
        if pieces and tail_start <= pieces[-1][1]:
            pieces[-1] = (pieces[-1][0], log.size)
        else:
            pieces.append((tail_start, log.size))
        shown = sum(b - a for a, b in pieces)
        blocks = "\n".join(f"<pre>{e(bytes(log.data[a:b]).decode('utf-8', 'replace'))}</pre>"
                           for a, b in pieces)
    finally:
        log.close()
    note = msg("html.log_excerpt", shown=human_size(shown), size=human_size(info.size))
    return f'<p class="note">{e(note)}</p>{blocks}'


def _tree(value: Any, label: str = "") -> str:
    if isinstance(value, dict):
        inner = "".join(_tree(v, env_label(str(k))) for k, v in value.items())
        return f"<details open><summary>{e(label)}</summary>{inner}</details>" if label \
            else inner
    if isinstance(value, list):
        inner = "".join(_tree(v, f"[{n}]") for n, v in enumerate(value, start=1))
        return f"<details><summary>{e(label)} ({len(value)})</summary>{inner}</details>"
    return f"<div><b>{e(label)}</b>: {e(value_text(value))}</div>"


def _consent(contents: BundleContents) -> str:
    consent = contents.manifest["consent"]
    notice = consent["privacy_notice"]
    policy = consent["policy"]
    rows = [(msg("html.statement"), consent["statement"] or msg("html.not_recorded")),
            (msg("html.privacy_notice"),
             msg("html.notice_value", version=notice["version"], accepted_at=notice["accepted_at"])
             if notice else msg("html.not_recorded")),
            (msg("html.client"), f"{consent['client']['name']} {consent['client']['version']}"),
            (msg("html.policy"), " ".join(v for v in (policy["version"], policy["source"]) if v)
             or msg("html.not_recorded"))]
    header = [msg("html.col_item"), msg("html.col_kind"), msg("html.col_size"),
              msg("html.col_approved"), msg("html.col_redactions"), msg("html.col_sha256")]
    lines = "".join(
        f"<tr><td>{e(i.title)} ({e(i.id)})</td><td>{e(_word('html.kind', i.kind))}</td>"
        f"<td>{e(human_size(i.size))}"
        f"</td><td>{e(i.approved_at)}</td><td>{e(_redaction_text(i))}"
        + (f"<br>{e(msg('html.boxes', count=len(i.boxes)))}" if i.boxes else "")
        + f"</td><td><code>{e(i.sha256)}</code></td></tr>"
        for i in contents.items)
    items = "<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in header) + f"</tr>{lines}</table>"
    return _table(rows) + items
