"""Entry script of the frozen app (build_spec.py): the ``support-assistant`` command."""

import sys

from support_assistant.cli import main

if __name__ == "__main__":
    sys.exit(main())
