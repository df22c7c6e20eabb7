"""Error-time triggers: a product's request for a report, checked, spooled and handed over.

A request (from ``support-assistant report``, a ``support-assistant://`` URL or
the Python excepthook) is validated here, its screenshot taken *at once* when no
assistant window can be in the way, and written to the spool folder
(``data_dir()/triggers/spool/<id>/request.json`` + the grab's raw pixels). The one
running instance (``support-assistant tray``, Qt) holds ``instance.lock`` for its
lifetime, listens on a local socket (:func:`server_name`) and drains the spool
whenever it is woken; when none runs, the caller starts one. The spool is the
hand-over, the socket only a wake-up call, so a request is never lost in the
race between an instance starting and a caller connecting.

When an instance is already running it may be showing windows, so the caller
leaves the screenshot ``pending``: the instance hides its own windows, grabs,
and shows them again (our windows never appear in the picture).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from .errors import CaptureError, DisplayError, UsageError
from .locking import Busy, FileLock
from .messages import msg, register
from .paths import data_dir

if TYPE_CHECKING:
    from .collectors.screenshot import Grab

register({
    "trigger.bad_screenshot": "--screenshot takes 'auto', 'none' or 'window:ID' (an X11 window id, decimal or 0x hex), but got '{value}'.",
    "trigger.too_long": "The {field} is {length} characters long; at most {limit} are accepted.",
    "trigger.control_chars": "The {field} contains control characters, which are not accepted.",
    "trigger.product_missing": "Name the product with --product (or product= in the URL).",
    "trigger.url_too_long": "The URL is {length} characters long; at most {limit} are accepted.",
    "trigger.url_scheme": "Only URLs that start with support-assistant://report are handled, not '{value}'.",
    "trigger.url_malformed": "The URL is malformed ({reason}); expected support-assistant://report?product=NAME&error=TEXT.",
    "trigger.url_unknown": "The URL parameter '{name}' is not known; the known ones are: {known}.",
    "trigger.url_repeated": "The URL parameter '{name}' is given more than once.",
})

MAX_PRODUCT = 100
MAX_VERSION = 64
MAX_MESSAGE = 4000
MAX_TRACE = 1 << 20
MAX_URL = 8192
MAX_LOG = 1 << 20
MAX_AGE_SECONDS = 3600.0
"""A spooled request older than this (the assistant was not running) is dropped unseen:
its screenshot shows a moment long gone."""
MERGE_SECONDS = 120.0
"""Requests for the same product within this time of the last one join its report."""
URL_SCHEME = "support-assistant"
URL_PARAMS = {"product": "product", "version": "product_version", "error": "error_message",
              "screenshot": "screenshot"}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tab and newline are fine in messages
_LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_WINDOW = re.compile(r"^window:(0x[0-9a-fA-F]{1,8}|[0-9]{1,10})$")

REQUEST_FILE = "request.json"
SCREENSHOT_FILE = "screenshot.png"
THUMBNAIL_FILE = "thumbnail.png"
PIXELS_FILE = "screenshot.bgrx"  # a caller's grab, 4 bytes a pixel (see save_pixels)
MAX_SIDE = 32768                  # pixels; a spooled grab claiming more is ignored
THUMBNAIL_SIZE = (96, 72)  # the review window's item list icon size


@dataclass
class TriggerRequest:
    """A product's request for a report; see the module docstring.

    ``screenshot`` is what the caller asked for (``auto``, ``none``, ``window:ID``);
    ``screenshot_state`` what happened: ``taken`` (``screenshot.bgrx`` beside the
    request, see :func:`save_pixels`; or ``screenshot.png``), ``pending`` (the instance
    takes it), ``off`` (policy), ``none``, or ``failed`` (``screenshot_note`` says why).
    """

    product: str
    product_version: str = ""
    error_message: str = ""
    error_trace: str = ""
    attachments: list[str] = field(default_factory=list)
    logs: list[str] = field(default_factory=list)
    screenshot: str = "auto"
    origin: str = "cli"
    id: str = field(default_factory=lambda: f"{time.time_ns()}-{secrets.token_hex(4)}")
    created: float = field(default_factory=time.time)
    screenshot_state: str = "none"
    screenshot_note: str = ""
    capture: dict[str, Any] = field(default_factory=dict)

    @property
    def window_id(self) -> int | None:
        match = _WINDOW.match(self.screenshot)
        return int(match.group(1), 0) if match else None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TriggerRequest:
        known = set(cls.__dataclass_fields__)
        request = cls(**{k: v for k, v in data.items() if k in known})
        validate(request)
        return request

    def merge_key(self) -> tuple[str, str]:
        return (self.product, self.product_version)


# --- validation ---------------------------------------------------------------------------

def parse_screenshot(value: str) -> str:
    """``auto``, ``none`` or ``window:ID``; anything else is a UsageError."""
    value = value.strip()
    if value in ("auto", "none") or _WINDOW.match(value):
        return value
    raise UsageError(msg("trigger.bad_screenshot", value=value[:60]))


def _check_text(name: str, value: str, limit: int, pattern: re.Pattern[str]) -> None:
    if len(value) > limit:
        raise UsageError(msg("trigger.too_long", field=name, length=len(value), limit=limit))
    if pattern.search(value):
        raise UsageError(msg("trigger.control_chars", field=name))


def validate(request: TriggerRequest) -> TriggerRequest:
    """Raise :class:`UsageError` (one sentence) for anything a caller got wrong."""
    if not request.product.strip():
        raise UsageError(msg("trigger.product_missing"))
    _check_text("product name", request.product, MAX_PRODUCT, _LINE_CONTROL)
    _check_text("product version", request.product_version, MAX_VERSION, _LINE_CONTROL)
    _check_text("error message", request.error_message, MAX_MESSAGE, _CONTROL)
    if len(request.error_trace) > MAX_TRACE:
        raise UsageError(msg("trigger.too_long", field="stack trace",
                             length=len(request.error_trace), limit=MAX_TRACE))
    parse_screenshot(request.screenshot)
    return request


def parse_url(url: str) -> TriggerRequest:
    """``support-assistant://report?product=..&version=..&error=..&screenshot=..`` as a request.

    A web page can open this URL, so it may only describe the error: it names no
    files (no logs, no attachments), and every value is length-capped.
    """
    if len(url) > MAX_URL:
        raise UsageError(msg("trigger.url_too_long", length=len(url), limit=MAX_URL))
    try:
        parts = urlsplit(url.strip())
    except ValueError as exc:
        raise UsageError(msg("trigger.url_malformed", reason=exc)) from exc
    if parts.scheme.lower() != URL_SCHEME:
        raise UsageError(msg("trigger.url_scheme", value=url[:60]))
    target = (parts.netloc or parts.path.strip("/")).lower()
    if target != "report" or (parts.netloc and parts.path.strip("/")):
        raise UsageError(msg("trigger.url_malformed", reason=f"'{target[:40]}' is not 'report'"))
    try:
        pairs = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=bool(parts.query),
                          encoding="utf-8", errors="strict", max_num_fields=len(URL_PARAMS))
    except (ValueError, UnicodeDecodeError) as exc:
        raise UsageError(msg("trigger.url_malformed", reason=str(exc)[:120])) from exc
    values: dict[str, str] = {}
    for name, value in pairs:
        if name not in URL_PARAMS:
            raise UsageError(msg("trigger.url_unknown", name=name[:40],
                                 known=", ".join(URL_PARAMS)))
        if URL_PARAMS[name] in values:
            raise UsageError(msg("trigger.url_repeated", name=name))
        values[URL_PARAMS[name]] = value
    values.setdefault("product", "")
    return validate(TriggerRequest(origin="url", **values))


# --- where things live --------------------------------------------------------------------

def triggers_dir() -> Path:
    path = data_dir() / "triggers"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def spool_dir() -> Path:
    path = triggers_dir() / "spool"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def lock_path() -> Path:
    return triggers_dir() / "instance.lock"


def server_name() -> str:
    """The local socket's name: one per user and data folder (tests get their own)."""
    digest = hashlib.sha256(str(data_dir()).encode("utf-8")).hexdigest()[:16]
    user = os.getuid() if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    return f"support-assistant-{user}-{digest}"


def server_path() -> str:
    """What the instance passes to ``QLocalServer.listen``: a short absolute socket path on
    Unix (Qt uses it as is), the pipe name on Windows."""
    if os.name == "nt":
        return server_name()
    return str(Path(tempfile.gettempdir()) / f"{server_name()}.sock")


# --- the caller's side ----------------------------------------------------------------------

def instance_running() -> bool:
    """True while some process holds the instance lock (probed without waiting)."""
    probe = FileLock(lock_path())
    try:
        probe.acquire(0)
    except Busy:
        return True
    probe.release()
    return False


def submit(request: TriggerRequest, config: Any, *, start: bool = True,
           become: Callable[[], int] | None = None) -> TriggerRequest:
    """Take the screenshot now (if ours cannot be in it), spool the request, wake or start
    the instance. Returns at once; the instance shows the window.

    ``become``: the ``tray`` command's body. A command-line caller passes it, so that
    where it can, a new instance is a fork of this process (see :func:`start_instance`)."""
    validate(request)
    running = instance_running()
    if not running and start:
        start_instance(become)  # it starts up while we grab; it shows nothing before our request
    folder = spool_dir() / f".new-{request.id}"
    folder.mkdir(mode=0o700)
    try:
        _screenshot_now(request, config, folder, pending=running)
        _write_json(folder / REQUEST_FILE, request.to_json())
        os.replace(folder, spool_dir() / request.id)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    # Always knock: an instance may have started while we took the screenshot.
    if not notify() and start and not instance_running():
        start_instance(become)
    return request


def _screenshot_now(request: TriggerRequest, config: Any, folder: Path, *,
                    pending: bool) -> None:
    if request.screenshot == "none":
        request.screenshot_state = "none"
    elif not (config["screenshots.allowed"] and config["screenshots.automatic"]):
        request.screenshot_state = "off"
    elif pending:
        request.screenshot_state = "pending"
    else:
        shot = grab_screenshot(request)
        if shot is not None:
            save_pixels(request, shot, folder)


def grab_screenshot(request: TriggerRequest) -> Grab | None:
    """The desktop's (or the request's window's) pixels in memory, or None with the failure
    noted in the request (:func:`write_screenshot` makes the file)."""
    from .collectors import screenshot as shots
    from .window_geometry import window_box

    screenshot = shots.ScreenshotRequest()
    window = request.window_id
    if window is not None:
        try:
            screenshot = shots.ScreenshotRequest(region=window_box(window))
            request.capture["window"] = window
        except CaptureError as exc:
            request.screenshot_note = str(exc)
    try:
        return shots.grab(screenshot)
    except (CaptureError, DisplayError, OSError) as exc:
        request.screenshot_state, request.screenshot_note = "failed", str(exc)
        return None


def write_screenshot(request: TriggerRequest, shot: Grab, out: Path, *, thumbnail: bool = True,
                     rgb: bytes | bytearray | memoryview | None = None) -> None:
    """Write a grab as ``out`` (and its thumbnail beside it unless ``thumbnail`` is False), on
    any thread; ``rgb`` as in :func:`screenshot.write`. Failures are noted in the request."""
    from .collectors import screenshot as shots

    small = (out.parent / THUMBNAIL_FILE, *THUMBNAIL_SIZE) if thumbnail else None
    try:
        shots.write(shot, out, thumbnail=small, rgb=rgb)
    except OSError as exc:
        request.screenshot_state, request.screenshot_note = "failed", str(exc)
        return
    request.screenshot_state = "taken"
    request.capture.update({"geometry": shot.target, "monitors": shot.monitors})


def save_pixels(request: TriggerRequest, shot: Grab, folder: Path) -> None:
    """Spool a grab as it came from the screen (``screenshot.bgrx``): writing it takes a few
    ms, and the instance shows it without decoding, then writes the PNG while its window is
    built (a 4K PNG here: ~30 ms to write, ~40 ms to decode again). Failures are noted."""
    try:
        fd = os.open(folder / PIXELS_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(shot.pixels)
    except OSError as exc:
        request.screenshot_state, request.screenshot_note = "failed", str(exc)
        return
    request.screenshot_state = "taken"
    request.capture.update({"geometry": shot.target, "monitors": shot.monitors,
                            "pixels": [shot.width, shot.height]})


def load_pixels(request: TriggerRequest, folder: Path) -> Grab | None:
    """The grab a caller spooled with :func:`save_pixels` (memory-mapped where the platform
    lets a mapped file be deleted), or None when there is none or it does not add up."""
    from .collectors.screenshot import Grab

    size = request.capture.get("pixels")
    path = folder / PIXELS_FILE
    if request.screenshot_state != "taken" or not isinstance(size, list) or len(size) != 2:
        return None
    width, height = size
    if not all(isinstance(n, int) and 0 < n <= MAX_SIDE for n in (width, height)):
        return None
    try:
        with open(path, "rb") as handle:
            if os.fstat(handle.fileno()).st_size != width * height * 4:
                return None
            if os.name == "nt":  # a mapped file cannot be deleted there
                pixels: Any = bytearray(width * height * 4)
                handle.readinto(pixels)
            else:
                pixels = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_COPY)
    except (OSError, ValueError):
        return None
    return Grab(pixels, width, height, request.capture["geometry"], request.capture["monitors"])


def notify(timeout: float = 2.0) -> bool:
    """Wake the running instance; False when nobody listens (it drains the spool on start)."""
    if os.name == "nt":  # a named pipe: the instance reads one line per connection
        try:
            with open(rf"\\.\pipe\{server_name()}", "wb", buffering=0) as pipe:
                pipe.write(b"wake\n")
            return True
        except OSError:
            return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(server_path())
            sock.sendall(b"wake\n")
        return True
    except OSError:
        return False


def start_instance(become: Callable[[], int] | None = None) -> None:
    """Start ``support-assistant tray`` detached, unless another caller just did.

    With ``become`` (the tray command's body) and where :func:`can_fork`, the instance is a
    fork of this process that runs ``become()``: it skips the interpreter's start and the
    imports this process already did (~60 ms of a cold start). Otherwise a new process."""
    marker = triggers_dir() / "starting"
    with contextlib.suppress(FileNotFoundError):
        if time.time() - marker.stat().st_mtime < 10:
            return
        marker.unlink()
    try:
        os.close(os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError:
        return
    log = triggers_dir() / "instance.log"  # what a detached instance says (Qt warnings, a crash)
    with contextlib.suppress(FileNotFoundError):
        if log.stat().st_size > MAX_LOG:
            log.unlink()
    log_fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        if become is not None and can_fork():
            with contextlib.suppress(OSError):  # no fork (out of processes): a new process
                _fork_instance(become, log_fd)
                return
        command = ([sys.executable, "tray"] if getattr(sys, "frozen", False)
                   else [sys.executable, "-m", "support_assistant", "tray"])
        options: dict[str, Any] = {"stdin": subprocess.DEVNULL, "stdout": log_fd,
                                   "stderr": log_fd, "close_fds": True}
        if os.name == "nt":
            options["creationflags"] = 0x00000008 | 0x00000200  # DETACHED, NEW_PROCESS_GROUP
        else:
            options["start_new_session"] = True
        subprocess.Popen(command, **options)  # noqa: S603 - our own executable
    finally:
        os.close(log_fd)


def can_fork() -> bool:
    """True where a new instance may be a fork of this process: Linux and the BSDs (macOS
    frameworks do not survive a fork), no Qt loaded and no other thread running here, and
    not a one-file build (its files vanish when the process that unpacked them exits)."""
    if not hasattr(os, "fork") or sys.platform == "darwin" or "PySide6" in sys.modules:
        return False
    if threading.active_count() != 1:
        return False
    bundle = getattr(sys, "_MEIPASS", None)
    return bundle is None or not Path(bundle).name.startswith("_MEI")


def _fork_instance(become: Callable[[], int], log_fd: int) -> None:
    """Fork; the child detaches like ``start_new_session`` with ``close_fds`` would and runs
    ``become()`` until the instance quits. It never returns into the caller's code."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None:
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
    if os.fork() != 0:
        return
    code = 1
    try:
        os.setsid()
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
        os.close(log_fd)
        _close_inherited_fds()
        _retitle()
        code = become()
    except BaseException:  # noqa: BLE001 - the child must reach os._exit below
        with contextlib.suppress(Exception):
            import traceback

            traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            import logging

            logging.shutdown()
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code if isinstance(code, int) else 1)


def _retitle() -> None:
    """Show the forked instance as ``support-assistant tray`` in process lists: the caller's
    command line (an error message, file names) must not stay readable there for as long as
    the instance runs."""
    try:
        import setproctitle
    except ImportError:  # pragma: no cover - a Linux dependency (pyproject.toml)
        return
    setproctitle.setproctitle("support-assistant tray")


def _close_inherited_fds() -> None:
    """Close what the product let us inherit (a pipe it reads until EOF, a socket): the
    inheritable descriptors above 2. Python's own are not inheritable and stay."""
    try:
        fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        fds = list(range(3, 256))
    for fd in fds:
        if fd > 2:
            with contextlib.suppress(OSError):
                if os.get_inheritable(fd):
                    os.close(fd)


# --- the instance's side --------------------------------------------------------------------

def instance_started() -> None:
    """The instance holds the lock now: later callers may start another if it dies."""
    with contextlib.suppress(FileNotFoundError):
        (triggers_dir() / "starting").unlink()


def drain() -> list[tuple[TriggerRequest, Path]]:
    """Every spooled request, oldest first, with its folder (the caller removes it)."""
    found = []
    for folder in sorted(spool_dir().iterdir(), key=lambda p: p.name):
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        try:
            data = json.loads((folder / REQUEST_FILE).read_text(encoding="utf-8"))
            request = TriggerRequest.from_json(data)
        except (OSError, ValueError, TypeError, UsageError):
            shutil.rmtree(folder, ignore_errors=True)  # unreadable: nothing to show
            continue
        if abs(time.time() - float(request.created)) > MAX_AGE_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)
            continue
        found.append((request, folder))
    return sorted(found, key=lambda pair: pair[0].created)


def _write_json(path: Path, data: dict[str, Any]) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False)
