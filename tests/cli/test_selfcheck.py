"""``support-assistant selfcheck``: a table of installation checks; non-zero on a problem."""

from __future__ import annotations

import socket

import pytest

from outbox_support import shared_intake  # noqa: F401 - fixture

NO_KEYRING = {"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}


def rows(stdout: str) -> dict[str, tuple[str, str]]:
    """CHECK -> (STATUS, DETAIL) from the printed table (names are two words at most)."""
    table = {}
    for line in stdout.splitlines()[1:-1]:
        name, rest = line[:16].strip(), line[17:]
        status, _, detail = rest.partition(" ")
        table[name] = (status, detail.strip())
    return table


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_broken_policy_is_the_first_problem_and_exits_7(run_cli, tmp_path):
    (tmp_path / "p.toml").write_text('[retention]\ndays = "x"\n')
    result = run_cli("selfcheck", env={"SUPPORT_ASSISTANT_POLICY": str(tmp_path / "p.toml"),
                                       **NO_KEYRING})
    assert result.returncode == 7, result.stdout + result.stderr
    table = rows(result.stdout)
    assert table["IT policy"][0] == "PROBLEM" and "'retention.days' at line 2" in table["IT policy"][1]
    assert table["Intake endpoint"] == ("warning", "not checked: the policy is broken")
    assert "problem(s) found" in result.stdout.splitlines()[-1]


def test_headless_without_keyring_or_intake_reports_each_problem(run_cli, tmp_path):
    port = closed_port()
    (tmp_path / "p.toml").write_text(f'[intake]\nendpoint = "http://127.0.0.1:{port}/files/"\n')
    result = run_cli("selfcheck", env={"SUPPORT_ASSISTANT_POLICY": str(tmp_path / "p.toml"),
                                       "QT_QPA_PLATFORM": "offscreen", "DISPLAY": "",
                                       **NO_KEYRING})
    table = rows(result.stdout)
    assert table["IT policy"][0] == "ok"
    assert table["Qt platform"][0] == "warning" and "offscreen" in table["Qt platform"][1]
    assert table["Screenshots"][0] == "PROBLEM"
    assert table["Keyring"] == ("PROBLEM",
                                "no keyring backend: credentials cannot be stored (fail Keyring)")
    assert table["Intake endpoint"] == (
        "PROBLEM", f"http://127.0.0.1:{port}/files/ cannot be reached: Connection refused")
    assert result.returncode == 15  # the first problem: no display for screenshots
    assert result.stdout.splitlines()[-1] == "3 problem(s) found; see the table above."


@pytest.mark.display
@pytest.mark.keyring
def test_everything_ok_on_a_desktop_with_keyring_and_intake(run_cli, x_display, tmp_path,
                                                            shared_intake):  # noqa: F811
    (tmp_path / "p.toml").write_text(f'[intake]\nendpoint = "{shared_intake.endpoint}"\n')
    result = run_cli("selfcheck", env={"SUPPORT_ASSISTANT_POLICY": str(tmp_path / "p.toml")})
    assert result.returncode == 0, result.stdout + result.stderr
    table = rows(result.stdout)
    assert {status for status, _ in table.values()} == {"ok"}, result.stdout
    assert table["Qt platform"][1].startswith("xcb (Qt 6.")
    assert "tus 1.0.0" in table["Intake endpoint"][1]
    assert result.stdout.splitlines()[-1] == "Everything needed to report problems works."
