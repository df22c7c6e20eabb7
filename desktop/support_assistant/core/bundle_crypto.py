"""age encryption of whole bundles (``.zip.age``) through pyrage, streamed file to file.

pyrage's ``encrypt_io``/``decrypt_file`` copy through the age STREAM construction
in 64 KiB chunks inside Rust, so memory stays flat whatever the bundle size;
both need the plaintext zip as a file (we keep it in a private temporary place
and remove it afterwards).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any, BinaryIO

from .errors import BundleError, DecryptionError, InputError, PolicyError
from .messages import msg, register

register({
    "crypto.bad_recipient": "The age recipient '{recipient}' is not a valid age public key (age1… or an SSH public key); ask your IT department to fix the setting encryption.recipient.",
    "crypto.identity_unreadable": "The identity file {path} cannot be read ({reason}); check the path given with --identity.",
    "crypto.identity_empty": "The identity file {path} holds no age identity (a line starting with AGE-SECRET-KEY-1); pass the key file made by age-keygen.",
    "crypto.identity_bad": "The identity file {path} has an invalid age identity on line {line}; pass the key file made by age-keygen.",
    "crypto.wrong_identity": "The bundle {path} is encrypted for a different key than {identity}; pass the identity file that matches the bundle's recipient with --identity.",
    "crypto.needs_identity": "The bundle {path} is encrypted; pass the age identity file that can open it with --identity FILE.",
    "crypto.damaged": "The encrypted bundle {path} is damaged or truncated ({reason}); ask the sender for a new copy.",
    "crypto.encrypt_failed": "The bundle could not be encrypted ({reason}); check the free disk space and try again.",
})

MAX_IDENTITY_FILE = 1 << 20


def parse_recipient(recipient: str) -> Any:
    """A pyrage recipient from ``age1…`` or an SSH public key line; PolicyError if invalid."""
    from pyrage import RecipientError, ssh, x25519

    text = recipient.strip()
    try:
        if text.startswith("age1"):
            return x25519.Recipient.from_str(text)
        return ssh.Recipient.from_str(text)
    except (RecipientError, ValueError) as exc:
        raise PolicyError(msg("crypto.bad_recipient", recipient=_clip(text))) from exc


def load_identities(path: Path) -> list[Any]:
    """Every age identity in an ``age-keygen`` style file (comments and blank lines skipped)."""
    from pyrage import IdentityError, x25519

    try:
        if path.stat().st_size > MAX_IDENTITY_FILE:
            raise InputError(msg("crypto.identity_unreadable", path=path, reason="too large"))
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(msg("crypto.identity_unreadable", path=path,
                             reason=exc.strerror or exc)) from exc
    identities = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            identities.append(x25519.Identity.from_str(line))
        except (IdentityError, ValueError) as exc:
            raise InputError(msg("crypto.identity_bad", path=path, line=number)) from exc
    if not identities:
        raise InputError(msg("crypto.identity_empty", path=path))
    return identities


def encrypt_file(plain: Path, sink: BinaryIO, recipient: Any) -> None:
    """Stream ``plain`` encrypted to ``recipient`` into the writable ``sink``."""
    import pyrage

    with open(plain, "rb") as source:
        try:
            pyrage.encrypt_io(source, sink, [recipient])
        except (pyrage.EncryptError, OSError) as exc:
            raise BundleError(msg("crypto.encrypt_failed", reason=exc)) from exc


def decrypt_file(encrypted: Path, plain: Path, identities: list[Any], *,
                 identity_name: str) -> None:
    """Stream-decrypt ``encrypted`` into ``plain``; a failure removes ``plain``."""
    import pyrage

    try:
        pyrage.decrypt_file(str(encrypted), str(plain), identities)
    except pyrage.DecryptError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(plain)
        if "no matching keys" in str(exc).lower():
            raise DecryptionError(msg("crypto.wrong_identity", path=encrypted,
                                      identity=identity_name)) from exc
        raise BundleError(msg("crypto.damaged", path=encrypted, reason=exc)) from exc
    except OSError as exc:
        # pyrage reports a chunk that fails authentication (truncation, a flipped byte)
        # as an I/O error while copying
        with contextlib.suppress(FileNotFoundError):
            os.unlink(plain)
        raise BundleError(msg("crypto.damaged", path=encrypted, reason=exc)) from exc


def _clip(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
