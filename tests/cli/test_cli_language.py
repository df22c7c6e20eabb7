"""The command line speaks the user's language: system locale, IT policy or --language."""

from __future__ import annotations

import pytest

EMPTY_EN = "No report has been sent yet."
EMPTY_ZH = "尚未发送任何报告。"


@pytest.mark.parametrize(("env", "args", "expected"), [
    ({"LANG": "zh_CN.UTF-8"}, [], EMPTY_ZH),
    ({"LANG": "zh_CN.UTF-8"}, ["--language", "en"], EMPTY_EN),
    ({"LANG": "C.UTF-8"}, ["--language", "zh_CN"], EMPTY_ZH),
    ({"LANG": "C.UTF-8", "LANGUAGE": "zh_CN:en"}, [], EMPTY_EN),  # LANG first (as in Qt)
], ids=["system-zh", "flag-beats-system", "flag-zh", "LANG-wins"])
def test_cli_follows_system_language_or_flag(run_cli, env, args, expected):
    clean = {"LC_ALL": "", "LC_MESSAGES": "", "LANGUAGE": "", **env}
    result = run_cli(*args, "history", env=clean)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout


def test_it_policy_forces_the_language(run_cli, tmp_path):
    (tmp_path / "no-policy.toml").write_text('[ui]\nlanguage = "zh_CN"\n', encoding="utf-8")
    result = run_cli("history", env={"LANG": "C.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert EMPTY_ZH in result.stdout
    failing = run_cli("inspect", str(tmp_path / "missing.zip"),
                      env={"LANG": "en_US.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert failing.returncode == 3
    assert "没有数据包" in failing.stderr and failing.stderr[-1] == "\n"


def test_help_is_translated(run_cli):
    result = run_cli("--language", "zh_CN", "--help", env={"LANG": "C.UTF-8"})
    assert "在您的批准下收集、审阅、遮盖并发送支持报告。" in result.stdout
