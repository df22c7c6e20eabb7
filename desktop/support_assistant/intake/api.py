"""The bundle API of the reference intake: list, read, download and delete bundles.

Engineer tokens see every customer's bundles; a customer's service token sees only
that customer's (another customer's bundle answers 404, as if it did not exist).
A correction carries ``follows`` (the original's id) in its metadata; every bundle
lists its corrections in ``followups``.
"""

from __future__ import annotations

import re
from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Query
from fastapi.responses import FileResponse
from pydantic import BaseModel

from .context import IntakeContext, intake, principal
from .storage import Upload
from .tokens import Principal

router = APIRouter(prefix="/api", tags=["bundles"])


class Bundle(BaseModel):
    """One received (or still arriving) bundle."""

    id: str
    customer: str
    filename: str | None
    filetype: str | None
    product: str | None
    size: int
    received_bytes: int
    complete: bool
    sha256: str | None
    received: str
    completed: str | None
    follows: str | None
    followups: list[str]
    metadata: dict[str, str]


class WhoAmI(BaseModel):
    role: str
    customer: str
    name: str


def _bundle(ctx: IntakeContext, upload: Upload) -> Bundle:
    meta = upload.metadata
    return Bundle(id=upload.id, customer=upload.customer, filename=meta.get("filename"),
                  filetype=meta.get("filetype"), product=meta.get("product"), size=upload.length,
                  received_bytes=upload.offset, complete=upload.complete, sha256=upload.sha256,
                  received=upload.received, completed=upload.completed, follows=upload.follows,
                  followups=ctx.storage.followups(upload.id), metadata=meta)


def _visible(ctx: IntakeContext, bundle_id: str, who: Principal) -> Upload:
    upload = ctx.storage.get(bundle_id)
    if upload is None or upload.deleted or (not who.is_engineer and upload.customer != who.customer):
        raise HTTPException(status_code=404, detail="no such bundle")
    return upload


@router.get("/whoami", response_model=WhoAmI, summary="The role and customer of this token")
async def whoami(who: Principal = Depends(principal)) -> WhoAmI:
    return WhoAmI(role=who.role, customer=who.customer, name=who.name)


@router.get("/bundles", response_model=list[Bundle], summary="List bundles")
async def list_bundles(
        ctx: IntakeContext = Depends(intake), who: Principal = Depends(principal),
        customer: str | None = Query(None, description="engineers: only this customer's"),
        state: Literal["complete", "receiving", "all"] = Query("all"),
) -> list[Bundle]:
    scope = customer if who.is_engineer else who.customer
    uploads = ctx.storage.list(scope)
    if state != "all":
        uploads = [u for u in uploads if u.complete == (state == "complete")]
    return [_bundle(ctx, u) for u in uploads]


@router.get("/bundles/{bundle_id}", response_model=Bundle, summary="One bundle's metadata")
async def get_bundle(bundle_id: str, ctx: IntakeContext = Depends(intake),
                     who: Principal = Depends(principal)) -> Bundle:
    return _bundle(ctx, _visible(ctx, bundle_id, who))


@router.get("/bundles/{bundle_id}/download", summary="The bundle's bytes (complete bundles only)",
            response_class=FileResponse,
            responses={200: {"content": {"application/octet-stream": {}}},
                       409: {"description": "still arriving"}})
async def download(bundle_id: str, ctx: IntakeContext = Depends(intake),
                   who: Principal = Depends(principal)) -> FileResponse:
    upload = _visible(ctx, bundle_id, who)
    if not upload.complete:
        raise HTTPException(status_code=409, detail="the bundle is still arriving")
    return FileResponse(ctx.storage.path(upload.id), media_type="application/octet-stream",
                        filename=safe_filename(upload.metadata.get("filename"), upload.id),
                        headers={"ETag": f'"{upload.sha256}"'} if upload.sha256 else None)


@router.delete("/bundles/{bundle_id}", status_code=204, summary="Delete a bundle")
async def delete_bundle(bundle_id: str, ctx: IntakeContext = Depends(intake),
                        who: Principal = Depends(principal)) -> None:
    upload = _visible(ctx, bundle_id, who)
    async with ctx.lock(upload.id):
        ctx.storage.delete(upload.id)
    ctx.forget(upload.id)


def safe_filename(name: str | None, fallback: str) -> str:
    """A download name without folders or control characters."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\- ]", "_", base).strip(" .")
    return base[:120] or f"{fallback}.bin"
