"""The privacy notice: asked on first run and on a new version; the acceptance reaches the bundle."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from bundle_builders import add_log, make_report
from support_assistant.core import policy, privacy
from support_assistant.core.bundle import write_bundle
from support_assistant.core.bundle_reader import open_bundle


def config_with(tmp_path, version: str, text: str = "We keep it safe."):
    path = tmp_path / f"policy-{version}.toml"
    path.write_text(f'[branding]\nprivacy_version = "{version}"\nprivacy_text = "{text}"\n')
    return policy.load(path, tmp_path / "user.toml")


def test_first_run_asks_then_remembers_until_the_version_changes(tmp_path):
    first = config_with(tmp_path, "2026-01")
    assert privacy.needs_acceptance(first)
    when = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)
    privacy.accept(first, now=when)
    assert not privacy.needs_acceptance(config_with(tmp_path, "2026-01"))
    assert privacy.needs_acceptance(config_with(tmp_path, "2026-12", "New terms."))


def test_unreadable_record_means_ask_again(tmp_path):
    privacy.state_path().write_text("{not json")
    assert privacy.needs_acceptance(config_with(tmp_path, "1"))


def test_consent_before_and_after_acceptance(tmp_path):
    config = config_with(tmp_path, "7", "Only what you approve.")
    assert privacy.consent(config).accepted_at is None
    when = datetime(2026, 12, 2, 8, 0, tzinfo=UTC)
    privacy.accept(config, now=when)
    consent = privacy.consent(config, "I approved these items.")
    assert (consent.privacy_version, consent.accepted_at) == ("7", when)
    assert consent.statement == "I approved these items."
    assert consent.text_sha256 == hashlib.sha256(b"Only what you approve.").hexdigest()


def test_bundle_consent_record_carries_the_recorded_acceptance(tmp_path):
    config = config_with(tmp_path, "2026-12", "Only what you approve.")
    privacy.accept(config, now=datetime(2026, 12, 3, 10, 0, tzinfo=UTC))
    report = make_report(tmp_path / "reports")
    add_log(report)
    summary = write_bundle(report, report.approved_items(), tmp_path / "b.zip",
                           consent=privacy.consent(config))
    notice = summary.manifest["consent"]["privacy_notice"]
    assert notice == {"version": "2026-12", "accepted_at": "2026-12-03T10:00:00Z",
                      "text_sha256": hashlib.sha256(b"Only what you approve.").hexdigest()}
    with open_bundle(tmp_path / "b.zip") as bundle:  # the schema accepts the new field
        assert bundle.verify().ok
