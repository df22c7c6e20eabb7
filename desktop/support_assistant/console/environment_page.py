"""The environment item as a tree (section → key → value) with a search box."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..app.accessibility import describe
from ..core.bundle_contents import ItemInfo
from ..core.environment_labels import label as env_label
from ..core.environment_labels import value_text

MAX_NODES = 20_000
MAX_DEPTH = 32
"""A hostile environment item could hold millions of keys or deep nesting; the tree stops here."""


class EnvironmentPage(QWidget):
    """See the module docstring; ``set_data`` fills the tree from the verified JSON."""

    def __init__(self, info: ItemInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.info = info
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Search keys and values…"))
        self.search.setAccessibleName(self.tr("Search the environment"))
        self.search.setClearButtonEnabled(True)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Key"), self.tr("Value")])
        self.tree.setAccessibleName(self.tr("Environment"))
        self.export_button = QPushButton(self.tr("Export…"), self)
        self.export_button.setAccessibleName(self.tr("Export this item"))
        describe(
            (self.search, self.tr("Shows only the keys and values that contain this text.")),
            (self.tree, self.tr("The customer's system, section by section; the JSON key of "
                                "each row is its tooltip.")),
            (self.export_button, self.tr("Writes the environment item, as checked, to a "
                                         "file.")))
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)
        self.search.textChanged.connect(self.apply_filter)
        self._nodes = 0
        self._matches = 0

    def set_data(self, data: Any) -> None:
        self.tree.clear()
        self._nodes = 0
        if isinstance(data, dict):
            for key, value in data.items():
                self._add(self.tree.invisibleRootItem(), str(key), value)
        self.tree.expandToDepth(0)
        self.tree.resizeColumnToContents(0)
        self.apply_filter(self.search.text())

    def _add(self, parent: QTreeWidgetItem, key: str, value: Any, depth: int = 0) -> None:
        self._nodes += 1
        if self._nodes > MAX_NODES or depth > MAX_DEPTH:
            return
        node = QTreeWidgetItem(parent, [env_label(key), ""])
        node.setData(0, Qt.ItemDataRole.UserRole, key)  # the JSON key, for search and paths
        node.setToolTip(0, key)
        if isinstance(value, dict):
            for child_key, child in value.items():
                self._add(node, str(child_key), child, depth + 1)
        elif isinstance(value, list):
            node.setText(1, self.tr("{count} entries").format(count=len(value)))
            for index, child in enumerate(value, start=1):
                self._add(node, f"[{index}]", child, depth + 1)
        else:
            text = value_text(value)
            node.setText(1, text)
            node.setToolTip(1, text[:2000])

    def apply_filter(self, text: str) -> int:
        """Show only rows whose key or value contains ``text``, with their parents and children.

        Returns how many rows match themselves (0 for an empty search).
        """
        needle = text.strip().casefold()
        root = self.tree.invisibleRootItem()
        self._matches = 0
        for i in range(root.childCount()):
            self._filter(root.child(i), needle)
        if needle:
            self.tree.expandAll()
        return self._matches

    def _filter(self, node: QTreeWidgetItem, needle: str) -> bool:
        texts = (node.text(0), node.text(1), str(node.data(0, Qt.ItemDataRole.UserRole)))
        if not needle or any(needle in text.casefold() for text in texts):
            self._matches += 1 if needle else 0
            self._show_all(node)
            return True
        shown = False
        for i in range(node.childCount()):
            shown = self._filter(node.child(i), needle) or shown
        node.setHidden(not shown)
        return shown

    def _show_all(self, node: QTreeWidgetItem) -> None:
        node.setHidden(False)
        for i in range(node.childCount()):
            self._show_all(node.child(i))

    def visible_keys(self) -> list[str]:
        """Paths (``section/key``) of the rows shown, for tests and screen readers' summaries."""
        found: list[str] = []

        def walk(node: QTreeWidgetItem, prefix: str) -> None:
            for i in range(node.childCount()):
                child = node.child(i)
                if not child.isHidden():
                    key = str(child.data(0, Qt.ItemDataRole.UserRole))
                    path = f"{prefix}/{key}" if prefix else key
                    found.append(path)
                    walk(child, path)

        walk(self.tree.invisibleRootItem(), "")
        return found

