"""The reference intake's bundle API and tus routes, spoken to over real HTTP on loopback."""

from __future__ import annotations

import base64
import hashlib
import os
from pathlib import Path

import pytest
import requests
from intake_harness import CUSTOMER_A, CUSTOMER_B, IntakeServer

from support_assistant.core.errors import UploadError
from support_assistant.core.upload import TusClient, encode_metadata

TUS = {"Tus-Resumable": "1.0.0"}


def call(server: IntakeServer, method: str, path: str, token: str | None,
         headers: dict[str, str] | None = None, data: bytes | None = None) -> requests.Response:
    auth = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.request(method, server.url + path.lstrip("/"), timeout=10, data=data,
                            headers={**TUS, **auth, **(headers or {})}, allow_redirects=False)


def upload(server: IntakeServer, tmp_path: Path, *, token: str | None = None,
           customer: str = CUSTOMER_A, size: int = 50_000, **metadata: str) -> str:
    path = tmp_path / f"bundle-{os.urandom(4).hex()}.zip"
    path.write_bytes(os.urandom(size))
    client = TusClient(server.destination(token=token, customer=customer))
    return client.upload(path, client.create(path, metadata)).reference


def bundle_ids(server: IntakeServer, token: str) -> set[str]:
    response = call(server, "GET", "api/bundles", token)
    assert response.status_code == 200
    return {b["id"] for b in response.json()}


def test_customers_never_see_each_others_bundles(shared_intake: IntakeServer,
                                                 tmp_path: Path) -> None:
    tokens = shared_intake.tokens
    mine = upload(shared_intake, tmp_path)
    theirs = upload(shared_intake, tmp_path, token=tokens.customer_b, customer=CUSTOMER_B)
    assert mine in bundle_ids(shared_intake, tokens.customer_a)
    assert theirs not in bundle_ids(shared_intake, tokens.customer_a)
    assert mine not in bundle_ids(shared_intake, tokens.customer_b)
    for method, path in (("GET", f"api/bundles/{mine}"), ("GET", f"api/bundles/{mine}/download"),
                         ("DELETE", f"api/bundles/{mine}"), ("HEAD", f"files/{mine}"),
                         ("DELETE", f"files/{mine}")):
        assert call(shared_intake, method, path, tokens.customer_b).status_code == 404, path
    assert call(shared_intake, "PATCH", f"files/{mine}", tokens.customer_b, data=b"x",
                headers={"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"}
                ).status_code == 404
    assert mine in bundle_ids(shared_intake, tokens.engineer)  # still there


def test_engineers_list_download_and_delete_any_bundle(shared_intake: IntakeServer,
                                                       tmp_path: Path) -> None:
    tokens = shared_intake.tokens
    reference = upload(shared_intake, tmp_path, token=tokens.customer_b, customer=CUSTOMER_B,
                       product="Widget")
    listed = call(shared_intake, "GET", f"api/bundles?customer={CUSTOMER_B}", tokens.engineer)
    entry = next(b for b in listed.json() if b["id"] == reference)
    assert entry["customer"] == CUSTOMER_B and entry["product"] == "Widget"
    assert all(b["customer"] == CUSTOMER_B for b in listed.json())
    download = call(shared_intake, "GET", f"api/bundles/{reference}/download", tokens.engineer)
    stored = (shared_intake.storage / "data" / reference).read_bytes()
    assert download.content == stored
    assert hashlib.sha256(download.content).hexdigest() == entry["sha256"]
    assert "attachment" in download.headers["Content-Disposition"]
    assert call(shared_intake, "DELETE", f"api/bundles/{reference}", tokens.engineer).status_code \
        == 204
    assert call(shared_intake, "GET", f"api/bundles/{reference}", tokens.engineer).status_code \
        == 404
    assert call(shared_intake, "HEAD", f"files/{reference}", tokens.customer_b).status_code == 410
    assert not (shared_intake.storage / "data" / reference).exists()


def test_a_customer_can_read_and_delete_its_own_bundles(shared_intake: IntakeServer,
                                                        tmp_path: Path) -> None:
    token = shared_intake.tokens.customer_a
    reference = upload(shared_intake, tmp_path)
    assert call(shared_intake, "GET", f"api/bundles/{reference}", token).json()["id"] == reference
    assert call(shared_intake, "DELETE", f"api/bundles/{reference}", token).status_code == 204
    assert reference not in bundle_ids(shared_intake, token)


def test_a_correction_is_shown_with_its_original(shared_intake: IntakeServer,
                                                 tmp_path: Path) -> None:
    engineer = shared_intake.tokens.engineer
    original = upload(shared_intake, tmp_path)
    correction = upload(shared_intake, tmp_path, follows=original)
    first = call(shared_intake, "GET", f"api/bundles/{original}", engineer).json()
    second = call(shared_intake, "GET", f"api/bundles/{correction}", engineer).json()
    assert first["followups"] == [correction] and first["follows"] is None
    assert second["follows"] == original


def test_a_correction_cannot_follow_another_customers_bundle(shared_intake: IntakeServer,
                                                             tmp_path: Path) -> None:
    theirs = upload(shared_intake, tmp_path, token=shared_intake.tokens.customer_b,
                    customer=CUSTOMER_B)
    with pytest.raises(UploadError) as caught:
        upload(shared_intake, tmp_path, follows=theirs)
    assert "400" in str(caught.value) and "follows" in str(caught.value)


def test_a_correction_may_follow_a_deleted_original(shared_intake: IntakeServer,
                                                    tmp_path: Path) -> None:
    token = shared_intake.tokens.customer_a
    original = upload(shared_intake, tmp_path)
    call(shared_intake, "DELETE", f"api/bundles/{original}", token)
    correction = upload(shared_intake, tmp_path, follows=original)
    assert call(shared_intake, "GET", f"api/bundles/{correction}", token).json()["follows"] \
        == original


def test_a_file_that_does_not_match_its_sha256_is_discarded(shared_intake: IntakeServer) -> None:
    token = shared_intake.tokens.customer_a
    data = os.urandom(1000)
    created = call(shared_intake, "POST", "files/", token, headers={
        "Upload-Length": "1000",
        "Upload-Metadata": encode_metadata({"sha256": hashlib.sha256(b"other").hexdigest()})})
    url = created.headers["Location"]
    reference = url.rsplit("/", 1)[1]
    patch = call(shared_intake, "PATCH", f"files/{reference}", token, data=data,
                 headers={"Upload-Offset": "0", "Content-Type": "application/offset+octet-stream"})
    assert patch.status_code == 460
    assert call(shared_intake, "HEAD", f"files/{reference}", token).headers["Upload-Offset"] == "0"


def test_the_size_limit_answers_413_with_the_limit(intake_factory) -> None:
    server = intake_factory(max_size="64K")
    response = call(server, "POST", "files/", server.tokens.customer_a,
                    headers={"Upload-Length": str(65536 + 10)})
    assert response.status_code == 413
    assert response.headers["Tus-Max-Size"] == "65536"
    assert "10 bytes too many" in response.text


def test_options_announce_the_tus_capabilities(shared_intake: IntakeServer) -> None:
    response = requests.options(shared_intake.endpoint, timeout=10)
    assert response.status_code == 204
    assert response.headers["Tus-Version"] == "1.0.0"
    assert set(response.headers["Tus-Extension"].split(",")) >= {
        "creation", "termination", "checksum", "sha256-metadata"}
    assert "sha1" in response.headers["Tus-Checksum-Algorithm"].split(",")


def test_the_openapi_description_is_published(shared_intake: IntakeServer) -> None:
    schema = requests.get(shared_intake.url + "openapi.json", timeout=10).json()
    assert {"/api/bundles", "/api/bundles/{bundle_id}", "/api/bundles/{bundle_id}/download",
            "/files/", "/files/{upload_id}"} <= set(schema["paths"])
    assert "HTTPBearer" in schema["components"]["securitySchemes"]


def test_whoami_names_the_role(shared_intake: IntakeServer) -> None:
    tokens = shared_intake.tokens
    assert call(shared_intake, "GET", "api/whoami", tokens.engineer).json()["role"] == "engineer"
    assert call(shared_intake, "GET", "api/whoami", tokens.customer_b).json() == {
        "role": "customer", "customer": CUSTOMER_B, "name": "B"}


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


OCTETS = {"Content-Type": "application/offset+octet-stream"}
HOSTILE = [
    # (what, method, path (ID = an upload of customer A), token, headers, body, status)
    ("no token", "POST", "files/", None, {"Upload-Length": "10"}, None, 401),
    ("unknown token", "POST", "files/", "sa_guess", {"Upload-Length": "10"}, None, 401),
    ("engineer uploads", "POST", "files/", "engineer", {"Upload-Length": "10"}, None, 403),
    ("other customer in metadata", "POST", "files/", "a",
     {"Upload-Length": "10", "Upload-Metadata": f"customer {_b64(CUSTOMER_B)}"}, None, 403),
    ("no tus version", "POST", "files/", "a", {"Upload-Length": "10", "Tus-Resumable": ""},
     None, 412),
    ("no length", "POST", "files/", "a", {}, None, 400),
    ("negative length", "POST", "files/", "a", {"Upload-Length": "-1"}, None, 400),
    ("deferred length", "POST", "files/", "a", {"Upload-Defer-Length": "1"}, None, 400),
    ("metadata not base64", "POST", "files/", "a",
     {"Upload-Length": "10", "Upload-Metadata": "filename %%%"}, None, 400),
    ("metadata key twice", "POST", "files/", "a",
     {"Upload-Length": "10", "Upload-Metadata": "a YQ==,a Yg=="}, None, 400),
    ("sha256 not hex", "POST", "files/", "a",
     {"Upload-Length": "10", "Upload-Metadata": f"sha256 {_b64('../../etc')}"}, None, 400),
    ("follows unknown", "POST", "files/", "a",
     {"Upload-Length": "10", "Upload-Metadata": f"follows {_b64('0' * 32)}"}, None, 400),
    ("wrong content type", "PATCH", "files/ID", "a",
     {"Upload-Offset": "0", "Content-Type": "text/plain"}, b"x", 415),
    ("wrong offset", "PATCH", "files/ID", "a", {"Upload-Offset": "5", **OCTETS}, b"x", 409),
    ("no offset", "PATCH", "files/ID", "a", OCTETS, b"x", 400),
    ("beyond length", "PATCH", "files/ID", "a", {"Upload-Offset": "0", **OCTETS}, b"x" * 11, 400),
    ("bad checksum", "PATCH", "files/ID", "a",
     {"Upload-Offset": "0", "Upload-Checksum": f"sha1 {base64.b64encode(b'0' * 20).decode()}",
      **OCTETS}, b"x", 460),
    ("unknown checksum", "PATCH", "files/ID", "a",
     {"Upload-Offset": "0", "Upload-Checksum": "crc99 AAAA", **OCTETS}, b"x", 400),
    ("unknown upload", "HEAD", "files/" + "f" * 32, "a", {}, None, 404),
    ("traversal id", "HEAD", "files/..%2Findex.sqlite", "a", {}, None, 404),
    ("traversal bundle", "GET", "api/bundles/..%2Findex.sqlite/download", "engineer", {}, None,
     404),
    ("incomplete download", "GET", "api/bundles/ID/download", "engineer", {}, None, 409),
    ("bad list filter", "GET", "api/bundles?state=deleted", "engineer", {}, None, 422),
]


@pytest.mark.parametrize(("what", "method", "path", "who", "headers", "body", "status"), HOSTILE,
                         ids=[row[0] for row in HOSTILE])
def test_hostile_requests_get_a_clear_status_and_change_nothing(
        shared_intake: IntakeServer, what: str, method: str, path: str, who: str | None,
        headers: dict[str, str], body: bytes | None, status: int) -> None:
    tokens = shared_intake.tokens
    token = {"a": tokens.customer_a, "engineer": tokens.engineer}.get(who or "", who)
    created = call(shared_intake, "POST", "files/", tokens.customer_a,
                   headers={"Upload-Length": "10"})
    reference = created.headers["Location"].rsplit("/", 1)[1]
    before = sorted(p.name for p in (shared_intake.storage / "data").iterdir())
    response = call(shared_intake, method, path.replace("ID", reference), token, headers, body)
    assert response.status_code == status, response.text
    if method != "HEAD" and status != 422:
        assert response.text.strip()  # one sentence says why
    head = call(shared_intake, "HEAD", f"files/{reference}", tokens.customer_a)
    assert head.headers["Upload-Offset"] == "0"
    assert sorted(p.name for p in (shared_intake.storage / "data").iterdir()) == before


def test_a_streamed_patch_running_past_the_length_is_refused_and_leaves_nothing(
        shared_intake: IntakeServer) -> None:
    """Without Content-Length the excess shows only after megabytes were written and their
    offset recorded: all of it goes and the offset is the one before the request."""
    token = shared_intake.tokens.customer_a
    created = call(shared_intake, "POST", "files/", token, headers={"Upload-Length": str(3 << 20)})
    reference = created.headers["Location"].rsplit("/", 1)[1]
    pieces = (os.urandom(256 << 10) for _ in range(16))  # 4 MiB, chunked transfer encoding
    response = requests.patch(f"{shared_intake.endpoint}{reference}", data=pieces, timeout=30,
                              headers={**TUS, **OCTETS, "Upload-Offset": "0",
                                       "Authorization": f"Bearer {token}"})
    assert response.status_code == 400 and "beyond Upload-Length" in response.text
    head = call(shared_intake, "HEAD", f"files/{reference}", token)
    assert head.headers["Upload-Offset"] == "0"
    assert (shared_intake.storage / "data" / reference).stat().st_size == 0
