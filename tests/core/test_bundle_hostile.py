"""Hostile and damaged bundles: one clear sentence, a distinct exit code, nothing written.

Every case is a real file built here and run through ``support-assistant inspect
BUNDLE --extract DIR`` in a subprocess.
"""

from __future__ import annotations

import hashlib
import json
import stat
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from pyrage import x25519

from bundle_builders import (
    CENTRAL_FLAGS,
    CENTRAL_HEADER_OFFSET,
    CENTRAL_UNCOMPRESSED_SIZE,
    build_zip,
    dump,
    entries_of,
    make_bundle,
    manifest_of,
    patch_central,
)
from support_assistant.core.bundle_format import Limits
from support_assistant.core.bundle_reader import open_bundle
from support_assistant.core.errors import BundleError, HostileBundleError, InputError

LOG = "items/log-1/log-1.log"
SHOT = "items/screenshot-1/screenshot-1.png"
ABSOLUTE_TARGET = Path(f"/tmp/sa-hostile-{uuid.uuid4().hex}/x")


@dataclass
class Base:
    """A genuine bundle and its parts, to derive hostile variants from."""

    path: Path
    entries: list[tuple[str, bytes]]
    manifest: dict

    def items(self) -> list[tuple[str, bytes]]:
        return self.entries[1:]

    def with_manifest(self, manifest: dict) -> list[tuple[str, bytes]]:
        return [("manifest.json", dump(manifest)), *self.items()]


@pytest.fixture
def base(tmp_path: Path) -> Base:
    _, summary = make_bundle(tmp_path / "source")
    return Base(summary.path, entries_of(summary.path), manifest_of(summary.path))


Build = Callable[[Path, Base], tuple[Path, list[str]]]


def zip_of(entries: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Build:
    return lambda tmp, base: (build_zip(tmp / "hostile.zip", entries), [])


def with_entries(extra: Callable[[Base], list[tuple[str | zipfile.ZipInfo, bytes]]]) -> Build:
    return lambda tmp, base: (build_zip(tmp / "hostile.zip", extra(base)), [])


def symlink_entry() -> zipfile.ZipInfo:
    info = zipfile.ZipInfo("items/log-1/link")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def zeros_bomb(tmp: Path, base: Base) -> tuple[Path, list[str]]:
    zeros = bytes(20 << 20)
    manifest = base.manifest
    manifest["items"][0].update(size=len(zeros), sha256=hashlib.sha256(zeros).hexdigest())
    return build_zip(tmp / "hostile.zip", [("manifest.json", dump(manifest)), (LOG, zeros),
                                           base.items()[1]]), []


def claims_huge_total(tmp: Path, base: Base) -> tuple[Path, list[str]]:
    names = [f"items/part-{n}/data.bin" for n in range(5)]
    path = build_zip(tmp / "hostile.zip", [(base.entries[0]), *[(n, b"0123456789") for n in names]],
                     compression=zipfile.ZIP_STORED)
    for name in names:  # each entry claims to unpack to almost 4 GiB
        patch_central(path, name, CENTRAL_UNCOMPRESSED_SIZE, "<I", 0xFFFFFFF0)
    return path, []


def overlapping(tmp: Path, base: Base) -> tuple[Path, list[str]]:
    path = build_zip(tmp / "hostile.zip", list(base.entries))
    with zipfile.ZipFile(path) as archive:
        log_offset = archive.getinfo(LOG).header_offset
    patch_central(path, SHOT, CENTRAL_HEADER_OFFSET, "<I", log_offset)
    return path, []


def encrypted_entry_flag(tmp: Path, base: Base) -> tuple[Path, list[str]]:
    path = build_zip(tmp / "hostile.zip", list(base.entries))
    patch_central(path, LOG, CENTRAL_FLAGS, "<H", 0x1)
    return path, []


def tampered(tmp: Path, base: Base) -> tuple[Path, list[str]]:
    data = bytearray(base.path.read_bytes())
    png = dict(base.entries)[SHOT]
    at = data.find(png) + len(png) // 2
    data[at] ^= 0xFF
    path = tmp / "hostile.zip"
    path.write_bytes(bytes(data))
    return path, []


def truncated(tmp: Path, base: Base) -> tuple[Path, list[str]]:
    path = tmp / "hostile.zip"
    path.write_bytes(base.path.read_bytes()[:-200])
    return path, []


def raw_file(content: bytes) -> Build:
    def build(tmp: Path, base: Base) -> tuple[Path, list[str]]:
        path = tmp / "hostile.zip"
        path.write_bytes(content)
        return path, []
    return build


def manifest_change(change: Callable[[dict], object]) -> Build:
    def build(tmp: Path, base: Base) -> tuple[Path, list[str]]:
        manifest = json.loads(json.dumps(base.manifest))
        change(manifest)
        return build_zip(tmp / "hostile.zip", base.with_manifest(manifest)), []
    return build


def encrypted(identity_text: Callable[[x25519.Identity], str] | None, *,
              cut: int = 0) -> Build:
    def build(tmp: Path, base: Base) -> tuple[Path, list[str]]:
        key = x25519.Identity.generate()
        _, summary = make_bundle(tmp / "enc", "b.zip.age", recipient=str(key.to_public()))
        path = tmp / "hostile.zip.age"
        data = summary.path.read_bytes()
        path.write_bytes(data[: len(data) - cut])
        if identity_text is None:
            return path, []
        key_file = tmp / "key.txt"
        key_file.write_text(identity_text(key))
        return path, ["--identity", str(key_file)]
    return build


@dataclass
class Case:
    id: str
    build: Build
    fragment: str
    code: int


CASES = [
    Case("traversal", with_entries(lambda b: [*b.entries, ("../x", b"evil")]),
         "path traversal", 5),
    Case("nested-traversal", with_entries(lambda b: [*b.entries, ("items/../../x", b"evil")]),
         "path traversal", 5),
    Case("backslash-traversal", with_entries(lambda b: [*b.entries, ("..\\x", b"evil")]),
         "path traversal", 5),
    Case("absolute", with_entries(lambda b: [*b.entries, (str(ABSOLUTE_TARGET), b"evil")]),
         "absolute path", 5),
    Case("drive-letter", with_entries(lambda b: [*b.entries, ("C:/x", b"evil")]),
         "absolute path", 5),
    Case("symlink", with_entries(lambda b: [*b.entries, (symlink_entry(), b"/etc/passwd")]),
         "symbolic link", 5),
    Case("folder-entry", with_entries(lambda b: [*b.entries, ("items/log-1/", b"")]),
         "not a regular file", 5),
    Case("odd-name", with_entries(lambda b: [*b.entries, ("items/.hidden/x", b"x")]),
         "name that bundles never use", 5),
    Case("duplicate", with_entries(lambda b: [*b.entries, b.entries[1]]),
         "appears more than once", 5),
    Case("case-duplicate", with_entries(
        lambda b: [*b.entries, (b.entries[1][0].upper().replace("ITEMS", "items"), b"x")]),
         "appears more than once", 5),
    Case("bomb-ratio", zeros_bomb, "(zip bomb)", 5),
    Case("bomb-total-size", claims_huge_total, "(zip bomb)", 5),
    Case("bomb-overlap", overlapping, "overlapping zip bomb", 5),
    Case("zip-encryption", encrypted_entry_flag, "zip feature", 5),
    Case("undeclared-entry", with_entries(lambda b: [*b.entries, ("items/extra-1/x.txt", b"x")]),
         "more entries than the manifest declares", 5),
    Case("missing-entry", with_entries(lambda b: b.entries[:2]), "which its manifest declares", 4),
    Case("truncated", truncated, "truncated", 4),
    Case("tampered-byte", tampered, SHOT + "' has sha256", 4),
    Case("manifest-schema", manifest_change(lambda m: m.pop("consent")), "schema", 4),
    Case("manifest-bad-path", manifest_change(
        lambda m: m["items"][0].update(path="items/log-1/../../x")), "schema", 4),
    Case("manifest-size", manifest_change(lambda m: m["items"][0].update(size=1)),
         "its manifest declares 1", 4),
    Case("manifest-newer", manifest_change(lambda m: m.update(schema_version=2)),
         "update Support Assistant", 4),
    Case("manifest-not-json", with_entries(lambda b: [("manifest.json", b"{nope"), *b.items()]),
         "not valid JSON", 4),
    Case("manifest-not-first", with_entries(lambda b: [*b.items(), b.entries[0]]),
         "does not start with manifest.json", 4),
    Case("not-a-zip", raw_file(b"just some text, not a bundle\n"), "not a support bundle", 4),
    Case("empty-file", raw_file(b""), "not a support bundle", 4),
    Case("age-wrong-identity", encrypted(lambda key: f"{x25519.Identity.generate()}\n"),
         "encrypted for a different key", 6),
    Case("age-no-identity", encrypted(None), "--identity FILE", 6),
    Case("age-truncated", encrypted(lambda key: f"{key}\n", cut=100), "damaged or truncated", 4),
    Case("age-bad-identity-file", encrypted(lambda key: "AGE-SECRET-KEY-1NOPE\n"),
         "invalid age identity", 3),
]


def snapshot(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")
            if p.relative_to(root).parts[0] != "user"}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_bundle_is_refused_with_a_clear_sentence(case, tmp_path, base, run_cli,
                                                         isolated_user_dirs):
    work = tmp_path / "work"
    work.mkdir()
    bundle, extra = case.build(work, base)
    before = snapshot(tmp_path)
    result = run_cli("inspect", str(bundle), "--extract", str(work / "out"), *extra)
    assert result.returncode == case.code, result.stderr
    assert case.fragment in result.stderr
    assert result.stderr.strip().count("\n") == 0, result.stderr  # one sentence
    assert result.stdout == ""
    # nothing written anywhere: not the extract folder, not beside it, not at absolute paths
    assert snapshot(tmp_path) == before
    assert not (work / "out").exists() and not (work / "x").exists()
    assert not ABSOLUTE_TARGET.parent.exists()
    cache = isolated_user_dirs / "cache" / "support-assistant"
    assert not cache.exists() or list(cache.iterdir()) == []


def test_missing_bundle_is_an_input_error(tmp_path, run_cli):
    result = run_cli("inspect", str(tmp_path / "nowhere.zip"))
    assert result.returncode == 3 and "There is no bundle at" in result.stderr


def test_verify_lists_expected_and_actual_hash_of_a_tampered_file(tmp_path, base):
    bundle, _ = tampered(tmp_path, base)
    expected = base.manifest["items"][1]["sha256"]
    with open_bundle(bundle) as reader:
        report = reader.verify()
    log_check, shot_check = report.files
    assert log_check.ok and not shot_check.ok and not report.ok
    assert shot_check.expected_sha256 == expected
    assert shot_check.actual_sha256 not in (None, expected)
    assert expected in shot_check.problem and shot_check.actual_sha256 in shot_check.problem
    with pytest.raises(BundleError, match=expected):
        report.raise_for_failure()


def test_reading_a_tampered_entry_fails_at_its_end(tmp_path, base):
    bundle, _ = tampered(tmp_path, base)
    with open_bundle(bundle) as reader, reader.open(SHOT) as stream, \
            pytest.raises(BundleError, match="has sha256"):
        while stream.read(4096):
            pass


def test_failed_extraction_removes_what_it_wrote(tmp_path, base):
    bundle, _ = tampered(tmp_path, base)
    dest = tmp_path / "new" / "out"
    with open_bundle(bundle) as reader, pytest.raises(BundleError):
        reader.extract(dest)
    assert not (tmp_path / "new").exists()


def test_extraction_refuses_a_folder_that_is_not_empty(tmp_path, base):
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "keep.txt").write_text("mine")
    with open_bundle(base.path) as reader, pytest.raises(InputError, match="not empty"):
        reader.extract(dest)
    assert [p.name for p in dest.iterdir()] == ["keep.txt"]


def test_extraction_writes_exactly_the_declared_files(tmp_path, base):
    dest = tmp_path / "dest"
    with open_bundle(base.path) as reader:
        assert reader.extract(dest).ok
    files = sorted(str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file())
    assert files == ["items/log-1/log-1.log", "items/screenshot-1/screenshot-1.png",
                     "manifest.json"]
    assert (dest / SHOT).read_bytes() == dict(base.entries)[SHOT]


@pytest.mark.parametrize(("limits", "fragment"), [
    (Limits(max_entries=2), "more than the limit of 2"),
    (Limits(max_manifest_bytes=100), "its manifest is"),
    (Limits(max_total_bytes=1000), "(zip bomb)"),
    (Limits(ratio_floor=100, max_ratio=1), "expands"),
])
def test_limits_are_enforced(base, limits, fragment):
    with pytest.raises(HostileBundleError) as caught:
        open_bundle(base.path, limits=limits)
    assert fragment in str(caught.value)


def test_a_bundle_within_limits_opens(base):
    with open_bundle(base.path) as reader:
        assert [e.name for e in reader.entries()] == [LOG, SHOT]
        assert reader.manifest["report"]["product"] == "Demo"

