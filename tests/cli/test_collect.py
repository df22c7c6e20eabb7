"""``support-assistant collect``: headless bundles for scripts, and one clear sentence for bad input."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from screen_pattern import expected, tiled_root

pytestmark = pytest.mark.usefixtures("quiet_intake")

@pytest.fixture
def reports_dir(isolated_user_dirs: Path) -> Path:
    return isolated_user_dirs / "data" / "support-assistant" / "reports"


def bundle_entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        return {item["id"]: archive.read(item["path"]) for item in manifest["items"]}


@pytest.mark.display
def test_collect_screenshot_approve_all_then_inspect_shows_a_verified_bundle(
        run_cli, x_display, tmp_path):
    with tiled_root(x_display, tmp_path):
        result = run_cli("collect", "--screenshot", "--approve", "all", "--out", "r.zip",
                         "--product", "Acme Writer", "--product-version", "7.1")
        assert result.returncode == 0, result.stderr
        assert "Bundle written: r.zip" in result.stdout
        shown = run_cli("inspect", "r.zip")
    assert shown.returncode == 0, shown.stderr
    assert "Verification: OK" in shown.stdout and "screenshot-1" in shown.stdout
    entries = bundle_entries(tmp_path / "r.zip")
    assert set(entries) == {"environment-1", "screenshot-1"}
    image = Image.open(io.BytesIO(entries["screenshot-1"]))
    assert image.tobytes() == expected(0, 0, *image.size).tobytes()


@pytest.mark.display
def test_redact_rect_blacks_out_the_screenshot_region_in_the_bundle(run_cli, x_display,
                                                                     tmp_path):
    with tiled_root(x_display, tmp_path):
        result = run_cli("collect", "--screenshot", "0,0,200,100", "--approve", "screenshot-1",
                         "--redact-rect", "screenshot-1:10,20,30,40", "--out", "r.zip")
    assert result.returncode == 0, result.stderr
    image = Image.open(io.BytesIO(bundle_entries(tmp_path / "r.zip")["screenshot-1"]))
    assert image.size == (200, 100)
    pixels = image.load()
    assert all(pixels[x, y] == (0, 0, 0) for x in range(10, 40) for y in range(20, 60))
    assert pixels[9, 20] != (0, 0, 0) and pixels[40, 59] != (0, 0, 0)


def test_logs_and_error_file_are_collected_and_only_approved_items_are_sealed(run_cli,
                                                                              tmp_path):
    log = tmp_path / "app.log"
    log.write_bytes(b"started\n\xff\xfe binary \x00 tail\n")
    error = tmp_path / "error.json"
    error.write_text(json.dumps({"message": "Save failed", "trace": "Traceback: x",
                                 "context": {"document": "a.odt"}}))
    result = run_cli("collect", "--log", str(log), "--error-file", str(error), "--approve",
                     "log-1,error-1", "--out", "r.zip", "--product", "Acme")
    assert result.returncode == 0, result.stderr
    assert "environment-1" in result.stdout and "left out" in result.stdout
    entries = bundle_entries(tmp_path / "r.zip")
    assert set(entries) == {"log-1", "error-1"}
    assert entries["log-1"] == log.read_bytes()
    assert b"Save failed" in entries["error-1"] and b"document: a.odt" in entries["error-1"]


def test_encrypt_to_writes_an_age_bundle_that_inspect_opens_with_the_key(run_cli, tmp_path):
    import pyrage

    identity = pyrage.x25519.Identity.generate()
    key = tmp_path / "key.txt"
    key.write_text(f"{identity}\n")
    result = run_cli("collect", "--approve", "all", "--encrypt-to", str(identity.to_public()),
                     "--out", "r.zip")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "r.zip.age").is_file() and not (tmp_path / "r.zip").exists()
    shown = run_cli("inspect", "r.zip.age", "--identity", str(key))
    assert shown.returncode == 0 and "Verification: OK" in shown.stdout


BAD_INPUT = [
    (["--log", "missing.log"], "The log file missing.log does not exist", 3),
    (["--log", "nothing-*.log"], "No file matches the log pattern nothing-*.log", 3),
    (["--log", "."], "is a folder, not a log file", 3),
    (["--redact-rect", "screenshot-1:1,2,3"], "--redact-rect takes ITEM:X,Y,W,H", 2),
    (["--redact-rect", "screenshot-1:1,2,0,5"], "--redact-rect takes ITEM:X,Y,W,H", 2),
    (["--redact-rect", "1,2,3,4"], "--redact-rect takes ITEM:X,Y,W,H", 2),
    (["--redact-rect", "environment-1:0,0,5,5"], "Item environment-1 is not a screenshot", 2),
    (["--redact-rect", "screenshot-7:0,0,5,5"], "There is no item 'screenshot-7'", 2),
    (["--approve", "environment-1,nope-1"], "There is no item 'nope-1' in this report", 2),
    (["--approve", "a,,b"], "--approve takes 'all' or a comma-separated list", 2),
    (["--accept-suggestions", "a,,b"], "--accept-suggestions takes 'all' or a comma-", 2),
    (["--accept-suggestions", "environment-1"], "Item environment-1 is not a screenshot, so "
     "--accept-suggestions has no boxes", 2),
    (["--accept-suggestions", "screenshot-7"], "There is no item 'screenshot-7'", 2),
    (["--screenshot", "left"], "--screenshot takes 'desktop', a monitor number or X,Y,W,H", 2),
    (["--encrypt-to", "age1notakey"], "is not a valid age public key", 2),
    (["--error-file", "no-such-error.txt"], "The error file no-such-error.txt cannot be read", 3),
    (["--out", "missing-folder/r.zip"], "The folder missing-folder for the bundle does not exist", 3),
    (["--out", "exists.zip"], "The file exists.zip already exists", 3),
    ([], "is approved, so no bundle was written", 9),
]


@pytest.mark.parametrize("extra, sentence, code", BAD_INPUT,
                         ids=[" ".join(case[0]) or "no --approve" for case in BAD_INPUT])
def test_bad_input_gets_one_sentence_an_exit_code_and_leaves_nothing(
        run_cli, tmp_path, reports_dir, extra, sentence, code):
    (tmp_path / "exists.zip").write_bytes(b"keep me")
    args = ["collect", *extra]
    if "--approve" not in extra and code != 9:
        args += ["--approve", "all"]
    if "--out" not in extra:
        args += ["--out", "r.zip"]
    result = run_cli(*args)
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and sentence in lines[0], result.stderr
    assert not (tmp_path / "r.zip").exists()
    assert (tmp_path / "exists.zip").read_bytes() == b"keep me"
    assert not reports_dir.exists() or list(reports_dir.iterdir()) == []


def test_screenshot_without_a_display_is_an_error_item_and_a_warning(run_cli, tmp_path):
    result = run_cli("collect", "--screenshot", "--approve", "all", "--out", "r.zip",
                     env={"DISPLAY": "", "WAYLAND_DISPLAY": ""})
    assert result.returncode == 0, result.stderr
    assert "No display is available" in result.stderr
    entries = bundle_entries(tmp_path / "r.zip")
    assert "failed-screenshot-1" in entries
    assert b"No display is available" in entries["failed-screenshot-1"]


def test_policy_without_screenshots_takes_none(run_cli, tmp_path, quiet_intake):
    quiet_intake.write_text(quiet_intake.read_text() + "[screenshots]\nallowed = false\n")
    result = run_cli("collect", "--screenshot", "--approve", "all", "--out", "r.zip")
    assert result.returncode == 0, result.stderr
    assert "turned off by your IT department's policy" in result.stderr
    assert set(bundle_entries(tmp_path / "r.zip")) == {"environment-1"}
