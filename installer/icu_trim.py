"""Trim ICU's data library for the frozen app (build_spec.py, Linux): 32 MB -> 10 MB.

QtCore links ICU, whose ``libicudata.so.NN`` is one 32 MB table of locale data for
every language. The app ships English and Chinese, so the locale bundles of other
languages (display names of languages, regions, currencies, units, time zones,
collation and spelled-out numbers) and the legacy code-page converters Qt never
uses are removed with ICU's own ``icupkg``; the rest is wrapped into a small
``libicudata.so.NN`` exporting the same ``icudtNN_dat`` symbol (``gcc``). Locales
without data fall back to the root locale, as ICU does for any unknown locale.

Needs ``objcopy`` (binutils), ``icupkg`` (icu-devtools) and ``gcc``; without
them :func:`trim` returns None and the full library is kept.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

KEEP_LOCALES = re.compile(
    r"^(root|pool|res_index|en|en_(US|GB|001|150)|zh|zh_Hans|zh_Hans_CN|zh_CN)\.res$")
LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*\.res$")
KEEP_CONVERTERS = ("gb18030", "icu-internal")  # GB18030 is the Chinese national standard
TOOLS = ("objcopy", "icupkg", "gcc", "nm")


def removable(item: str) -> bool:
    """True for an item of the ICU package that the app does not need."""
    base = item.rsplit("/", 1)[-1]
    if base.endswith(".cnv") and "/" not in item:
        return not base.startswith(KEEP_CONVERTERS)
    if base.endswith(".dict"):  # break-iterator dictionaries: brkitr/root.res needs them
        return False
    return bool(LOCALE.match(base)) and not KEEP_LOCALES.match(base)


def trim(library: Path, work: Path) -> Path | None:
    """A trimmed copy of ``library`` (``libicudata.so.NN``) in ``work``, or None."""
    if not all(shutil.which(tool) for tool in TOOLS):
        return None
    symbols = subprocess.run(["nm", "-D", "--defined-only", str(library)], check=True,
                             capture_output=True, text=True).stdout
    match = re.search(r"\b(icudt(\d+)_dat)\b", symbols)
    if not match:
        return None
    symbol, version = match.group(1), match.group(2)
    package = f"icudt{version}l"  # the item prefix ICU looks up (little-endian data)
    work.mkdir(parents=True, exist_ok=True)
    full, out = work / "in" / f"{package}.dat", work / "out"  # icupkg wants the package name
    full.parent.mkdir(exist_ok=True)
    out.mkdir(exist_ok=True)
    subprocess.run(["objcopy", "-O", "binary", "--only-section=.rodata", str(library),
                    str(full)], check=True)
    items = subprocess.run(["icupkg", "-l", str(full)], check=True, capture_output=True,
                           text=True).stdout.split()
    (work / "remove.txt").write_text("\n".join(i for i in items if removable(i)) + "\n")
    subprocess.run(["icupkg", "-r", str(work / "remove.txt"), str(full),
                    str(out / f"{package}.dat")], check=True, capture_output=True)
    stub = work / "stub.S"
    stub.write_text(f"""    .section .rodata
    .balign 16
    .globl {symbol}
    .type {symbol}, @object
{symbol}:
    .incbin "{out / f'{package}.dat'}"
    .size {symbol}, . - {symbol}
    .section .note.GNU-stack,"",@progbits
""")
    trimmed = work / library.name
    subprocess.run(["gcc", "-shared", "-nostdlib", f"-Wl,-soname,{library.name}", "-o",
                    str(trimmed), str(stub)], check=True)
    subprocess.run(["strip", str(trimmed)], check=True)
    return trimmed
