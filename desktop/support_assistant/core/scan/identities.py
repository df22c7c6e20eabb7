"""The local identities every scan looks for literally: who and where the user is.

Login name, real name (the passwd GECOS field), host name and fully qualified
name, the e-mail in the user's git configuration, plus values the caller passes
in (the stored service credential, the contact e-mail of the report). These are
what other tools leave behind ("user names in home paths, host names in
manifests"), so they are matched anywhere, case-insensitively, as whole words.
"""

from __future__ import annotations

import getpass
import os
import re
import socket
from dataclasses import dataclass, field
from pathlib import Path

# Values too generic to pseudonymise wherever they appear as a word.
GENERIC = frozenset({
    "root", "admin", "administrator", "user", "users", "guest", "default", "public", "test",
    "localhost", "localhost.localdomain", "debian", "ubuntu", "fedora", "centos", "kali",
    "raspberrypi", "pi", "home", "system", "nobody", "runner", "vagrant", "docker",
})
MIN_LENGTH = 3  # shorter names ("vm", "li") would match everywhere
_GIT_EMAIL = re.compile(r"^\s*email\s*=\s*(\S+@\S+?)\s*$", re.MULTILINE)


@dataclass(frozen=True)
class Identities:
    """Literal values to find, each with the detector (pseudonym prefix) it reports."""

    logins: tuple[str, ...] = ()
    real_names: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    credentials: tuple[str, ...] = field(default=(), repr=False)

    def literals(self) -> tuple[tuple[bytes, str], ...]:
        """(value, detector) pairs, longest first, without generic or too-short values."""
        pairs: dict[bytes, str] = {}
        for detector, values in (("token", self.credentials), ("email", self.emails),
                                 ("user", self.real_names), ("host", self.hosts),
                                 ("user", self.logins)):
            for value in values:
                value = value.strip()
                if len(value) < MIN_LENGTH or value.lower() in GENERIC:
                    continue
                pairs.setdefault(value.lower().encode("utf-8"), detector)
        return tuple(sorted(pairs.items(), key=lambda p: (-len(p[0]), p[0])))

    def with_values(self, *, credential: str | None = None,
                    contact_email: str | None = None) -> Identities:
        """A copy that also looks for the stored credential and the contact e-mail."""
        return Identities(self.logins, self.real_names, self.hosts,
                          self.emails + ((contact_email,) if contact_email else ()),
                          self.credentials + ((credential,) if credential else ()))

    def __bool__(self) -> bool:
        return bool(self.literals())


NO_IDENTITIES = Identities()


def local_identities(*, credential: str | None = None,
                     contact_email: str | None = None) -> Identities:
    """This machine's identities, plus the values passed in."""
    login = _login()
    hostname = socket.gethostname()
    hosts = [hostname, hostname.split(".")[0], *_fqdns(hostname)]
    emails = [e for e in (_git_email(),) if e]
    found = Identities(
        logins=tuple(dict.fromkeys(v for v in (login, os.environ.get("USER"),
                                               os.environ.get("USERNAME")) if v)),
        real_names=tuple(v for v in (_real_name(),) if v),
        hosts=tuple(dict.fromkeys(h for h in hosts if h)),
        emails=tuple(emails),
    )
    return found.with_values(credential=credential, contact_email=contact_email)


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return ""


def _real_name() -> str:
    try:
        import pwd
    except ImportError:  # Windows: no GECOS field
        return ""
    try:
        gecos = pwd.getpwuid(os.getuid()).pw_gecos
    except KeyError:
        return ""
    return gecos.split(",")[0].strip()


def _fqdns(hostname: str) -> list[str]:
    """Dotted names for this host from /etc/hosts (read, not resolved: no DNS query leaves)."""
    short = hostname.split(".")[0].lower()
    try:
        text = Path("/etc/hosts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    names = []
    for line in text.splitlines():
        fields = line.split("#")[0].split()
        for name in fields[1:]:
            if "." in name and name.lower().split(".")[0] == short:
                names.append(name)
    return names


def _git_email() -> str:
    """user.email from the global git configuration (parsed, git is not run)."""
    home = Path.home()
    xdg = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    for path in (home / ".gitconfig", xdg / "git" / "config"):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        section = re.search(r"^\s*\[user\]\s*$(.*?)(?=^\s*\[|\Z)", text, re.MULTILINE | re.DOTALL)
        if section:
            match = _GIT_EMAIL.search(section.group(1))
            if match:
                return match.group(1).strip("\"'")
    return ""
