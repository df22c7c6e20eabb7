"""Who receives the token and how: TLS trust, plain-http refusal, redirects, proxies."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from faultproxy import Fault, FaultProxy
from intake_harness import IntakeServer
from loopback import LoopbackServer, make_tls_files

from support_assistant.core.errors import TransportSecurityError, UploadError
from support_assistant.core.upload import Destination, RetryPolicy, TusClient

FAST = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.02)


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    path = tmp_path / "report.zip"
    path.write_bytes(os.urandom(700_000))
    return path


def send(destination: Destination, bundle: Path, **options):
    client = TusClient(destination, retry=FAST, chunk_size=256 << 10, **options)
    return client.upload(bundle, client.create(bundle, {"product": "demo"}))


def received(server: IntakeServer, reference: str) -> bytes:
    return (server.storage / "data" / reference).read_bytes()


# -- TLS ------------------------------------------------------------------------------------

def test_a_private_ca_is_trusted_only_when_configured(
        intake_factory: Callable[..., IntakeServer], tmp_path: Path, bundle: Path) -> None:
    ca, cert, key = make_tls_files(tmp_path)
    server = intake_factory(tls=(cert, key))
    assert server.url.startswith("https://127.0.0.1:")
    with pytest.raises(TransportSecurityError) as caught:
        send(server.destination(), bundle)
    assert "certificate" in str(caught.value) and "intake.ca_bundle" in str(caught.value)
    assert caught.value.exit_code == 13
    assert not any((server.storage / "data").iterdir())

    receipt = send(server.destination(ca_bundle=str(ca)), bundle)
    assert received(server, receipt.reference) == bundle.read_bytes()


def test_a_missing_ca_bundle_is_named_in_the_error(shared_intake: IntakeServer, tmp_path: Path,
                                                   bundle: Path) -> None:
    missing = tmp_path / "no-such-ca.pem"
    destination = replace(shared_intake.destination(), endpoint="https://127.0.0.1:1/files/",
                          ca_bundle=str(missing))
    with pytest.raises(TransportSecurityError) as caught:
        send(destination, bundle)
    assert str(missing) in str(caught.value)


@pytest.mark.parametrize("endpoint", [
    "http://example.com/files/",
    "http://192.0.2.10:8765/files/",
    "http://10.1.2.3/files/",
    "http://[2001:db8::1]/files/",
    "http://127.0.0.1.example.com/files/",
])
def test_plain_http_is_refused_except_to_this_computer(endpoint: str, bundle: Path) -> None:
    destination = Destination(endpoint=endpoint, organisation="CUST-A", token="sa_secret")
    with pytest.raises(TransportSecurityError) as caught:
        send(destination, bundle)
    assert "plain http" in str(caught.value) and "sa_secret" not in str(caught.value)


@pytest.mark.parametrize("endpoint", ["ftp://127.0.0.1/files/", "file:///etc/passwd", "files/"])
def test_an_endpoint_that_is_not_http_is_a_clear_upload_error(endpoint: str,
                                                              bundle: Path) -> None:
    destination = Destination(endpoint=endpoint, organisation="CUST-A", token="t")
    with pytest.raises(UploadError) as caught:
        send(destination, bundle)
    assert "not a valid http or https URL" in str(caught.value)


def test_localhost_by_name_is_loopback(shared_intake: IntakeServer, bundle: Path) -> None:
    endpoint = shared_intake.endpoint.replace("127.0.0.1", "localhost")
    receipt = send(replace(shared_intake.destination(), endpoint=endpoint), bundle)
    assert received(shared_intake, receipt.reference) == bundle.read_bytes()


# -- redirects ------------------------------------------------------------------------------

def _leaked(recorder: LoopbackServer, token: str) -> list[str]:
    return [f"{name}: {value}" for _m, _p, headers, body in recorder.requests
            for name, value in headers.items()
            if name.lower() == "authorization" or token in value] + \
        [body.decode(errors="replace") for *_rest, body in recorder.requests
         if token.encode() in body]


def test_a_redirect_to_another_origin_never_receives_the_token(
        shared_intake: IntakeServer, fault_proxy: FaultProxy, bundle: Path) -> None:
    token = shared_intake.tokens.customer_a
    with LoopbackServer(status=401) as other:
        fault_proxy.add(Fault(method="POST", status=307,
                              headers={"Location": other.url + "files/"}))
        destination = replace(shared_intake.destination(), endpoint=fault_proxy.url + "files/")
        with pytest.raises(UploadError):
            send(destination, bundle)
        assert [m for m, *_ in other.requests] == ["POST"]  # the redirect was followed...
        assert _leaked(other, token) == []                   # ...without credentials
    assert fault_proxy.requests("POST")[0].headers["Authorization"] == f"Bearer {token}"


def test_an_upload_url_on_another_origin_never_receives_the_token(
        shared_intake: IntakeServer, fault_proxy: FaultProxy, bundle: Path) -> None:
    token = shared_intake.tokens.customer_a
    with LoopbackServer(status=404) as other:
        fault_proxy.add(Fault(method="POST", status=201,
                              headers={"Location": other.url + "files/elsewhere"}))
        destination = replace(shared_intake.destination(), endpoint=fault_proxy.url + "files/")
        with pytest.raises(UploadError) as caught:
            send(destination, bundle)
        assert caught.value.detail.get("gone") is True
        assert [m for m, *_ in other.requests] == ["HEAD"]
        assert _leaked(other, token) == []


def test_a_redirect_within_the_origin_keeps_the_credentials(
        shared_intake: IntakeServer, fault_proxy: FaultProxy, bundle: Path) -> None:
    fault_proxy.add(Fault(method="POST", path="/old/", status=308,
                          headers={"Location": "/files/"}))
    destination = replace(shared_intake.destination(), endpoint=fault_proxy.url + "old/")
    receipt = send(destination, bundle)
    assert received(shared_intake, receipt.reference) == bundle.read_bytes()


def test_a_redirect_to_plain_http_elsewhere_is_refused_before_connecting(
        shared_intake: IntakeServer, fault_proxy: FaultProxy, bundle: Path) -> None:
    fault_proxy.add(Fault(method="POST", status=307,
                          headers={"Location": "http://intake.example.invalid/files/"}))
    destination = replace(shared_intake.destination(), endpoint=fault_proxy.url + "files/")
    with pytest.raises(TransportSecurityError):
        send(destination, bundle)


# -- proxies --------------------------------------------------------------------------------

@pytest.fixture
def forward_proxy():
    with FaultProxy() as proxy:
        yield proxy


def _through(proxy: FaultProxy, server: IntakeServer) -> list[str]:
    return [seen.target for seen in proxy.requests() if seen.target.startswith(server.url)]


def test_a_configured_proxy_url_carries_the_upload(shared_intake: IntakeServer,
                                                   forward_proxy: FaultProxy,
                                                   bundle: Path) -> None:
    receipt = send(shared_intake.destination(proxy=forward_proxy.url), bundle)
    assert received(shared_intake, receipt.reference) == bundle.read_bytes()
    assert len(_through(forward_proxy, shared_intake)) >= 5  # OPTIONS, POST, HEAD, PATCH x3


def test_a_pac_file_chooses_the_proxy(shared_intake: IntakeServer, forward_proxy: FaultProxy,
                                      bundle: Path) -> None:
    script = ('function FindProxyForURL(url, host) {\n'
              f'  return "PROXY 127.0.0.1:{forward_proxy.port}; DIRECT";\n}}\n').encode()
    with LoopbackServer(status=200, body=script,
                        content_type="application/x-ns-proxy-autoconfig") as pac:
        receipt = send(shared_intake.destination(proxy=f"pac:{pac.url}proxy.pac"), bundle)
    assert received(shared_intake, receipt.reference) == bundle.read_bytes()
    assert _through(forward_proxy, shared_intake)


def test_a_local_pac_file_saying_direct_bypasses_the_environment_proxy(
        shared_intake: IntakeServer, forward_proxy: FaultProxy, tmp_path: Path, bundle: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTP_PROXY", forward_proxy.url)
    pac = tmp_path / "proxy.pac"
    pac.write_text('function FindProxyForURL(url, host) { return "DIRECT"; }\n')
    receipt = send(shared_intake.destination(proxy=f"pac:{pac}"), bundle)
    assert received(shared_intake, receipt.reference) == bundle.read_bytes()
    assert _through(forward_proxy, shared_intake) == []


def test_the_environment_proxy_is_used_by_default(shared_intake: IntakeServer,
                                                  forward_proxy: FaultProxy, bundle: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", forward_proxy.url)
    receipt = send(shared_intake.destination(), bundle)
    assert received(shared_intake, receipt.reference) == bundle.read_bytes()
    assert _through(forward_proxy, shared_intake)


def test_direct_ignores_the_environment_proxy(shared_intake: IntakeServer, bundle: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    with FaultProxy() as dead:
        dead_url = dead.url
    monkeypatch.setenv("HTTP_PROXY", dead_url)
    receipt = send(shared_intake.destination(proxy="direct"), bundle)
    assert received(shared_intake, receipt.reference) == bundle.read_bytes()


@pytest.mark.parametrize("script", [b"this is not javascript {", b""])
def test_an_unusable_pac_file_is_a_clear_error(shared_intake: IntakeServer, tmp_path: Path,
                                               bundle: Path, script: bytes) -> None:
    pac = tmp_path / "broken.pac"
    pac.write_bytes(script)
    with pytest.raises(UploadError) as caught:
        send(shared_intake.destination(proxy=f"pac:{pac}"), bundle)
    assert "proxy auto-config" in str(caught.value) and "intake.proxy" in str(caught.value)


def test_a_pac_url_that_cannot_be_fetched_is_a_clear_error(shared_intake: IntakeServer,
                                                           bundle: Path) -> None:
    with LoopbackServer(status=404) as nothing, pytest.raises(UploadError) as caught:
        send(shared_intake.destination(proxy=f"pac:{nothing.url}proxy.pac"), bundle)
    assert "proxy auto-config" in str(caught.value)


def test_the_token_is_never_in_repr(shared_intake: IntakeServer) -> None:
    destination = shared_intake.destination()
    client = TusClient(destination)
    assert destination.token not in repr(destination)
    assert destination.token not in repr(client)
