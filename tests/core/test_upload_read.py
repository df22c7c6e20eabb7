"""Reading the bundle for an upload: exact pieces, a clear error when it shrank, no pread needed."""

from __future__ import annotations

import os

import pytest

from support_assistant.core.errors import InputError
from support_assistant.core.upload_chunks import read_at, read_exactly


@pytest.fixture(params=["pread", "seek-and-read"])
def reader_os(request, monkeypatch):
    if request.param == "seek-and-read":  # as on Windows, which has no os.pread
        monkeypatch.delattr(os, "pread")
    return request.param


def test_pieces_come_back_exactly(tmp_path, reader_os):
    path = tmp_path / "bundle.zip"
    path.write_bytes(bytes(range(256)) * 40)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert read_exactly(fd, 1000, 300, path) == (bytes(range(256)) * 40)[1000:1300]
        assert read_at(fd, 10_000, 500) == (bytes(range(256)) * 40)[10_000:]  # the end
    finally:
        os.close(fd)


def test_a_bundle_that_became_shorter_is_one_clear_error(tmp_path, reader_os):
    path = tmp_path / "bundle.zip"
    path.write_bytes(b"x" * 4096)
    fd = os.open(path, os.O_RDONLY)
    try:
        os.truncate(path, 1000)
        with pytest.raises(InputError, match="became shorter while it was being sent"):
            read_exactly(fd, 512, 1024, path)
    finally:
        os.close(fd)
