# -*- mode: python -*-
"""PyInstaller spec (onedir) for Support Assistant, used by the installer/ scripts.

Build from the repository root (needs the ``build`` extra)::

    python build_spec.py [--distpath dist] [--workpath build/pyinstaller]

(PyInstaller only treats files named ``*.spec`` as specs, so run as a script this
file hands a ``.spec`` copy of itself to PyInstaller.) This gives ``dist/support-assistant/`` with the ``support-assistant`` executable (on
Windows also the windowed ``support-assistant-gui.exe``; on macOS also
``dist/Support Assistant.app``). Only Qt modules the app imports are bundled;
the Qt plugins and libraries that drag in Quick/QML, PDF, GTK, Wayland/EGL and
Qt's translations (other than qtbase) are filtered out after Analysis (see
NOTES.md: 210 MB by default, about 139 MB filtered and stripped).
"""

import contextlib
import os
import re
import sys
from pathlib import Path

from PyInstaller.utils.hooks import collect_submodules, copy_metadata


def _build_from_script() -> None:
    """``python build_spec.py``: run PyInstaller on a ``.spec`` copy of this file."""
    import argparse
    import shutil

    import PyInstaller.__main__

    root = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description="Build the onedir app with PyInstaller.")
    parser.add_argument("--distpath", default=str(root / "dist"))
    parser.add_argument("--workpath", default=str(root / "build" / "pyinstaller"))
    args = parser.parse_args()
    work = Path(args.workpath)
    work.mkdir(parents=True, exist_ok=True)
    spec = work / "support-assistant.spec"
    shutil.copyfile(__file__, spec)
    os.environ["SUPPORT_ASSISTANT_SOURCE"] = str(root)
    # the compiled translations (.qm, not committed) go into resources/ before it is bundled
    sys.path.insert(0, str(root / "scripts"))
    import build_translations

    build_translations.build(only_stale=True)
    # A cache of stripped binaries per work folder: builds running at the same time (CI,
    # other checkouts) otherwise share ~/.cache/pyinstaller and can corrupt its index.
    os.environ.setdefault("PYINSTALLER_CONFIG_DIR", str(work / "cache"))
    PyInstaller.__main__.run([str(spec), "--noconfirm", "--log-level", "WARN",
                              "--distpath", args.distpath, "--workpath", str(work)])


if "SPECPATH" not in globals():
    _build_from_script()
    sys.exit(0)

ROOT = Path(os.environ.get("SUPPORT_ASSISTANT_SOURCE") or SPECPATH).resolve()  # noqa: F821
sys.path.insert(0, str(ROOT / "desktop"))
from support_assistant import __version__  # noqa: E402

APP = "support-assistant"
ENTRY = ROOT / "installer" / "entry.py"

# Commands are found at start-up with pkgutil, so every module must be listed;
# the reference intake server (FastAPI) is not part of the desktop app.
OCR = ("rapidocr_onnxruntime", "onnxruntime", "onnx", "ml_dtypes", "cv2", "numpy", "scipy",
       "shapely", "pyclipper")
SERVER = ("support_assistant.intake", "support_assistant.commands.intake")
hidden = [m for m in collect_submodules("support_assistant") if not m.startswith(SERVER)]
# keyring finds third-party backends through entry points: ship their metadata.
hidden += collect_submodules("keyring.backends") + collect_submodules("secretstorage")
hidden += collect_submodules("jeepney")
datas = [(str(ROOT / "resources"), "resources")]
for dist in ("keyring", "SecretStorage", "jeepney", "support-assistant"):
    with contextlib.suppress(Exception):  # e.g. SecretStorage is Linux-only
        datas += copy_metadata(dist)

a = Analysis(  # noqa: F821
    [str(ENTRY)],
    pathex=[str(ROOT / "desktop")],
    hiddenimports=hidden,
    datas=datas,
    # Pillow's font (FreeType, HarfBuzz) and colour-management extensions: the app draws no
    # text into images and converts no ICC profiles (their Python modules stay importable).
    excludes=["tkinter", "PIL._avif", "PIL.AvifImagePlugin", "PIL._imagingft",
              "PIL._imagingcms", "PIL._imagingtk", *SERVER, "fastapi", "uvicorn", "pytest",
              "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtPdf",
              # the [ocr] extra (RapidOCR, onnxruntime, OpenCV, numpy: ~400 MB, and strip
              # breaks numpy's OpenBLAS) stays out of the package: the editor says OCR is
              # not installed and the user blacks out data by hand
              *OCR],
    noarchive=False,
)

# What the Widgets app never loads; matched against each entry's destination path.
UNUSED = re.compile(
    r"(Qt6?(Quick|Qml|Pdf|VirtualKeyboard|Network|OpenGL|Svg)\w*\.(so|dll|dylib)"
    r"|Qt6?(Quick|Qml|Pdf|VirtualKeyboard|Network)\w*\.framework"
    r"|Qt6?(EglFS|EglFsKms|Wayland|WlShell)\w*\.so"
    r"|/plugins/(virtualkeyboard|platforminputcontexts|wayland\w*|egldeviceintegrations"
    r"|xcbglintegrations|iconengines"
    r"|platformthemes/libqgtk3|networkinformation|tls|qmltooling|generic|sqldrivers)"
    r"|/imageformats/(libqpdf|qpdf|libqsvg|qsvg|libqtiff|qtiff|libqtga|qtga|libqwbmp|qwbmp"
    r"|libqicns|qicns)"  # screenshots are PNG; JPEG, WebP, GIF, ICO stay viewable
    r"|/platforms/(libqwayland|libqeglfs|libqlinuxfb|libqminimalegl|libqvnc|libqvkkhrdisplay)"
    r"|libgtk-3|libgdk-3|libatk|libcairo|libpango|libharfbuzz-gobject"
    r"|PIL/_avif|libavif"  # AVIF codec (4.8 MB): screenshots are PNG/WebP
    r"|/translations/(?!qtbase_(zh_CN|en)\.qm))",  # Qt's own strings for our languages only
    re.IGNORECASE)


# Linux desktop libraries every X11 desktop has: taken from the system (the .deb lists
# their packages in Depends, computed with ldd), not bundled (~9 MB).
SYSTEM = re.compile(
    r"^(libX11|libX11-xcb|libxcb[\w-]*|libXau|libXdmcp|libxkbcommon[\w-]*|libfontconfig"
    r"|libfreetype|libexpat|libglib-2\.0|libgobject-2\.0|libgio-2\.0|libgmodule-2\.0"
    r"|libgthread-2\.0|libpcre2-8|libdbus-1|libsystemd|libgcrypt|libgpg-error|liblz4|libzstd"
    r"|liblzma|libcap|libselinux|libmount|libblkid|libbsd|libmd|libpng16|libz|libbrotli\w*"
    r"|libharfbuzz|libgraphite2|libuuid)\.so[.\d]*$")


def keep(entry) -> bool:
    dest = entry[0].replace(os.sep, "/")
    if sys.platform.startswith("linux") and "/" not in dest and SYSTEM.match(dest):
        return False
    return not UNUSED.search("/" + dest)


def reachable(binaries: list) -> list:
    """Only the libraries some kept extension module, plugin or libpython still links.

    PyInstaller collected the dependencies of what UNUSED removed (GTK's pixbuf, epoxy,
    pixman, Kerberos...) as separate entries; they are dropped here, walking the link-time
    imports from the roots (on Linux ``ldd`` already lists the whole closure).
    """
    from PyInstaller.depend.bindepend import get_imports

    def name(entry) -> str:
        return os.path.basename(entry[0])

    def is_root(entry) -> bool:
        base = name(entry)
        return (".cpython-" in base or ".abi3." in base or base.endswith((".pyd", ".exe"))
                or "/plugins/" in "/" + entry[0].replace(os.sep, "/")
                or base.startswith(("libpython", "python3")))

    by_name: dict[str, list] = {}
    for entry in binaries:
        by_name.setdefault(name(entry), []).append(entry)
    todo = [entry for entry in binaries if is_root(entry)]
    kept = {id(entry) for entry in todo}
    while todo:
        entry = todo.pop()
        for imported, path in get_imports(entry[1]):
            for base in {os.path.basename(imported), os.path.basename(path or "")}:
                for dependency in by_name.get(base, []):
                    if id(dependency) not in kept:
                        kept.add(id(dependency))
                        todo.append(dependency)
    return [entry for entry in binaries if id(entry) in kept]


def small_icu(binaries: list) -> list:
    """Linux: swap ICU's 32 MB data library for the trimmed one (installer/icu_trim.py)."""
    sys.path.insert(0, str(ROOT / "installer"))
    import icu_trim

    result = []
    for dest, src, kind in binaries:
        if sys.platform.startswith("linux") and os.path.basename(dest).startswith("libicudata"):
            trimmed = icu_trim.trim(Path(src), Path(workpath) / "icu")  # noqa: F821
            if trimmed is None:
                print("WARNING: objcopy/icupkg/gcc missing: keeping ICU's full data (32 MB)")
            else:
                src = str(trimmed)
        result.append((dest, src, kind))
    return result


a.binaries = small_icu(reachable([entry for entry in a.binaries if keep(entry)]))
a.datas = [entry for entry in a.datas if keep(entry)]
strip = sys.platform.startswith("linux")

pyz = PYZ(a.pure)  # noqa: F821
executables = [EXE(  # noqa: F821
    pyz, a.scripts, [], exclude_binaries=True, name=APP, console=True, strip=strip, upx=False,
    icon=str(ROOT / "resources" / "icons" / ("support-assistant.ico" if sys.platform == "win32"
                                             else "support-assistant.png")),
)]
if sys.platform == "win32":  # a windowed launcher for Start-menu entries (no console flash)
    executables.append(EXE(  # noqa: F821
        pyz, a.scripts, [], exclude_binaries=True, name=f"{APP}-gui", console=False,
        upx=False, icon=str(ROOT / "resources" / "icons" / "support-assistant.ico")))
coll = COLLECT(  # noqa: F821
    *executables, a.binaries, a.datas, strip=strip, upx=False, name=APP)

if sys.platform == "darwin":
    app = BUNDLE(  # noqa: F821
        coll,
        name="Support Assistant.app",
        icon=str(ROOT / "resources" / "icons" / "support-assistant.icns"),
        bundle_identifier="com.example.SupportAssistant",
        version=__version__,
        info_plist={
            "CFBundleName": "Support Assistant",
            "CFBundleShortVersionString": __version__,
            "LSMinimumSystemVersion": "11.0",
            "NSHighResolutionCapable": True,
            "NSScreenCaptureUsageDescription":
                "Support Assistant takes a screenshot only when you ask it to, to show "
                "support the error.",
            "CFBundleURLTypes": [{"CFBundleURLName": "Support Assistant report",
                                  "CFBundleURLSchemes": ["support-assistant"]}],
            "CFBundleDocumentTypes": [{"CFBundleTypeName": "Support bundle",
                                       "CFBundleTypeRole": "Viewer",
                                       "LSItemContentTypes": ["public.zip-archive"],
                                       "CFBundleTypeExtensions": ["zip", "age"]}],
        },
    )
