"""Start-up: cold start to a shown review window, frozen (PyInstaller onedir) vs Python.

Each run starts a fresh process (``support-assistant new --no-collect``) on a
private Xvfb and measures the wall time from ``Popen`` until the review window
is mapped (viewable, WM_CLASS support-assistant) on the X server, polled every millisecond through Xlib
(ctypes; no window manager, so the window is a child of the root). The
privacy notice is accepted beforehand in a private config folder, so the first
window is the review window. "Cold" means a new process each time; the page
cache stays warm (dropping it needs privileges the CI machine does not give).
Prints the median of ``--runs`` runs for each, the ratio frozen / Python, and
the size of the onedir build (files, symlinks not counted twice).

    .venv/bin/python benchmarks/bench_startup.py [--onedir DIR] [--runs 7]

Without ``--onedir`` the app is built first with ``python build_spec.py``.
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))
APP_CLASS = b"support-assistant"  # WM_CLASS of the app's top-level windows
IS_VIEWABLE = 2


class XWindowAttributes(ctypes.Structure):
    _fields_ = [(name, ctypes.c_int) for name in (
        "x", "y", "width", "height", "border_width", "depth")] + [
        ("visual", ctypes.c_void_p), ("root", ctypes.c_ulong), ("class_", ctypes.c_int),
        ("bit_gravity", ctypes.c_int), ("win_gravity", ctypes.c_int),
        ("backing_store", ctypes.c_int), ("backing_planes", ctypes.c_ulong),
        ("backing_pixel", ctypes.c_ulong), ("save_under", ctypes.c_int),
        ("colormap", ctypes.c_ulong), ("map_installed", ctypes.c_int),
        ("map_state", ctypes.c_int), ("all_event_masks", ctypes.c_long),
        ("your_event_mask", ctypes.c_long), ("do_not_propagate_mask", ctypes.c_long),
        ("override_redirect", ctypes.c_int), ("screen", ctypes.c_void_p)]


class XClassHint(ctypes.Structure):
    _fields_ = [("res_name", ctypes.c_void_p), ("res_class", ctypes.c_void_p)]


class X:
    """The few Xlib calls needed to see whether a titled top-level window is mapped."""

    def __init__(self, display: str) -> None:
        lib = ctypes.cdll.LoadLibrary(ctypes.util.find_library("X11"))
        lib.XOpenDisplay.restype = ctypes.c_void_p
        lib.XDefaultRootWindow.restype = ctypes.c_ulong
        lib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        lib.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong] + [ctypes.c_void_p] * 4
        lib.XGetClassHint.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                      ctypes.POINTER(XClassHint)]
        lib.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong,
                                             ctypes.POINTER(XWindowAttributes)]
        lib.XFree.argtypes = [ctypes.c_void_p]
        self.lib = lib
        self.display = lib.XOpenDisplay(display.encode())
        if not self.display:
            raise SystemExit(f"cannot open X display {display}")
        self.root = lib.XDefaultRootWindow(self.display)

    def window_shown(self) -> bool:
        lib, dpy = self.lib, self.display
        root, parent = ctypes.c_ulong(), ctypes.c_ulong()
        children, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
        lib.XQueryTree(dpy, self.root, ctypes.byref(root), ctypes.byref(parent),
                       ctypes.byref(children), ctypes.byref(count))
        try:
            for i in range(count.value):
                hint = XClassHint()
                if not lib.XGetClassHint(dpy, children[i], ctypes.byref(hint)):
                    continue
                ours = bool(hint.res_class) and ctypes.string_at(hint.res_class) == APP_CLASS
                lib.XFree(hint.res_name)
                lib.XFree(hint.res_class)
                if ours:
                    attributes = XWindowAttributes()
                    lib.XGetWindowAttributes(dpy, children[i], ctypes.byref(attributes))
                    if attributes.map_state == IS_VIEWABLE and attributes.width > 100:
                        return True
        finally:
            if children:
                lib.XFree(children)
        return False


def start_xvfb() -> tuple[subprocess.Popen, str]:
    for n in range(150, 200):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            break
    server = subprocess.Popen(["Xvfb", f":{n}", "-screen", "0", "1920x1080x24",
                               "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    for _ in range(100):
        if Path(f"/tmp/.X11-unix/X{n}").exists():
            return server, f":{n}"
        time.sleep(0.05)
    raise SystemExit("Xvfb did not start")


def private_env(home: Path, display: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "QT_QPA_PLATFORM")}
    for var, sub in (("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                     ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[var] = str(home / sub)
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb",
               SUPPORT_ASSISTANT_POLICY=str(home / "no-policy.toml"),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    return env


def accept_privacy(env: dict[str, str]) -> None:
    code = ("from support_assistant.core import policy, privacy; "
            "privacy.accept(policy.load())")
    subprocess.run([sys.executable, "-c", code], env={**env, "PYTHONPATH": str(ROOT / "desktop")},
                   check=True)


def time_to_window(command: list[str], env: dict[str, str], x: X) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    try:
        while not x.window_shown():
            if process.poll() is not None:
                raise SystemExit(f"{command[0]} exited: {process.stderr.read().decode()[-500:]}")
            if time.perf_counter() - started > 60:
                raise SystemExit("no window within 60 s")
            time.sleep(0.001)
        return time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(10)
        # the next run must not see this window still mapped
        while x.window_shown():
            time.sleep(0.005)


def onedir_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build(out: Path) -> Path:
    subprocess.run([sys.executable, str(ROOT / "build_spec.py"), "--distpath", str(out / "dist"),
                    "--workpath", str(out / "work")], check=True, capture_output=True)
    return out / "dist" / "support-assistant"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--onedir", type=Path, help="an existing onedir build")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    server = None
    try:
        onedir = args.onedir or build(work / "build")
        server, display = start_xvfb()
        env = private_env(work / "home", display)
        accept_privacy(env)
        x = X(display)
        commands = {"python": [sys.executable, "-m", "support_assistant", "new", "--no-collect"],
                    "frozen": [str(onedir / "support-assistant"), "new", "--no-collect"]}
        python_env = {**env, "PYTHONPATH": str(ROOT / "desktop")}
        for name, command in commands.items():  # one warm-up each: page cache, font cache
            time_to_window(command, python_env if name == "python" else env, x)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):  # interleaved, so load on the machine hits both alike
            for name, command in commands.items():
                times[name].append(time_to_window(command, python_env if name == "python"
                                                  else env, x))
        medians = {name: statistics.median(values) for name, values in times.items()}
        for name, values in times.items():
            print(f"{name:7s} start to shown window: median {medians[name] * 1000:6.0f} ms "
                  f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}, "
                  f"{len(values)} runs)")
        print(f"ratio frozen / python: {medians['frozen'] / medians['python']:.2f}")
        size = onedir_size(onedir)
        print(f"onedir size: {size / 1e6:.0f} MB ({size / 2**20:.0f} MiB), target < 120 MB")
    finally:
        if server is not None:
            server.terminate()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
