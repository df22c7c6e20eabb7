"""Entry script of the frozen app (build_spec.py): the ``support-assistant`` command."""

import os
import sys

from support_assistant.cli import main

if __name__ == "__main__":
    # The windowed Windows launcher has no console: give print() somewhere to go.
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    sys.exit(main())
