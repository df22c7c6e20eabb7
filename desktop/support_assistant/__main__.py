"""``python -m support_assistant`` is the ``support-assistant`` command."""

import sys

from .cli import main

sys.exit(main())
