"""Environment output for people in Chinese: translated labels, and Chinese names kept intact."""

from __future__ import annotations

import json

import pytest

from support_assistant.core import messages
from support_assistant.core.collectors import environment
from support_assistant.core.environment_labels import label

# What a Chinese Windows or a Chinese Linux distribution reports in its own words.
REPORTED = {
    "os": {"system": "Linux", "name": "统信 UOS 家庭版 22", "build": "22"},
    "locale": {"language": "zh_CN", "encoding": "GB18030", "ui_language": "zh_CN",
               "ui_language_name": "简体中文（中国）"},
    "time_zone": {"name": "Asia/Shanghai", "abbreviation": "中国标准时间",
                  "utc_offset_minutes": 480, "dst": False},
    "disks": [{"mountpoint": "/media/张伟/数据盘", "fstype": "ext4"}],
}


@pytest.fixture
def chinese():
    messages.set_language("zh_CN")
    yield
    messages.set_language("en")


def test_readable_environment_has_chinese_labels_and_keeps_chinese_values(chinese):
    text = environment.render_text(REPORTED)
    assert "操作系统:" in text and "  名称: 统信 UOS 家庭版 22" in text
    assert "时区:" in text and "  缩写: 中国标准时间" in text
    assert "  夏令时: 否" in text and "/media/张伟/数据盘" in text
    assert "显示语言名称: 简体中文（中国）" in text


def test_json_payload_keeps_english_keys_and_unescaped_chinese(tmp_path, chinese):
    payload = json.dumps(REPORTED, indent=1, ensure_ascii=False)  # as collect() writes it
    assert '"abbreviation": "中国标准时间"' in payload
    assert json.loads(payload) == REPORTED


def test_every_section_the_collector_writes_has_a_label():
    sections = ["schema", "collected_at", "product", "app", "os", "kernel", "architecture",
                "cpu", "memory", "disks", "displays", "locale", "time_zone", "python", "qt",
                "proxy", "intake"]
    assert [s for s in sections if label(s) == s] == []


@pytest.mark.parametrize(("given", "expected"), [
    ("zh_CN.UTF-8", "zh_CN"), ("zh-CN", "zh_CN"), ("zh_Hans_CN", "zh_CN"), ("zh", "zh_CN"),
    ("zh_SG.GB2312", "zh_CN"), ("Chinese (Simplified)_China", "zh_CN"), ("zh_TW", "zh_TW"),
    ("en_US.UTF-8", "en_US"), ("C", "en"), ("English_United States", "en"),
])
def test_language_names_are_normalised(given, expected):
    assert messages.normalise(given) == expected


def test_system_language_follows_the_environment(monkeypatch):
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    try:
        assert messages.set_language(None) == "zh_CN"
        assert messages.msg("cli.interrupted") == "已中断；未发送任何内容。"
    finally:
        messages.set_language("en")
