"""Tokens of the reference intake: only hashes on disk, clear errors for a bad file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import requests
from intake_harness import IntakeServer

from support_assistant.core.errors import InputError, UsageError
from support_assistant.intake.tokens import Principal, TokenStore, add_token, pbkdf2_hash


def test_add_token_stores_only_a_hash_in_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "tokens.toml"
    customer = add_token(path, customer="ACME-001", name="ACME")
    engineer = add_token(path, engineer=True, name="alice")
    text = path.read_text()
    assert customer not in text and engineer not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    store = TokenStore(path)
    assert store.authenticate(customer) == Principal("customer", "ACME-001", "ACME")
    assert store.authenticate(engineer) == Principal("engineer", "", "alice")
    assert store.authenticate(customer + "x") is None
    assert store.authenticate("") is None


def test_json_token_files_work_too(tmp_path: Path) -> None:
    path = tmp_path / "tokens.json"
    token = add_token(path, customer="ACME")
    assert TokenStore(path).authenticate(token).customer == "ACME"


def test_a_token_chosen_by_a_person_can_be_stored_as_pbkdf2(tmp_path: Path) -> None:
    path = tmp_path / "tokens.toml"
    path.write_text(f'[[token]]\ncustomer = "ACME"\ntoken_hash = "{pbkdf2_hash("horse", 1000)}"\n')
    store = TokenStore(path)
    assert store.authenticate("horse") == Principal("customer", "ACME", "")
    assert store.authenticate("battery") is None


def test_a_token_added_while_the_server_runs_works_at_once(shared_intake: IntakeServer) -> None:
    token = add_token(shared_intake.tokens_file, customer="LATE-1")
    response = requests.get(shared_intake.url + "api/whoami", timeout=10,
                            headers={"Authorization": f"Bearer {token}"})
    assert response.json()["customer"] == "LATE-1"


@pytest.mark.parametrize(("content", "problem"), [
    ("[[token]\n", "malformed"),
    ('[[token]]\ncustomer = "A"\nrole = "admin"\ntoken_sha256 = "' + "0" * 64 + '"\n', "role"),
    ('[[token]]\nrole = "customer"\ntoken_sha256 = "' + "0" * 64 + '"\n', "customer"),
    ('[[token]]\ncustomer = "A"\ntoken_sha256 = "xyz"\n', "64 hex digits"),
    ('[[token]]\ncustomer = "A"\n', "token_sha256"),
    ('[[token]]\ncustomer = "../etc"\ntoken_sha256 = "' + "0" * 64 + '"\n', "customer"),
    ("token = 5\n", "list of tables"),
])
def test_a_malformed_tokens_file_is_named_with_the_problem(tmp_path: Path, content: str,
                                                           problem: str) -> None:
    path = tmp_path / "tokens.toml"
    path.write_text(content)
    with pytest.raises(InputError) as caught:
        TokenStore(path)
    assert str(path) in str(caught.value) and problem in str(caught.value)


@pytest.mark.parametrize("customer", ["", "has space", "a/b", "x" * 101, "naïve"])
def test_add_token_refuses_customer_ids_that_are_not_plain(tmp_path: Path, customer: str) -> None:
    with pytest.raises(UsageError):
        add_token(tmp_path / "tokens.toml", customer=customer)
    assert not (tmp_path / "tokens.toml").exists()


def test_add_token_never_appends_to_a_file_it_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "tokens.toml"
    path.write_text("not = [valid\n")
    with pytest.raises(InputError):
        add_token(path, customer="ACME")
    assert path.read_text() == "not = [valid\n"
