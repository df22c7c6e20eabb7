"""Public hooks for products that want to call Support Assistant.

``install_excepthook(product=..., version=...)`` reports a Python product's
unhandled exceptions; other products run ``support-assistant report`` or open a
``support-assistant://report?...`` URL (see the README).
"""

from .excepthook import assistant_command, install_excepthook, report_exception

__all__ = ["assistant_command", "install_excepthook", "report_exception"]
