"""``support-assistant collect`` with the real scanner: pseudonyms in the bundle, mapping kept home."""

from __future__ import annotations

import json
import zipfile

import pytest

pytestmark = pytest.mark.usefixtures("quiet_intake")

def test_collect_pseudonymises_the_log_and_keeps_the_mapping_out_of_the_bundle(
        run_cli, tmp_path, isolated_user_dirs):
    log = tmp_path / "app.log"
    log.write_bytes(b"user jdoe-tester <li.na@corp.example-co.com> from 10.1.2.3\n"
                    b"open /home/jdoe-tester/doc.odt; tel +86 138 0013 8000\n"
                    b"again li.na@corp.example-co.com \xff\xfe\n")
    result = run_cli("collect", "--log", str(log), "--approve", "log-1", "--out", "r.zip",
                     env={"USER": "jdoe-tester"})
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "r.zip") as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        sent = archive.read(manifest["items"][0]["path"])
    assert sent == (b"user user-1 <email-1> from ipv4-1\n"
                    b"open /home/user-1/doc.odt; tel phone-1\n"
                    b"again email-1 \xff\xfe\n")
    assert not any("pseudonym" in name for name in names)
    tables = list((isolated_user_dirs / "data").rglob("pseudonyms.json"))
    assert len(tables) == 1
    assert json.loads(tables[0].read_text())["pseudonyms"]["user"] == {"jdoe-tester": 1}
