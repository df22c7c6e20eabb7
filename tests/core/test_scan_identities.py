"""This machine's identities: login, real name, host names, e-mail, and values passed in."""

from __future__ import annotations

import getpass
import socket

from support_assistant.core.scan import local_identities


def test_local_identities_name_this_user_and_host():
    found = local_identities()
    assert getpass.getuser() in found.logins
    assert socket.gethostname() in found.hosts


def test_git_email_and_passed_values_are_included(isolated_user_dirs, monkeypatch, tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[core]\n\teditor = vi\n[user]\n\tname = Li Na\n"
                                     "\temail = li.na@corp.example-co.com\n")
    monkeypatch.setenv("HOME", str(home))
    found = local_identities(credential="cred-0123456789", contact_email="me@mail.acme.com")
    assert found.emails == ("li.na@corp.example-co.com", "me@mail.acme.com")
    assert found.credentials == ("cred-0123456789",)
    literals = dict(found.literals())
    assert literals[b"cred-0123456789"] == "token" and literals[b"me@mail.acme.com"] == "email"
    assert "cred-0123456789" not in repr(found)  # the credential never shows in logs
