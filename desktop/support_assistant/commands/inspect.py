"""``support-assistant inspect BUNDLE``: verify a bundle and show what it holds.

Exit codes: 0 verified; 3 a named file (bundle, identity, extract folder) is
missing, unreadable or unusable; 4 the bundle is damaged (hash, size, schema,
truncation, missing entry); 5 the bundle is hostile (traversal, absolute path,
symlink, duplicate, zip bomb, undeclared entry); 6 it cannot be decrypted (wrong
or missing age identity).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..core.bundle_format import human_size
from ..core.messages import msg, register

NAME = "inspect"
HELP = "inspect.help"

register({
    "inspect.help": "Verify a support bundle (.zip or .zip.age) and show what it holds.",
    "inspect.arg_bundle": "the bundle file (.zip or .zip.age)",
    "inspect.arg_json": "print the manifest and the verification as JSON",
    "inspect.arg_extract": "also extract the verified files into DIR (new or empty folder)",
    "inspect.arg_identity": "age identity file (from age-keygen) for an encrypted bundle",
    "inspect.bundle": "Bundle:      {path}",
    "inspect.bundle_encrypted": "Bundle:      {path} (age-encrypted)",
    "inspect.report": "Report:      {id}, created {created}",
    "inspect.product": "Product:     {product} {version}",
    "inspect.error": "Error:       {message}",
    "inspect.description": "Description: {description}",
    "inspect.items": "Items ({count}):",
    "inspect.item": "  {id:<20} {kind:<12} {size:>10}  {path}  {title}",
    "inspect.item_redactions": "  {pad:<20} redactions: {summary}",
    "inspect.consent": "Consent:     each item approved by the user; privacy notice {notice}; client {client} {client_version}; policy {policy}",
    "inspect.notice_none": "not recorded",
    "inspect.notice": "version {version} accepted {accepted_at}",
    "inspect.policy_none": "not recorded",
    "inspect.verified": "Verification: OK, {count} files match the sha256 and size in the manifest.",
    "inspect.extracted": "Extracted to: {path}",
})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bundle", type=Path, metavar="BUNDLE", help=msg("inspect.arg_bundle"))
    parser.add_argument("--json", action="store_true", help=msg("inspect.arg_json"))
    parser.add_argument("--extract", type=Path, metavar="DIR", help=msg("inspect.arg_extract"))
    parser.add_argument("--identity", type=Path, metavar="FILE",
                        help=msg("inspect.arg_identity"))


def run(args: argparse.Namespace) -> int:
    from ..core.bundle_reader import open_bundle

    with open_bundle(args.bundle, identity=args.identity) as reader:
        report = reader.extract(args.extract) if args.extract else reader.verify()
        if args.json:
            json.dump({"bundle": str(args.bundle), "encrypted": reader.encrypted,
                       "manifest": reader.manifest, "verification": report.to_json(),
                       "extracted_to": str(args.extract) if args.extract else None},
                      sys.stdout, indent=1, ensure_ascii=False)
            sys.stdout.write("\n")
        report.raise_for_failure()
        if not args.json:
            _print_summary(reader.path, reader.encrypted, reader.manifest, len(report.files),
                           args.extract)
    return 0


def _print_summary(path: Path, encrypted: bool, manifest: dict[str, Any], verified: int,
                   extracted: Path | None) -> None:
    report = manifest["report"]
    consent = manifest["consent"]
    lines = [msg("inspect.bundle_encrypted" if encrypted else "inspect.bundle", path=path),
             msg("inspect.report", id=report["id"], created=report["created_at"])]
    if report["product"] or report["product_version"]:
        lines.append(msg("inspect.product", product=_one_line(report["product"]),
                         version=_one_line(report["product_version"])))
    if report["error"]:
        lines.append(msg("inspect.error", message=_one_line(report["error"]["message"])))
    if report["description"]:
        lines.append(msg("inspect.description", description=_one_line(report["description"])))
    lines.append(msg("inspect.items", count=len(manifest["items"])))
    for item in manifest["items"]:
        lines.append(msg("inspect.item", id=item["id"], kind=item["kind"],
                         size=human_size(item["size"]), path=item["path"],
                         title=_one_line(item["title"])))
        if item["redactions"]["count"]:
            kinds = ", ".join(f"{n} {kind}" for kind, n in item["redactions"]["kinds"].items())
            lines.append(msg("inspect.item_redactions", pad="", summary=kinds))
    notice = consent["privacy_notice"]
    policy = consent["policy"]
    lines.append(msg(
        "inspect.consent",
        notice=msg("inspect.notice", version=_one_line(notice["version"]),
                          accepted_at=notice["accepted_at"]) if notice else msg("inspect.notice_none"),
        client=_one_line(consent["client"]["name"]),
        client_version=_one_line(consent["client"]["version"]),
        policy=_one_line(" ".join(v for v in (policy["version"], policy["source"]) if v))
        or msg("inspect.policy_none")))
    lines.append(msg("inspect.verified", count=verified))
    if extracted is not None:
        lines.append(msg("inspect.extracted", path=extracted))
    print("\n".join(lines))


def _one_line(text: str, limit: int = 200) -> str:
    """One printable line: a hostile manifest must not drive the terminal (escape codes)."""
    flat = "".join(c if c.isprintable() else "\ufffd" for c in " ".join(text.split()))
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
