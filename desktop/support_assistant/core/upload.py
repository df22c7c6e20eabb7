"""A tus 1.0 client (core, creation, termination; checksum when the server offers it).

Written on ``requests`` instead of using ``tuspy`` because tuspy pulls aiohttp and
tinydb (16.7 MB), follows redirects itself, ignores Retry-After and reports every
failure alike; the tus core is four requests, and owning them lets us decide who
ever sees the token and how each failure reads.

Works with any tus server. The access token travels as ``Authorization: Bearer``
and only to the configured origin: redirects are followed by hand and a hop to
another origin is made without it. Transient failures (network errors, 5xx, 429,
423) are retried with exponential backoff and jitter, honouring ``Retry-After``;
an interrupted upload resumes from the server's offset (HEAD).

Two ways to send the bytes. By default (``chunk_size=0``) each PATCH streams the rest
of the file (:mod:`.upload_stream`): no turn-around per chunk and no read-and-hash
before a request, as fast as ``curl -T``; integrity rests on the whole-file sha256
declared at creation, which the client checks before the last piece leaves and our
intake verifies on completion; an interrupted PATCH keeps what reached the server
(tus servers store what they received), so a resume re-sends only what was in flight.
With ``chunk_size=N`` each PATCH carries N bytes with an ``Upload-Checksum`` when the
server offers one (:mod:`.upload_chunks`): each chunk is verified on its own and a
lost one is sent again whole. Streaming falls back to 8 MiB checksummed chunks when a
proxy refuses the long request (413) or the server found the file corrupted (460).
Errors raised (see :mod:`.errors`):

* :class:`UploadError` network failures or 5xx after the retries; a vanished upload
  (``detail["gone"]``) or a file that no longer matches the sha256 declared at
  creation (``detail["changed"]``): create a new upload
* :class:`CredentialsRejected` 401/403, at once
* :class:`BundleTooLarge` 413 or a declared ``Tus-Max-Size``; says by how much
* :class:`TransportSecurityError` plain http to another computer, TLS failure
* :class:`Cancelled` the ``cancel`` event was set
"""

from __future__ import annotations

import base64
import email.utils
import hashlib
import mimetypes
import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from .errors import (
    BundleTooLarge,
    Cancelled,
    CredentialsRejected,
    InputError,
    TransportSecurityError,
    UploadError,
)
from .messages import msg, register
from .transport import ProxyChooser, check_url, make_session, origin, origin_text
from .upload_chunks import Chunk, ChunkBody, ChunkSource, Meter, Progress
from .upload_stream import FileStream

__all__ = ["Destination", "Progress", "Receipt", "RetryPolicy", "TusClient", "decode_metadata",
           "encode_metadata", "human_size"]

register({
    "upload.network": "Could not reach the support intake at {origin} ({reason}) after {attempts} "
                      "attempts; check the network or proxy settings and try again later.",
    "upload.server": "The support intake at {origin} answered '{status}' after {attempts} "
                     "attempts; try again later.",
    "upload.rejected": "The support intake at {origin} rejected the service credentials "
                       "(credentials rejected, HTTP {status}); ask your administrator for a "
                       "valid access token.",
    "upload.too_large": "The bundle is {size} but the support intake at {origin} accepts at most "
                        "{limit}: it is {excess} too large; remove some items and try again.",
    "upload.too_large_unknown": "The bundle ({size}) is larger than the support intake at "
                                "{origin} accepts; remove some items and try again.",
    "upload.tls": "The secure connection to {origin} failed ({reason}); if your organisation uses "
                  "its own certificate authority, set intake.ca_bundle to its PEM file.",
    "upload.gone": "The upload {reference} no longer exists on the support intake at {origin} "
                   "(HTTP {status}); it has to be sent again.",
    "upload.bytes": "{count} bytes",
    "upload.length": "The upload {reference} expects {expected} bytes but {path} has {actual}; "
                     "the file changed after it was queued.",
    "upload.protocol": "The support intake at {origin} did not answer as a tus 1.0 server "
                       "({problem}); check the intake.endpoint setting.",
    "upload.refused": "The support intake at {origin} refused the {step} request with HTTP "
                      "{status}{detail}.",
    "upload.redirects": "The support intake at {origin} redirected more than {limit} times; "
                        "check the intake.endpoint setting.",
    "upload.checksum": "The support intake at {origin} received different data than was sent "
                       "{attempts} times in a row; try again later.",
    "upload.changed": "The bundle {path} changed after upload {reference} was created (its "
                      "sha256 no longer matches); it has to be sent again as a new upload.",
    "upload.bad_metadata": "The upload metadata key {key!r} is not allowed (use letters, digits, "
                           "'-', '_' and '.').",
})

TUS_VERSION = "1.0.0"
MAX_REDIRECTS = 5
MIN_CHUNK = 256 << 10
FALLBACK_CHUNK = 8 << 20
_RETRYABLE = {408, 423, 429, 500, 502, 503, 504, 507, 520, 521, 522, 523, 524}
_METADATA_KEY = re.compile(r"^[A-Za-z0-9_.\-]+$")
_CHECKSUMS = ("sha256", "sha1", "md5")


@dataclass(frozen=True)
class Destination:
    """Where and as whom to upload. The token never appears in ``repr`` or messages."""

    endpoint: str
    organisation: str
    token: str = field(repr=False)
    ca_bundle: str = ""
    proxy: str = ""


@dataclass(frozen=True)
class Receipt:
    """The server's upload URL; ``reference`` (its last segment) is the user's reference."""

    url: str
    reference: str
    size: int
    sha256: str


@dataclass(frozen=True)
class RetryPolicy:
    """How long to keep trying a step before giving up.

    ``attempts`` counts consecutive failures of one step (it resets whenever the
    upload moves forward). The n-th wait is ``base_delay * 2**(n-1)`` capped at
    ``max_delay``, with equal jitter (half fixed, half random); a ``Retry-After``
    from the server is honoured up to ``max_retry_after`` seconds.
    """

    attempts: int = 8
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_retry_after: float = 300.0

    def delay(self, failure: int, retry_after: float | None = None) -> float:
        """Seconds to wait after the ``failure``-th consecutive failure."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after)
        ceiling = min(self.max_delay, self.base_delay * 2 ** max(failure - 1, 0))
        return ceiling / 2 + random.uniform(0, ceiling / 2)


@dataclass(frozen=True)
class _Capabilities:
    extensions: frozenset[str] = frozenset()
    max_size: int | None = None
    checksum: str | None = None
    verifies_sha256: bool = False  # the server checks the declared sha256 on completion


class _Transient(Exception):
    """A failure worth retrying: network error, 5xx, 429, 423."""

    def __init__(self, reason: str, *, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


class TusClient:
    """Create, resume, and terminate tus uploads at one :class:`Destination`."""

    def __init__(self, destination: Destination, *, chunk_size: int = 0,
                 retry: RetryPolicy = RetryPolicy(), session: requests.Session | None = None,
                 timeout: tuple[float, float] = (10.0, 60.0)) -> None:
        self.destination = destination
        self.chunk_size = max(int(chunk_size), MIN_CHUNK) if chunk_size else 0  # 0: stream
        self.retry = retry
        self.timeout = timeout
        self._origin = origin(destination.endpoint)
        self._origin_text = origin_text(destination.endpoint)
        self._session = session
        self._proxies = ProxyChooser(destination.proxy)
        self._capabilities: _Capabilities | None = None

    def __repr__(self) -> str:
        return f"TusClient({self.destination!r})"

    # -- public operations ---------------------------------------------------------------

    def create(self, path: Path, metadata: dict[str, str]) -> str:
        """Announce ``path`` to the server (POST); returns the upload URL to resume with.

        ``filename``, ``filetype``, ``customer`` (the organisation), ``size`` and ``sha256``
        are filled in unless ``metadata`` gives them.
        """
        path = Path(path)
        size = _file_size(path)
        capabilities = self._discover()
        if capabilities.max_size is not None and size > capabilities.max_size:
            raise self._too_large(size, capabilities.max_size)
        facts = {
            "filename": path.name,
            "filetype": mimetypes.guess_type(path.name)[0] or "application/octet-stream",
            "customer": self.destination.organisation,
            "size": str(size),
        }
        if "sha256" not in metadata:
            facts["sha256"] = _sha256_file(path)
        facts.update(metadata)
        headers = {"Upload-Length": str(size), "Upload-Metadata": encode_metadata(facts)}
        response, final_url = self._call("POST", self.destination.endpoint, "creation",
                                         headers=headers, ok={201}, size=size)
        location = response.headers.get("Location")
        if not location:
            raise UploadError(msg("upload.protocol", origin=self._origin_text,
                                  problem="201 Created without a Location header"))
        url = urljoin(final_url, location)
        check_url(url)
        return url

    def offset(self, url: str) -> int:
        """How many bytes of the upload the server holds (HEAD)."""
        return self._retrying(lambda: self._head(url)[0], None)

    def upload(self, path: Path, url: str, *, progress: Callable[[Progress], None] | None = None,
               cancel: threading.Event | None = None,
               on_offset: Callable[[int], None] | None = None) -> Receipt:
        """Send ``path`` to ``url`` from the server's current offset until it holds every byte.

        ``on_offset(n)`` runs after each PATCH the server confirmed (persist it to show
        progress after a restart); ``progress`` receives :class:`Progress` about every
        0.1 s; setting ``cancel`` stops within about a megabyte and raises Cancelled.
        """
        path = Path(path)
        total = _file_size(path)
        cancel = cancel or threading.Event()
        meter = Meter(total, progress)
        failures = 0
        offset: int | None = None
        declared: str | None = None
        finisher: ChunkSource | FileStream | None = None
        capabilities = self._discover()
        with ChunkSource(path, total, capabilities.checksum) as source, \
                FileStream(path, total) as stream:
            while True:
                if cancel.is_set() and (offset is None or offset < total):
                    raise self._cancelled(meter, offset)
                chunk: Chunk | None = None
                try:
                    if offset is None:
                        offset, length, declared = self._head(url)
                        if length is not None and length != total:
                            raise UploadError(msg("upload.length", reference=_reference(url),
                                                  expected=length, path=path, actual=total))
                        meter.restart(offset)
                        # hash what is sent only when the server does not verify the sha256
                        stream.hashing = not (declared and capabilities.verifies_sha256)
                    if offset >= total:
                        break
                    if self.chunk_size:
                        finisher = source
                        chunk = self._next_chunk(source, offset, total, declared, path, url)
                        new_offset = self._patch(url, chunk, meter, cancel)
                    else:
                        finisher = stream
                        new_offset = self._stream(url, stream, offset, declared, meter, cancel)
                except Cancelled:
                    raise self._cancelled(meter, None) from None
                except _Transient as exc:
                    failures += 1
                    if failures >= self.retry.attempts:
                        raise self._gave_up(exc, failures) from exc
                    offset = None
                    if cancel.wait(self.retry.delay(failures, exc.retry_after)):
                        raise self._cancelled(meter, None) from exc
                    continue
                if new_offset > offset:
                    failures = 0
                    if chunk is not None:
                        source.confirm(chunk, new_offset)
                offset = new_offset
                meter.update(offset, force=True)
                if on_offset is not None:
                    on_offset(offset)
            if finisher is stream and not stream.hashing and declared:
                sha256 = declared  # the server verified it when the upload completed
            else:
                sha256 = (finisher or source).sha256()
        return Receipt(url=url, reference=_reference(url), size=total, sha256=sha256)

    def _next_chunk(self, source: ChunkSource, offset: int, total: int, declared: str | None,
                    path: Path, url: str) -> Chunk:
        """The chunk at ``offset`` (prefetching the next); refuses a last chunk that would
        complete a file no longer matching ``declared``."""
        size = min(self.chunk_size, total - offset)
        chunk = source.get(offset, size)
        source.prefetch(offset + size, min(self.chunk_size, total - offset - size))
        if declared and offset + size == total and source.sha256_with(chunk) != declared:
            raise UploadError(msg("upload.changed", path=path, reference=_reference(url)),
                              detail={"changed": True})
        return chunk

    def delete(self, url: str) -> None:
        """Terminate the upload (tus termination): the server deletes what it holds."""
        self._call("DELETE", url, "termination", ok={200, 204, 404, 410})

    # -- tus requests --------------------------------------------------------------------

    def _discover(self) -> _Capabilities:
        """OPTIONS once: extensions, Tus-Max-Size and the checksum algorithm to use."""
        if self._capabilities is None:
            response, _ = self._call("OPTIONS", self.destination.endpoint, "options",
                                     ok=set(range(200, 300)) | {400, 404, 405, 501})
            if response.status_code >= 300:
                self._capabilities = _Capabilities()
            else:
                headers = response.headers
                extensions = frozenset(e.strip() for e in
                                       headers.get("Tus-Extension", "").split(",") if e.strip())
                offered = {a.strip().lower() for a in
                           headers.get("Tus-Checksum-Algorithm", "").split(",")}
                checksum = next((a for a in _CHECKSUMS if a in offered), None)
                max_size = headers.get("Tus-Max-Size", "")
                self._capabilities = _Capabilities(
                    extensions=extensions,
                    max_size=int(max_size) if max_size.isdigit() else None,
                    checksum=checksum if "checksum" in extensions else None,
                    verifies_sha256="sha256-metadata" in extensions)
        return self._capabilities

    def _head(self, url: str) -> tuple[int, int | None, str | None]:
        """(offset, length, the sha256 declared at creation) from a HEAD request."""
        response, _ = self._attempt("HEAD", url, "offset")
        status = response.status_code
        if status in (404, 410):
            raise UploadError(msg("upload.gone", reference=_reference(url),
                                  origin=self._origin_text, status=status),
                              detail={"gone": True, "status": status})
        if status != 200:
            raise self._refused("offset", response)
        offset = response.headers.get("Upload-Offset", "")
        if not offset.isdigit():
            raise UploadError(msg("upload.protocol", origin=self._origin_text,
                                  problem="HEAD without a valid Upload-Offset"))
        length = response.headers.get("Upload-Length", "")
        try:
            declared = decode_metadata(response.headers.get("Upload-Metadata", "")).get("sha256")
        except (ValueError, UnicodeDecodeError):
            declared = None
        return int(offset), int(length) if length.isdigit() else None, declared

    def _patch(self, url: str, chunk: Chunk, meter: Meter, cancel: threading.Event) -> int:
        offset = chunk.offset
        headers = {"Upload-Offset": str(offset),
                   "Content-Type": "application/offset+octet-stream"}
        if chunk.checksum:
            headers["Upload-Checksum"] = chunk.checksum
        response, _ = self._attempt(
            "PATCH", url, "upload", headers=headers,
            body=lambda: ChunkBody(chunk.data, lambda n: meter.update(offset + n), cancel))
        if response.status_code == 413 and self.chunk_size > MIN_CHUNK:
            self.chunk_size = max(MIN_CHUNK, self.chunk_size // 2)  # a proxy limits bodies
            raise _Transient("request body too large", status=413, retry_after=0)
        return self._patched(url, response, offset, len(chunk.data), meter)

    def _stream(self, url: str, stream: FileStream, offset: int, declared: str | None,
                meter: Meter, cancel: threading.Event) -> int:
        """One PATCH streaming the rest of the file from ``offset``."""
        length = stream.total - offset
        headers = {"Upload-Offset": str(offset),
                   "Content-Type": "application/offset+octet-stream"}

        def changed() -> UploadError:
            return UploadError(msg("upload.changed", path=stream.path, reference=_reference(url)),
                               detail={"changed": True})

        response, _ = self._attempt(
            "PATCH", url, "upload", headers=headers,
            body=lambda: stream.body(offset, length, declared=declared, cancel=cancel,
                                     sent=lambda n: meter.update(offset + n), changed=changed))
        if response.status_code == 460 and declared and stream.file_sha256() != declared:
            raise changed()  # the server's sha256 check on completion caught it
        if response.status_code in (413, 460):
            # 413: a proxy refuses long requests; 460: the server discarded the whole file
            # (sha256 mismatch on completion) though the file matches: corrupted on the way,
            # so go on in chunks that are each verified and re-sent alone.
            self.chunk_size = FALLBACK_CHUNK
            raise _Transient("request body too large" if response.status_code == 413
                             else "checksum mismatch", status=response.status_code,
                             retry_after=0 if response.status_code == 413 else None)
        return self._patched(url, response, offset, length, meter)

    def _patched(self, url: str, response: requests.Response, offset: int, length: int,
                 meter: Meter) -> int:
        """The new offset from a PATCH's answer; raises for the others."""
        status = response.status_code
        if status in (200, 204):
            new_offset = response.headers.get("Upload-Offset", "")
            if not new_offset.isdigit() or not offset <= int(new_offset) <= offset + length:
                raise UploadError(msg("upload.protocol", origin=self._origin_text,
                                      problem=f"PATCH answered Upload-Offset {new_offset!r}"))
            return int(new_offset)
        if status == 409:  # our offset is stale: ask again
            raise _Transient("offset conflict", status=status, retry_after=0)
        if status == 460:
            raise _Transient("checksum mismatch", status=status)
        if status == 413:
            raise self._too_large(meter.total, None)
        if status in (404, 410):
            raise UploadError(msg("upload.gone", reference=_reference(url),
                                  origin=self._origin_text, status=status),
                              detail={"gone": True, "status": status})
        raise self._refused("upload", response)

    def _call(self, method: str, url: str, step: str, *, headers: dict[str, str] | None = None,
              ok: set[int], size: int | None = None) -> tuple[requests.Response, str]:
        """One request with retries; statuses outside ``ok`` become errors."""

        def once() -> tuple[requests.Response, str]:
            response, final_url = self._attempt(method, url, step, headers=headers)
            if response.status_code == 413 and size is not None:
                limit = response.headers.get("Tus-Max-Size", "")
                raise self._too_large(size, int(limit) if limit.isdigit() else None)
            if response.status_code not in ok:
                raise self._refused(step, response)
            return response, final_url

        return self._retrying(once, None)

    def _retrying(self, operation: Callable[[], Any], cancel: threading.Event | None) -> Any:
        failures = 0
        while True:
            try:
                return operation()
            except _Transient as exc:
                failures += 1
                if failures >= self.retry.attempts:
                    raise self._gave_up(exc, failures) from exc
                delay = self.retry.delay(failures, exc.retry_after)
                if cancel is not None and cancel.wait(delay):
                    raise Cancelled(msg("upload.cancelled", sent=0, total=0)) from exc
                if cancel is None:
                    time.sleep(delay)

    def _attempt(self, method: str, url: str, step: str, *,
                 headers: dict[str, str] | None = None,
                 body: Callable[[], Any] | None = None) -> tuple[requests.Response, str]:
        """Send once, following redirects by hand; raises _Transient for retryable failures.

        The token goes only to the configured origin; 401/403 raise CredentialsRejected.
        """
        session = self._get_session()
        for _hop in range(MAX_REDIRECTS + 1):
            check_url(url)
            request_headers = {"Tus-Resumable": TUS_VERSION, **(headers or {})}
            if origin(url) == self._origin:
                request_headers["Authorization"] = f"Bearer {self.destination.token}"
            try:
                response = session.request(
                    method, url, headers=request_headers, data=body() if body else None,
                    timeout=self.timeout, allow_redirects=False,
                    proxies=self._proxies.proxies_for(url))
            except requests.exceptions.SSLError as exc:
                raise TransportSecurityError(msg("upload.tls", origin=origin_text(url),
                                                 reason=_ssl_reason(exc))) from exc
            except (requests.ConnectionError, requests.Timeout,
                    requests.exceptions.ChunkedEncodingError) as exc:
                raise _Transient(_network_reason(exc)) from exc
            response.close()
            status = response.status_code
            location = response.headers.get("Location")
            if status in (301, 302, 303, 307, 308) and location:
                if method in ("POST", "PATCH") and status not in (307, 308):
                    raise UploadError(msg("upload.protocol", origin=origin_text(url),
                                          problem=f"{method} redirected with {status}"))
                url = urljoin(url, location)
                continue
            if status in (401, 403) and origin(url) == self._origin:
                raise CredentialsRejected(msg("upload.rejected", origin=origin_text(url),
                                              status=status), detail={"status": status})
            if status in _RETRYABLE or status >= 500:
                raise _Transient(f"{status} {response.reason or ''}".strip(), status=status,
                                 retry_after=_retry_after(response))
            return response, url
        raise UploadError(msg("upload.redirects", origin=self._origin_text, limit=MAX_REDIRECTS))

    def _get_session(self) -> requests.Session:
        if self._session is None:
            self._session = make_session(self.destination.ca_bundle, self.destination.proxy)
        return self._session

    # -- errors --------------------------------------------------------------------------

    def _too_large(self, size: int, limit: int | None) -> BundleTooLarge:
        detail = {"size": size, "limit": limit}
        if limit is None:
            return BundleTooLarge(msg("upload.too_large_unknown", size=human_size(size),
                                      origin=self._origin_text), detail=detail)
        return BundleTooLarge(msg("upload.too_large", size=human_size(size), origin=self._origin_text,
                                  limit=human_size(limit), excess=human_size(size - limit)),
                              detail={**detail, "excess": size - limit})

    def _gave_up(self, exc: _Transient, attempts: int) -> UploadError:
        if exc.status == 460:
            return UploadError(msg("upload.checksum", origin=self._origin_text, attempts=attempts))
        if exc.status is None:
            return UploadError(msg("upload.network", origin=self._origin_text, reason=exc.reason,
                                   attempts=attempts), detail={"reason": exc.reason})
        return UploadError(msg("upload.server", origin=self._origin_text, status=exc.reason,
                               attempts=attempts), detail={"status": exc.status})

    def _refused(self, step: str, response: requests.Response) -> UploadError:
        text = (response.text or "").strip().splitlines()[0][:200] if response.text else ""
        detail = f": {text}" if text else ""
        return UploadError(msg("upload.refused", origin=self._origin_text, step=step,
                               status=response.status_code, detail=detail),
                           detail={"status": response.status_code})

    def _cancelled(self, meter: Meter, offset: int | None) -> Cancelled:
        sent = offset if offset is not None else meter.confirmed
        return Cancelled(msg("upload.cancelled", sent=sent, total=meter.total),
                         detail={"offset": sent})


# -- helpers ---------------------------------------------------------------------------------

def encode_metadata(metadata: dict[str, str]) -> str:
    """The tus ``Upload-Metadata`` header: ``key base64(value)`` pairs, comma separated."""
    pairs = []
    for key, value in metadata.items():
        if not _METADATA_KEY.match(key):
            raise UploadError(msg("upload.bad_metadata", key=key))
        encoded = base64.b64encode(str(value).encode("utf-8")).decode("ascii")
        pairs.append(f"{key} {encoded}" if encoded else key)
    return ",".join(pairs)


def decode_metadata(header: str) -> dict[str, str]:
    """The inverse of :func:`encode_metadata`; raises ValueError on a malformed header."""
    result: dict[str, str] = {}
    for pair in filter(None, (p.strip() for p in header.split(","))):
        key, _, value = pair.partition(" ")
        if not _METADATA_KEY.match(key) or key in result:
            raise ValueError(f"bad metadata key {key!r}")
        result[key] = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    return result


def human_size(size: int) -> str:
    """``1.5 MB`` style (decimal units, as file managers show)."""
    value = float(size)
    for unit in ("bytes", "kB", "MB", "GB", "TB"):
        if abs(value) < 1000 or unit == "TB":
            return msg("upload.bytes", count=int(value)) if unit == "bytes" else \
                f"{value:.1f} {unit}"
        value /= 1000
    return msg("upload.bytes", count=size)


def _reference(url: str) -> str:
    return urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError as exc:
        raise InputError(msg("upload.unreadable", path=path, reason=exc.strerror)) from exc


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while block := handle.read(4 << 20):
                digest.update(block)
    except OSError as exc:
        raise InputError(msg("upload.unreadable", path=path, reason=exc.strerror)) from exc
    return digest.hexdigest()


def _retry_after(response: requests.Response) -> float | None:
    value = response.headers.get("Retry-After", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _network_reason(exc: Exception) -> str:
    if isinstance(exc, requests.Timeout):
        return "no answer in time"
    if isinstance(exc, requests.exceptions.ProxyError):
        return "the proxy could not be reached"
    text = str(exc)
    for known, reason in (("Connection refused", "connection refused"),
                          ("Name or service not known", "unknown host name"),
                          ("Temporary failure in name resolution", "unknown host name"),
                          ("reset by peer", "connection reset"),
                          ("RemoteDisconnected", "connection closed by the server"),
                          ("Broken pipe", "connection closed by the server"),
                          ("IncompleteRead", "connection closed by the server")):
        if known in text:
            return reason
    return "connection failed"


def _ssl_reason(exc: Exception) -> str:
    text = str(exc)
    if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text.lower():
        match = re.search(r"certificate verify failed: ([^(\")]+)", text)
        return "certificate not trusted" + (f": {match.group(1).strip()}" if match else "")
    if "WRONG_VERSION_NUMBER" in text:
        return "the server does not speak TLS on this port"
    return "TLS handshake failed"
