"""tus 1.0 routes of the reference intake (core, creation, termination, checksum).

Written as our own FastAPI routes rather than on ``tuspyserver`` because that
router appends a resumed chunk after a partial one left by a kill (corrupt files
here, 4 of 4 runs), has no notion of customers, and its storage is a folder of
JSON files; the protocol is five small handlers, and owning them lets every
PATCH write at the offset recorded in the index and verify the sha256 on completion.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import os
import re
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import PlainTextResponse
from starlette.requests import ClientDisconnect

from ..core.upload import decode_metadata, encode_metadata
from .context import IntakeContext, intake, principal
from .storage import Upload
from .tokens import Principal

router = APIRouter(tags=["tus uploads"])

TUS_VERSION = "1.0.0"
EXTENSIONS = "creation,termination,checksum,sha256-metadata"
"""``sha256-metadata`` (ours): the sha256 declared in Upload-Metadata is verified when the
upload completes, and a mismatch discards the file (460): clients may skip hashing."""
CHECKSUMS = ("sha256", "sha1", "md5")
MAX_METADATA = 16 << 10
_HEX64 = re.compile(r"^[0-9a-f]{64}$")


def tus(status: int, text: str = "", headers: dict[str, str] | None = None) -> Response:
    """A response carrying ``Tus-Resumable``; ``text`` (one sentence) explains a refusal."""
    all_headers = {"Tus-Resumable": TUS_VERSION, **(headers or {})}
    if text:
        return PlainTextResponse(text + "\n", status_code=status, headers=all_headers)
    return Response(status_code=status, headers=all_headers)


def _precondition(request: Request, who: Principal) -> Response | None:
    if request.headers.get("Tus-Resumable") != TUS_VERSION:
        return tus(412, "This server speaks tus 1.0.0 (send Tus-Resumable: 1.0.0).",
                   {"Tus-Version": TUS_VERSION})
    if who.is_engineer:
        return tus(403, "Engineer tokens cannot upload; use a customer's service token.")
    return None


def _own(ctx: IntakeContext, upload_id: str, who: Principal) -> Upload | Response:
    upload = ctx.storage.get(upload_id)
    if upload is None or upload.customer != who.customer:
        return tus(404, "No such upload.")
    if upload.deleted:
        return tus(410, "This upload was deleted.")
    return upload


@router.options("/files/", status_code=204, summary="tus capabilities")
@router.options("/files", status_code=204, include_in_schema=False)
@router.options("/files/{upload_id}", status_code=204, include_in_schema=False)
async def options(ctx: IntakeContext = Depends(intake)) -> Response:
    return tus(204, headers={"Tus-Version": TUS_VERSION, "Tus-Extension": EXTENSIONS,
                             "Tus-Max-Size": str(ctx.max_size),
                             "Tus-Checksum-Algorithm": ",".join(CHECKSUMS)})


@router.post("/files/", status_code=201, summary="Create an upload (tus creation)",
             responses={201: {"description": "Created; Location is the upload URL"},
                        413: {"description": "Larger than Tus-Max-Size"}})
@router.post("/files", status_code=201, include_in_schema=False)
async def create(request: Request, ctx: IntakeContext = Depends(intake),
                 who: Principal = Depends(principal)) -> Response:
    refused = _precondition(request, who)
    if refused:
        return refused
    length_text = request.headers.get("Upload-Length", "")
    if not length_text.isdigit():
        return tus(400, "Upload-Length is required (deferred length is not supported).")
    length = int(length_text)
    if length > ctx.max_size:
        return tus(413, f"The upload is {length} bytes; this intake accepts at most "
                        f"{ctx.max_size} bytes ({length - ctx.max_size} bytes too many).",
                   {"Tus-Max-Size": str(ctx.max_size)})
    header = request.headers.get("Upload-Metadata", "")
    if len(header) > MAX_METADATA:
        return tus(400, "Upload-Metadata is too long.")
    try:
        metadata = decode_metadata(header)
    except (ValueError, UnicodeDecodeError):
        return tus(400, "Upload-Metadata is malformed.")
    customer = metadata.setdefault("customer", who.customer)
    if customer != who.customer:
        return tus(403, "This service token belongs to another customer.")
    sha256 = metadata.get("sha256")
    if sha256 is not None and not _HEX64.match(sha256):
        return tus(400, "The sha256 metadata must be 64 lowercase hex digits.")
    follows = metadata.get("follows") or None
    if follows is not None:
        original = ctx.storage.get(follows)
        if original is None or original.customer != who.customer:
            return tus(400, "'follows' does not name one of your uploads.")
    upload = ctx.storage.create(who.customer, length, metadata, follows)
    base = ctx.public_url.rstrip("/") if ctx.public_url else str(request.base_url).rstrip("/")
    return tus(201, headers={"Location": f"{base}/files/{upload.id}"})


@router.head("/files/{upload_id}", summary="Offset of an upload (tus core)")
async def head(upload_id: str, request: Request, ctx: IntakeContext = Depends(intake),
               who: Principal = Depends(principal)) -> Response:
    refused = _precondition(request, who)
    if refused:
        return refused
    upload = _own(ctx, upload_id, who)
    if isinstance(upload, Response):
        return upload
    return tus(200, headers={"Upload-Offset": str(upload.offset),
                             "Upload-Length": str(upload.length),
                             "Upload-Metadata": encode_metadata(upload.metadata),
                             "Cache-Control": "no-store"})


@router.patch("/files/{upload_id}", status_code=204, summary="Append bytes (tus core)")
async def patch(upload_id: str, request: Request, ctx: IntakeContext = Depends(intake),
                who: Principal = Depends(principal)) -> Response:
    response = await _append(upload_id, request, ctx, who)
    if not getattr(request.state, "receiving", False):
        # refused before reading the body: closing stops a client that streams its whole
        # bundle before it reads the answer (it reads it after the reset and retries)
        response.headers["Connection"] = "close"
    return response


async def _append(upload_id: str, request: Request, ctx: IntakeContext,
                  who: Principal) -> Response:
    refused = _precondition(request, who)
    if refused:
        return refused
    if request.headers.get("Content-Type", "").split(";")[0].strip() != \
            "application/offset+octet-stream":
        return tus(415, "Content-Type must be application/offset+octet-stream.")
    upload = _own(ctx, upload_id, who)
    if isinstance(upload, Response):
        return upload
    checksum = _parse_checksum(request.headers.get("Upload-Checksum"))
    if isinstance(checksum, Response):
        return checksum
    lock = ctx.lock(upload.id)
    if lock.locked():
        return tus(423, "Another request is writing to this upload; retry shortly.")
    async with lock:
        upload = ctx.storage.get(upload.id)
        if upload is None or upload.deleted:
            return tus(410, "This upload was deleted.")
        offset_text = request.headers.get("Upload-Offset", "")
        if not offset_text.isdigit():
            return tus(400, "Upload-Offset is required.")
        if int(offset_text) != upload.offset:
            return tus(409, f"The upload is at offset {upload.offset}.",
                       {"Upload-Offset": str(upload.offset)})
        declared = request.headers.get("Content-Length", "")
        if declared.isdigit() and upload.offset + int(declared) > upload.length:
            return tus(400, "The chunk goes beyond Upload-Length.")
        return await _receive(ctx, request, upload, checksum)


async def _receive(ctx: IntakeContext, request: Request, upload: Upload,
                   checksum: tuple[str, bytes] | None) -> Response:
    request.state.receiving = True
    start = upload.offset
    running = ctx.cached_hash(upload.id, start) or \
        await asyncio.to_thread(ctx.running_hash, upload.id, start)
    before = running.copy()
    chunk_hash = hashlib.new(checksum[0]) if checksum else None
    position = committed = start
    disconnected = too_long = False
    with ctx.storage.path(upload.id).open("r+b", buffering=0) as handle:
        handle.truncate(start)  # whatever a killed request left beyond the offset goes
        handle.seek(start)
        writer = _Writer(handle, running, chunk_hash)
        try:
            async for piece in request.stream():
                if position + len(piece) > upload.length:
                    too_long = True
                    break
                position += len(piece)
                await writer.add(piece)
                if checksum is None and start + writer.written > committed:
                    # a long streamed PATCH: record what is on disk as it goes, so a server
                    # killed mid-request loses at most the batches still in flight
                    committed = start + writer.written
                    ctx.storage.set_offset(upload.id, committed)
        except ClientDisconnect:
            disconnected = True
        finally:
            await writer.flush()
        discard = too_long or (checksum is not None and (
            disconnected or chunk_hash is None or chunk_hash.digest() != checksum[1]))
        if discard:
            handle.truncate(start)
            if committed > start:
                ctx.storage.set_offset(upload.id, start)
            ctx.hashes[upload.id] = (start, before)
            if too_long:
                return tus(400, "The chunk goes beyond Upload-Length.")
            return tus(460, "Checksum mismatch: the chunk was discarded; send it again.")
        complete = position == upload.length
        if complete:
            await asyncio.to_thread(os.fsync, handle.fileno())
    ctx.storage.set_offset(upload.id, position)
    ctx.hashes[upload.id] = (position, running)
    if complete:
        if upload.sha256 and running.hexdigest() != upload.sha256:
            with ctx.storage.path(upload.id).open("r+b") as handle:
                handle.truncate(0)
            ctx.storage.set_offset(upload.id, 0)
            ctx.hashes.pop(upload.id, None)
            return tus(460, "The received file does not match its sha256; it was discarded, "
                            "send it again from the start.", {"Upload-Offset": "0"})
        ctx.storage.mark_complete(upload.id)
        ctx.forget(upload.id)
    return tus(204, headers={"Upload-Offset": str(position)})


class _Writer:
    """Writes and hashes received pieces on worker threads, one batch behind the receiver.

    Writing, the running sha256 and the chunk checksum each run on their own thread
    (file writes and hashlib release the GIL), so the event loop keeps parsing the
    request meanwhile: measured here, 1.4x the throughput of doing it inline.
    """

    BATCH = 1 << 20  # a server killed mid-stream loses at most the batch being written

    def __init__(self, handle: Any, running: Any, chunk_hash: Any) -> None:
        self._handle = handle
        self._digests = [h for h in (running, chunk_hash) if h is not None]
        self._pending: list[bytes] = []
        self._size = 0
        self._jobs: list[asyncio.Future[None]] = []
        self.written = 0  # bytes handed to add() that are in the file (as soon as written)

    async def add(self, piece: bytes) -> None:
        self._pending.append(piece)
        self._size += len(piece)
        if self._size >= self.BATCH:
            await self._submit()

    async def flush(self) -> None:
        await self._submit()
        await self._wait()

    async def _wait(self) -> None:
        jobs, self._jobs = self._jobs, []
        if jobs:
            await asyncio.gather(*jobs)

    async def _submit(self) -> None:
        await self._wait()
        if self._pending:
            batch, self._pending, size, self._size = self._pending, [], self._size, 0
            loop = asyncio.get_running_loop()
            write = loop.run_in_executor(None, self._write, batch)
            write.add_done_callback(lambda job: self._written(job, size))
            self._jobs = [write]
            self._jobs += [loop.run_in_executor(None, _update, digest, batch)
                           for digest in self._digests]

    def _written(self, job: asyncio.Future[None], size: int) -> None:
        if not job.cancelled() and job.exception() is None:
            self.written += size

    def _write(self, batch: list[bytes]) -> None:
        for piece in batch:
            view = memoryview(piece)
            while view:
                view = view[self._handle.write(view):]


def _update(digest: Any, batch: list[bytes]) -> None:
    for piece in batch:
        digest.update(piece)


def _parse_checksum(header: str | None) -> tuple[str, bytes] | None | Response:
    if not header:
        return None
    algorithm, _, value = header.strip().partition(" ")
    if algorithm.lower() not in CHECKSUMS:
        return tus(400, f"Unsupported checksum algorithm {algorithm!r}.")
    try:
        return algorithm.lower(), base64.b64decode(value.strip(), validate=True)
    except ValueError:
        return tus(400, "Upload-Checksum is malformed.")


@router.delete("/files/{upload_id}", status_code=204, summary="Delete an upload (tus termination)")
async def terminate(upload_id: str, request: Request, ctx: IntakeContext = Depends(intake),
                    who: Principal = Depends(principal)) -> Response:
    refused = _precondition(request, who)
    if refused:
        return refused
    upload = _own(ctx, upload_id, who)
    if isinstance(upload, Response):
        return tus(204) if upload.status_code == 410 else upload
    async with ctx.lock(upload.id):
        ctx.storage.delete(upload.id)
    ctx.forget(upload.id)
    return tus(204)
