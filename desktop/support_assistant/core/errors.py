"""The error tree shared by every part of Support Assistant.

Every failure a user or script can see is one of these. Each carries one clear
sentence (already rendered through the CLI message table) and a distinct exit
code, so the CLI can print ``str(error)`` to stderr and exit with
``error.exit_code``::

    SupportAssistantError            1   unexpected failure
    ├── UsageError                   2   bad command-line arguments or parameters
    ├── InputError                   3   a named file is missing, unreadable or too large
    ├── BundleError                  4   a bundle is not what it claims (hash, schema, truncation)
    │   ├── HostileBundleError       5   traversal, symlink, bomb, duplicate or undeclared entries
    │   └── DecryptionError          6   wrong or missing age identity
    ├── PolicyError                  7   IT policy or user settings malformed (fails closed)
    ├── LeakError                    8   personal data remains and the caller did not accept it
    ├── NotApprovedError             9   an item is not approved (it can never be sealed)
    ├── UploadError                 10   the intake could not be reached or refused the bundle
    │   ├── CredentialsRejected     11   401/403 from the intake
    │   ├── BundleTooLarge          12   413 from the intake
    │   └── TransportSecurityError  13   plain http to a non-loopback host, TLS failure
    ├── CredentialsError            14   no credentials stored, or no keyring backend
    ├── DisplayError                15   no display to show a window or take a screenshot
    ├── CaptureError                16   the screenshot could not be taken
    └── Cancelled                   17   the user or caller cancelled
"""

from __future__ import annotations

from typing import Any, ClassVar


class SupportAssistantError(Exception):
    """Root of every expected failure; ``str()`` is one sentence for the user."""

    exit_code: ClassVar[int] = 1

    def __init__(self, message: str, *, detail: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail or {}

    def __str__(self) -> str:
        return self.message


class UsageError(SupportAssistantError):
    exit_code = 2


class InputError(SupportAssistantError):
    exit_code = 3


class BundleError(SupportAssistantError):
    exit_code = 4


class HostileBundleError(BundleError):
    exit_code = 5


class DecryptionError(BundleError):
    exit_code = 6


class PolicyError(SupportAssistantError):
    exit_code = 7


class LeakError(SupportAssistantError):
    exit_code = 8


class NotApprovedError(SupportAssistantError):
    exit_code = 9


class UploadError(SupportAssistantError):
    exit_code = 10


class CredentialsRejected(UploadError):
    exit_code = 11


class BundleTooLarge(UploadError):
    exit_code = 12


class TransportSecurityError(UploadError):
    exit_code = 13


class CredentialsError(SupportAssistantError):
    exit_code = 14


class DisplayError(SupportAssistantError):
    exit_code = 15


class CaptureError(SupportAssistantError):
    exit_code = 16


class Cancelled(SupportAssistantError):
    exit_code = 17


EXIT_CODES: dict[int, type[SupportAssistantError]] = {
    cls.exit_code: cls
    for cls in (
        SupportAssistantError, UsageError, InputError, BundleError, HostileBundleError,
        DecryptionError, PolicyError, LeakError, NotApprovedError, UploadError,
        CredentialsRejected, BundleTooLarge, TransportSecurityError, CredentialsError,
        DisplayError, CaptureError, Cancelled,
    )
}
