"""Installation checks for ``support-assistant selfcheck`` (IT runs it after rollout).

Each check returns a :class:`Check`: its name, ``ok`` / ``warning`` / ``problem``,
one line of detail, and for a problem the exit code of the matching error class
(:mod:`core.errors`), so the command's exit status says what failed first. The
Qt platform check lives in the command (the core never imports Qt).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .errors import CaptureError, CredentialsError, DisplayError, PolicyError, UploadError
from .messages import msg, register
from .policy import Config

register({
    "selfcheck.policy": "IT policy",
    "selfcheck.policy_ok": "{path}: valid",
    "selfcheck.policy_absent": "{path}: none (built-in defaults)",
    "selfcheck.screenshot": "Screenshots",
    "selfcheck.screenshot_ok": "{count} monitor(s), desktop {width}x{height}",
    "selfcheck.screenshot_disabled": "disabled by the policy (screenshots.allowed = false)",
    "selfcheck.keyring": "Keyring",
    "selfcheck.keyring_ok": "{backend}",
    "selfcheck.keyring_missing": "no keyring backend: credentials cannot be stored ({backend})",
    "selfcheck.keyring_failed": "the keyring did not answer: {reason}",
    "selfcheck.endpoint": "Intake endpoint",
    "selfcheck.endpoint_ok": "{endpoint} answered (HTTP {status}{tus})",
    "selfcheck.endpoint_status": "{endpoint} answered HTTP {status}",
    "selfcheck.endpoint_failed": "{endpoint} cannot be reached: {reason}",
    "selfcheck.endpoint_skipped": "not checked: the policy is broken",
    "selfcheck.scan": "Text scan",
    "selfcheck.scan_native": "{backend}, compiled locates",
    "selfcheck.scan_python": "{backend}, Python locates (slower on large logs: the compiled ones "
                             "are not built or {env} is set)",
})

OK, WARNING, PROBLEM = "ok", "warning", "problem"


@dataclass(frozen=True)
class Check:
    """One line of the self-check table."""

    name: str
    status: str
    detail: str
    exit_code: int = 0


def policy_check(config: Config) -> Check:
    name = msg("selfcheck.policy")
    if config.problem:
        return Check(name, PROBLEM, config.problem, PolicyError.exit_code)
    present = config.policy_path is not None and config.policy_path.exists()
    return Check(name, OK, msg("selfcheck.policy_ok" if present else "selfcheck.policy_absent",
                               path=config.policy_path))


def screenshot_check(config: Config) -> Check:
    """Ask mss for the monitors and grab one pixel, as a report would."""
    name = msg("selfcheck.screenshot")
    if not config["screenshots.allowed"]:
        return Check(name, OK, msg("selfcheck.screenshot_disabled"))
    from .collectors import screenshot

    try:
        found = screenshot.probe()
    except DisplayError as exc:
        return Check(name, PROBLEM, str(exc), DisplayError.exit_code)
    except Exception as exc:  # noqa: BLE001 - mss raises ScreenShotError and OS errors
        return Check(name, PROBLEM, str(exc) or type(exc).__name__, CaptureError.exit_code)
    return Check(name, OK, msg("selfcheck.screenshot_ok", count=len(found) - 1,
                               width=found[0]["width"], height=found[0]["height"]))


def keyring_check() -> Check:
    """A real keyring backend is configured and answers a read."""
    from . import credentials

    name = msg("selfcheck.keyring")
    backend = credentials.backend_name()
    if not credentials.keyring_available():
        return Check(name, PROBLEM, msg("selfcheck.keyring_missing", backend=backend),
                     CredentialsError.exit_code)
    try:
        credentials.load_optional()
    except CredentialsError as exc:
        return Check(name, PROBLEM, msg("selfcheck.keyring_failed", reason=exc),
                     CredentialsError.exit_code)
    return Check(name, OK, msg("selfcheck.keyring_ok", backend=backend))


def scan_check() -> Check:
    """Which scan engine and which locates (compiled or Python) this installation runs."""
    from .scan.engine import PURE_ENV, engine_for
    from .scan.identities import Identities

    engine = engine_for(Identities())
    key = "selfcheck.scan_native" if engine.locates == "native" else "selfcheck.scan_python"
    return Check(msg("selfcheck.scan"), OK, msg(key, backend=engine.backend, env=PURE_ENV))


def endpoint_check(config: Config, endpoint: str, timeout: float = 5.0) -> Check:
    """An OPTIONS request (tus discovery) through the configured proxy and trust."""
    from . import transport

    name = msg("selfcheck.endpoint")
    if config.problem:
        return Check(name, WARNING, msg("selfcheck.endpoint_skipped"))
    try:
        transport.check_url(endpoint)
        session = transport.make_session(config["intake.ca_bundle"], config["intake.proxy"])
        proxies = transport.ProxyChooser(config["intake.proxy"]).proxies_for(endpoint)
        reply = session.options(endpoint, timeout=timeout, allow_redirects=False,
                                proxies=proxies)
    except Exception as exc:  # noqa: BLE001 - connection, TLS, proxy: all reported as text
        return Check(name, PROBLEM, msg("selfcheck.endpoint_failed", endpoint=endpoint,
                                        reason=_root_reason(exc)), UploadError.exit_code)
    if reply.status_code >= 400 and reply.status_code not in (401, 403):
        return Check(name, PROBLEM, msg("selfcheck.endpoint_status", endpoint=endpoint,
                                        status=reply.status_code), UploadError.exit_code)
    tus = reply.headers.get("Tus-Version")
    return Check(name, OK, msg("selfcheck.endpoint_ok", endpoint=endpoint,
                               status=reply.status_code, tus=f", tus {tus}" if tus else ""))


def run_checks(config: Config, endpoint: str, qt_check: Callable[[], Check]) -> list[Check]:
    """Every check in table order; ``qt_check`` comes from the Qt layer."""
    return [policy_check(config), qt_check(), screenshot_check(config), keyring_check(),
            scan_check(), endpoint_check(config, endpoint)]


def exit_code(checks: list[Check]) -> int:
    """0 when nothing is a problem, else the exit code of the first problem."""
    return next((c.exit_code for c in checks if c.status == PROBLEM), 0)


def _root_reason(exc: BaseException) -> str:
    """The innermost OS error's text (requests wraps it three levels deep), else the message."""
    seen: list[BaseException] = []
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop(0)
        if current in seen:
            continue
        seen.append(current)
        if isinstance(current, OSError) and current.strerror:
            return current.strerror
        todo += [e for e in (current.__cause__, current.__context__, getattr(current, "reason", None),
                             *current.args) if isinstance(e, BaseException)]
    text = str(exc)
    return text.splitlines()[0] if text else type(exc).__name__
