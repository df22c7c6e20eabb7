"""A small HTTP/1.1 proxy on 127.0.0.1 that injects faults between a client and a server.

Reverse mode (``FaultProxy(upstream="http://127.0.0.1:PORT")``): the client talks to
``proxy.url`` as if it were the server. Forward mode: a request line with an absolute
URI (``POST http://127.0.0.1:PORT/files/ HTTP/1.1``), as clients send to a configured
proxy, goes to that loopback host (anything else is refused with 403).

Each :class:`Fault` matches requests by method and path prefix and can answer with a
status instead of forwarding, delay the answer, drop the connection after part of the
request body, or drop it after the server answered. Every request is recorded in
``proxy.log`` (method, target, headers, status, body bytes forwarded, time).
Written here because fault injection needs to sit inside one HTTP exchange (mid-body),
which no packaged proxy offers.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass
class Fault:
    """What to do to matching requests (the first ``skip`` pass, the next ``times`` suffer)."""

    method: str | None = None
    path: str = ""
    skip: int = 0
    times: int = 1
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0
    drop_after: int | None = None
    drop_response: bool = False
    seen: int = 0

    def claims(self, method: str, path: str) -> bool:
        if self.method and self.method != method:
            return False
        if not path.startswith(self.path):
            return False
        self.seen += 1
        return self.skip < self.seen <= self.skip + self.times


@dataclass
class Seen:
    """One request as the proxy saw it."""

    method: str
    target: str
    headers: dict[str, str]
    status: int | None = None
    forwarded: int = 0
    at: float = 0.0
    fault: str = ""


class FaultProxy:
    """See module docstring. Use as a context manager or call ``close()``."""

    def __init__(self, upstream: str | None = None) -> None:
        self.upstream = urlsplit(upstream) if upstream else None
        self.faults: list[Fault] = []
        self.log: list[Seen] = []
        self._lock = threading.Lock()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self._sockets: set[socket.socket] = set()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def add(self, fault: Fault) -> Fault:
        with self._lock:
            self.faults.append(fault)
        return fault

    def requests(self, method: str | None = None) -> list[Seen]:
        with self._lock:
            return [s for s in self.log if method is None or s.method == method]

    def close(self) -> None:
        self._closed = True
        with contextlib.suppress(OSError):
            self._listener.close()
        for sock in list(self._sockets):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    # -- internals ---------------------------------------------------------------------

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            self._sockets.add(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        reader = client.makefile("rb")
        try:
            while self._one(client, reader):
                pass
        except OSError:
            pass
        finally:
            self._sockets.discard(client)
            with contextlib.suppress(OSError):
                reader.close()
                client.close()

    def _one(self, client: socket.socket, reader) -> bool:  # noqa: ANN001
        line = reader.readline(65537)
        if not line:
            return False
        method, target, _version = line.decode("latin-1").rstrip("\r\n").split(" ", 2)
        headers: list[tuple[str, str]] = []
        while True:
            raw = reader.readline(65537)
            if raw in (b"\r\n", b"\n", b""):
                break
            name, _, value = raw.decode("latin-1").partition(":")
            headers.append((name.strip(), value.strip()))
        lookup = {k.lower(): v for k, v in headers}
        length = int(lookup.get("content-length", "0") or 0)
        seen = Seen(method, target, dict(headers), at=time.monotonic())
        with self._lock:
            self.log.append(seen)
            fault = next((f for f in self.faults if f.claims(method, urlsplit(target).path)), None)
        if fault is not None:
            seen.fault = repr(fault)

        if target.startswith("http://"):
            parts = urlsplit(target)
            if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
                _drain(reader, length)
                return self._answer(client, seen, 403, {}, b"only loopback\n")
            host, port = parts.hostname, parts.port or 80
            path = parts.path + (f"?{parts.query}" if parts.query else "")
        elif self.upstream is not None:
            host, port, path = self.upstream.hostname, self.upstream.port, target
        else:
            _drain(reader, length)
            return self._answer(client, seen, 502, {}, b"no upstream\n")

        if fault is not None and fault.status is not None:
            _drain(reader, length)
            if fault.delay:
                time.sleep(fault.delay)
            return self._answer(client, seen, fault.status, fault.headers, fault.body)

        upstream = http.client.HTTPConnection(host, port, timeout=120)
        try:
            upstream.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            for name, value in headers:
                if name.lower() not in ("proxy-connection", "connection"):
                    upstream.putheader(name, value)
            upstream.endheaders()
            limit = fault.drop_after if fault is not None else None
            remaining = length
            while remaining > 0:
                piece = reader.read(min(remaining, 256 << 10))
                if not piece:
                    return False
                if limit is not None and seen.forwarded + len(piece) >= limit:
                    upstream.send(piece[:max(0, limit - seen.forwarded)])
                    seen.forwarded = limit
                    time.sleep(0.05)  # let the server take the partial body before the drop
                    return False
                upstream.send(piece)
                seen.forwarded += len(piece)
                remaining -= len(piece)
            response = upstream.getresponse()
            body = response.read()
            seen.status = response.status
            if fault is not None and fault.drop_response:
                return False
            if fault is not None and fault.delay:
                time.sleep(fault.delay)
            reply_headers = {k: v for k, v in response.getheaders()
                             if k.lower() not in ("transfer-encoding", "connection",
                                                  "content-length")}
            return self._send(client, response.status, response.reason, reply_headers, body,
                              head=method == "HEAD",
                              length=response.getheader("Content-Length"))
        finally:
            upstream.close()

    def _answer(self, client: socket.socket, seen: Seen, status: int, headers: dict[str, str],
                body: bytes) -> bool:
        seen.status = status
        reason = http.client.responses.get(status, "Status")
        return self._send(client, status, reason, headers, body, head=seen.method == "HEAD")

    @staticmethod
    def _send(client: socket.socket, status: int, reason: str, headers: dict[str, str],
              body: bytes, *, head: bool, length: str | None = None) -> bool:
        lines = [f"HTTP/1.1 {status} {reason}"]
        lines += [f"{k}: {v}" for k, v in headers.items()]
        lines.append(f"Content-Length: {length if head and length else len(body)}")
        client.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
                       + (b"" if head else body))
        return True


def _drain(reader, length: int) -> None:  # noqa: ANN001
    while length > 0:
        piece = reader.read(min(length, 256 << 10))
        if not piece:
            return
        length -= len(piece)
