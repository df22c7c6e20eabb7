"""Words that come from settings or the core, shown in the user's language.

The built-in ``intake.support_name`` ("the vendor's support team") is translated;
a name IT set in the policy is shown as IT wrote it. Detector names (``email``,
``ipv4``…) stay identifiers in the core and the bundle; people see these labels.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ..core.policy import SETTINGS, Config


def tr(text: str) -> str:
    """``text`` in the user's language, for module-level code (no widget's ``self.tr``)."""
    # lupdate files every bare tr("...") call under the empty context: look it up there.
    return QCoreApplication.translate("", text)


def support_name(config: Config) -> str:
    """Who receives reports: IT's own words, or the translated built-in default."""
    value = config["intake.support_name"]
    if value == SETTINGS["intake.support_name"].default:
        return QCoreApplication.translate("Wording", "the vendor's support team")
    return value


def app_name(config: Config) -> str:
    """The assistant's name in window titles: IT's ``branding.name``, or the translated
    built-in one. Qt appends it to every window title (the application display name)."""
    value = config["branding.name"]
    if value == SETTINGS["branding.name"].default:
        return QCoreApplication.translate("Application", "Support Assistant")
    return value


def detector_label(name: str) -> str:
    """The translated label of a detector (its name when it has none)."""
    translate = QCoreApplication.translate
    labels = {
        "email": translate("Wording", "e-mail"), "ipv4": translate("Wording", "IPv4"),
        "ipv6": translate("Wording", "IPv6"), "mac": translate("Wording", "MAC"),
        "host": translate("Wording", "host name"), "user": translate("Wording", "user name"),
        "phone": translate("Wording", "phone"), "cn-id": translate("Wording", "ID number"),
        "card": translate("Wording", "card number"), "token": translate("Wording", "token"),
        "url-credentials": translate("Wording", "URL password"),
        "secret": translate("Wording", "secret"),
    }
    return labels.get(name, name)
