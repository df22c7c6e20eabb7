"""The HTML report in Chinese: zh-CN labels, a CJK font stack, and Chromium draws real glyphs."""

from __future__ import annotations

import re
from pathlib import Path

from console_bundles import add_environment
from PIL import Image
from test_html_report import render

from bundle_builders import add_log, make_bundle, make_report

CHINESE = "遮盖个人数据"  # six different ideographs
TOFU = "\ue000\ue001\ue002\ue003\ue004\ue005"  # private-use code points: no font draws them


def glyph_images(page: Path) -> list[bytes]:
    """Each run of inked columns (a glyph, or part of one), cropped to its ink, as bytes."""
    image = Image.open(page).convert("L").point(lambda v: 255 if v < 128 else 0)
    width, height = image.size
    pixels = image.load()
    inked = [any(pixels[x, y] for y in range(height)) for x in range(width)]
    runs, start = [], None
    for x, ink in enumerate([*inked, False]):
        if ink and start is None:
            start = x
        elif not ink and start is not None:
            part = image.crop((start, 0, x, height))
            runs.append(part.crop(part.getbbox()).resize((24, 24)).tobytes())
            start = None
    return runs


def difference(a: bytes, b: bytes) -> float:
    """Share of the 24x24 pixels where two glyph images differ."""
    return sum(1 for x, y in zip(a, b, strict=True) if (x > 127) != (y > 127)) / len(a)


def smallest_difference(images: list[bytes]) -> float:
    return min(difference(a, b) for i, a in enumerate(images) for b in images[i + 1:])


def draw(text: str, style: str, tmp_path: Path, name: str) -> Path:
    html = tmp_path / f"{name}.html"
    html.write_text(f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><style>'
                    f'{style}</style></head><body style="margin:0;padding:8px">'
                    f'<h1 style="font-size:48px;margin:0">{text}</h1></body></html>',
                    encoding="utf-8")
    shot = tmp_path / f"{name}.png"
    result = render(html, tmp_path, f"--screenshot={shot}", "--window-size=480,120")
    assert shot.exists(), result.stderr[-2000:]
    return shot


def test_chinese_report_is_labelled_zh_cn_and_drawn_without_tofu(tmp_path, run_cli):
    report = make_report(tmp_path / "reports")
    report.description = "保存账本时出错，刚登录之后。"
    add_log(report, "2025-11-25 10:00:00 ERROR 无法写入日志：磁盘配额已满\n".encode())
    add_environment(report)
    _, summary = make_bundle(tmp_path, report=report)
    out = tmp_path / "report.html"
    result = run_cli("--language", "zh_CN", "inspect", str(summary.path), "--html", str(out))
    assert result.returncode == 0, result.stderr
    assert "HTML 报告" in result.stdout
    text = out.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in text
    assert "支持数据包" in text and "同意记录" in text and report.description in text
    assert "<td>日志</td>" in text and "<td>环境</td>" in text  # kinds, not identifiers
    style = re.search(r"<style>(.*?)</style>", text, re.S).group(1)
    assert '"Noto Sans CJK SC"' in style and '"Microsoft YaHei"' in style
    # Chromium with the report's own style draws six clearly different glyphs (measured: at
    # least 30 % of pixels differ); the control shows that missing glyphs come out as the
    # same box (measured: at most 5 % differ, from anti-aliasing).
    chinese = glyph_images(draw(CHINESE, style, tmp_path, "chinese"))
    tofu = glyph_images(draw(TOFU, style, tmp_path, "tofu"))
    assert len(chinese) >= len(CHINESE) and smallest_difference(chinese) > 0.15
    assert len(tofu) == len(TOFU) and max(difference(a, b) for a in tofu for b in tofu) < 0.1
