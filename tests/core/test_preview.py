"""Preview windows laid end to end are exactly the bytes that are sent."""

import random

import pytest

from support_assistant.core.items import Finding, Item, ItemKind, TextRedaction
from support_assistant.core.preview import sent_size, text_spans, text_window
from support_assistant.core.redact import render_bytes
from support_assistant.core.report import Report


@pytest.fixture
def report(tmp_path):
    return Report.create(product="Demo", root=tmp_path / "reports")


def make_item(report: Report, data: bytes) -> Item:
    item_id = report.new_item_id("log")
    path = report.payload_path(item_id, ".log")
    path.write_bytes(data)
    return report.add(Item.from_file(id=item_id, kind=ItemKind.LOG, title="app.log",
                                     source="logs", payload=path, media_type="text/plain"))


def windows_end_to_end(item: Item, step: int) -> bytes:
    spans = text_spans(item)
    out, position = b"", 0
    while True:
        window = text_window(item, position, position + step, spans, exact_start=position > 0)
        assert window.start == position
        out += window.output()
        if window.at_end:
            return out
        position = window.end


@pytest.mark.parametrize("step", [1, 7, 64, 1000, 1 << 20])
def test_windows_concatenate_to_the_sent_bytes(report, step):
    rng = random.Random(step)
    lines = [f"{i} user alice@example.com from 10.0.{i % 256}.{i % 7} é ü 中文\n".encode()
             for i in range(300)]
    data = b"".join(lines) + b"\xff\xfe no newline at end"
    item = make_item(report, data)
    findings = []
    for n in range(80):
        start = rng.randrange(0, len(data) - 40)
        findings.append(Finding(f"f{n}", "email", f"email-{n}", start=start,
                                end=start + rng.randrange(1, 40)))
    item.set_findings(findings)
    item.release("f3")
    item.add_redaction(TextRedaction(len(data) - 10, len(data), "[END]"))
    assert windows_end_to_end(item, step) == render_bytes(item)


def test_window_never_cuts_a_redaction_span(report):
    item = make_item(report, b"aaaa secret-spanning\nlines here\nbbbb\n")
    item.add_redaction(TextRedaction(5, 25, "[X]"))
    window = text_window(item, 21, 22)
    assert window.start == 0 and any(p.redacted for p in window.pieces)
    assert b"[X]" in window.output() and b"secret" not in window.output()


def test_empty_payload_gives_an_empty_window(report):
    item = make_item(report, b"")
    window = text_window(item, 0, 100)
    assert window.output() == b"" and window.at_end


def test_sent_size_matches_rendered_bytes(report):
    item = make_item(report, b"x" * 100 + b"mail alice@example.com\n")
    item.set_findings([Finding("f1", "email", "email-1", start=105, end=122)])
    item.add_redaction(TextRedaction(0, 10, "a-much-longer-replacement"))
    assert sent_size(item) == len(render_bytes(item))


def test_fast_spans_equal_the_merge_of_the_effective_redactions(report):
    from support_assistant.core.redact import merge_text_redactions

    rng = random.Random(7)
    item = make_item(report, b"x" * 5000)
    findings = []
    for n in range(400):
        start = rng.randrange(0, 4900)
        findings.append(Finding(f"f{n}", "d", f"r{n % 5}", start=start,
                                end=start + rng.choice([1, 5, 5, 30])))
    item.set_findings(findings)
    for n in range(0, 400, 7):
        item.release(f"f{n}")
    for n in range(30):
        start = rng.randrange(0, 4900)
        item.add_redaction(TextRedaction(start, start + rng.choice([5, 30]), f"u{n % 3}"))
    expected = merge_text_redactions(r for r in item.effective_redactions()
                                     if isinstance(r, TextRedaction))
    assert [tuple(span) for span in text_spans(item)] == [
        (r.start, r.end, r.replacement, r.origin) for r in expected]


@pytest.mark.parametrize("step", [3, 50, 700])
def test_windows_with_local_spans_concatenate_to_the_sent_bytes(report, step):
    rng = random.Random(step)
    data = b"".join(f"{i} line with some text here\n".encode() for i in range(200))
    item = make_item(report, data)
    findings = []
    for n in range(150):  # overlapping chains that cross window edges
        start = rng.randrange(0, len(data) - 60)
        findings.append(Finding(f"f{n}", "d", f"r{n}", start=start,
                                end=start + rng.randrange(1, 60)))
    item.set_findings(findings)
    out, position = b"", 0
    while True:
        window = text_window(item, position, position + step, exact_start=position > 0)
        assert window.start == position
        out += window.output()
        if window.at_end:
            break
        position = window.end
    assert out == render_bytes(item)
