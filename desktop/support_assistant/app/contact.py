"""The contact details dialog: name, company, position, e-mail, phone.

The details become an item of their own (:func:`core.additions.add_contact`),
unticked like every other item. They are remembered for next time only when the
user ticks "Remember"; unticking it forgets what was remembered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ..core import additions
from ..core.additions import Contact
from ..core.errors import SupportAssistantError
from .accessibility import describe

if TYPE_CHECKING:
    from .review_window import ReviewWindow


class ContactDialog(QDialog):
    """See the module docstring; ``accepted`` fires after the item was added."""

    def __init__(self, window: ReviewWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.setWindowTitle(self.tr("Contact details"))
        self.setAccessibleName(self.windowTitle())
        saved = additions.saved_contact()
        current = saved or Contact()
        intro = QLabel(self.tr("How can {support} reach you? These details are added as an "
                               "item of their own, which you approve like the others.")
                       .format(support=window.support), self)
        intro.setWordWrap(True)
        form = QFormLayout()
        self.fields: dict[str, QLineEdit] = {}
        labels = {"name": self.tr("&Name"), "company": self.tr("&Company"),
                  "position": self.tr("&Position"), "email": self.tr("&E-mail"),
                  "phone": self.tr("P&hone")}
        for name, label in labels.items():
            edit = QLineEdit(getattr(current, name), self)
            edit.setAccessibleName(label.replace("&", ""))
            edit.setMaxLength(additions.MAX_FIELD)
            form.addRow(label, edit)
            self.fields[name] = edit
        self.remember = QCheckBox(self.tr("&Remember these details on this computer for next "
                                          "time"), self)
        self.remember.setAccessibleName(self.tr("Remember these details for next time"))
        self.remember.setChecked(saved is not None)
        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Problem"))
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("&Add to report"))
        for button in buttons.buttons():
            button.setAccessibleName(button.text().replace("&", ""))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.remember)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        describe(
            (self.fields["name"], self.tr("Your name, as support should address you.")),
            (self.fields["company"], self.tr("The organisation you work for.")),
            (self.fields["position"], self.tr("Your role or job title.")),
            (self.fields["email"], self.tr("An e-mail address support may write to.")),
            (self.fields["phone"], self.tr("A phone number support may call: digits, spaces "
                                           "and + - ( ) /.")),
            (self.remember, self.tr("Kept only on this computer, to fill this form next "
                                    "time.")),
            (buttons.button(QDialogButtonBox.StandardButton.Ok),
             self.tr("Adds these details to the report as an item you approve.")),
            (buttons.button(QDialogButtonBox.StandardButton.Cancel),
             self.tr("Closes without adding anything.")))

    def contact(self) -> Contact:
        return Contact(**{name: edit.text() for name, edit in self.fields.items()})

    def accept(self) -> None:
        """Add the item; on bad input say why and stay open."""
        window = self.window_
        try:
            contact = self.contact().cleaned()
            item = window.model.add_item(lambda: additions.add_contact(window.report, contact))
            additions.remember_contact(contact if self.remember.isChecked() else None)
        except SupportAssistantError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        window.add_items([item])
        super().accept()


def edit_contact(window: ReviewWindow) -> ContactDialog:
    """Open the contact dialog over ``window`` (not blocking)."""
    dialog = ContactDialog(window)
    dialog.open()
    return dialog
