"""The whole report workflow, driven by a recording front end: no toolkit, real files, real bundles."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyrage
import pytest

from support_assistant.core import policy
from support_assistant.core.bundle_reader import open_bundle
from support_assistant.core.collectors import Collector, registry
from support_assistant.core.errors import Cancelled, LeakError, NotApprovedError, PolicyError
from support_assistant.core.items import Finding, ItemKind
from support_assistant.core.report import ErrorInfo, Report
from support_assistant.core.workflow import STAGES, CollectRequest, ReportSession

SECRET = "alice@example.com"


@dataclass
class RecordingFrontEnd:
    """Records every call; approves what ``approve`` selects and answers leak questions."""

    approve: Callable[[Any], bool] = lambda item: True
    accept: bool = True
    leaks_answer: bool = False
    edit: Callable[[Report], None] | None = None
    calls: list[tuple[Any, ...]] = field(default_factory=list)

    def progress(self, stage: str, done: int, total: int) -> None:
        assert stage in STAGES
        self.calls.append(("progress", stage, done, total))

    def review(self, report: Report) -> bool:
        self.calls.append(("review", [i.id for i in report.items]))
        if self.edit:
            self.edit(report)
        for item in report.items:
            if self.approve(item):
                item.approve()
        return self.accept

    def confirm_leaks(self, leaks: Sequence[Any]) -> bool:
        self.calls.append(("confirm_leaks", list(leaks)))
        return self.leaks_answer

    def info(self, message: str) -> None:
        self.calls.append(("info", message))

    def stages(self) -> list[str]:
        seen: list[str] = []
        for call in self.calls:
            if call[0] == "progress" and (not seen or seen[-1] != call[1]):
                seen.append(call[1])
        return seen


class WordScanner:
    """Stands in for core.scan in workflow tests: finds one word, checks what is sent for it."""

    def __init__(self, word: str = SECRET) -> None:
        self.word = word.encode()

    def scan_report(self, report: Report, identities: Any, images: bool = True) -> None:
        for item in report.items:
            if item.is_image:
                continue
            data = item.payload.read_bytes()
            findings, start = [], data.find(self.word)
            while start >= 0:
                findings.append(Finding(id=f"f{start}", detector="email",
                                        replacement="email-1", start=start,
                                        end=start + len(self.word), value=self.word.decode()))
                start = data.find(self.word, start + 1)
            item.set_findings(findings)

    def check_leaks(self, report: Report, approved: Sequence[Any], identities: Any) -> list[Any]:
        from support_assistant.core.redact import render_bytes

        return [(item.item_id, render_bytes(item).find(self.word)) for item in approved
                if not item.media_type.startswith("image/") and self.word in render_bytes(item)]


@pytest.fixture
def log_file(tmp_path: Path) -> Path:
    path = tmp_path / "app.log"
    path.write_bytes(f"start\nuser {SECRET} logged in\n\xff\xfe done\n".encode("latin-1"))
    return path


def session(tmp_path: Path, front_end: RecordingFrontEnd, **kwargs: Any) -> ReportSession:
    report = Report.create(product="Acme", product_version="2.0",
                           error=ErrorInfo("Save failed", "Traceback: here"),
                           root=tmp_path / "reports")
    config = kwargs.pop("config", None) or policy.load()
    return ReportSession(report, config, front_end, scanner=kwargs.pop("scanner", WordScanner()),
                         **kwargs)


def request(log_file: Path) -> CollectRequest:
    return CollectRequest(names=["error", "logs"], log_paths=[str(log_file)])


def bundle_items(path: Path, identity: Any = None) -> dict[str, bytes]:
    with open_bundle(path, identity=identity) as reader:
        assert reader.verify().ok
        return {e.item["id"]: reader.read_bytes(e.name) for e in reader.entries()}


def test_whole_flow_collects_scans_reviews_and_seals_a_verified_bundle(tmp_path, log_file):
    front_end = RecordingFrontEnd()
    result = session(tmp_path, front_end).run(request(log_file), tmp_path / "out.zip")
    assert result.bundle is not None and result.bundle.path == tmp_path / "out.zip"
    assert front_end.stages() == ["collect", "scan", "review", "leak-check", "seal"]
    assert [c for c in front_end.calls if c[0] == "review"] == [("review", ["error-1", "log-1"])]
    items = bundle_items(result.bundle.path)
    assert set(items) == {"error-1", "log-1"}
    assert SECRET.encode() not in items["log-1"] and b"email-1" in items["log-1"]
    assert items["log-1"].endswith(b"\xff\xfe done\n")  # non-UTF-8 bytes survive
    assert result.sent is None and result.leaks == []


def test_unapproved_item_never_enters_the_bundle(tmp_path, log_file):
    front_end = RecordingFrontEnd(approve=lambda item: item.kind == ItemKind.LOG)
    result = session(tmp_path, front_end).run(request(log_file), tmp_path / "out.zip")
    assert set(bundle_items(result.bundle.path)) == {"log-1"}


def test_declined_review_cancels_and_writes_nothing(tmp_path, log_file):
    front_end = RecordingFrontEnd(accept=False)
    with pytest.raises(Cancelled):
        session(tmp_path, front_end).run(request(log_file), tmp_path / "out.zip")
    assert not (tmp_path / "out.zip").exists()


def test_nothing_approved_writes_no_bundle(tmp_path, log_file):
    front_end = RecordingFrontEnd(approve=lambda item: False)
    with pytest.raises(NotApprovedError) as caught:
        session(tmp_path, front_end).run(request(log_file), tmp_path / "out.zip")
    assert caught.value.exit_code == 9 and not (tmp_path / "out.zip").exists()


def release_all(report: Report) -> None:
    for item in report.items:
        for finding in item.findings:
            item.release(finding.id)


def test_remaining_personal_data_stops_sealing_unless_the_user_accepts(tmp_path, log_file):
    refusing = RecordingFrontEnd(edit=release_all, leaks_answer=False)
    with pytest.raises(LeakError) as caught:
        session(tmp_path, refusing).run(request(log_file), tmp_path / "no.zip")
    assert caught.value.exit_code == 8 and not (tmp_path / "no.zip").exists()
    assert [c[1] for c in refusing.calls if c[0] == "confirm_leaks"] == [[("log-1", 11)]]

    accepting = RecordingFrontEnd(edit=release_all, leaks_answer=True)
    result = session(tmp_path, accepting).run(request(log_file), tmp_path / "yes.zip")
    assert SECRET.encode() in bundle_items(result.bundle.path)["log-1"]
    assert result.leaks == [("log-1", 11)]


def test_send_receives_the_sealed_bundle(tmp_path, log_file):
    handed: list[Any] = []
    front_end = RecordingFrontEnd()
    result = session(tmp_path, front_end,
                     send=lambda bundle, report: handed.append((bundle.path, report.id))
                     or "receipt").run(request(log_file), tmp_path / "out.zip")
    assert handed == [(tmp_path / "out.zip", result.report.id)] and result.sent == "receipt"
    assert front_end.stages()[-1] == "send"


def test_broken_policy_refuses_to_send_but_keeps_the_bundle(tmp_path, log_file, monkeypatch):
    broken = tmp_path / "policy.toml"
    broken.write_text("[intake\nendpoint = 1\n")
    monkeypatch.setenv("SUPPORT_ASSISTANT_POLICY", str(broken))
    front_end = RecordingFrontEnd()
    sent: list[Any] = []
    with pytest.raises(PolicyError):
        session(tmp_path, front_end, config=policy.load(),
                send=lambda bundle, report: sent.append(bundle)).run(request(log_file),
                                                                      tmp_path / "out.zip")
    assert sent == [] and (tmp_path / "out.zip").is_file()
    assert any(c[0] == "info" and "policy" in c[1] for c in front_end.calls)


def test_required_encryption_without_a_recipient_fails_before_collecting(tmp_path, log_file):
    config = policy.load()
    config.values["encryption.required"] = True
    front_end = RecordingFrontEnd()
    work = session(tmp_path, front_end, config=config)
    with pytest.raises(PolicyError):
        work.run(request(log_file), tmp_path / "out.zip")
    assert work.report.items == [] and front_end.calls == []


def test_policy_recipient_encrypts_the_bundle(tmp_path, log_file):
    identity = pyrage.x25519.Identity.generate()
    config = policy.load()
    config.values["encryption.recipient"] = str(identity.to_public())
    result = session(tmp_path, RecordingFrontEnd(), config=config).run(
        request(log_file), tmp_path / "out.zip")
    assert result.bundle.path == tmp_path / "out.zip.age" and result.bundle.encrypted
    key = tmp_path / "key.txt"
    key.write_text(str(identity) + "\n")
    assert set(bundle_items(result.bundle.path, identity=key)) == {"error-1", "log-1"}


def test_a_failing_collector_is_reported_and_the_report_goes_on(tmp_path, log_file,
                                                                monkeypatch):
    def broken(context: Any) -> list[Any]:
        raise RuntimeError("disk on fire")

    available = dict(registry(), broken=Collector("broken", "collect.error.title",
                                                  ItemKind.TEXT, 5.0, broken))
    monkeypatch.setattr("support_assistant.core.collectors._REGISTRY", available)
    front_end = RecordingFrontEnd()
    req = CollectRequest(names=["broken", "logs"], log_paths=[str(log_file)])
    result = session(tmp_path, front_end).run(req, tmp_path / "out.zip")
    assert set(bundle_items(result.bundle.path)) == {"failed-broken-1", "log-1"}
    infos = [c[1] for c in front_end.calls if c[0] == "info"]
    assert len(infos) == 1 and "broken" in infos[0]


def test_cancel_between_stages_stops_the_session(tmp_path, log_file):
    cancel = threading.Event()
    front_end = RecordingFrontEnd()
    work = session(tmp_path, front_end, cancel=cancel)
    work.collect(request(log_file))
    cancel.set()
    with pytest.raises(Cancelled):
        work.scan()
