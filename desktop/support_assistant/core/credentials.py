"""The customer's service credentials, kept only in the OS keyring.

Organisation (customer ID), access token and, unless IT fixed it in the policy,
the intake endpoint are stored as one entry of the OS keyring through
``keyring`` (Secret Service, macOS Keychain, Windows Credential Locker). They are
never written to a file, a log, a bundle or a command line, and the token is
masked wherever it is shown (``repr``, ``credentials show``).

When the system has no keyring backend, nothing is stored: the caller may
:func:`remember_for_session` credentials the user typed for this send only;
they live in this process's memory and are gone when it exits. There is no
plaintext fallback (``keyrings.alt`` must never be a runtime dependency).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import keyring
import keyring.backends.fail
import keyring.errors

from .errors import CredentialsError, PolicyError, UsageError
from .messages import msg, register

if TYPE_CHECKING:
    from .policy import Config

register({
    "credentials.no_keyring": (
        "No keyring is available on this system, so the service credentials cannot be "
        "stored; enter them for this send only (they are kept in memory, never on disk)."),
    "credentials.keyring_failed": (
        "The system keyring could not be used ({reason}); unlock it or enter the "
        "credentials for this send only."),
    "credentials.missing": (
        "No service credentials are stored; run 'support-assistant credentials set' "
        "with the organisation ID and access token your vendor gave you."),
    "credentials.unreadable": (
        "The service credentials in the keyring are damaged; run "
        "'support-assistant credentials set' again."),
    "credentials.bad_organisation": (
        "The organisation ID must be 1 to {limit} printable characters without spaces."),
    "credentials.bad_token": (
        "The access token must be 1 to {limit} printable characters without spaces."),
    "credentials.bad_endpoint": (
        "The intake endpoint '{endpoint}' is not an http(s) URL without a user name; "
        "give one like https://support.example.com/files/."),
    "credentials.endpoint_locked": (
        "The intake endpoint is fixed by your IT department's policy ({path}); "
        "it cannot be changed here."),
    "credentials.organisation_locked": (
        "The organisation ID is fixed by your IT department's policy ({path}); "
        "it cannot be changed here."),
})

SERVICE = "support-assistant"
"""Keyring service name (``$SUPPORT_ASSISTANT_KEYRING_SERVICE`` overrides it, for tests)."""
ENTRY = "service-credentials"
MAX_ORGANISATION = 200
MAX_TOKEN = 4096
MAX_ENDPOINT = 2048

_session: Credentials | None = None


@dataclass(frozen=True)
class Credentials:
    """Who the customer is to support. ``repr`` and ``masked_token`` never show the token."""

    organisation: str
    token: str = field(repr=False)
    endpoint: str = ""
    """The user's intake endpoint; empty means the policy's (or built-in) endpoint."""

    def __post_init__(self) -> None:
        validate_organisation(self.organisation)
        validate_token(self.token)
        if self.endpoint:
            validate_endpoint(self.endpoint)

    def __repr__(self) -> str:
        return (f"Credentials(organisation={self.organisation!r}, "
                f"token={self.masked_token!r}, endpoint={self.endpoint!r})")

    __str__ = __repr__

    @property
    def masked_token(self) -> str:
        """The token as it may be shown: ``********`` plus its last 4 characters if long."""
        return mask(self.token)


def mask(token: str) -> str:
    """A shown form of ``token`` that cannot be used (long tokens keep their last 4 chars)."""
    return "********" + (token[-4:] if len(token) >= 16 else "")


def _printable_word(value: str, limit: int) -> bool:
    return 0 < len(value) <= limit and value.isprintable() and not any(c.isspace() for c in value)


def validate_organisation(value: str) -> str:
    if not isinstance(value, str) or not _printable_word(value, MAX_ORGANISATION):
        raise UsageError(msg("credentials.bad_organisation", limit=MAX_ORGANISATION))
    return value


def validate_token(value: str) -> str:
    # The token itself never goes into the message: it may be a real secret typed wrongly.
    if not isinstance(value, str) or not _printable_word(value, MAX_TOKEN):
        raise UsageError(msg("credentials.bad_token", limit=MAX_TOKEN))
    return value


def validate_endpoint(value: str) -> str:
    """Accept an http(s) URL with a host and no embedded user name or password."""
    shown = value[:100] if isinstance(value, str) and value.isprintable() else "?"
    try:
        parts = urlsplit(value)
        ok = (len(value) <= MAX_ENDPOINT and parts.scheme in ("http", "https")
              and bool(parts.hostname) and parts.username is None and parts.password is None
              and value.isprintable() and not any(c.isspace() for c in value))
        _ = parts.port  # raises ValueError for a port out of range
    except ValueError:
        ok = False
    if not ok:
        raise UsageError(msg("credentials.bad_endpoint", endpoint=shown))
    return value


def service_name() -> str:
    return os.environ.get("SUPPORT_ASSISTANT_KEYRING_SERVICE") or SERVICE


def keyring_available() -> bool:
    """True when a real keyring backend is configured (not keyring's ``fail`` backend)."""
    try:
        backend = keyring.get_keyring()
    except keyring.errors.KeyringError:
        return False
    return not isinstance(backend, keyring.backends.fail.Keyring)


def backend_name() -> str:
    """A short name of the keyring backend in use, for ``credentials show``."""
    backend = keyring.get_keyring()
    inner = getattr(backend, "backends", None) or [backend]  # the chainer wraps the real ones
    return ", ".join(getattr(b, "name", type(b).__name__) for b in inner)


def store(credentials: Credentials) -> None:
    """Save ``credentials`` in the OS keyring; CredentialsError when there is none."""
    if not keyring_available():
        raise CredentialsError(msg("credentials.no_keyring"), detail={"no_keyring": True})
    value = json.dumps({"organisation": credentials.organisation, "token": credentials.token,
                        "endpoint": credentials.endpoint})
    try:
        keyring.set_password(service_name(), ENTRY, value)
    except keyring.errors.NoKeyringError as exc:
        raise CredentialsError(msg("credentials.no_keyring"), detail={"no_keyring": True}) from exc
    except keyring.errors.KeyringError as exc:
        raise CredentialsError(msg("credentials.keyring_failed", reason=_reason(exc))) from exc


def remember_for_session(credentials: Credentials | None) -> None:
    """Keep ``credentials`` in this process's memory only (for this send); None forgets them."""
    global _session
    _session = credentials


def session_credentials() -> Credentials | None:
    return _session


def load_optional() -> Credentials | None:
    """The credentials entered for this session, else the stored ones, else None.

    Raises CredentialsError only when a keyring exists but fails (locked, damaged).
    """
    if _session is not None:
        return _session
    if not keyring_available():
        return None
    try:
        value = keyring.get_password(service_name(), ENTRY)
    except keyring.errors.NoKeyringError:
        return None
    except keyring.errors.KeyringError as exc:
        raise CredentialsError(msg("credentials.keyring_failed", reason=_reason(exc))) from exc
    if value is None:
        return None
    try:
        data = json.loads(value)
        return Credentials(organisation=data["organisation"], token=data["token"],
                           endpoint=data.get("endpoint", ""))
    except (ValueError, KeyError, TypeError, UsageError) as exc:
        raise CredentialsError(msg("credentials.unreadable")) from exc


def load() -> Credentials:
    """Like :func:`load_optional` but raises CredentialsError when there are none."""
    found = load_optional()
    if found is None:
        if not keyring_available():
            raise CredentialsError(msg("credentials.no_keyring"), detail={"no_keyring": True})
        raise CredentialsError(msg("credentials.missing"))
    return found


def clear() -> bool:
    """Forget the stored and the session credentials; True when something was removed."""
    global _session
    removed = _session is not None
    _session = None
    if not keyring_available():
        return removed
    try:
        keyring.delete_password(service_name(), ENTRY)
        removed = True
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.NoKeyringError:
        pass
    except keyring.errors.KeyringError as exc:
        raise CredentialsError(msg("credentials.keyring_failed", reason=_reason(exc))) from exc
    return removed


def check_against_policy(credentials: Credentials, config: Config) -> None:
    """Refuse an endpoint or organisation that differs from one the IT policy locked."""
    where = config.policy_path
    if (credentials.endpoint and config.is_locked("intake.endpoint")
            and credentials.endpoint != config["intake.endpoint"]):
        raise PolicyError(msg("credentials.endpoint_locked", path=where))
    if (config.is_locked("intake.organisation") and config["intake.organisation"]
            and credentials.organisation != config["intake.organisation"]):
        raise PolicyError(msg("credentials.organisation_locked", path=where))


def effective_target(credentials: Credentials, config: Config,
                     endpoint_override: str | None = None) -> tuple[str, str]:
    """(endpoint, organisation) to send to: policy locks win, then the override, then the user's.

    An override of a locked endpoint is refused with PolicyError.
    """
    if config.is_locked("intake.endpoint"):
        if endpoint_override and endpoint_override != config["intake.endpoint"]:
            raise PolicyError(msg("credentials.endpoint_locked", path=config.policy_path))
        endpoint = config["intake.endpoint"]
    elif endpoint_override:
        endpoint = validate_endpoint(endpoint_override)
    else:
        endpoint = credentials.endpoint or config["intake.endpoint"]
    organisation = credentials.organisation
    if config.is_locked("intake.organisation") and config["intake.organisation"]:
        organisation = config["intake.organisation"]
    return endpoint, organisation


def _reason(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
