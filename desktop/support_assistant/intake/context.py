"""What every request handler of the intake shares: storage, tokens, limits, and who is asking."""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, field
from typing import Any

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from .storage import Storage
from .tokens import Principal, TokenStore

bearer = HTTPBearer(auto_error=False, description="Service token (customer) or engineer token")


@dataclass
class IntakeContext:
    """The server's state, kept on ``app.state.intake``."""

    storage: Storage
    tokens: TokenStore
    max_size: int
    public_url: str = ""
    locks: dict[str, asyncio.Lock] = field(default_factory=dict)
    hashes: dict[str, tuple[int, Any]] = field(default_factory=dict)

    def lock(self, upload_id: str) -> asyncio.Lock:
        return self.locks.setdefault(upload_id, asyncio.Lock())

    def forget(self, upload_id: str) -> None:
        self.locks.pop(upload_id, None)
        self.hashes.pop(upload_id, None)

    def cached_hash(self, upload_id: str, offset: int) -> Any:
        """The sha256 state of the first ``offset`` bytes if this process has it, else None."""
        known = self.hashes.get(upload_id)
        return known[1].copy() if known is not None and known[0] == offset else None

    def running_hash(self, upload_id: str, offset: int) -> Any:
        """sha256 state of the first ``offset`` bytes (re-read from disk after a restart)."""
        known = self.cached_hash(upload_id, offset)
        if known is not None:
            return known
        digest = hashlib.sha256()
        with self.storage.path(upload_id).open("rb") as handle:
            remaining = offset
            while remaining > 0 and (block := handle.read(min(4 << 20, remaining))):
                digest.update(block)
                remaining -= len(block)
        return digest


def intake(request: Request) -> IntakeContext:
    return request.app.state.intake


def principal(request: Request,
              credentials: HTTPAuthorizationCredentials | None = Depends(bearer)) -> Principal:
    """The token's owner, or 401 with ``WWW-Authenticate: Bearer``."""
    token = credentials.credentials if credentials else ""
    found = intake(request).tokens.authenticate(token) if token else None
    if found is None:
        headers = {"WWW-Authenticate": "Bearer", "Tus-Resumable": "1.0.0"}
        if request.method == "PATCH":
            headers["Connection"] = "close"  # do not wait for a streamed body (see tus.patch)
        raise HTTPException(status_code=401, detail="missing or unknown access token",
                            headers=headers)
    return found
