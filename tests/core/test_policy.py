"""Layered configuration: defaults < IT policy with locks < user; broken policy fails closed."""

import pytest

from support_assistant.core import policy
from support_assistant.core.errors import PolicyError


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_any_file(tmp_path):
    config = policy.load(tmp_path / "none.toml", tmp_path / "user.toml")
    assert config["intake.endpoint"] == policy.DEFAULT_ENDPOINT
    assert config.sources["intake.endpoint"] == "default"
    config.require_sendable()


def test_locked_policy_key_beats_user_setting(tmp_path):
    pol = write(tmp_path / "policy.toml", '[intake]\nendpoint = "https://corp.example/files/"\n'
                '[lock]\nkeys = ["intake.endpoint"]\n')
    user = write(tmp_path / "user.toml", '[intake]\nendpoint = "https://evil.example/"\n'
                 '[retention]\ndays = 3\n')
    config = policy.load(pol, user)
    assert config["intake.endpoint"] == "https://corp.example/files/"
    assert config["retention.days"] == 3
    with pytest.raises(PolicyError, match="locked"):
        policy.save_user_setting(config, "intake.endpoint", "https://x/", user)


@pytest.mark.parametrize("text, fragment", [
    ('[intake]\nendpoint = "x\n', "not valid TOML at line 2"),
    ('[intake]\nendpont = "x"\n', "unknown key 'intake.endpont' at line 2"),
    ('[retention]\ndays = "ten"\n', "'retention.days' at line 2"),
    ('[lock]\nkeys = ["nope"]\n', "locks an unknown key"),
])
def test_malformed_policy_fails_closed_with_file_and_line(tmp_path, text, fragment):
    pol = write(tmp_path / "policy.toml", text)
    config = policy.load(pol, tmp_path / "user.toml")
    assert fragment in config.problem and str(pol) in config.problem
    with pytest.raises(PolicyError, match="Sending is disabled"):
        config.require_sendable()


def test_user_setting_round_trips(tmp_path):
    user = tmp_path / "user.toml"
    config = policy.load(tmp_path / "none.toml", user)
    policy.save_user_setting(config, "logs.paths", {"Demo": ["/var/log/demo/*.log"]}, user)
    assert policy.load(tmp_path / "none.toml", user)["logs.paths"] == {"Demo": ["/var/log/demo/*.log"]}
