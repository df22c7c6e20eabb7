"""``support-assistant policy show|check``: effective values with sources; bad policies fail closed."""

from __future__ import annotations

import json

import pytest

GOOD = ('[intake]\nendpoint = "https://corp.example/files/"\norganisation = "ACME-001"\n'
        '[retention]\ndays = 7\n[lock]\nkeys = ["intake.endpoint"]\n')


def test_show_names_the_source_of_every_value_and_marks_locks(run_cli, tmp_path,
                                                              isolated_user_dirs):
    policy_file = tmp_path / "policy.toml"
    policy_file.write_text(GOOD)
    user = isolated_user_dirs / "config" / "support-assistant" / "settings.toml"
    user.parent.mkdir(parents=True, exist_ok=True)
    user.write_text('[retention]\ndays = 3\n[intake]\nendpoint = "https://other.example/"\n')
    env = {"SUPPORT_ASSISTANT_POLICY": str(policy_file)}
    result = run_cli("policy", "show", env=env)
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0]: line for line in result.stdout.splitlines()[2:]}
    assert "https://corp.example/files/" in lines["intake.endpoint"]
    assert f"policy {policy_file} (locked)" in lines["intake.endpoint"]
    assert f"user {user}" in lines["retention.days"]
    assert lines["ui.language"].rstrip().endswith("default")
    shown = json.loads(run_cli("policy", "show", "--json", env=env).stdout)
    assert shown["settings"]["intake.organisation"] == {
        "value": "ACME-001", "source": f"policy {policy_file}", "locked": False}
    assert shown["settings"]["retention.days"]["value"] == 3


def test_check_accepts_a_valid_file(run_cli, tmp_path):
    (tmp_path / "p.toml").write_text(GOOD)
    result = run_cli("policy", "check", "p.toml")
    assert result.returncode == 0, result.stderr
    assert "is valid: 3 setting(s), 1 locked" in result.stdout


@pytest.mark.parametrize("text, fragment", [
    ('[intake]\nendpoint = "x\n', "is not valid TOML at line 2"),
    ('[intake]\n\nendpont = "https://x/"\n', "unknown key 'intake.endpont' at line 3"),
    ('[retention]\ndays = -1\n', "'retention.days' at line 2 to -1, but it must be a whole number"),
    ('[intake]\nendpoint = "ftp://x/"\n', "'intake.endpoint' at line 2 to 'ftp://x/', but it must be an http"),
    ('[encryption]\nrecipient = "age1nope"\n', "'encryption.recipient' at line 2 to 'age1nope', but it must be an age public key"),
    ('[collectors]\nenabled = ["logs", "keylogger"]\n', "'keylogger' is not a collector"),
    ('[ui]\nlanguage = "xx"\n', "'ui.language' at line 2 to 'xx', but it must be ''"),
    ('[intake]\nproxy = "nonsense"\n', "'intake.proxy' at line 2"),
    ('[lock]\nkeys = "intake.endpoint"\n', "'lock.keys' at line 2 to 'intake.endpoint', but it must be a list"),
    ('[lock]\nevery = true\n', "unknown key 'lock.every' at line 2"),
    ('[lock]\nkeys = ["nope"]\n', "locks an unknown key 'nope' at line 2"),
])
def test_check_names_file_line_and_key_and_exits_7(run_cli, tmp_path, text, fragment):
    (tmp_path / "p.toml").write_text(text)
    result = run_cli("policy", "check", "p.toml")
    assert result.returncode == 7
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and "p.toml" in result.stderr
    assert fragment in result.stderr


def test_check_of_a_missing_file_exits_3(run_cli):
    result = run_cli("policy", "check", "absent.toml")
    assert result.returncode == 3
    assert result.stderr.strip() == "The policy file absent.toml does not exist."


def test_policy_without_action_is_a_usage_error(run_cli):
    result = run_cli("policy")
    assert result.returncode == 2 and "policy show" in result.stderr


def test_show_with_a_broken_policy_prints_defaults_then_the_problem_and_exits_7(run_cli,
                                                                               tmp_path):
    (tmp_path / "bad.toml").write_text('[retention]\ndays = "ten"\n')
    result = run_cli("policy", "show", env={"SUPPORT_ASSISTANT_POLICY": str(tmp_path / "bad.toml")})
    assert result.returncode == 7
    assert "retention.days" in result.stdout and "default" in result.stdout
    assert "'retention.days' at line 2" in result.stderr


def test_send_is_refused_with_a_broken_policy(run_cli, tmp_path):
    (tmp_path / "bad.toml").write_text('[intake]\nendpoint = 3\n')
    (tmp_path / "r.zip").write_bytes(b"PK")
    result = run_cli("send", "r.zip", "--session-credentials", "--organisation", "ACME",
                     input="token\n", env={"SUPPORT_ASSISTANT_POLICY": str(tmp_path / "bad.toml")})
    assert result.returncode == 7, result.stderr
    assert "Sending is disabled" in result.stderr and "bad.toml" in result.stderr
