"""The support engineer's side of the intake: connection, age identity, and the bundle API.

The engineer's intake address and token are one entry of the OS keyring
(``engineer-intake``), and the age identity that opens encrypted bundles is
either kept in the keyring itself (``engineer-identity``, the secret key) or
named as a file chosen once (only its path is kept). Nothing here is written to
a settings file. :class:`InboxClient` lists, downloads (streamed, sha256
checked, into a private folder) and deletes bundles through the intake's
engineer API (``/api/bundles``); a customer token sees only its own bundles,
which is the intake's rule, not ours.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

import keyring
import keyring.errors
import requests

from .bundle_format import safe_component
from .credentials import keyring_available, mask, service_name, validate_endpoint, validate_token
from .errors import Cancelled, CredentialsError, CredentialsRejected, InputError, UploadError
from .messages import msg, register
from .paths import cache_dir
from .transport import check_url, make_session, origin_text

register({
    "inbox.unreachable": "The intake at {origin} cannot be reached ({reason}); check the address and your network.",
    "inbox.rejected": "The intake at {origin} refused the engineer token (HTTP {status}); enter a valid token under Connection.",
    "inbox.gone": "The bundle {id} is no longer on the intake; refresh the inbox.",
    "inbox.still_arriving": "The bundle {id} is still arriving; try again when its upload is complete.",
    "inbox.failed": "The intake at {origin} answered HTTP {status} to {what}; try again later or tell its administrator.",
    "inbox.bad_answer": "The intake at {origin} sent an answer that is not a bundle list; check that the address is a Support Assistant intake.",
    "inbox.hash_mismatch": "The downloaded bundle {id} does not match the sha256 the intake recorded; download it again.",
    "inbox.no_connection": "No intake connection is set; enter the intake address and your engineer token under Connection.",
    "inbox.cancelled": "The download was cancelled; nothing was kept.",
    "inbox.identity_missing": "The identity file {path} chosen for encrypted bundles is gone; choose it again.",
})

CONNECTION_ENTRY = "engineer-intake"
IDENTITY_ENTRY = "engineer-identity"
TIMEOUT = (5, 60)
_CHUNK = 1 << 20
MAX_LIST_BYTES = 32 << 20


@dataclass(frozen=True)
class Connection:
    """Where the intake is and the engineer's token (never shown: ``repr`` masks it)."""

    url: str
    token: str = field(repr=False)
    ca_bundle: str = ""

    def __post_init__(self) -> None:
        validate_endpoint(self.url)
        validate_token(self.token)

    def __repr__(self) -> str:
        return f"Connection(url={self.url!r}, token={mask(self.token)!r})"

    @property
    def base(self) -> str:
        """The intake's root URL (a tus endpoint ``…/files/`` is cut back to its root)."""
        url = self.url if self.url.endswith("/") else self.url + "/"
        return url[: -len("files/")] if url.endswith("/files/") else url


@dataclass(frozen=True)
class InboxEntry:
    """One bundle on the intake as its API lists it."""

    id: str
    customer: str
    filename: str
    product: str
    size: int
    received_bytes: int
    complete: bool
    sha256: str
    received: str
    follows: str
    metadata: dict[str, str]

    @property
    def state(self) -> str:
        return "complete" if self.complete else "receiving"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> InboxEntry:
        meta = data.get("metadata") or {}
        return cls(id=str(data["id"]), customer=str(data.get("customer") or ""),
                   filename=str(data.get("filename") or ""), product=str(data.get("product") or ""),
                   size=int(data.get("size") or 0), received_bytes=int(data.get("received_bytes") or 0),
                   complete=bool(data.get("complete")), sha256=str(data.get("sha256") or ""),
                   received=str(data.get("received") or ""), follows=str(data.get("follows") or ""),
                   metadata={str(k): str(v) for k, v in meta.items()} if isinstance(meta, dict)
                   else {})


# --- keyring ---------------------------------------------------------------------------------
def _get(entry: str) -> str | None:
    if not keyring_available():
        return None
    try:
        return keyring.get_password(service_name(), entry)
    except keyring.errors.KeyringError as exc:
        raise CredentialsError(msg("credentials.keyring_failed", reason=str(exc)[:200])) from exc


def _set(entry: str, value: str | None) -> None:
    if not keyring_available():
        raise CredentialsError(msg("credentials.no_keyring"), detail={"no_keyring": True})
    try:
        if value is None:
            with contextlib.suppress(keyring.errors.PasswordDeleteError):
                keyring.delete_password(service_name(), entry)
        else:
            keyring.set_password(service_name(), entry, value)
    except keyring.errors.KeyringError as exc:
        raise CredentialsError(msg("credentials.keyring_failed", reason=str(exc)[:200])) from exc


def store_connection(connection: Connection) -> None:
    _set(CONNECTION_ENTRY, json.dumps({"url": connection.url, "token": connection.token,
                                       "ca_bundle": connection.ca_bundle}))


def load_connection() -> Connection | None:
    value = _get(CONNECTION_ENTRY)
    if value is None:
        return None
    try:
        data = json.loads(value)
        return Connection(data["url"], data["token"], data.get("ca_bundle", ""))
    except (ValueError, KeyError, TypeError) as exc:
        raise CredentialsError(msg("credentials.unreadable")) from exc


def store_identity_key(secret: str) -> None:
    """Keep the age identity itself in the keyring (checked first: InputError if invalid)."""
    from .bundle_crypto import parse_identities_text
    parse_identities_text(secret, "the keyring")
    _set(IDENTITY_ENTRY, json.dumps({"key": secret.strip()}))


def store_identity_file(path: Path) -> None:
    """Remember the identity file chosen once (only its path; checked first)."""
    from .bundle_crypto import load_identities
    load_identities(Path(path))
    _set(IDENTITY_ENTRY, json.dumps({"file": str(Path(path).resolve())}))


def forget_identity() -> None:
    _set(IDENTITY_ENTRY, None)


def identity_source() -> str:
    """``key``, ``file:<path>`` or ``''`` (none set)."""
    value = _get(IDENTITY_ENTRY)
    if not value:
        return ""
    data = json.loads(value)
    return "key" if "key" in data else f"file:{data.get('file', '')}"


def load_identities() -> list[Any] | None:
    """The engineer's age identities from the keyring entry, or None when none is set."""
    value = _get(IDENTITY_ENTRY)
    if not value:
        return None
    try:
        data = json.loads(value)
    except ValueError as exc:
        raise CredentialsError(msg("credentials.unreadable")) from exc
    if "key" in data:
        from .bundle_crypto import parse_identities_text
        return parse_identities_text(data["key"], "the keyring")
    path = Path(data.get("file", ""))
    if not path.is_file():
        raise InputError(msg("inbox.identity_missing", path=path))
    from .bundle_crypto import load_identities as load_file
    return load_file(path)


# --- the API ---------------------------------------------------------------------------------
class InboxClient:
    """The intake's engineer API for one connection (see the module docstring)."""

    def __init__(self, connection: Connection) -> None:
        check_url(connection.base)
        self.connection = connection
        self.origin = origin_text(connection.base)
        self._session = make_session(connection.ca_bundle, "direct")
        self._session.headers["Authorization"] = f"Bearer {connection.token}"

    def _url(self, path: str) -> str:
        return urljoin(self.connection.base, path)

    def _request(self, method: str, path: str, what: str, bundle_id: str = "",
                 **kwargs: Any) -> requests.Response:
        try:
            response = self._session.request(method, self._url(path), timeout=TIMEOUT,
                                             allow_redirects=False, **kwargs)
        except requests.RequestException as exc:
            raise UploadError(msg("inbox.unreachable", origin=self.origin,
                                  reason=type(exc).__name__)) from exc
        if response.status_code in (401, 403):
            response.close()
            raise CredentialsRejected(msg("inbox.rejected", origin=self.origin,
                                          status=response.status_code))
        if response.status_code == 404 and bundle_id:
            response.close()
            raise UploadError(msg("inbox.gone", id=bundle_id))
        if response.status_code == 409 and bundle_id:
            response.close()
            raise UploadError(msg("inbox.still_arriving", id=bundle_id))
        if response.status_code >= 300:
            response.close()
            raise UploadError(msg("inbox.failed", origin=self.origin, status=response.status_code,
                                  what=what))
        return response

    def whoami(self) -> dict[str, str]:
        response = self._request("GET", "api/whoami", "whoami")
        try:
            return {str(k): str(v) for k, v in response.json().items()}
        except (ValueError, AttributeError) as exc:
            raise UploadError(msg("inbox.bad_answer", origin=self.origin)) from exc

    def list(self) -> list[InboxEntry]:
        """Every bundle this token may see, newest first."""
        response = self._request("GET", "api/bundles", "the bundle list")
        if len(response.content) > MAX_LIST_BYTES:
            raise UploadError(msg("inbox.bad_answer", origin=self.origin))
        try:
            entries = [InboxEntry.from_json(item) for item in response.json()]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UploadError(msg("inbox.bad_answer", origin=self.origin)) from exc
        return sorted(entries, key=lambda e: e.received, reverse=True)

    def download(self, entry: InboxEntry, folder: Path | None = None,
                 progress: Callable[[int, int, str], None] | None = None,
                 cancel: threading.Event | None = None) -> Path:
        """Stream the bundle into ``folder`` (default: a private download folder)."""
        folder = Path(folder) if folder is not None else downloads_dir()
        suffix = ".zip.age" if entry.filename.endswith(".age") else ".zip"
        target = folder / f"{safe_component(entry.id, 'bundle')}{suffix}"
        response = self._request("GET", f"api/bundles/{quote(entry.id, safe='')}/download",
                                 "the download", bundle_id=entry.id, stream=True)
        handle, temporary = tempfile.mkstemp(prefix=".download-", dir=folder)
        digest = hashlib.sha256()
        done = 0
        try:
            with os.fdopen(handle, "wb") as out, response:
                for block in response.iter_content(_CHUNK):
                    if cancel is not None and cancel.is_set():
                        raise Cancelled(msg("inbox.cancelled"))
                    out.write(block)
                    digest.update(block)
                    done += len(block)
                    if progress:
                        progress(done, entry.size, entry.id)
            if entry.sha256 and digest.hexdigest() != entry.sha256:
                raise UploadError(msg("inbox.hash_mismatch", id=entry.id))
            os.replace(temporary, target)
        except requests.RequestException as exc:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise UploadError(msg("inbox.unreachable", origin=self.origin,
                                  reason=type(exc).__name__)) from exc
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
        return target

    def delete(self, bundle_id: str) -> None:
        """Delete the bundle on the intake (a customer's deletion request)."""
        self._request("DELETE", f"api/bundles/{quote(bundle_id, safe='')}", "the deletion",
                      bundle_id=bundle_id).close()

    def close(self) -> None:
        self._session.close()


def downloads_dir() -> Path:
    """The private (0700) folder downloaded bundles go to."""
    folder = cache_dir() / "console-downloads"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder
