"""``support-assistant credentials set|show|clear``: the service credentials in the OS keyring."""

from __future__ import annotations

import argparse

from ..core.messages import msg, register
from . import _shared  # noqa: F401 - registers the shared flags' help

NAME = "credentials"
HELP = "credentials.help"

register({
    "credentials.help": "Store, show (masked) or clear the service credentials in the system keyring.",
    "credentials.set_help": "store the organisation ID and access token (the token is read from "
                            "standard input or a hidden prompt, never from the command line)",
    "credentials.show_help": "show the stored credentials with the token masked",
    "credentials.clear_help": "remove the stored credentials from the keyring",
    "credentials.endpoint_flag": "the intake endpoint, unless your IT department fixed it",
    "credentials.stored": "Stored the service credentials for {organisation} in the system keyring ({backend}); token {masked}.",
    "credentials.show": (
        "organisation: {organisation}\ntoken: {masked}\nendpoint: {endpoint} ({source})\n"
        "stored in: {backend}"),
    "credentials.source_locked": "fixed by IT policy",
    "credentials.source_user": "your setting",
    "credentials.source_default": "policy or built-in default",
    "credentials.source_session": "this session only",
    "credentials.cleared": "Removed the service credentials from the system keyring.",
    "credentials.none_to_clear": "No service credentials were stored.",
})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    set_parser = actions.add_parser("set", help=msg("credentials.set_help"))
    set_parser.add_argument("--organisation", help=msg("shared.organisation_flag"))
    set_parser.add_argument("--endpoint", help=msg("credentials.endpoint_flag"))
    actions.add_parser("show", help=msg("credentials.show_help"))
    actions.add_parser("clear", help=msg("credentials.clear_help"))


def run(args: argparse.Namespace) -> int:
    from ..core import credentials, policy
    from ..core.errors import CredentialsError
    from ._shared import read_organisation, read_token

    config = policy.load()
    if args.action == "set":
        if not credentials.keyring_available():  # refuse before asking for a token
            raise CredentialsError(msg("credentials.no_keyring"), detail={"no_keyring": True})
        organisation = read_organisation(args.organisation, config)
        endpoint = args.endpoint or ""
        if endpoint:
            credentials.validate_endpoint(endpoint)
        value = credentials.Credentials(organisation, read_token(), endpoint)
        credentials.check_against_policy(value, config)
        credentials.store(value)
        print(msg("credentials.stored", organisation=value.organisation,
                  backend=credentials.backend_name(), masked=value.masked_token))
        return 0
    if args.action == "show":
        value = credentials.load()
        endpoint, organisation = credentials.effective_target(value, config)
        if config.is_locked("intake.endpoint"):
            source = msg("credentials.source_locked")
        elif value.endpoint:
            source = msg("credentials.source_user")
        else:
            source = msg("credentials.source_default")
        backend = (msg("credentials.source_session") if credentials.session_credentials()
                   else credentials.backend_name())
        print(msg("credentials.show", organisation=organisation, masked=value.masked_token,
                  endpoint=endpoint, source=source, backend=backend))
        return 0
    removed = credentials.clear()
    print(msg("credentials.cleared" if removed else "credentials.none_to_clear"))
    return 0
