"""Where an X11 window is on the desktop, from its id (for ``--screenshot window:ID``).

Written here over ctypes/libX11 (already loaded by mss's dependencies, no new
package): ``XGetGeometry`` for the size and ``XTranslateCoordinates`` for the
position on the root window. A bad window id makes Xlib call its error handler,
whose default ends the process, so a handler that records the error is set first.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import threading

from .errors import CaptureError
from .items import Box
from .messages import msg, register

register({
    "trigger.window_unsupported": "A window can only be captured on X11; the whole desktop was captured instead.",
    "trigger.window_missing": "There is no window {window} on this display; the whole desktop was captured instead.",
})

_LOCK = threading.Lock()
_ERRORS: list[int] = []
_HANDLER_TYPE = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


@_HANDLER_TYPE
def _on_error(_display: int, _event: int) -> int:
    _ERRORS.append(1)
    return 0


def window_box(window: int) -> Box:
    """The window's rectangle in desktop coordinates; :class:`CaptureError` when unknown."""
    if not sys.platform.startswith(("linux", "freebsd", "openbsd")) or not os.environ.get(
            "DISPLAY"):
        raise CaptureError(msg("trigger.window_unsupported"))
    name = ctypes.util.find_library("X11")
    if not name:
        raise CaptureError(msg("trigger.window_unsupported"))
    x11 = ctypes.cdll.LoadLibrary(name)
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XDefaultRootWindow.restype = ctypes.c_ulong
    x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    x11.XSetErrorHandler.restype = ctypes.c_void_p
    x11.XSetErrorHandler.argtypes = [_HANDLER_TYPE]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    x11.XSync.argtypes = [ctypes.c_void_p, ctypes.c_int]
    uint, integer, ulong = ctypes.c_uint, ctypes.c_int, ctypes.c_ulong
    x11.XGetGeometry.argtypes = [ctypes.c_void_p, ulong, ctypes.POINTER(ulong),
                                 ctypes.POINTER(integer), ctypes.POINTER(integer),
                                 ctypes.POINTER(uint), ctypes.POINTER(uint),
                                 ctypes.POINTER(uint), ctypes.POINTER(uint)]
    x11.XTranslateCoordinates.argtypes = [ctypes.c_void_p, ulong, ulong, integer, integer,
                                          ctypes.POINTER(integer), ctypes.POINTER(integer),
                                          ctypes.POINTER(ulong)]
    with _LOCK:
        display = x11.XOpenDisplay(None)
        if not display:
            raise CaptureError(msg("trigger.window_unsupported"))
        previous = x11.XSetErrorHandler(_on_error)
        try:
            _ERRORS.clear()
            root, x, y = ulong(), integer(), integer()
            width, height, border, depth = uint(), uint(), uint(), uint()
            ok = x11.XGetGeometry(display, window, ctypes.byref(root), ctypes.byref(x),
                                  ctypes.byref(y), ctypes.byref(width), ctypes.byref(height),
                                  ctypes.byref(border), ctypes.byref(depth))
            child = ulong()
            if ok:
                ok = x11.XTranslateCoordinates(display, window, x11.XDefaultRootWindow(display),
                                               0, 0, ctypes.byref(x), ctypes.byref(y),
                                               ctypes.byref(child))
            x11.XSync(display, 0)
            failed = not ok or bool(_ERRORS) or width.value == 0 or height.value == 0
        finally:
            x11.XSetErrorHandler(ctypes.cast(previous, _HANDLER_TYPE) if previous
                                 else _HANDLER_TYPE())
            x11.XCloseDisplay(display)
    if failed:
        raise CaptureError(msg("trigger.window_missing", window=hex(window)))
    return Box(x.value, y.value, width.value, height.value)
