"""How the client reaches the intake: TLS trust, which URLs may be used, proxies.

* HTTPS is verified with the operating system's trust store (``truststore``),
  plus an optional PEM bundle from the configuration (``intake.ca_bundle``).
* Plain ``http://`` is refused except to this computer (127.0.0.0/8, ::1, localhost).
* Proxies (``intake.proxy``): ``''`` uses the environment (``HTTPS_PROXY`` ...,
  ``NO_PROXY``) and then the operating system's proxy auto-config (Windows and
  macOS settings); ``'direct'`` uses none; ``'pac:URL'`` evaluates that PAC file
  (``http(s)://``, ``file://`` or a path); ``'pac:auto'`` discovers one by WPAD;
  anything else is a proxy URL used for every request.
"""

from __future__ import annotations

import ipaddress
import ssl
import threading
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import truststore
from requests.adapters import HTTPAdapter

from .errors import TransportSecurityError, UploadError
from .messages import msg, register

register({
    "transport.insecure": "Refusing to send to {url} over plain http: use an https address "
                          "(plain http is only allowed to this computer).",
    "transport.bad_url": "The intake address {url} is not a valid http or https URL; check the "
                         "intake.endpoint setting.",
    "transport.ca_bundle": "The CA bundle {path} (setting intake.ca_bundle) cannot be used: {reason}.",
    "transport.pac": "The proxy auto-config file {pac} cannot be used: {reason}; check the "
                     "intake.proxy setting.",
    "transport.pac_none": "The proxy auto-config {pac} allows no way to reach {url}; check the "
                          "intake.proxy setting.",
})

LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain", "ip6-localhost"})


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of ``url``, with the default port filled in."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError as exc:
        raise UploadError(msg("transport.bad_url", url=url)) from exc
    if port is None:
        port = 443 if scheme == "https" else 80
    return scheme, (parts.hostname or "").lower(), port


def origin_text(url: str) -> str:
    """``scheme://host:port`` for messages (never a path, query or user info)."""
    scheme, host, port = origin(url)
    if ":" in host:
        host = f"[{host}]"
    return f"{scheme}://{host}:{port}"


def is_loopback(host: str) -> bool:
    """True for names and addresses that always mean this computer."""
    host = host.strip("[]").lower()
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_url(url: str) -> None:
    """Refuse anything but https, or plain http to a loopback address."""
    scheme, host, _ = origin(url)
    if scheme not in ("http", "https") or not host:
        raise UploadError(msg("transport.bad_url", url=url))
    if scheme == "http" and not is_loopback(host):
        raise TransportSecurityError(msg("transport.insecure", url=origin_text(url)))


class _TrustStoreAdapter(HTTPAdapter):
    """An adapter whose TLS context is the system trust store (+ optional extra CA)."""

    def __init__(self, context: ssl.SSLContext) -> None:
        self._context = context
        super().__init__(pool_connections=2, pool_maxsize=2, max_retries=0)

    def init_poolmanager(self, connections: int, maxsize: int, block: bool = False,
                         **pool_kwargs: Any) -> None:
        pool_kwargs["ssl_context"] = self._context
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        proxy_kwargs["ssl_context"] = self._context
        return super().proxy_manager_for(proxy, **proxy_kwargs)

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        # requests would load certifi's bundle into our context; trust comes from the
        # system store and the configured CA bundle only.
        super().cert_verify(conn, url, False, cert)
        if url.lower().startswith("https"):
            conn.cert_reqs = "CERT_REQUIRED"


def tls_context(ca_bundle: str = "") -> ssl.SSLContext:
    """The verifying TLS context: system trust store plus ``ca_bundle`` (PEM) if given."""
    context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    if ca_bundle:
        path = Path(ca_bundle).expanduser()
        try:
            context.load_verify_locations(cafile=str(path))
        except (OSError, ssl.SSLError) as exc:
            reason = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or str(exc)
            raise TransportSecurityError(msg("transport.ca_bundle", path=path,
                                             reason=reason)) from exc
    return context


def make_session(ca_bundle: str = "", proxy: str = "") -> requests.Session:
    """A ``requests`` session that verifies TLS as described above (send with allow_redirects=False)."""
    session = requests.Session()
    session.mount("https://", _TrustStoreAdapter(tls_context(ca_bundle)))
    session.mount("http://", HTTPAdapter(pool_connections=2, pool_maxsize=2, max_retries=0))
    session.trust_env = proxy.strip() == ""
    return session


class ProxyChooser:
    """Which proxy to use for a URL, from the ``intake.proxy`` setting (see module doc)."""

    def __init__(self, setting: str = "") -> None:
        self.setting = setting.strip()
        self._resolver: Any = None
        self._loaded = False
        self._lock = threading.Lock()

    def proxies_for(self, url: str) -> dict[str, str | None]:
        """The ``proxies`` argument for ``requests`` (``{}`` means: the session decides)."""
        setting = self.setting
        if setting.lower() == "direct":
            return {"http": None, "https": None}
        if setting.lower().startswith("pac:"):
            return self._from_pac(url, setting[4:].strip())
        if setting:
            return {"http": setting, "https": setting}
        if urllib.request.getproxies():
            return {}  # requests applies the environment (and NO_PROXY) itself
        return self._from_pac(url, "system")

    def _from_pac(self, url: str, source: str) -> dict[str, str | None]:
        with self._lock:
            if not self._loaded:
                self._resolver = _load_pac(source)
                self._loaded = True
        if self._resolver is None:
            return {}
        from pypac.resolver import ProxyConfigExhaustedError
        try:
            return self._resolver.get_proxy_for_requests(url)
        except ProxyConfigExhaustedError as exc:
            raise UploadError(msg("transport.pac_none", pac=source, url=origin_text(url))) from exc


def _load_pac(source: str) -> Any:
    """A pypac ProxyResolver for ``source`` ('system', 'auto', a URL or a path), or None."""
    import pypac
    from pypac.parser import MalformedPacError, PACFile
    from pypac.resolver import ProxyResolver

    try:
        if source == "system":
            pac = pypac.get_pac(from_os_settings=True, from_dns=False)
        elif source == "auto":
            pac = pypac.get_pac(from_os_settings=True, from_dns=True)
        elif source.lower().startswith(("http://", "https://")):
            pac = pypac.get_pac(url=source, allowed_content_types=[
                "application/x-ns-proxy-autoconfig", "application/x-javascript-config",
                "text/plain", "application/javascript", "text/javascript"])
            if pac is None:
                raise OSError("it could not be downloaded")
        else:
            path = source[len("file://"):] if source.lower().startswith("file://") else source
            pac = PACFile(Path(path).expanduser().read_text(encoding="utf-8"))
    except (OSError, MalformedPacError, requests.RequestException) as exc:
        if source == "system":
            return None  # an unusable system setting must not stop sending; env is already empty
        reason = getattr(exc, "strerror", None) or str(exc)
        raise UploadError(msg("transport.pac", pac=source, reason=reason)) from exc
    return ProxyResolver(pac) if pac is not None else None
