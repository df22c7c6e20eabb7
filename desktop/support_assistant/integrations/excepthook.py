"""Report a Python product's unhandled exceptions to Support Assistant.

``install_excepthook(product=..., version=...)`` wraps :data:`sys.excepthook`
(and :data:`threading.excepthook`): on an unhandled exception the traceback is
written to a private temporary file and ``support-assistant report`` runs in a
*subprocess*, so a crashing product cannot take the assistant down, and the
product waits only until the screenshot is taken (the command returns at once,
before the product's window disappears). The previous hook runs afterwards, so
the traceback is still printed. Standard library only: products need not
install anything else.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import traceback
from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Any

__all__ = ["assistant_command", "install_excepthook", "report_exception"]

TIMEOUT = 20.0
"""Longest wait for ``report`` (it returns once the request is handed over)."""


def assistant_command() -> list[str]:
    """How to run the assistant: ``$SUPPORT_ASSISTANT_COMMAND``, the installed
    ``support-assistant`` on PATH, or this Python's ``-m support_assistant``."""
    override = os.environ.get("SUPPORT_ASSISTANT_COMMAND")
    if override:
        return override.split()
    found = shutil.which("support-assistant")
    if found:
        return [found]
    return [sys.executable, "-m", "support_assistant"]


def report_exception(kind: type[BaseException], error: BaseException,
                     trace: TracebackType | None, *, product: str, version: str = "",
                     screenshot: str = "auto", command: Sequence[str] | None = None,
                     timeout: float = TIMEOUT) -> int | None:
    """Hand one exception to the assistant; its exit code, or None if it could not run."""
    message = "".join(traceback.format_exception_only(kind, error)).strip()
    text = "".join(traceback.format_exception(kind, error, trace))
    fd, path = tempfile.mkstemp(prefix="support-assistant-error-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"message": message[:4000], "trace": text[-(900 << 10):],
                       "context": {"exception": kind.__qualname__}}, handle)
        argv = [*(command or assistant_command()), "report", "--product", product,
                "--product-version", version, "--error-file", path, "--screenshot", screenshot]
        done = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,  # noqa: S603
                              stderr=subprocess.PIPE, timeout=timeout, check=False)
        if done.returncode:
            sys.stderr.write(done.stderr.decode("utf-8", "replace"))
        return done.returncode
    except (OSError, subprocess.SubprocessError):
        return None  # never let reporting hide the product's own error
    finally:
        os.unlink(path)


def install_excepthook(*, product: str, version: str = "", screenshot: str = "auto",
                       command: Sequence[str] | None = None,
                       threads: bool = True) -> Callable[..., None]:
    """Report unhandled exceptions (main thread and, with ``threads``, other threads).

    ``screenshot`` is ``auto``, ``none`` or ``window:ID`` (your window's X11 id,
    e.g. ``f"window:{int(widget.winId())}"`` in Qt). Returns the new hook.
    """
    previous = sys.excepthook
    previous_thread = threading.excepthook
    busy = threading.Lock()  # one report at a time; a burst is merged by the assistant anyway

    def report(kind: type[BaseException], error: BaseException,
               trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit) or not busy.acquire(blocking=False):
            return
        try:
            report_exception(kind, error, trace, product=product, version=version,
                             screenshot=screenshot, command=command)
        finally:
            busy.release()

    def hook(kind: type[BaseException], error: BaseException,
             trace: TracebackType | None) -> None:
        report(kind, error, trace)
        previous(kind, error, trace)

    def thread_hook(args: Any) -> None:
        if args.exc_value is not None:
            report(args.exc_type, args.exc_value, args.exc_traceback)
        previous_thread(args)

    sys.excepthook = hook
    if threads:
        threading.excepthook = thread_hook
    return hook
