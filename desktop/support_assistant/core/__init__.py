"""The pure-Python core (never imports Qt): model, collectors, scan, redact, bundle, send."""
