"""``support-assistant credentials``: the token comes from stdin or a hidden prompt and is shown masked."""

from __future__ import annotations

import pytest

TOKEN = "tok-5e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b"
NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def files_under(root):
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.mark.keyring
def test_set_show_clear_with_the_real_keyring(run_cli):
    stored = run_cli("credentials", "set", "--organisation", "ACME-001", "--endpoint",
                     "https://support.example.com/files/", input=TOKEN + "\n")
    assert stored.returncode == 0, stored.stderr
    assert "ACME-001" in stored.stdout and TOKEN not in stored.stdout + stored.stderr
    shown = run_cli("credentials", "show")
    assert shown.returncode == 0, shown.stderr
    assert "organisation: ACME-001" in shown.stdout
    assert f"token: ********{TOKEN[-4:]}" in shown.stdout
    assert "https://support.example.com/files/ (your setting)" in shown.stdout
    assert "SecretService" in shown.stdout
    assert TOKEN not in shown.stdout + shown.stderr
    cleared = run_cli("credentials", "clear")
    assert cleared.returncode == 0 and "Removed" in cleared.stdout
    gone = run_cli("credentials", "show")
    assert gone.returncode == 14 and "credentials set" in gone.stderr


def test_the_token_cannot_be_given_on_the_command_line(run_cli):
    result = run_cli("credentials", "set", "--organisation", "ACME", "--token", TOKEN)
    assert result.returncode == 2


def test_without_a_keyring_set_refuses_and_writes_nothing(run_cli, isolated_user_dirs):
    result = run_cli("credentials", "set", "--organisation", "ACME-001", input=TOKEN,
                     env=NO_KEYRING)
    assert result.returncode == 14
    assert "No keyring is available" in result.stderr and "this send only" in result.stderr
    assert all(TOKEN.encode() not in p.read_bytes() for p in files_under(isolated_user_dirs))


@pytest.mark.keyring
@pytest.mark.parametrize(("args", "stdin", "message", "code"), [
    (["--organisation", "ACME"], "", "No access token was given", 2),
    (["--organisation", "AC ME"], TOKEN, "organisation ID must be", 2),
    (["--organisation", "ACME"], "two words", "access token must be", 2),
    (["--organisation", "ACME", "--endpoint", "ftp://x.example.com/"], TOKEN, "not an http(s) URL", 2),
    ([], TOKEN, "No organisation ID was given", 2),
])
def test_bad_credentials_input_is_refused(run_cli, args, stdin, message, code):
    result = run_cli("credentials", "set", *args, input=stdin)
    assert result.returncode == code, result.stderr
    assert message in result.stderr and TOKEN not in result.stderr
    assert run_cli("credentials", "show").returncode == 14  # nothing was stored


@pytest.mark.keyring
def test_an_endpoint_locked_by_it_cannot_be_changed(run_cli, tmp_path):
    policy = tmp_path / "it-policy.toml"
    policy.write_text('[intake]\nendpoint = "https://it.example.com/files/"\n'
                      '[lock]\nkeys = ["intake.endpoint"]\n', encoding="utf-8")
    env = {"SUPPORT_ASSISTANT_POLICY": str(policy)}
    refused = run_cli("credentials", "set", "--organisation", "ACME", "--endpoint",
                      "https://mine.example.com/files/", input=TOKEN, env=env)
    assert refused.returncode == 7 and "fixed by your IT department" in refused.stderr
    accepted = run_cli("credentials", "set", "--organisation", "ACME", input=TOKEN, env=env)
    assert accepted.returncode == 0, accepted.stderr
    shown = run_cli("credentials", "show", env=env)
    assert "https://it.example.com/files/ (fixed by IT policy)" in shown.stdout
