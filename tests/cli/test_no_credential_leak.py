"""No file the client wrote, no output and no command line ever holds the access token."""
# ruff: noqa: F811 - the intake fixtures are imported from outbox_support and requested by name

from __future__ import annotations

import base64
import json
import os
import zipfile
from pathlib import Path

import pytest

from outbox_support import bundles, download, intake_factory, intake_server, shared_intake  # noqa: F401


def encodings(token: str) -> list[bytes]:
    raw = token.encode()
    return [raw, base64.b64encode(raw), raw.hex().encode(), token.encode("utf-16-le"),
            raw[len(raw) // 4: -len(raw) // 4]]  # a long inner piece of it


def make_bundle(path: Path, report_id: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"report_id": report_id, "items": []}))
        archive.writestr("items/a.txt", os.urandom(3000))
    return path


@pytest.mark.keyring
def test_every_file_and_output_of_a_full_session_is_free_of_the_token(
        run_cli, shared_intake, tmp_path, isolated_user_dirs):
    token = shared_intake.tokens.customer_a
    outputs: list[str] = []

    def cli(*args, **kwargs):
        assert not any(token in a for a in args)
        result = run_cli(*args, **kwargs)
        outputs.extend([result.stdout, result.stderr])
        return result

    assert cli("credentials", "set", "--organisation", "CUST-A", "--endpoint",
               shared_intake.endpoint, input=token).returncode == 0
    cli("credentials", "show")
    sent = cli("send", str(make_bundle(tmp_path / "one.zip", "SA-20261125-SCAN01")))
    assert sent.returncode == 0, sent.stderr
    reference = sent.stdout.strip().rsplit(" ", 1)[1].rstrip(".")
    cli("send", str(make_bundle(tmp_path / "two.zip", "SA-20261125-SCAN02")), "--follows", reference)
    offline = cli("send", str(make_bundle(tmp_path / "three.zip", "SA-20261125-SCAN03")),
                  "--endpoint", "http://127.0.0.1:9/files/")
    assert offline.returncode == 10
    cli("outbox", "list")
    cli("outbox", "list", "--json")
    cli("history")
    cli("history", "--json")
    assert cli("delete", reference).returncode == 0
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any("outbox" in p.parts for p in written)  # the scan did see the client's files
    assert any(p.name == "entry.json" for p in written)
    leaks = [str(p) for p in written for needle in encodings(token) if needle in p.read_bytes()]
    assert leaks == []
    assert not any(needle.decode("latin-1") in text
                   for text in outputs for needle in encodings(token))
    assert cli("withdraw", "--yes").returncode == 0
    leftovers = [p for p in isolated_user_dirs.rglob("*") if p.is_file()]
    assert all(not any(n in p.read_bytes() for n in encodings(token)) for p in leftovers)
