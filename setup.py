"""Build step for the optional compiled scan locates (everything else is in pyproject.toml).

``optional=True``: where no C compiler or Python headers are at hand (Windows without MSVC,
a bare container) the install still succeeds and the engine runs its Python locates.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension(
    "support_assistant.core.scan._native",
    ["desktop/support_assistant/core/scan/_native.c"],
    optional=True,
)])
