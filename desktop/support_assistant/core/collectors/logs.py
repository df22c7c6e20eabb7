"""The logs collector: files or globs named by policy (per product) and by the caller.

Patterns come from the policy key ``logs.paths`` (a table of product name ->
list of paths or globs; ``~`` and ``$VARS`` are expanded) and from the caller
(``--log``). Each matched file becomes one item holding its last
``logs.max_bytes_per_file`` bytes, byte for byte: binary and non-UTF-8 content
is kept as is (front ends decode it with replacement characters for display).

What is refused, and why (a log path is an input like any other):

* a symbolic link is followed only when it resolves to a regular file inside
  the folder its pattern names (the part before the first wildcard, or the
  file's own folder), so a planted link cannot pull ``~/.ssh/id_rsa`` into a
  report;
* anything that is not a regular file (device, FIFO, socket, folder) is
  skipped without reading it (opened non-blocking, checked with fstat);
* at most :data:`MAX_FILES` files per report.

Problems (no match, skipped, unreadable) are listed in one extra text item so
support sees what was missing; paths appear only in payloads, never in titles.
"""

from __future__ import annotations

import codecs
import glob
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..items import Item, ItemKind
from ..messages import msg, register
from . import CollectContext, Collector, write_payload

register({
    "collect.logs.title": "Log files",
    "collect.logs.item_title": "Log file {name}",
    "collect.logs.item_title_tail": "Log file {name} (last {kept} of {size})",
    "collect.logs.notes_title": "Log collection notes",
    "collect.logs.notes_header": "Some log files named for this report were not collected:",
    "collect.logs.no_match": "{pattern}: no file matches.",
    "collect.logs.outside": "{path}: a symbolic link to {target}, outside {base}; skipped.",
    "collect.logs.not_regular": "{path}: not a regular file; skipped.",
    "collect.logs.unreadable": "{path}: cannot be read ({reason}).",
    "collect.logs.too_many": "{pattern}: more than {limit} files in all; the rest were left out.",
})

MAX_FILES = 50
CHUNK = 1 << 20
ALIGN_WINDOW = 64 << 10  # a tail starts after the first newline found within this many bytes


@dataclass
class LogPlan:
    """Matched files (display path, real path) and the notes about what was left out."""

    files: list[tuple[str, Path]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def patterns_for(context: CollectContext) -> list[str]:
    """Policy patterns for the report's product, then the caller's, without duplicates."""
    configured = context.config["logs.paths"].get(context.product, []) if context.product else []
    seen: dict[str, None] = {}
    for pattern in [*configured, *context.log_paths]:
        seen.setdefault(pattern, None)
    return list(seen)


def plan(patterns: list[str], max_files: int = MAX_FILES) -> LogPlan:
    """Expand ``patterns`` into the regular files that may be read; see the module doc."""
    result = LogPlan()
    taken: set[Path] = set()
    for pattern in patterns:
        expanded = os.path.expandvars(os.path.expanduser(pattern))
        if glob.has_magic(expanded):
            matches = sorted(glob.glob(expanded, recursive=True))
            base = _static_prefix(expanded)
        else:
            matches = [expanded] if os.path.lexists(expanded) else []
            base = os.path.dirname(os.path.abspath(expanded))
        if not matches:
            result.notes.append(msg("collect.logs.no_match", pattern=pattern))
            continue
        real_base = Path(os.path.realpath(base))
        for match in matches:
            real = Path(os.path.realpath(match))
            if real in taken:
                continue
            if real != real_base and real_base not in real.parents:
                result.notes.append(msg("collect.logs.outside", path=match, target=real,
                                        base=real_base))
                continue
            try:  # stat before open: opening some devices has effects (a tape rewinds)
                mode = os.stat(real).st_mode
            except OSError as exc:
                result.notes.append(msg("collect.logs.unreadable", path=match,
                                        reason=exc.strerror or exc))
                continue
            if not stat.S_ISREG(mode):
                if not (stat.S_ISDIR(mode) and glob.has_magic(expanded)):  # globbed folders
                    result.notes.append(msg("collect.logs.not_regular", path=match))
                continue
            if len(result.files) >= max_files:
                result.notes.append(msg("collect.logs.too_many", pattern=pattern,
                                        limit=max_files))
                break
            taken.add(real)
            result.files.append((match, real))
    return result


def _static_prefix(pattern: str) -> str:
    """The folder part of ``pattern`` before its first wildcard."""
    parts = Path(os.path.abspath(pattern)).parts
    static: list[str] = []
    for part in parts:
        if glob.has_magic(part):
            break
        static.append(part)
    return str(Path(*static)) if static else os.sep


@dataclass
class Tail:
    """What was copied from one log file."""

    size: int
    kept_from: int
    kept: int
    utf8: bool
    binary: bool


def copy_tail(source: Path, out: Path, max_bytes: int) -> Tail:
    """Copy the last ``max_bytes`` of the regular file ``source`` to the new file ``out``.

    Raises ``OSError`` (``ENXIO``/``ELOOP``/...) for anything that is not a
    regular file; never blocks on a FIFO and never reads a device.
    """
    flags = (os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
             | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    fd = os.open(source, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(0, "not a regular file", str(source))
        size = info.st_size
        start = max(0, size - max_bytes)
        os.lseek(fd, start, os.SEEK_SET)
        remaining = size - start
        decoder = codecs.getincrementaldecoder("utf-8")()
        utf8, binary, first = True, False, start > 0
        out_fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(out_fd, "wb") as sink:
            while remaining > 0:
                block = os.read(fd, min(CHUNK, remaining))
                if not block:
                    break  # the file shrank (rotated) while we read it
                remaining -= len(block)
                if first:  # start the tail at a line boundary when one is near
                    first = False
                    newline = block.find(b"\n", 0, ALIGN_WINDOW)
                    if newline >= 0:
                        start += newline + 1
                        block = block[newline + 1:]
                binary = binary or b"\x00" in block
                if utf8:
                    try:
                        decoder.decode(block)
                    except UnicodeDecodeError:
                        utf8 = False
                sink.write(block)
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
        return Tail(size=size, kept_from=start, kept=out.stat().st_size, utf8=utf8,
                    binary=binary)
    finally:
        os.close(fd)


class NotRegularFile(OSError):
    """The path turned out not to be a regular file when opened (it changed since planning)."""


def collect(context: CollectContext) -> list[Item]:
    """One item per matched log file, plus a notes item when something was left out."""
    patterns = patterns_for(context)
    if not patterns:
        return []
    cap = int(context.config["logs.max_bytes_per_file"])
    found = plan(patterns)
    items: list[Item] = []
    notes = list(found.notes)
    for shown, real in found.files:
        if context.cancelled:
            break
        item_id = context.new_item_id("log")
        out = context.payload_path(item_id, ".log")
        try:
            tail = copy_tail(real, out, cap)
        except NotRegularFile:
            notes.append(msg("collect.logs.not_regular", path=shown))
            out.unlink(missing_ok=True)
            continue
        except OSError as exc:
            notes.append(msg("collect.logs.unreadable", path=shown,
                             reason=exc.strerror or exc))
            out.unlink(missing_ok=True)
            continue
        name = real.name
        title = (msg("collect.logs.item_title", name=name) if tail.kept_from == 0 else
                 msg("collect.logs.item_title_tail", name=name, kept=_human(tail.kept),
                     size=_human(tail.size)))
        items.append(Item.from_file(
            id=item_id, kind=ItemKind.LOG, title=title, source="logs", payload=out,
            media_type="text/plain", metadata={
                "filename": name, "original_size": tail.size, "kept_from": tail.kept_from,
                "truncated": tail.kept_from > 0, "utf8": tail.utf8, "binary": tail.binary}))
    if notes:
        item_id = context.new_item_id("log-notes")
        body = "\n".join([msg("collect.logs.notes_header"), *notes, ""])
        path = write_payload(context, item_id, ".txt", body.encode("utf-8"))
        items.append(Item.from_file(id=item_id, kind=ItemKind.TEXT,
                                    title=msg("collect.logs.notes_title"), source="logs",
                                    payload=path, media_type="text/plain; charset=utf-8",
                                    metadata={"filename": "log-notes.txt"}))
    return items


def display_text(data: bytes) -> str:
    """Log bytes as text for display: invalid UTF-8 becomes U+FFFD, NUL becomes U+2400."""
    return data.decode("utf-8", errors="replace").replace("\x00", "\u2400")


def _human(size: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return str(size)


COLLECTOR = Collector(
    name="logs", title="collect.logs.title", kind=ItemKind.LOG, timeout=60.0,
    collect=collect, wanted=lambda context: bool(patterns_for(context)),
)
