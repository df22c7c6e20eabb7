"""The environment item answers support's first questions, including whether the intake answers."""

from __future__ import annotations

import http.server
import json
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from support_assistant.core import policy
from support_assistant.core.collectors import CollectContext, environment, run_collectors
from support_assistant.core.report import Report

SECTIONS = {"schema", "collected_at", "product", "app", "os", "kernel", "architecture", "cpu",
            "memory", "disks", "displays", "locale", "time_zone", "python", "qt", "proxy",
            "intake"}


class TusHandler(http.server.BaseHTTPRequestHandler):
    def do_OPTIONS(self) -> None:  # noqa: N802 - http.server's naming
        self.send_response(204)
        self.send_header("Tus-Resumable", "1.0.0")
        self.send_header("Tus-Version", "1.0.0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def _serve(server: http.server.HTTPServer) -> Iterator[str]:
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def intake() -> Iterator[str]:
    """A plain-http tus-like server on 127.0.0.1 (ephemeral port); yields host:port."""
    yield from _serve(http.server.ThreadingHTTPServer(("127.0.0.1", 0), TusHandler))


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key (openssl, EC: fast to make)."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                    "-subj", "/CN=test intake", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


@pytest.fixture
def tls_intake(certificate: tuple[Path, Path]) -> Iterator[tuple[str, Path]]:
    """An https server with that certificate; yields (host:port, cert)."""
    cert, key = certificate
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), TusHandler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    for address in _serve(server):
        yield address, cert


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_environment_item_holds_every_section_as_json(tmp_path, intake):
    report = Report.create(product="Acme Writer", product_version="7.1", root=tmp_path)
    config = policy.load()
    config.values["intake.endpoint"] = f"http://{intake}/files/"
    context = CollectContext(report=report, config=config,
                             displays=[{"left": 0, "top": 0, "width": 1920, "height": 1080,
                                        "scale": 1.5}], qt_version="6.8.1")
    result = run_collectors(context, ["environment"])
    item = result.items[0]
    assert result.failures == [] and item.media_type == "application/json"
    data = json.loads(item.payload.read_text(encoding="utf-8"))
    assert set(data) >= SECTIONS
    assert data["product"] == {"name": "Acme Writer", "version": "7.1"}
    for section in ("os", "kernel", "architecture", "cpu", "memory", "locale", "time_zone",
                    "python", "qt", "proxy", "intake"):
        assert "error" not in data[section] or data[section]["error"] is None, section
    assert data["os"]["system"] and data["architecture"]["machine"]
    assert data["memory"]["total_bytes"] > 0 and data["cpu"]["logical_cores"] >= 1
    assert data["disks"] and "mountpoint" in data["disks"][0]
    assert data["displays"] == {"source": "app", "count": 1,
                                "monitors": [{"left": 0, "top": 0, "width": 1920,
                                              "height": 1080, "scale": 1.5}]}
    assert data["qt"]["running"] == "6.8.1" and data["qt"]["version"]
    assert data["intake"]["reachable"] is True and data["intake"]["http_status"] == 204
    text = environment.render_text(data)
    assert "  Name: Acme Writer" in text and "Reachable: yes" in text


def test_without_a_display_the_displays_section_says_so(tmp_path, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    info = environment.displays_info(None)
    assert info["available"] is False and info["count"] == 0
    assert "DISPLAY is not set" in info["reason"]


def test_reachable_endpoint_answers_with_tus_headers(intake):
    result = environment.check_endpoint(f"http://{intake}/files/")
    assert result["reachable"] and result["answered"]
    assert result["failed_step"] is None and result["tus_version"] == "1.0.0"
    assert result["addresses"] == ["127.0.0.1"]


def test_closed_port_is_unreachable_quickly():
    started = time.monotonic()
    result = environment.check_endpoint(f"http://127.0.0.1:{closed_port()}/files/")
    assert time.monotonic() - started < 1
    assert result["reachable"] is False and result["failed_step"] == "connect"
    assert result["error"]


def test_server_that_never_answers_is_bounded_by_the_step_timeout():
    with socket.socket() as silent:  # accepts connections (backlog) but never replies
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        port = silent.getsockname()[1]
        started = time.monotonic()
        result = environment.check_endpoint(f"http://127.0.0.1:{port}/", step=0.3)
        elapsed = time.monotonic() - started
    assert elapsed < 1.5
    assert result["reachable"] is True and result["answered"] is False
    assert result["failed_step"] == "http" and result["error"] == "timed out"


def test_tls_endpoint_with_the_policy_ca_bundle_is_verified(tls_intake):
    address, cert = tls_intake
    result = environment.check_endpoint(f"https://{address}/files/", ca_bundle=str(cert))
    assert result["reachable"] and result["answered"] and result["http_status"] == 204
    assert result["tls"]["version"].startswith("TLS")
    assert "test intake" in result["tls"]["subject"]


def test_tls_endpoint_with_an_untrusted_certificate_fails_at_tls(tls_intake):
    address, _ = tls_intake
    result = environment.check_endpoint(f"https://{address}/files/")
    assert result["reachable"] is False and result["failed_step"] == "tls"
    assert "not trusted" in result["error"] or "certificate" in result["error"]


@pytest.mark.parametrize("url, step", [
    ("ftp://127.0.0.1/files/", "url"),
    ("not a url", "url"),
    ("http://127.0.0.1:99999/", "url"),
    ("http://" + "a" * 64 + ".example/files/", "resolve"),  # refused before any DNS query
])
def test_bad_endpoints_name_the_failing_step(url, step):
    result = environment.check_endpoint(url, step=0.5, budget=1.0)
    assert result["failed_step"] == step and result["reachable"] is False


def test_proxy_credentials_never_appear(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://alice:s3cret@proxy.example:3128")
    monkeypatch.setenv("NO_PROXY", "")
    info = environment.proxy_info("", "https://support.example.com/files/")
    dumped = json.dumps(info)
    assert "s3cret" not in dumped and "alice" not in dumped
    assert info["for_endpoint"] == "http://***@proxy.example:3128"
    assert environment.proxy_info("direct", "https://x.example/")["for_endpoint"] == "direct"
    pac = environment.proxy_info("pac:http://wpad.example/proxy.pac", "https://x.example/")
    assert pac["for_endpoint"].startswith("PAC http://wpad.example/proxy.pac")


def test_qt_version_is_read_without_importing_qt():
    code = ("import sys; from support_assistant.core.collectors import environment as e;"
            "info = e.qt_info(None); print(info['version']);"
            "print(any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules))")
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).parents[2] / "desktop"))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env=env, check=True).stdout.split()
    assert out[0][0].isdigit() and out[1] == "False"
