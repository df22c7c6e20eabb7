"""``support-assistant tray``: the one running instance (tray icon; reports from products).

Started by ``report``/``handle-url`` when none runs, or at login. It holds the
instance lock, listens for callers and shows each product's report; a second
``tray`` just wakes the first and exits.
"""

from __future__ import annotations

import argparse

from ..core.messages import register

NAME = "tray"
HELP = "tray.help"

register({
    "tray.help": "Run the assistant in the background (tray icon); products' error reports open here.",
})


def run(args: argparse.Namespace) -> int:
    return serve(getattr(args, "language", None) or "")


def serve(language: str = "") -> int:
    """Hold the instance lock and run the instance until it quits, or wake the one that
    holds it. Also what a caller's fork runs (``triggers.start_instance``)."""
    from ..app.application import check_display
    from ..core import triggers
    from ..core.locking import Busy, FileLock

    lock = FileLock(triggers.lock_path())
    try:
        lock.acquire(timeout=1.0)  # a caller's probe may hold it for an instant
    except Busy:
        triggers.notify()
        return 0
    try:
        triggers.instance_started()
        check_display()
        from ..app.instance import run_instance

        return run_instance(language=language)
    finally:
        lock.release()
