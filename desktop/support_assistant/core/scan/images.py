"""Screenshots: the hook the OCR detector fills in (this branch has no OCR).

Both functions get a screenshot item (its payload is a PNG in the session folder)
and return boxes: :func:`image_findings` proposes rectangles to black out when
the report is scanned, :func:`image_leaks` reports text that can still be read in
the final, redacted image during the leak check. Recognised text is meant to go
through :func:`support_assistant.core.scan.scan_text`, which gives character
offsets of every match.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..items import Finding
    from .identities import Identities
    from .leaks import Leak


def image_findings(item: Any, identities: Identities, table: Any) -> list[Finding]:
    """Box findings (with pseudonym ``table`` replacements) for a screenshot; none without OCR."""
    return []


def image_leaks(item: Any, identities: Identities) -> list[Leak]:
    """Leaks (with ``box`` set) readable in a redacted, approved screenshot; none without OCR."""
    return []
