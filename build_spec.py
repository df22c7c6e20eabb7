"""PyInstaller spec (onedir) for Support Assistant; filled in by the packaging work (issue 7).

Build: ``pyinstaller build_spec.py`` from the repository root.
"""
