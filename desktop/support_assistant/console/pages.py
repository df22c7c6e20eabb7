"""The simple pages of an opened bundle: summary, consent record, failure, other files."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..app.accessibility import describe
from ..app.item_list import kind_text
from ..app.wording import detector_label
from ..core.bundle_contents import BundleContents, ItemInfo, highlights
from ..core.bundle_reader import FileCheck


def _size(size: int) -> str:
    return QLocale().formattedDataSize(size, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def _value_label(parent: QWidget, text: str, name: str) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # the manifest is the sender's text, not markup
    label.setAccessibleName(name)
    label.setAccessibleDescription(QCoreApplication.translate(
        "Pages", "As recorded in the bundle; select the text to copy it."))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SummaryPage(QWidget):
    """Product, error, the user's description, environment highlights, verification state."""

    def __init__(self, contents: BundleContents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contents = contents
        report = contents.report
        self.form = QFormLayout()
        self.values: dict[str, QLabel] = {}
        self._row("report", self.tr("Report"), report["id"])
        self._row("created", self.tr("Created"), report["created_at"])
        self._row("product", self.tr("Product"),
                  f"{report['product']} {report['product_version']}".strip() or self.tr("not given"))
        self._row("error", self.tr("Error"),
                  report["error"]["message"] if report["error"] else self.tr("none reported"))
        self._row("items", self.tr("Items"), self.tr("{count} items, {size}").format(
            count=len(contents.items), size=_size(contents.total_size())))
        self._row("encrypted", self.tr("Encryption"),
                  self.tr("age-encrypted") if contents.encrypted else self.tr("not encrypted"))
        self._row("verification", self.tr("Integrity"), self.tr("Checking…"))
        self.description = QPlainTextEdit(report["description"] or self.tr("No description."),
                                          self)
        self.description.setReadOnly(True)
        self.description.setAccessibleName(self.tr("User's description"))
        self.description.setMaximumHeight(240)
        self.highlight_form = QFormLayout()
        self.html_button = QPushButton(self.tr("Save as HTML report…"), self)
        self.html_button.setAccessibleName(self.tr("Save the bundle as an HTML report"))
        describe((self.description, self.tr("What the customer wrote when sending the "
                                            "report.")),
                 (self.html_button, self.tr("Writes one self-contained HTML file with every "
                                            "checked item.")))
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(QLabel(self.tr("User's description:"), self))
        layout.addWidget(self.description)
        heading = QLabel(self.tr("Environment highlights:"), self)
        layout.addWidget(heading)
        layout.addLayout(self.highlight_form)
        layout.addWidget(self.html_button)
        layout.addStretch(1)

    def _row(self, key: str, label: str, value: str) -> None:
        widget = _value_label(self, value, label)
        self.values[key] = widget
        self.form.addRow(label + ":", widget)

    def set_environment(self, environment: dict[str, Any] | None) -> None:
        labels = {"os": self.tr("Operating system"), "memory": self.tr("Memory (free / total)"),
                  "displays": self.tr("Displays"), "intake": self.tr("Intake endpoint")}
        while self.highlight_form.rowCount():
            self.highlight_form.removeRow(0)
        pairs = highlights(environment)
        if not pairs:
            self.highlight_form.addRow(QLabel(self.tr("No environment item in this bundle."), self))
        for key, value in pairs:
            widget = _value_label(self, value, labels.get(key, key))
            self.values[f"env.{key}"] = widget
            self.highlight_form.addRow(labels.get(key, key) + ":", widget)

    def set_verification(self, text: str) -> None:
        self.values["verification"].setText(text)


class ConsentPage(QWidget):
    """What the customer approved, when, and what was redacted (never the redacted content)."""

    def __init__(self, contents: BundleContents, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        consent = contents.manifest["consent"]
        notice = consent["privacy_notice"]
        policy = consent["policy"]
        form = QFormLayout()
        form.addRow(self.tr("Statement shown:"), _value_label(
            self, consent["statement"] or self.tr("not recorded"), self.tr("Statement shown")))
        form.addRow(self.tr("Privacy notice:"), _value_label(
            self, self.tr("version {version}, accepted {time}").format(
                version=notice["version"], time=notice["accepted_at"]) if notice
            else self.tr("not recorded"), self.tr("Privacy notice")))
        form.addRow(self.tr("Client:"), _value_label(
            self, f"{consent['client']['name']} {consent['client']['version']}",
            self.tr("Client")))
        form.addRow(self.tr("Policy:"), _value_label(
            self, " ".join(v for v in (policy["version"], policy["source"]) if v)
            or self.tr("not recorded"), self.tr("Policy")))
        self.table = QTableWidget(len(contents.items), 5, self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: no keyboard trap
        self.table.setAccessibleName(self.tr("Approved items"))
        self.table.setAccessibleDescription(self.tr("Each item, when the customer approved "
                                                    "it and what was redacted."))
        self.table.setHorizontalHeaderLabels([self.tr("Item"), self.tr("Kind"),
                                              self.tr("Approved at"), self.tr("Redactions"),
                                              self.tr("Blacked-out regions")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for row, info in enumerate(contents.items):
            kinds = ", ".join(f"{n} × {detector_label(kind)}"
                              for kind, n in info.redaction_kinds.items())
            boxes = "; ".join(self.tr("{w}×{h} at ({x}, {y})").format(x=x, y=y, w=w, h=h)
                              for x, y, w, h in info.boxes)
            for column, text in enumerate((f"{info.title} ({info.id})", kind_text(info.kind),
                                           info.approved_at or self.tr("not recorded"),
                                           kinds or self.tr("none"), boxes or "-")):
                self.table.setItem(row, column, QTableWidgetItem(text))
        note = QLabel(self.tr("Every item was approved by the customer one by one. Redacted "
                              "text was replaced by pseudonyms and blacked-out regions were "
                              "filled before sending: the bundle holds neither the original "
                              "values nor the hidden pixels."), self)
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)

    def row_texts(self, row: int) -> list[str]:
        return [self.table.item(row, c).text() for c in range(self.table.columnCount())]


class FailurePage(QWidget):
    """Why the bundle is not shown: the error sentence and, for damage, each failed file."""

    def __init__(self, message: str, failures: list[FileCheck] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.message = _value_label(self, message, self.tr("Why the bundle is not shown"))
        self.message.setStyleSheet("color: #c62828; font-weight: bold;")
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("This bundle cannot be shown."), self)
        title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        layout.addWidget(title)
        layout.addWidget(self.message)
        self.table = QTableWidget(len(failures or []), 3, self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: no keyboard trap
        self.table.setAccessibleName(self.tr("Files that failed the check"))
        self.table.setAccessibleDescription(self.tr("Each file whose sha256 differs from the "
                                                    "manifest, expected and actual."))
        self.table.setHorizontalHeaderLabels([self.tr("File"), self.tr("Expected sha256"),
                                              self.tr("Actual sha256")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        for row, check in enumerate(failures or []):
            for column, text in enumerate((check.name, check.expected_sha256,
                                           check.actual_sha256 or self.tr("unreadable"))):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setVisible(bool(failures))
        layout.addWidget(self.table, 1)
        if not failures:
            layout.addStretch(1)


class FilePage(QWidget):
    """An item the console does not display (an attachment): its facts and Export."""

    def __init__(self, info: ItemInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        layout = QVBoxLayout(self)
        layout.addWidget(_value_label(self, self.tr("{title}: {type}, {size}. Export it to open "
                                                    "it with another program.").format(
            title=info.title, type=info.media_type, size=_size(info.size)),
            self.tr("About this item")))
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setAccessibleName(self.tr("Export this item"))
        self.export_button.setAccessibleDescription(self.tr("Writes this item, as checked, "
                                                            "to a file."))
        layout.addWidget(self.export_button)
        layout.addStretch(1)
