"""Support Assistant: collect, review, redact and send support reports with consent."""

__version__ = "0.1.0"
