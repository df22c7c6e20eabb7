"""Service credentials live only in the keyring, are masked when shown, and never fall back to a file."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest

from support_assistant.core import credentials, policy
from support_assistant.core.errors import CredentialsError, PolicyError, UsageError

TOKEN = "tok-3f9a1c7e5b2d4a6c8e0f1a2b3c4d5e6f"


@pytest.fixture(autouse=True)
def _forget_session():
    credentials.remember_for_session(None)
    yield
    credentials.remember_for_session(None)


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_stored_credentials_come_back_from_the_keyring(memory_keyring):
    credentials.store(credentials.Credentials("ACME-001", TOKEN, "https://support.example.com/files/"))
    loaded = credentials.load()
    assert (loaded.organisation, loaded.token, loaded.endpoint) == (
        "ACME-001", TOKEN, "https://support.example.com/files/")
    assert len(memory_keyring.store) == 1


def test_token_never_appears_in_repr_or_str():
    value = credentials.Credentials("ACME-001", TOKEN)
    assert TOKEN not in repr(value)
    assert TOKEN not in str(value)
    assert TOKEN not in f"{value!r} {[value]}"
    assert value.masked_token == "********" + TOKEN[-4:]


def test_short_tokens_are_masked_entirely():
    assert credentials.mask("abc123") == "********"


def test_clear_removes_the_entry(memory_keyring):
    credentials.store(credentials.Credentials("ACME-001", TOKEN))
    assert credentials.clear() is True
    assert memory_keyring.store == {}
    assert credentials.load_optional() is None
    assert credentials.clear() is False


def test_missing_credentials_say_how_to_set_them():
    with pytest.raises(CredentialsError, match="credentials set") as info:
        credentials.load()
    assert info.value.exit_code == 14


def test_without_a_keyring_nothing_is_stored_and_the_message_offers_this_send_only(no_keyring):
    assert credentials.keyring_available() is False
    with pytest.raises(CredentialsError, match="for this send only") as info:
        credentials.store(credentials.Credentials("ACME-001", TOKEN))
    assert info.value.detail["no_keyring"] is True
    with pytest.raises(CredentialsError, match="No keyring is available"):
        credentials.load()


def test_session_credentials_live_in_memory_only(no_keyring, isolated_user_dirs):
    credentials.remember_for_session(credentials.Credentials("ACME-001", TOKEN))
    assert credentials.load().token == TOKEN
    written = [p for p in isolated_user_dirs.rglob("*") if p.is_file()]
    assert written == []
    credentials.clear()
    assert credentials.load_optional() is None


def test_a_damaged_keyring_entry_is_reported_not_used(memory_keyring):
    memory_keyring.store[(credentials.service_name(), credentials.ENTRY)] = "{not json"
    with pytest.raises(CredentialsError, match="damaged"):
        credentials.load()


@pytest.mark.parametrize(("organisation", "token", "endpoint", "message"), [
    ("", TOKEN, "", "organisation ID"),
    ("ACME 001", TOKEN, "", "organisation ID"),
    ("A" * 201, TOKEN, "", "organisation ID"),
    ("ACME\n", TOKEN, "", "organisation ID"),
    ("ACME", "", "", "access token"),
    ("ACME", "two words", "", "access token"),
    ("ACME", "x" * 4097, "", "access token"),
    ("ACME", "tok\x00en", "", "access token"),
    ("ACME", TOKEN, "ftp://example.com/", "not an http"),
    ("ACME", TOKEN, "https://user:pw@example.com/files/", "not an http"),
    ("ACME", TOKEN, "https:///files/", "not an http"),
    ("ACME", TOKEN, "https://example.com:99999/", "not an http"),
    ("ACME", TOKEN, "https://exa mple.com/", "not an http"),
])
def test_bad_credentials_are_refused_with_one_sentence(organisation, token, endpoint, message):
    with pytest.raises(UsageError, match=message) as info:
        credentials.Credentials(organisation, token, endpoint)
    assert TOKEN not in str(info.value)
    assert info.value.exit_code == 2


def _config_with_policy(tmp_path, text):
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return policy.load(policy_path=path)


def test_locked_policy_endpoint_wins_and_cannot_be_overridden(tmp_path):
    config = _config_with_policy(tmp_path, (
        '[intake]\nendpoint = "https://it.example.com/files/"\norganisation = "IT-ORG"\n'
        '[lock]\nkeys = ["intake.endpoint", "intake.organisation"]\n'))
    mine = credentials.Credentials("ACME-001", TOKEN, "")
    assert credentials.effective_target(mine, config) == ("https://it.example.com/files/", "IT-ORG")
    with pytest.raises(PolicyError, match="fixed by your IT"):
        credentials.effective_target(mine, config, "https://elsewhere.example.com/files/")
    with pytest.raises(PolicyError, match="fixed by your IT"):
        credentials.check_against_policy(
            credentials.Credentials("ACME-001", TOKEN, "https://elsewhere.example.com/"), config)


def test_user_endpoint_applies_when_the_policy_does_not_lock_it(tmp_path):
    config = _config_with_policy(tmp_path, '[intake]\nendpoint = "https://it.example.com/files/"\n')
    mine = credentials.Credentials("ACME-001", TOKEN, "https://mine.example.com/files/")
    assert credentials.effective_target(mine, config)[0] == "https://mine.example.com/files/"
    assert credentials.effective_target(credentials.Credentials("A", TOKEN), config)[0] == (
        "https://it.example.com/files/")
    assert credentials.effective_target(mine, config, "http://127.0.0.1:9/files/")[0] == (
        "http://127.0.0.1:9/files/")


@pytest.mark.keyring
def test_real_secret_service_stores_and_clears(monkeypatch):
    monkeypatch.setenv("SUPPORT_ASSISTANT_KEYRING_SERVICE", "support-assistant-test-credentials")
    assert credentials.keyring_available(), "run through scripts/run-tests (gnome-keyring)"
    credentials.store(credentials.Credentials("ACME-001", TOKEN, "http://127.0.0.1:1/files/"))
    try:
        assert credentials.load().token == TOKEN
        assert "Secret" in credentials.backend_name() or "secret" in credentials.backend_name()
    finally:
        assert credentials.clear() is True
    assert credentials.load_optional() is None
