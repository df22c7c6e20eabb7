"""The engineer's intake connection and age identity: keyring only, never shown, clear errors."""

from __future__ import annotations

import json

import keyring
import keyring.backends.fail
import pytest
from pyrage import x25519

from support_assistant.core import inbox
from support_assistant.core.credentials import service_name
from support_assistant.core.errors import CredentialsError, InputError, UsageError

TOKEN = "eng-token-0123456789abcdef"


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_connection_comes_back_from_the_keyring_and_never_shows_the_token(memory_keyring):
    connection = inbox.Connection("https://intake.example.com/files/", TOKEN)
    inbox.store_connection(connection)
    assert inbox.load_connection() == connection
    assert connection.base == "https://intake.example.com/"
    assert TOKEN not in repr(connection) and TOKEN not in str(connection)


@pytest.mark.parametrize(("url", "token", "message"), [
    ("ftp://intake.example.com/", TOKEN, r"is not an http\(s\) URL"),
    ("https://user:pw@intake.example.com/", TOKEN, r"is not an http\(s\) URL"),
    ("https://intake.example.com/", "has space", "The access token must be"),
    ("https://intake.example.com/", "", "The access token must be"),
])
def test_bad_connections_are_refused_with_one_sentence(url, token, message):
    with pytest.raises(UsageError, match=message):
        inbox.Connection(url, token)


def test_plain_http_to_another_computer_is_refused():
    from support_assistant.core.errors import TransportSecurityError
    with pytest.raises(TransportSecurityError, match="plain http"):
        inbox.InboxClient(inbox.Connection("http://intake.example.com/", TOKEN))


def test_identity_file_is_remembered_by_path_and_its_disappearance_explained(memory_keyring,
                                                                             tmp_path):
    identity = x25519.Identity.generate()
    key = tmp_path / "k.txt"
    key.write_text(f"{identity}\n")
    inbox.store_identity_file(key)
    stored = json.loads(memory_keyring.get_password(service_name(), inbox.IDENTITY_ENTRY))
    assert stored == {"file": str(key.resolve())}  # the path only, not the key
    assert [str(i) for i in inbox.load_identities()] == [str(identity)]
    key.unlink()
    with pytest.raises(InputError, match="is gone; choose it again"):
        inbox.load_identities()


def test_a_bad_identity_is_refused_before_it_is_kept(memory_keyring, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("AGE-SECRET-KEY-1NOTAKEY\n")
    with pytest.raises(InputError, match="invalid age identity on line 1"):
        inbox.store_identity_file(bad)
    with pytest.raises(InputError, match="holds no age identity"):
        inbox.store_identity_key("# only a comment\n")
    assert inbox.identity_source() == "" and inbox.load_identities() is None


def test_without_a_keyring_nothing_is_stored(no_keyring):
    with pytest.raises(CredentialsError, match="No keyring is available"):
        inbox.store_connection(inbox.Connection("https://intake.example.com/", TOKEN))
    assert inbox.load_connection() is None and inbox.load_identities() is None


@pytest.mark.keyring
def test_real_secret_service_keeps_the_connection_and_identity(monkeypatch):
    monkeypatch.setenv("SUPPORT_ASSISTANT_KEYRING_SERVICE", "support-assistant-test-console")
    from support_assistant.core.credentials import keyring_available
    assert keyring_available(), "run through scripts/run-tests (gnome-keyring)"
    identity = x25519.Identity.generate()
    connection = inbox.Connection("http://127.0.0.1:9/", TOKEN)
    try:
        inbox.store_connection(connection)
        inbox.store_identity_key(str(identity))
        assert inbox.load_connection() == connection
        assert [str(i) for i in inbox.load_identities()] == [str(identity)]
    finally:
        inbox.forget_identity()
        keyring.delete_password(service_name(), inbox.CONNECTION_ENTRY)
    assert inbox.load_connection() is None and inbox.identity_source() == ""
