"""Personal-data scanning of text: detectors, engine, pseudonyms, identities and the leak check.

The public surface (what the workflow, the CLI, the window and the OCR detector call):

- :func:`scan_report` proposes pseudonym findings on every text item of a report;
- :func:`check_leaks` lists what personal data the approved, redacted bytes still hold;
- :func:`local_identities` gives this machine's login, real name, host names and e-mail;
- :func:`ocr_available` tells whether screenshots can be read (:mod:`.ocr` picks the engine);
- :func:`scan_bytes`, :func:`scan_text`, :func:`scan_file` and :func:`scan_chunks` find
  matches in bytes, in a str (character offsets), in a file of any size, in a stream.
"""

from .engine import Match, scan_bytes, scan_chunks, scan_file, scan_text
from .findings import is_text_item, scan_report
from .identities import Identities, local_identities
from .images import ocr_available
from .leaks import Leak, check_leaks
from .pseudonyms import PseudonymTable

__all__ = [
    "Identities", "Leak", "Match", "PseudonymTable", "check_leaks", "is_text_item",
    "local_identities", "ocr_available", "scan_bytes", "scan_chunks", "scan_file", "scan_report", "scan_text",
]
