"""The inbox: the bundles on the intake this engineer's token may see.

A table (customer, product and version, error summary, received, size, state),
sortable by any column and filtered by a search box; *Download and open*
streams the bundle into a private folder and opens it; *Delete…* removes it
from the intake after a confirmation (a customer's deletion request). Version
and error are not in the intake's metadata (they travel only inside the
bundle, which may be encrypted), so they fill in once a bundle was opened.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..app import dialogs
from ..app.accessibility import describe
from ..app.operations import Operation
from ..app.wording import tr
from ..core.inbox import Connection, InboxClient, InboxEntry

Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class InboxModel(QAbstractTableModel):
    """The intake's bundles as rows."""

    COLUMNS = ("customer", "product", "version", "error", "received", "size", "state")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[InboxEntry] = []
        self.facts: dict[str, dict[str, str]] = {}

    def set_entries(self, entries: list[InboxEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self.endResetModel()

    def set_facts(self, bundle_id: str, version: str, error: str) -> None:
        """Fill version and error of a bundle from its opened manifest."""
        self.facts[bundle_id] = {"version": version, "error": error}
        for row, entry in enumerate(self.entries):
            if entry.id == bundle_id:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.COLUMNS) - 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (tr("Customer"), tr("Product"), tr("Version"), tr("Error"), tr("Received (UTC)"),
                    tr("Size"), tr("State"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = self.COLUMNS[index.column()]
        facts = self.facts.get(entry.id, {})
        if role == SORT_ROLE:
            if column == "size":
                return entry.size
            return entry.received if column == "received" else str(self.data(index) or "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == "customer":
            return entry.customer
        if column == "product":
            return entry.product or entry.metadata.get("product", "")
        if column == "version":
            return facts.get("version") or entry.metadata.get("product_version", "")
        if column == "error":
            return (facts.get("error") or entry.metadata.get("error", ""))[:200]
        if column == "received":
            return entry.received[:19].replace("T", " ")
        if column == "size":
            return QLocale().formattedDataSize(entry.size, 1,
                                               QLocale.DataSizeFormat.DataSizeSIFormat)
        return tr("complete") if entry.complete else tr("receiving {percent} %").format(
            percent=entry.received_bytes * 100 // max(entry.size, 1))


class InboxView(QWidget):
    """See the module docstring."""

    openRequested = Signal(object, object)
    """(path of the downloaded bundle, its InboxEntry)."""
    refreshed = Signal(int)
    connectRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client: InboxClient | None = None
        self.model = InboxModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.table = QTableView(self)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table: no keyboard trap
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(4, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName(tr("Bundles on the intake"))
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(tr("Filter by customer, product, error…"))
        self.filter.setAccessibleName(tr("Filter the inbox"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.refresh_button = QPushButton(tr("Refresh"), self)
        self.refresh_button.setAccessibleName(tr("Refresh the inbox"))
        self.open_button = QPushButton(tr("Download and open"), self)
        self.open_button.setAccessibleName(tr("Download and open the selected bundle"))
        self.delete_button = QPushButton(tr("Delete…"), self)
        self.delete_button.setAccessibleName(tr("Delete the selected bundle from the intake"))
        self.connect_button = QPushButton(tr("Connection…"), self)
        self.connect_button.setAccessibleName(tr("Set the intake address and engineer token"))
        self.status = QLabel(tr("Not connected to an intake."), self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(tr("Inbox status"))
        describe(
            (self.table, tr("Bundles the intake holds for your token; Return downloads and "
                            "opens the selected one.")),
            (self.filter, tr("Shows only bundles whose customer, product or error contain this "
                             "text.")),
            (self.refresh_button, tr("Asks the intake for its list again.")),
            (self.open_button, tr("Downloads the selected bundle, checks it and opens it.")),
            (self.delete_button, tr("Deletes the selected bundle from the intake after you "
                                    "confirm.")),
            (self.connect_button, tr("Sets the intake address and your engineer token.")),
            (self.status, tr("Whether the inbox is connected and how many bundles it holds.")))
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        for button in (self.refresh_button, self.open_button, self.delete_button,
                       self.connect_button):
            top.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(self.table, 1)
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self.download_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.connect_button.clicked.connect(self.connectRequested)
        self.table.activated.connect(lambda _i: self.download_selected())  # Return or double-click
        self._update_buttons()

    def set_connection(self, connection: Connection | None) -> None:
        if self.client is not None:
            self.client.close()
        self.client = InboxClient(connection) if connection is not None else None
        self.model.set_entries([])
        self.status.setText(tr("Not connected to an intake.") if connection is None else
                            tr("Intake: {url}").format(url=connection.base))
        self._update_buttons()

    def _update_buttons(self) -> None:
        connected = self.client is not None
        for button in (self.refresh_button, self.open_button, self.delete_button):
            button.setEnabled(connected)

    def refresh(self) -> Operation | None:
        client = self.client
        if client is None:
            return None
        return Operation(self, lambda _p: client.list(), quiet=True).success(self._listed) \
            .failure(self._failed).run()

    def _listed(self, entries: list[InboxEntry]) -> None:
        self.model.set_entries(entries)
        self.status.setText(tr("{count} bundles on {url}.").format(
            count=len(entries), url=self.client.connection.base if self.client else ""))
        self.refreshed.emit(len(entries))

    def _failed(self, error: BaseException) -> None:
        self.status.setText(str(error))
        self.refreshed.emit(-1)

    def selected(self) -> InboxEntry | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.entries[self.proxy.mapToSource(rows[0]).row()]

    def select_id(self, bundle_id: str) -> bool:
        for row in range(self.proxy.rowCount()):
            source = self.proxy.mapToSource(self.proxy.index(row, 0))
            if self.model.entries[source.row()].id == bundle_id:
                self.table.selectRow(row)
                return True
        return False

    def visible_customers(self) -> list[str]:
        return [self.proxy.index(row, 0).data() for row in range(self.proxy.rowCount())]

    def download_selected(self) -> Operation | None:
        entry, client = self.selected(), self.client
        if entry is None or client is None:
            return None
        return Operation(self, lambda p: client.download(entry, progress=p.update,
                                                         cancel=p.cancel_event),
                         label=tr("Downloading {name}…").format(name=entry.filename or entry.id)) \
            .success(lambda path: self.openRequested.emit(path, entry)).run()

    def delete_selected(self) -> Operation | None:
        entry, client = self.selected(), self.client
        if entry is None or client is None:
            return None
        question = tr("Delete the bundle {name} of customer {customer} from the intake? This "
                      "cannot be undone.").format(name=entry.filename or entry.id,
                                                  customer=entry.customer)
        if not dialogs.service().confirm(self, tr("Delete bundle"), question,
                                         accept=tr("Delete"), reject=tr("Keep")):
            return None
        return Operation(self, lambda _p: client.delete(entry.id),
                         label=tr("Deleting {name}…").format(name=entry.filename or entry.id)) \
            .success(lambda _r: self.refresh()).run()
