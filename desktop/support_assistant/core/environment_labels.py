"""Readable, translated names for the keys of the environment item (``environment.json``).

The JSON keeps its English keys (they are the schema support tools read); people
see these labels in the console's environment tree, the HTML report and
:func:`support_assistant.core.collectors.environment.render_text`. Unknown keys
are shown as they are.
"""

from __future__ import annotations

from .messages import msg, register, registered

_LABELS = {
    "schema": "Schema version", "collected_at": "Collected at", "product": "Product",
    "app": "Support Assistant", "os": "Operating system", "kernel": "Kernel",
    "architecture": "Architecture", "cpu": "Processor", "memory": "Memory", "disks": "Disks",
    "displays": "Displays", "locale": "Language and region", "time_zone": "Time zone",
    "python": "Python", "qt": "Qt", "proxy": "Proxy", "intake": "Intake endpoint check",
    "name": "Name", "version": "Version", "frozen": "Packaged build", "system": "System",
    "release": "Release", "platform": "Platform", "distribution": "Distribution",
    "build": "Build", "edition": "Edition", "service_pack": "Service pack", "kind": "Kind",
    "machine": "Machine", "bits": "Bits", "byte_order": "Byte order", "model": "Model",
    "logical_cores": "Logical cores", "physical_cores": "Physical cores",
    "max_mhz": "Maximum MHz", "total_bytes": "Total (bytes)",
    "available_bytes": "Available (bytes)", "swap_total_bytes": "Swap total (bytes)",
    "swap_used_bytes": "Swap used (bytes)", "mountpoint": "Mount point",
    "fstype": "File system", "network": "Network file system", "free_bytes": "Free (bytes)",
    "error": "Error", "source": "Source", "count": "Count", "monitors": "Monitors",
    "desktop": "Whole desktop", "available": "Available", "reason": "Reason", "scale": "Scale",
    "scale_hints": "Scale settings", "language": "Language", "encoding": "Encoding",
    "preferred_encoding": "Preferred encoding", "ui_language": "Display language",
    "ui_language_name": "Display language name", "environment": "Environment variables",
    "abbreviation": "Abbreviation", "utc_offset_minutes": "UTC offset (minutes)",
    "dst": "Daylight saving time", "implementation": "Implementation",
    "running": "Running version", "binding": "Binding", "policy": "Policy",
    "for_endpoint": "Used for the intake", "endpoint": "Endpoint",
    "checked_directly": "Checked directly", "reachable": "Reachable", "answered": "Answered",
    "failed_step": "Failed step", "host": "Host", "port": "Port", "scheme": "Scheme",
    "addresses": "Addresses", "tls": "TLS", "cipher": "Cipher", "subject": "Subject",
    "issuer": "Issuer", "not_after": "Valid until", "http_status": "HTTP status",
    "tus_version": "tus versions", "tus_resumable": "tus version used",
    "elapsed_ms": "Time taken (ms)", "id": "ID", "version_id": "Version ID",
    "pretty_name": "Full name", "left": "Left", "top": "Top", "width": "Width",
    "height": "Height",
}
register({f"env.{key}": text for key, text in _LABELS.items()})
register({
    "env.yes": "yes", "env.no": "no",
    "env.intake_answered": "answered HTTP {status}",
    "env.intake_reachable": "reachable, no HTTP answer",
    "env.intake_unreachable": "unreachable ({step}: {error})",
})

# The names of the languages the app is translated into, each in its own language.
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文（中国）"}


def label(key: str) -> str:
    """The translated label of an environment key, or the key itself when it has none."""
    return msg(f"env.{key}") if registered(f"env.{key}") else key


def value_text(value: object) -> str:
    """A leaf value for people: ``-`` for nothing, translated yes/no for booleans."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return msg("env.yes") if value else msg("env.no")
    return str(value)
