"""Attached files and contact details become ordinary unapproved items; bad input is refused."""

import io
import os

import pytest
from PIL import Image

from support_assistant.core.additions import (
    Contact,
    add_contact,
    attach_file,
    remember_contact,
    saved_contact,
)
from support_assistant.core.errors import InputError, UsageError
from support_assistant.core.items import ItemKind
from support_assistant.core.redact import render_bytes
from support_assistant.core.report import Report


@pytest.fixture
def report(tmp_path):
    return Report.create(product="Demo", root=tmp_path / "reports")


def test_attached_file_is_a_copy_and_unapproved(report, tmp_path):
    source = tmp_path / "notes.txt"
    source.write_bytes(b"the original")
    item = attach_file(report, source, max_bytes=1000)
    source.write_bytes(b"changed later")
    assert item.kind is ItemKind.FILE and not item.approved
    assert item.payload.parent == report.session_dir / "items"
    assert render_bytes(item) == b"the original"
    assert oct(item.payload.stat().st_mode & 0o777) == "0o600"


def test_attached_image_is_reencoded_without_metadata(report, tmp_path):
    source = tmp_path / "photo.jpg"
    Image.new("RGB", (20, 10), (10, 200, 10)).save(source, exif=b"Exif\x00\x00secret-gps")
    item = attach_file(report, source, max_bytes=1 << 20)
    assert item.kind is ItemKind.SCREENSHOT
    sent = Image.open(io.BytesIO(render_bytes(item)))
    assert sent.format == "PNG" and "exif" not in sent.info


def make_fifo(tmp_path):
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def make_symlink(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("x")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    return link


def make_large(tmp_path):
    path = tmp_path / "big.log"
    path.write_bytes(b"x" * 101)
    return path


@pytest.mark.parametrize(("make", "message"), [
    (lambda tmp: tmp / "missing.txt", "does not exist"),
    (lambda tmp: tmp, "not a regular file"),
    (make_symlink, "not a regular file"),
    (make_fifo, "not a regular file"),
    (make_large, "more than the 100 bytes"),
])
def test_bad_attachments_are_refused_and_nothing_is_left(report, tmp_path, make, message):
    with pytest.raises(InputError, match=message) as caught:
        attach_file(report, make(tmp_path), max_bytes=100)
    assert caught.value.exit_code == 3
    assert report.items == [] and list((report.session_dir / "items").iterdir()) == []


def test_contact_details_become_a_text_item_and_replace_the_previous_one(report):
    first = add_contact(report, Contact(name="Alice Example", email="alice@example.com"))
    second = add_contact(report, Contact(name=" Alice  Example ", company="ACME",
                                         phone="+49 30 1234-5"))
    assert report.items == [second] and first not in report.items
    assert second.payload.read_text() == ("Name: Alice Example\nCompany: ACME\n"
                                          "Phone: +49 30 1234-5\n")
    assert not second.approved


@pytest.mark.parametrize(("contact", "message"), [
    (Contact(email="not-an-address"), "does not look like"),
    (Contact(phone="call me maybe"), "may only contain digits"),
    (Contact(name="x" * 201), "longer than 200"),
    (Contact(), "empty"),
])
def test_bad_contact_details_are_refused(report, contact, message):
    with pytest.raises(UsageError, match=message) as caught:
        add_contact(report, contact)
    assert caught.value.exit_code == 2 and report.items == []


def test_contact_is_remembered_only_when_asked_and_can_be_forgotten(tmp_path):
    assert saved_contact(tmp_path) is None
    remember_contact(Contact(name="Alice", email="alice@example.com"), tmp_path)
    assert saved_contact(tmp_path) == Contact(name="Alice", email="alice@example.com")
    assert oct((tmp_path / "contact.json").stat().st_mode & 0o777) == "0o600"
    remember_contact(None, tmp_path)
    assert saved_contact(tmp_path) is None
