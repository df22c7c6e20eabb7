"""``send``, ``outbox``, ``history``, ``delete`` and ``withdraw`` against the real intake."""
# ruff: noqa: F811 - the intake fixtures are imported from outbox_support and requested by name

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from outbox_support import bundles, download, intake_factory, intake_server, shared_intake  # noqa: F401

NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def make_bundle(path: Path, report_id: str = "SA-20261125-QQQQQQ") -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", json.dumps({
            "report_id": report_id, "items": [{"id": "log-1", "title": "app.log"}]}))
        archive.writestr("items/log-1.txt", os.urandom(4000))
    return path


@pytest.fixture
def stored(run_cli, shared_intake):
    """Customer A's credentials in the real keyring (through the CLI, as a user would)."""
    result = run_cli("credentials", "set", "--organisation", "CUST-A", "--endpoint",
                     shared_intake.endpoint, input=shared_intake.tokens.customer_a)
    assert result.returncode == 0, result.stderr
    return shared_intake


def session_send(run_cli, intake, *args, token=None, env=None):
    """Send with credentials typed for this command only (no keyring involved)."""
    return run_cli("send", *args, "--endpoint", intake.endpoint, "--session-credentials",
                   "--organisation", "CUST-A", input=token or intake.tokens.customer_a,
                   env={**NO_KEYRING, **(env or {})})


@pytest.mark.keyring
def test_send_prints_the_reference_and_history_shows_what_was_sent(run_cli, stored, tmp_path):
    bundle = make_bundle(tmp_path / "report.zip")
    sent = run_cli("send", str(bundle))
    assert sent.returncode == 0, sent.stderr
    [on_server] = [b for b in bundles(stored) if b["metadata"].get("report_id") == "SA-20261125-QQQQQQ"
                   and b["complete"] and b["customer"] == "CUST-A"
                   and download(stored, b["id"]) == bundle.read_bytes()]
    assert f"your reference is {on_server['id']}" in sent.stdout
    listed = run_cli("history", "--json")
    [record] = json.loads(listed.stdout)
    assert record["reference"] == on_server["id"]
    assert record["destination"] == stored.endpoint
    assert record["manifest"]["items"][0]["title"] == "app.log"
    text = run_cli("history").stdout
    assert on_server["id"] in text and "app.log" in text and "local copy kept until" in text
    assert "empty" in run_cli("outbox").stdout
    again = run_cli("send", str(bundle))
    assert again.returncode == 0 and "already sent" in again.stdout
    assert len([b for b in bundles(stored) if b["sha256"] == on_server["sha256"]]) == 1


@pytest.mark.keyring
def test_delete_asks_the_intake_and_withdraw_removes_everything(run_cli, stored, tmp_path):
    first = run_cli("send", str(make_bundle(tmp_path / "a.zip", "SA-20261125-RRRRRR")))
    second = run_cli("send", str(make_bundle(tmp_path / "b.zip", "SA-20261125-SSSSSS")))
    ref1, ref2 = (r.stdout.strip().rsplit(" ", 1)[1].rstrip(".") for r in (first, second))
    deleted = run_cli("delete", ref1)
    assert deleted.returncode == 0, deleted.stderr
    ids = {b["id"] for b in bundles(stored)}
    assert ref1 not in ids and ref2 in ids
    assert "deleted from the intake" in run_cli("history").stdout
    unknown = run_cli("delete", "NO-SUCH-REF")
    assert unknown.returncode == 2 and "No sent report has the reference" in unknown.stderr
    refused = run_cli("withdraw")
    assert refused.returncode == 2 and "--yes" in refused.stderr
    withdrawn = run_cli("withdraw", "--yes")
    assert withdrawn.returncode == 0, withdrawn.stderr
    assert ref2 not in {b["id"] for b in bundles(stored)}
    assert json.loads(run_cli("history", "--json").stdout) == []
    assert run_cli("credentials", "show").returncode == 14


def test_offline_send_waits_in_the_outbox_until_outbox_send(run_cli, tmp_path, intake_server):
    intake = intake_server
    intake.kill()  # the endpoint is known but nobody answers
    bundle = make_bundle(tmp_path / "report.zip")
    offline = session_send(run_cli, intake, str(bundle))
    assert offline.returncode == 10
    assert "kept in the outbox" in offline.stderr and "outbox send" in offline.stderr
    [waiting] = json.loads(run_cli("outbox", "list", "--json").stdout)
    assert waiting["state"] == "queued" and "Could not reach" in waiting["last_error"]
    intake.start()  # same port, same storage
    sent = run_cli("outbox", "send", "--session-credentials", "--organisation", "CUST-A",
                   input=intake.tokens.customer_a, env=NO_KEYRING)
    assert sent.returncode == 0, sent.stderr
    assert "sent" in sent.stdout
    [copy] = [b for b in bundles(intake) if b["complete"]]
    assert download(intake, copy["id"]) == bundle.read_bytes()


def test_rejected_credentials_fail_with_their_reason(run_cli, shared_intake, tmp_path):
    rejected = session_send(run_cli, shared_intake, str(make_bundle(tmp_path / "r.zip")),
                            token="not-a-valid-token-123456")
    assert rejected.returncode == 11
    assert "credentials rejected" in rejected.stderr
    [failed] = json.loads(run_cli("outbox", "list", "--json").stdout)
    assert failed["state"] == "failed" and failed["failure_reason"] == "credentials rejected"
    listed = run_cli("outbox").stdout
    assert "failed" in listed and "credentials rejected" in listed


def test_send_without_keyring_needs_session_credentials(run_cli, shared_intake, tmp_path):
    result = run_cli("send", str(make_bundle(tmp_path / "r.zip")), env=NO_KEYRING)
    assert result.returncode == 14 and "--session-credentials" in result.stderr
    assert json.loads(run_cli("outbox", "list", "--json").stdout) == []
    sent = session_send(run_cli, shared_intake, str(tmp_path / "r.zip"))
    assert sent.returncode == 0, sent.stderr


def test_follow_up_is_linked_to_the_original(run_cli, shared_intake, tmp_path):
    first = session_send(run_cli, shared_intake, str(make_bundle(tmp_path / "a.zip")))
    reference = first.stdout.strip().rsplit(" ", 1)[1].rstrip(".")
    follow = session_send(run_cli, shared_intake, str(make_bundle(tmp_path / "b.zip")),
                          "--follows", reference)
    assert follow.returncode == 0, follow.stderr
    follow_ref = follow.stdout.strip().rsplit(" ", 1)[1].rstrip(".")
    [on_server] = [b for b in bundles(shared_intake) if b["id"] == follow_ref]
    assert on_server["follows"] == reference
    unknown = session_send(run_cli, shared_intake, str(tmp_path / "b.zip"), "--follows", "NOPE")
    assert unknown.returncode == 2 and "No sent report" in unknown.stderr


def test_forget_removes_a_waiting_report(run_cli, tmp_path):
    dead = "http://127.0.0.1:9/files/"
    result = run_cli("send", str(make_bundle(tmp_path / "r.zip")), "--endpoint", dead,
                     "--session-credentials", "--organisation", "A", input="token-123",
                     env=NO_KEYRING)
    assert result.returncode == 10
    [entry] = json.loads(run_cli("outbox", "list", "--json").stdout)
    forgotten = run_cli("outbox", "forget", entry["id"])
    assert forgotten.returncode == 0 and "will not be sent" in forgotten.stdout
    assert json.loads(run_cli("outbox", "list", "--json").stdout) == []
    again = run_cli("outbox", "forget", entry["id"])
    assert again.returncode == 2 and "no outbox entry" in again.stderr


@pytest.mark.parametrize(("make", "extra", "env_policy", "message", "code"), [
    (lambda d: d / "missing.zip", [], "", "does not exist", 3),
    (lambda d: d, [], "", "does not exist", 3),
    (lambda d: make_bundle(d / "r.zip"), ["--endpoint", "ftp://example.com/"], "",
     "not an http(s) URL", 2),
    (lambda d: make_bundle(d / "r.zip"), ["--endpoint", "http://127.0.0.1:9/files/"],
     '[intake]\nendpoint = "https://it.example.com/files/"\n[lock]\nkeys = ["intake.endpoint"]\n',
     "fixed by your IT department", 7),
    (lambda d: make_bundle(d / "r.zip"), [], "[encryption]\nrequired = true\n",
     "requires encrypted bundles", 7),
    (lambda d: make_bundle(d / "r.zip"), [], "[intake\nbroken", "Sending is disabled", 7),
    (lambda d: make_bundle(d / "r.zip"), [], "[limits]\nmax_bundle_bytes = 10\n",
     "limits.max_bundle_bytes", 3),
])
def test_bad_send_input_is_refused_and_nothing_is_queued(run_cli, tmp_path, make, extra,
                                                        env_policy, message, code):
    env = dict(NO_KEYRING)
    if env_policy:
        policy = tmp_path / "it.toml"
        policy.write_text(env_policy, encoding="utf-8")
        env["SUPPORT_ASSISTANT_POLICY"] = str(policy)
    result = run_cli("send", str(make(tmp_path)), *extra, "--session-credentials",
                     "--organisation", "A", input="token-123", env=env)
    assert result.returncode == code, result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert json.loads(run_cli("outbox", "list", "--json", env=env).stdout) == []


@pytest.mark.keyring
def test_install_and_run_stores_a_working_dev_token_in_the_keyring(run_cli, shared_intake, tmp_path):
    import subprocess
    import sys
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
           "SUPPORT_ASSISTANT_LOCAL_INTAKE_TOKENS": str(shared_intake.tokens_file)}
    script = f'. scripts/lib/dev-credentials.sh; store_dev_credentials "{shared_intake.endpoint}" DEV-1'
    for _ in range(2):  # the second run keeps the stored credentials
        done = subprocess.run(["bash", "-c", script], cwd=root, env=env, capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    shown = run_cli("credentials", "show")
    assert "organisation: DEV-1" in shown.stdout and shared_intake.endpoint in shown.stdout
    sent = run_cli("send", str(make_bundle(tmp_path / "r.zip", "SA-20261125-DEVDEV")))
    assert sent.returncode == 0, sent.stderr
    assert sum(1 for line in shared_intake.tokens_file.read_text().splitlines()
               if "DEV-1" in line) == 1
