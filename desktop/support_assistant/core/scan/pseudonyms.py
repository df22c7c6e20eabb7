"""One pseudonym table per report: the same value gets the same stand-in in every item.

``alice@corp.com`` becomes ``email-1`` in the log, the environment and the error
text alike. Values are compared after the detector's normalisation (an e-mail in
any case, a phone number with or without +86 and spaces). The table lives in the
report's session folder (``pseudonyms.json``, 0600) and never in a bundle: only
the user's machine can map ``email-1`` back to a person.
"""

from __future__ import annotations

import json
import threading
from pathlib import Path

from ..errors import InputError
from ..messages import msg, register
from ..paths import atomic_write
from .detectors import DETECTORS

register({
    "scan.pseudonyms_unreadable": "The pseudonym table {path} cannot be read ({reason}); "
                                  "delete it and scan the report again.",
})

FORMAT_VERSION = 1


class PseudonymTable:
    """Maps ``(detector, normalised value)`` to ``<detector>-<n>``; thread-safe."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._numbers: dict[str, dict[str, int]] = {}
        self._lock = threading.Lock()
        self.changed = False

    @classmethod
    def load(cls, path: Path) -> PseudonymTable:
        """The table stored at ``path``, or an empty one bound to it."""
        table = cls(path)
        if not path.is_file():
            return table
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != FORMAT_VERSION:
                raise ValueError(f"unknown version {data.get('version')!r}")
            for detector, values in data["pseudonyms"].items():
                table._numbers[str(detector)] = {str(k): int(v) for k, v in values.items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise InputError(msg("scan.pseudonyms_unreadable", path=path, reason=exc)) from exc
        return table

    def save(self, path: Path | None = None) -> None:
        """Write the table atomically (0600) to ``path`` or where it was loaded from."""
        target = path or self.path
        if target is None:
            raise ValueError("no path to save the pseudonym table to")
        with self._lock:
            data = {"version": FORMAT_VERSION, "pseudonyms": self._numbers}
            payload = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True)
        atomic_write(target, payload.encode("utf-8"))
        self.changed = False

    def pseudonym(self, detector: str, value: bytes | str) -> str:
        """The stand-in for ``value`` found by ``detector`` (a new number the first time)."""
        raw = value.encode("utf-8", "surrogateescape") if isinstance(value, str) else value
        key = DETECTORS[detector].normalize(raw)
        with self._lock:
            numbers = self._numbers.setdefault(detector, {})
            number = numbers.get(key)
            if number is None:
                number = numbers[key] = len(numbers) + 1
                self.changed = True
        return f"{DETECTORS[detector].prefix}-{number}"

    def originals(self) -> list[tuple[str, str]]:
        """Every ``(detector, normalised value)`` pair the table holds."""
        with self._lock:
            return [(d, v) for d, values in self._numbers.items() for v in values]

    def __len__(self) -> int:
        with self._lock:
            return sum(len(v) for v in self._numbers.values())
