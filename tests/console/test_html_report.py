"""``support-assistant inspect BUNDLE --html OUT``: one self-contained file, rendered by Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from console_bundles import SHOT_COLOUR, add_environment, console_bundle
from PIL import Image
from pyrage import x25519

from bundle_builders import add_log, add_screenshot, entries_of, make_bundle, make_report, png_bytes
from support_assistant.core.items import Box

HOSTILE_TEXT = '<script>alert("x")</script><img src="https://evil.example/t.png">'


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("headless Chromium is needed: apt-get install chromium "
                    "(scripts/debian-packages.txt lists it)")
    return found


def render(html: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        # no traffic leaves this computer: background services off, everything else sent
        # to a closed port on loopback (the report itself loads nothing: its CSP forbids it)
        [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--no-pings",
         "--disable-sync", "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
         f"--user-data-dir={tmp_path / 'chromium-profile'}", "--hide-scrollbars", *extra,
         html.resolve().as_uri()],
        capture_output=True, text=True, timeout=90, cwd=tmp_path,
        env={**os.environ, "HOME": str(tmp_path)})


def test_html_report_is_self_contained_and_escapes_the_customers_text(tmp_path, run_cli):
    report = make_report(tmp_path / "reports")
    report.description = HOSTILE_TEXT
    add_log(report, b"2025-11-25 10:00:00 ERROR " + HOSTILE_TEXT.encode() + b"\n")
    add_screenshot(report, boxes=[Box(4, 4, 10, 8)])
    add_environment(report)
    _, summary = make_bundle(tmp_path, report=report)
    out = tmp_path / "report.html"
    result = run_cli("inspect", str(summary.path), "--html", str(out))
    assert result.returncode == 0, result.stderr
    assert f"HTML report:  {out}" in result.stdout
    text = out.read_text(encoding="utf-8")
    assert "<script" not in text and "evil.example/t.png\"" not in text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in text
    assert "Content-Security-Policy" in text and "default-src 'none'" in text
    references = re.findall(r'(?:src|href)="([^"]*)"', text)
    assert references and all(r.startswith("data:image/png;base64,") for r in references)
    assert "Debian GNU/Linux 12 (bookworm)" in text  # environment highlights and tree
    assert "1 region(s) blacked out" in text


def test_chromium_renders_the_report_with_its_screenshot(tmp_path, run_cli):
    _, summary = console_bundle(tmp_path)
    out = tmp_path / "report.html"
    assert run_cli("inspect", str(summary.path), "--html", str(out)).returncode == 0
    shot = tmp_path / "page.png"
    result = render(out, tmp_path, f"--screenshot={shot}", "--window-size=1200,3000")
    assert shot.exists(), result.stderr[-2000:]
    page = Image.open(shot).convert("RGB")
    colours = page.getcolors(maxcolors=1 << 20)
    shot_pixels = sum(n for n, colour in colours if colour == SHOT_COLOUR)
    assert shot_pixels > 320 * 200 // 2  # the embedded screenshot is drawn
    dom = render(out, tmp_path, "--dump-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert "All 3 files match the sha256 and size in the manifest." in dom.stdout
    assert "did step 599" in dom.stdout  # the end of the log


def test_html_of_a_big_log_holds_the_lines_around_the_error_time_and_the_end(tmp_path,
                                                                             run_cli):
    lines = b"".join(b"2025-11-25 %02d:%02d:%02d INFO entry %07d %s\n"
                     % (n // 3600, n // 60 % 60, n % 60, n, b"y" * 80) for n in range(40_000))
    _, summary = console_bundle(tmp_path, log=lines)  # error at 10:05:00 customer time
    out = tmp_path / "report.html"
    assert run_cli("inspect", str(summary.path), "--html", str(out)).returncode == 0
    text = out.read_text()
    assert "2025-11-25 10:05:00 INFO entry 0036300" in text
    assert "entry 0039999" in text and "entry 0000000" not in text
    assert out.stat().st_size < 2 << 20


def test_tampered_bundle_writes_no_html_and_exits_4(tmp_path, run_cli):
    _, summary = console_bundle(tmp_path)
    data = bytearray(summary.path.read_bytes())
    png = dict(entries_of(summary.path))["items/screenshot-1/screenshot-1.png"]
    data[data.find(png) + 100] ^= 0x01
    summary.path.write_bytes(bytes(data))
    out = tmp_path / "report.html"
    result = run_cli("inspect", str(summary.path), "--html", str(out))
    assert result.returncode == 4 and "has sha256" in result.stderr
    assert not out.exists() and not list(tmp_path.glob(".report-*"))


def test_encrypted_bundle_renders_with_identity(tmp_path, run_cli):
    identity = x25519.Identity.generate()
    key = tmp_path / "key.txt"
    key.write_text(f"{identity}\n")
    _, summary = console_bundle(tmp_path, "b.zip.age", recipient=str(identity.to_public()))
    out = tmp_path / "report.html"
    result = run_cli("inspect", str(summary.path), "--identity", str(key), "--html", str(out))
    assert result.returncode == 0, result.stderr
    assert "yes (age)" in out.read_text()


def test_html_into_a_folder_is_refused_with_exit_3(tmp_path, run_cli):
    _, summary = make_bundle(tmp_path)
    result = run_cli("inspect", str(summary.path), "--html", str(tmp_path))
    assert result.returncode == 3
    assert result.stderr.strip() == f"{tmp_path} is a folder; give the name of the HTML file to write."


def test_large_screenshot_is_embedded_at_its_size(tmp_path, run_cli):
    report = make_report(tmp_path / "reports")
    add_screenshot(report, data=png_bytes((1600, 900), (10, 200, 30), noise=False))
    _, summary = make_bundle(tmp_path, report=report)
    out = tmp_path / "r.html"
    assert run_cli("inspect", str(summary.path), "--html", str(out)).returncode == 0
    assert 'viewBox="0 0 1600 900"' in out.read_text()
