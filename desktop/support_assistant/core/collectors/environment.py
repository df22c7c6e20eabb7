"""The environment collector: what a support engineer asks first, as JSON plus readable text.

Operating system and build, kernel, architecture, CPU, memory, disks, displays,
locale, time zone, Python / Qt / app versions, the product named by the caller,
the proxy settings in effect, and whether the configured intake endpoint
resolves, accepts a connection, completes TLS and answers HTTP. Each section is
gathered on its own: a failing section records its error and the others stay.

The payload is the JSON (``environment.json``); :func:`render_text` gives the
readable rendering front ends show. The Qt version is read from package
metadata (or handed in by the running app), never by importing Qt here. The
endpoint check touches only the configured endpoint, directly (not through a
proxy), with short timeouts and an overall budget (:data:`CHECK_BUDGET`).
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import json
import locale
import os
import platform
import socket
import ssl
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ... import __version__
from ..environment_labels import LANGUAGE_NAMES, value_text
from ..environment_labels import label as env_label
from ..items import Item, ItemKind
from ..messages import msg, register, system_language
from . import CollectContext, Collector, write_payload

register({
    "collect.environment.title": "Environment",
    "collect.environment.item_title": "System and environment",
})

SCHEMA = 1
CHECK_BUDGET = 6.0  # seconds for the whole endpoint check
STEP_TIMEOUT = 2.0  # seconds for each of resolve, connect, TLS, HTTP
PROXY_VARIABLES = ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY")
NETWORK_FILESYSTEMS = {"nfs", "nfs4", "cifs", "smbfs", "smb3", "sshfs", "fuse.sshfs", "9p",
                       "afs", "davfs", "fuse.rclone"}
MAX_DISKS = 40


def gather(context: CollectContext) -> dict[str, Any]:
    """The environment as a JSON-ready dict (see the module doc)."""
    config = context.config
    sections: list[tuple[str, Callable[[], Any]]] = [
        ("product", lambda: {"name": context.product, "version": context.product_version}),
        ("app", lambda: {"name": "support-assistant", "version": __version__,
                         "frozen": bool(getattr(sys, "frozen", False))}),
        ("os", os_info),
        ("kernel", lambda: {"release": platform.release(), "version": platform.version()}),
        ("architecture", lambda: {"machine": platform.machine(),
                                  "bits": platform.architecture()[0],
                                  "byte_order": sys.byteorder}),
        ("cpu", cpu_info),
        ("memory", memory_info),
        ("disks", disks_info),
        ("displays", lambda: displays_info(context.displays)),
        ("locale", locale_info),
        ("time_zone", time_zone_info),
        ("python", lambda: {"version": platform.python_version(),
                            "implementation": platform.python_implementation()}),
        ("qt", lambda: qt_info(context.qt_version)),
        ("proxy", lambda: proxy_info(config["intake.proxy"], config["intake.endpoint"])),
        ("intake", lambda: check_endpoint(config["intake.endpoint"],
                                          ca_bundle=config["intake.ca_bundle"])),
    ]
    data: dict[str, Any] = {"schema": SCHEMA,
                            "collected_at": datetime.now().astimezone().isoformat()}
    for name, produce in sections:
        if context.cancelled:
            break
        try:
            data[name] = produce()
        except Exception as exc:  # noqa: BLE001 - one section's failure is recorded, not fatal
            data[name] = {"error": f"{type(exc).__name__}: {exc}"}
    return data


def os_info() -> dict[str, Any]:
    info: dict[str, Any] = {"system": platform.system(), "release": platform.release(),
                            "version": platform.version(), "platform": platform.platform()}
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            release = platform.freedesktop_os_release()
            info["distribution"] = {k.lower(): release[k] for k in
                                    ("NAME", "VERSION", "ID", "VERSION_ID", "PRETTY_NAME")
                                    if k in release}
            info["name"] = release.get("PRETTY_NAME", release.get("NAME", ""))
            info["build"] = release.get("VERSION_ID", "")
    elif sys.platform == "win32":
        release, build, service_pack, kind = platform.win32_ver()
        info.update(name=f"Windows {release}", build=build, edition=platform.win32_edition(),
                    service_pack=service_pack, kind=kind)
    elif sys.platform == "darwin":
        release, _, machine = platform.mac_ver()
        info.update(name=f"macOS {release}", build=release, machine=machine)
    return info


def cpu_info() -> dict[str, Any]:
    import psutil

    info: dict[str, Any] = {"model": _cpu_model(), "logical_cores": psutil.cpu_count(),
                            "physical_cores": psutil.cpu_count(logical=False)}
    with contextlib.suppress(Exception):  # not available in some VMs and containers
        freq = psutil.cpu_freq()
        if freq:
            info["max_mhz"] = round(freq.max or freq.current)
    return info


def _cpu_model() -> str:
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8",
                                                errors="replace") as handle:
            for line in handle:
                if line.lower().startswith(("model name", "hardware", "cpu model")):
                    return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def memory_info() -> dict[str, Any]:
    import psutil

    virtual = psutil.virtual_memory()
    swap = psutil.swap_memory()
    return {"total_bytes": virtual.total, "available_bytes": virtual.available,
            "swap_total_bytes": swap.total, "swap_used_bytes": swap.used}


def disks_info() -> list[dict[str, Any]]:
    """Mounted local file systems with their size and free space (network mounts not probed)."""
    import psutil

    disks: list[dict[str, Any]] = []
    for part in psutil.disk_partitions(all=False)[:MAX_DISKS]:
        entry: dict[str, Any] = {"mountpoint": part.mountpoint, "fstype": part.fstype}
        if part.fstype.lower() in NETWORK_FILESYSTEMS:
            entry["network"] = True  # statvfs on a dead server can hang for minutes
        else:
            try:
                usage = psutil.disk_usage(part.mountpoint)
                entry.update(total_bytes=usage.total, free_bytes=usage.free)
            except OSError as exc:
                entry["error"] = exc.strerror or str(exc)
        disks.append(entry)
    return disks


def displays_info(handed_in: list[dict[str, Any]] | None) -> dict[str, Any]:
    """Monitors with geometry and scale: from the running app if it handed them in, else mss."""
    if handed_in is not None:
        return {"source": "app", "count": len(handed_in), "monitors": handed_in}
    from ..errors import SupportAssistantError
    from .screenshot import monitors

    try:
        found = monitors()
    except SupportAssistantError as exc:
        return {"source": "mss", "available": False, "reason": str(exc), "count": 0,
                "monitors": []}
    screens = [dict(m, scale=None) for m in found[1:]]
    return {"source": "mss", "available": True, "count": len(screens), "desktop": found[0],
            "monitors": screens,
            "scale_hints": {k: os.environ[k] for k in ("QT_SCALE_FACTOR", "GDK_SCALE")
                            if k in os.environ}}


def locale_info() -> dict[str, Any]:
    language, encoding = locale.getlocale()
    return {"language": language, "encoding": encoding,
            "preferred_encoding": locale.getpreferredencoding(False),
            "ui_language": system_language(),
            "ui_language_name": LANGUAGE_NAMES.get(system_language(), ""),
            "environment": {k: os.environ[k] for k in ("LANG", "LC_ALL", "LC_MESSAGES",
                                                         "LANGUAGE") if k in os.environ}}


def time_zone_info() -> dict[str, Any]:
    now = datetime.now().astimezone()
    offset = now.utcoffset()
    return {"name": _zone_name(), "abbreviation": now.tzname(),
            "utc_offset_minutes": None if offset is None else int(offset.total_seconds() // 60),
            "dst": bool(time.localtime().tm_isdst > 0)}


def _zone_name() -> str:
    if os.environ.get("TZ"):
        return os.environ["TZ"].lstrip(":")
    with contextlib.suppress(OSError):
        return Path("/etc/timezone").read_text(encoding="utf-8").strip()
    with contextlib.suppress(OSError):
        target = os.readlink("/etc/localtime")
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1]
    return time.tzname[0]


def qt_info(running: str | None) -> dict[str, Any]:
    """The Qt binding's version from package metadata (no Qt import), or the running app's."""
    info: dict[str, Any] = {"running": running}
    for package in ("PySide6-Essentials", "PySide6", "shiboken6"):
        try:
            info.setdefault("binding", package)
            info["version"] = importlib.metadata.version(package)
            info["binding"] = package
            break
        except importlib.metadata.PackageNotFoundError:
            continue
    else:
        info.update(binding=None, version=None)
    return info


def proxy_info(policy_proxy: str, endpoint: str) -> dict[str, Any]:
    """The proxy configuration in effect for ``endpoint`` (credentials in URLs are hidden)."""
    environment = {k: _hide_credentials(v) for k, v in os.environ.items()
                   if k.upper() in PROXY_VARIABLES}
    system = {k: _hide_credentials(v) for k, v in urllib.request.getproxies().items()}
    parts = urllib.parse.urlsplit(endpoint)
    if policy_proxy == "direct":
        effective = "direct"
    elif policy_proxy.startswith("pac:"):
        effective = f"PAC {_hide_credentials(policy_proxy[4:])} (not evaluated here)"
    elif policy_proxy:
        effective = _hide_credentials(policy_proxy)
    elif parts.hostname and urllib.request.proxy_bypass(parts.hostname):
        effective = "direct"
    else:
        effective = system.get(parts.scheme) or system.get("all") or "direct"
    return {"policy": _hide_credentials(policy_proxy) or "system", "environment": environment,
            "system": system, "for_endpoint": effective}


def _hide_credentials(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"***@{host}" + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def check_endpoint(url: str, *, ca_bundle: str = "", budget: float = CHECK_BUDGET,
                   step: float = STEP_TIMEOUT) -> dict[str, Any]:
    """Resolve, connect, TLS and one HTTP ``OPTIONS`` to ``url``, each bounded; never raises.

    ``reachable`` means a connection (and TLS, for https) succeeded; ``answered``
    that an HTTP status line came back. ``failed_step`` names the first step that
    failed (``url``, ``resolve``, ``connect``, ``tls`` or ``http``).
    """
    started = time.monotonic()
    deadline = started + budget
    parts = urllib.parse.urlsplit(url)
    result: dict[str, Any] = {"endpoint": _hide_credentials(url), "checked_directly": True,
                              "reachable": False, "answered": False, "failed_step": None,
                              "error": None}

    def fail(step_name: str, error: object) -> dict[str, Any]:
        result.update(failed_step=step_name, error=str(error),
                      elapsed_ms=round((time.monotonic() - started) * 1000))
        return result

    def remaining() -> float:
        return max(0.05, min(step, deadline - time.monotonic()))

    if parts.scheme not in ("http", "https") or not parts.hostname:
        return fail("url", "not an http or https URL")
    host = parts.hostname
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        return fail("url", exc)
    result.update(host=host, port=port, scheme=parts.scheme)
    try:
        addresses = _resolve(host, port, remaining())
    except (OSError, UnicodeError) as exc:
        return fail("resolve", getattr(exc, "strerror", None) or exc)
    result["addresses"] = [a[4][0] for a in addresses]
    sock: socket.socket | None = None
    last: OSError | None = None
    for family, kind, proto, _, address in addresses:
        if time.monotonic() >= deadline:
            break
        candidate = socket.socket(family, kind, proto)
        candidate.settimeout(remaining())
        try:
            candidate.connect(address)
            sock = candidate
            break
        except OSError as exc:
            candidate.close()
            last = exc
    if sock is None:
        return fail("connect", _describe(last) if last else "time budget exhausted")
    try:
        if parts.scheme == "https":
            try:
                context = tls_context(ca_bundle)
                sock.settimeout(remaining())
                sock = context.wrap_socket(sock, server_hostname=host)
            except (OSError, ssl.SSLError) as exc:
                return fail("tls", _describe(exc))
            result["tls"] = _tls_details(sock)
        result["reachable"] = True
        try:
            status, headers = _options(sock, host, port, parts, remaining())
        except (OSError, ValueError) as exc:
            return fail("http", _describe(exc))
        result.update(answered=True, http_status=status,
                      tus_version=headers.get("tus-version"),
                      tus_resumable=headers.get("tus-resumable"))
    finally:
        with contextlib.suppress(OSError):
            sock.close()
    result["elapsed_ms"] = round((time.monotonic() - started) * 1000)
    return result


def tls_context(ca_bundle: str = "") -> ssl.SSLContext:
    """The system trust store (truststore), plus the policy's extra CA bundle if set."""
    import truststore

    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ca_bundle:
        context.load_verify_locations(cafile=ca_bundle)
    return context


def _resolve(host: str, port: int, timeout: float) -> list[Any]:
    """getaddrinfo in a daemon thread: it has no timeout of its own."""
    box: dict[str, Any] = {}

    def work() -> None:
        try:
            box["result"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:  # UnicodeError: the name is not valid IDNA
            box["error"] = exc

    worker = threading.Thread(target=work, daemon=True, name="resolve-endpoint")
    worker.start()
    worker.join(timeout)
    if "error" in box:
        raise box["error"]
    if "result" not in box:
        raise TimeoutError(0, f"no answer within {timeout:.1f} s")
    return box["result"]


def _options(sock: socket.socket, host: str, port: int, parts: urllib.parse.SplitResult,
             timeout: float) -> tuple[int, dict[str, str]]:
    """Send ``OPTIONS`` (what a tus client asks first) and read the status line and headers."""
    import http.client

    sock.settimeout(timeout)
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    connection.sock = sock  # the socket we already connected (and wrapped in TLS)
    connection.request("OPTIONS", parts.path or "/", headers={"Tus-Resumable": "1.0.0"})
    response = connection.getresponse()
    headers = {k.lower(): v for k, v in response.getheaders()}
    response.read(64 << 10)
    return response.status, headers


def _tls_details(sock: Any) -> dict[str, Any]:
    details: dict[str, Any] = {"version": sock.version()}
    cipher = sock.cipher()
    if cipher:
        details["cipher"] = cipher[0]
    with contextlib.suppress(Exception):
        cert = sock.getpeercert() or {}
        details["subject"] = _name(cert.get("subject", ()))
        details["issuer"] = _name(cert.get("issuer", ()))
        details["not_after"] = cert.get("notAfter")
    return details


def _name(rdns: Any) -> str:
    return ", ".join(f"{k}={v}" for rdn in rdns for k, v in rdn)


def _describe(exc: BaseException | None) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"certificate not trusted: {exc.verify_message}"
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timed out"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc)


def render_text(data: dict[str, Any]) -> str:
    """The environment JSON as indented ``label: value`` lines for people, in their language."""
    lines: list[str] = []

    def walk(value: Any, indent: int, label: str) -> None:
        pad = "  " * indent
        if isinstance(value, dict):
            lines.append(f"{pad}{label}:" if label else "")
            for key, child in value.items():
                walk(child, indent + (1 if label else 0), env_label(str(key)))
        elif isinstance(value, list):
            lines.append(f"{pad}{label}:")
            for index, child in enumerate(value, start=1):
                walk(child, indent + 1, f"[{index}]")
        else:
            lines.append(f"{pad}{label}: {value_text(value)}")

    walk(data, 0, "")
    return "\n".join(line for line in lines if line) + "\n"


def collect(context: CollectContext) -> list[Item]:
    """One environment item holding the JSON."""
    data = gather(context)
    item_id = context.new_item_id("environment")
    payload = json.dumps(data, indent=1, ensure_ascii=False, default=str).encode("utf-8")
    path = write_payload(context, item_id, ".json", payload)
    return [Item.from_file(id=item_id, kind=ItemKind.ENVIRONMENT,
                           title=msg("collect.environment.item_title"), source="environment",
                           payload=path, media_type="application/json",
                           metadata={"filename": "environment.json", "schema": SCHEMA})]


COLLECTOR = Collector(
    name="environment", title="collect.environment.title", kind=ItemKind.ENVIRONMENT,
    timeout=20.0, collect=collect,
)
