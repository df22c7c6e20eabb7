"""``support-assistant inspect``: verify and show a bundle, as text or JSON, and extract it."""

from __future__ import annotations

import json

from pyrage import x25519

from bundle_builders import entries_of, make_bundle


def test_inspect_shows_report_items_sizes_and_verification(tmp_path, run_cli):
    report, summary = make_bundle(tmp_path)
    result = run_cli("inspect", str(summary.path))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert f"Report:      {report.id}" in out
    assert "Product:     Demo 1.0" in out and "Error:       Demo stopped" in out
    assert "Items (2):" in out
    log_size = summary.manifest["items"][0]["size"]
    assert f"{log_size} B  items/log-1/log-1.log  app.log" in out
    assert "redactions: 1 email" in out
    assert "privacy notice version 3 accepted 2025-11-01T00:00:00Z" in out
    assert "policy 2025.1 /etc/support-assistant/policy.toml" in out
    assert out.rstrip().endswith("Verification: OK, 2 files match the sha256 and size in the manifest.")
    assert result.stderr == ""


def test_inspect_json_has_manifest_and_per_file_hashes(tmp_path, run_cli):
    _, summary = make_bundle(tmp_path)
    result = run_cli("inspect", str(summary.path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["manifest"] == summary.manifest
    assert data["encrypted"] is False and data["extracted_to"] is None
    assert data["verification"]["ok"] is True
    for check, item in zip(data["verification"]["files"], summary.manifest["items"], strict=True):
        assert check["name"] == item["path"]
        assert check["expected"] == check["actual"] == {"sha256": item["sha256"],
                                                        "size": item["size"]}


def test_inspect_json_of_a_damaged_bundle_shows_the_failure_and_exits_4(tmp_path, run_cli):
    _, summary = make_bundle(tmp_path)
    data = bytearray(summary.path.read_bytes())
    png = dict(entries_of(summary.path))["items/screenshot-1/screenshot-1.png"]
    data[data.find(png) + 100] ^= 0x01
    summary.path.write_bytes(bytes(data))
    result = run_cli("inspect", str(summary.path), "--json")
    assert result.returncode == 4
    report = json.loads(result.stdout)["verification"]
    assert report["ok"] is False and [f["ok"] for f in report["files"]] == [True, False]
    assert "has sha256" in result.stderr and result.stderr.count("\n") == 1


def test_inspect_extracts_verified_files(tmp_path, run_cli):
    _, summary = make_bundle(tmp_path)
    dest = tmp_path / "extracted"
    result = run_cli("inspect", str(summary.path), "--extract", str(dest))
    assert result.returncode == 0, result.stderr
    assert f"Extracted to: {dest}" in result.stdout
    for name, data in entries_of(summary.path):
        assert (dest / name).read_bytes() == data


def test_inspect_refuses_to_extract_into_a_folder_in_use(tmp_path, run_cli):
    _, summary = make_bundle(tmp_path)
    dest = tmp_path / "busy"
    dest.mkdir()
    (dest / "mine.txt").write_text("keep")
    result = run_cli("inspect", str(summary.path), "--extract", str(dest))
    assert result.returncode == 3
    assert "is not empty; choose a new or empty folder" in result.stderr
    assert [p.name for p in dest.iterdir()] == ["mine.txt"]


def test_inspect_opens_an_encrypted_bundle_with_its_identity(tmp_path, run_cli):
    key = x25519.Identity.generate()
    key_file = tmp_path / "support.key"
    key_file.write_text(f"# public key: {key.to_public()}\n{key}\n")
    _, summary = make_bundle(tmp_path, "b.zip.age", recipient=str(key.to_public()))
    result = run_cli("inspect", str(summary.path), "--identity", str(key_file), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["encrypted"] is True and data["verification"]["ok"] is True


def test_inspect_names_a_missing_identity_file(tmp_path, run_cli):
    key = x25519.Identity.generate()
    _, summary = make_bundle(tmp_path, "b.zip.age", recipient=str(key.to_public()))
    result = run_cli("inspect", str(summary.path), "--identity", str(tmp_path / "none.key"))
    assert result.returncode == 3
    assert "none.key cannot be read" in result.stderr


def test_inspect_is_listed_in_help(run_cli):
    result = run_cli("--help")
    assert result.returncode == 0
    assert "inspect" in result.stdout and "Verify a support bundle" in result.stdout
