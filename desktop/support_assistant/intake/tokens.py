"""Service and engineer tokens of the reference intake: a file of hashes, never of tokens.

The file is TOML (or JSON with the same shape), one ``[[token]]`` table per token::

    [[token]]
    customer = "ACME-001"          # whose bundles this token uploads and sees
    role = "customer"              # or "engineer": lists, downloads and deletes every bundle
    name = "ACME production"       # a label for people
    token_sha256 = "9f86d0..."     # hex sha256 of the token (what add-token writes)
    # or: token_hash = "pbkdf2_sha256$600000$<salt b64>$<hash b64>"
    #  or token_hash = "scrypt$16384$8$1$<salt b64>$<hash b64>"

``add-token`` generates a random token, prints it once and stores only its hash.
Tokens are long random strings, so a plain sha256 is enough to keep them secret
at rest; pbkdf2/scrypt entries are accepted for tokens chosen by people. The file
is re-read when it changes, so tokens can be added while the server runs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import threading
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..core.errors import InputError, UsageError
from ..core.messages import msg, register

register({
    "intake.tokens.unreadable": "The tokens file {path} cannot be read: {reason}.",
    "intake.tokens.malformed": "The tokens file {path} is malformed: {reason}.",
    "intake.tokens.bad_customer": "The customer ID {customer!r} is not allowed: use 1 to 100 "
                                  "letters, digits, '-', '_' or '.'.",
})

ROLES = ("customer", "engineer")


@dataclass(frozen=True)
class Principal:
    """Who a request comes from: a customer's service token or an engineer."""

    role: str
    customer: str
    name: str = ""

    @property
    def is_engineer(self) -> bool:
        return self.role == "engineer"


@dataclass(frozen=True)
class _Entry:
    principal: Principal
    sha256: str = ""
    slow_hash: str = ""


class TokenStore:
    """Checks bearer tokens against the hashes in a tokens file (re-read on change)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._by_sha256: dict[str, Principal] = {}
        self._slow: list[_Entry] = []
        self._verified: dict[str, Principal] = {}
        self._reload()

    def authenticate(self, token: str) -> Principal | None:
        """The principal for ``token``, or None when it matches no entry."""
        if not token:
            return None
        self._reload()
        digest = hashlib.sha256(token.encode("utf-8")).hexdigest()
        with self._lock:
            found = self._by_sha256.get(digest) or self._verified.get(digest)
            if found is not None:
                return found
            for entry in self._slow:
                if _verify_slow(token, entry.slow_hash):
                    self._verified[digest] = entry.principal
                    return entry.principal
        return None

    def _reload(self) -> None:
        try:
            stat = self.path.stat()
        except OSError as exc:
            raise InputError(msg("intake.tokens.unreadable", path=self.path,
                                 reason=exc.strerror)) from exc
        stamp = (stat.st_mtime_ns, stat.st_size)
        if stamp == self._stamp:
            return
        entries = read_entries(self.path)
        by_sha256: dict[str, Principal] = {}
        slow: list[_Entry] = []
        for entry in entries:
            if entry.sha256:
                by_sha256[entry.sha256] = entry.principal
            else:
                slow.append(entry)
        with self._lock:
            self._by_sha256, self._slow, self._verified = by_sha256, slow, {}
            self._stamp = stamp


def read_entries(path: Path) -> list[_Entry]:
    """Parse and validate a tokens file; raises InputError naming the problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(msg("intake.tokens.unreadable", path=path, reason=exc.strerror)) from exc
    text = raw.decode("utf-8", errors="replace")
    try:
        document: Any = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise InputError(msg("intake.tokens.malformed", path=path, reason=exc)) from exc
    tables = document.get("token", []) if isinstance(document, dict) else document
    if not isinstance(tables, list):
        raise InputError(msg("intake.tokens.malformed", path=path,
                             reason="'token' must be a list of tables"))
    entries = []
    for number, table in enumerate(tables, start=1):
        entries.append(_entry(path, number, table))
    return entries


def _entry(path: Path, number: int, table: Any) -> _Entry:
    def bad(reason: str) -> InputError:
        return InputError(msg("intake.tokens.malformed", path=path,
                              reason=f"token entry {number}: {reason}"))

    if not isinstance(table, dict):
        raise bad("not a table")
    role = table.get("role", "customer")
    customer = table.get("customer", "")
    if role not in ROLES:
        raise bad(f"role must be one of {', '.join(ROLES)}")
    if not isinstance(customer, str) or (role == "customer" and not valid_customer(customer)):
        raise bad("a customer token needs a valid 'customer'")
    sha = table.get("token_sha256", "")
    slow = table.get("token_hash", "")
    if sha:
        if not (isinstance(sha, str) and len(sha) == 64
                and all(c in "0123456789abcdef" for c in sha.lower())):
            raise bad("'token_sha256' must be 64 hex digits")
        sha = sha.lower()
    elif not (isinstance(slow, str) and slow.split("$", 1)[0] in ("pbkdf2_sha256", "scrypt")):
        raise bad("needs 'token_sha256' or a 'token_hash' of pbkdf2_sha256 or scrypt")
    principal = Principal(role=role, customer=customer, name=str(table.get("name", "")))
    return _Entry(principal, sha256=sha, slow_hash=slow if not sha else "")


def valid_customer(customer: str) -> bool:
    """Customer IDs are short, printable and safe in paths and headers."""
    return (0 < len(customer) <= 100
            and all(c.isascii() and (c.isalnum() or c in "-_.") for c in customer))


def _verify_slow(token: str, stored: str) -> bool:
    parts = stored.split("$")
    try:
        if parts[0] == "pbkdf2_sha256" and len(parts) == 4:
            iterations, salt, expected = int(parts[1]), _b64(parts[2]), _b64(parts[3])
            actual = hashlib.pbkdf2_hmac("sha256", token.encode(), salt, iterations, len(expected))
        elif parts[0] == "scrypt" and len(parts) == 6:
            n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
            salt, expected = _b64(parts[4]), _b64(parts[5])
            actual = hashlib.scrypt(token.encode(), salt=salt, n=n, r=r, p=p,
                                    maxmem=256 << 20, dklen=len(expected))
        else:
            return False
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def _b64(text: str) -> bytes:
    return base64.b64decode(text + "=" * (-len(text) % 4))


def pbkdf2_hash(token: str, iterations: int = 600_000) -> str:
    """A ``token_hash`` value for a token chosen by a person."""
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", token.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def new_token() -> str:
    """A fresh random token (256 bits)."""
    return "sa_" + secrets.token_urlsafe(32)


def add_token(path: Path, *, customer: str = "", engineer: bool = False, name: str = "") -> str:
    """Append a new token's hash to ``path`` (created 0600 if missing); returns the token."""
    role = "engineer" if engineer else "customer"
    if role == "customer" and not valid_customer(customer):
        raise UsageError(msg("intake.tokens.bad_customer", customer=customer))
    if path.exists():
        read_entries(path)  # never append to a file we could not read back
    token = new_token()
    entry = {
        "customer": customer, "role": role, "name": name,
        "token_sha256": hashlib.sha256(token.encode()).hexdigest(),
        "created": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    if path.suffix == ".json":
        entries = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"token": []}
        entries.setdefault("token", []).append(entry)
        data = json.dumps(entries, indent=2).encode()
    else:
        block = "\n[[token]]\n" + "".join(f"{key} = {json.dumps(value)}\n"
                                          for key, value in entry.items())
        header = b"" if path.exists() else (b"# Support Assistant intake tokens: hashes only; "
                                            b"see support-assistant-intake add-token.\n")
        data = (path.read_bytes() if path.exists() else header) + block.encode()
    from ..core.paths import atomic_write
    atomic_write(path, data)
    return token
