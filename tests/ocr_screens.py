"""Generated UI-like screenshots with personal data at known pixel positions (OCR tests, bench).

:func:`render_screen` draws a desktop with a few windows (title bars, label/value
forms, log lines, a table) in English and Chinese with Pillow, using the Noto Sans
CJK font (Debian fonts-noto-cjk, listed in scripts/debian-packages.txt). Every
personal value drawn is returned as a :class:`Truth` with its kind (the detector
that should find it) and its box in image pixels, so suggestions can be scored.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Medium.ttc",
)
SC_INDEX = 2  # Noto Sans CJK SC inside the collection (JP, KR, SC, TC, HK)

FIRST = ("alice", "bob", "chen", "li.wei", "maria", "omar", "zhang.min", "j.doe", "wang_fang",
         "olga", "yuki", "peter", "liu.yang", "sara")
DOMAINS = ("example.com", "corp-mail.cn", "mail.example.org", "qq.com", "163.com",
           "acme-industries.de", "contoso.co.uk")
HOSTS = ("build-07.corp.example.com", "db1.internal.acme.cn", "ws-liwei.lan.contoso.com",
         "fileserver.office.example.org")
EN_LABELS = {"email": ("E-mail", "Contact", "Reply to", "Account"),
             "phone": ("Phone", "Mobile", "Call back"),
             "cn-id": ("ID number",), "host": ("Server", "Host"), "token": ("Config",),
             "user": ("Profile",)}
ZH_LABELS = {"email": ("电子邮件", "联系人邮箱", "回复地址"), "phone": ("手机号码", "联系电话"),
             "cn-id": ("身份证号",), "host": ("服务器", "主机"), "token": ("配置",),
             "user": ("用户目录",)}
FILLER_EN = ("Connection to the licence server failed after 3 retries.",
             "Settings saved. Restart the application to apply the new theme.",
             "Export finished: 1,204 rows written to report.xlsx",
             "Error 0x80070005: access denied while writing the cache.",
             "Version 4.2.1 (build 5518), channel: stable",
             "2026-12-03 19:52:12 INFO worker 3 finished 128 jobs in 45 ms (queue 12 34 56)")
FILLER_ZH = ("无法连接到许可证服务器，请稍后重试。", "设置已保存，重新启动应用程序后生效。",
             "导出完成：已写入 1204 行数据。", "写入缓存时出错：拒绝访问。", "版本 4.2.1，稳定通道",
             "2026-12-03 19:52:12 共 3 个任务，耗时 45 毫秒，编号 2024 1105 3321")


@dataclass(frozen=True)
class Truth:
    """One personal value drawn on the screen: detector name, text and pixel box (x, y, w, h)."""

    kind: str
    value: str
    box: tuple[int, int, int, int]


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    path = FONT_PATHS[1] if bold and Path(FONT_PATHS[1]).is_file() else FONT_PATHS[0]
    return ImageFont.truetype(path, size, index=SC_INDEX)


def cn_id(rng: random.Random) -> str:
    """A checksum-valid PRC resident ID number (region, birth date, sequence, check digit)."""
    body = f"{rng.choice((110101, 310104, 440305, 510107))}{rng.randint(1960, 2004)}" \
           f"{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def phone(rng: random.Random) -> str:
    """A mainland-China mobile number in one of the ways people write it, or a +country one."""
    digits = f"1{rng.choice('3456789')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"
    return rng.choice((digits, f"+86 {digits}", f"{digits[:3]} {digits[3:7]} {digits[7:]}",
                       f"{digits[:3]}-{digits[3:7]}-{digits[7:]}",
                       f"+86 {digits[:3]} {digits[3:7]} {digits[7:]}",
                       f"+49 30 {rng.randint(1000000, 9999999)}",
                       f"+1 415 555 {rng.randint(1000, 9999)}"))


def value_for(kind: str, rng: random.Random) -> str:
    if kind == "email":
        return f"{rng.choice(FIRST)}{rng.choice(('', str(rng.randint(1, 99))))}@{rng.choice(DOMAINS)}"
    if kind == "phone":
        return phone(rng)
    if kind == "cn-id":
        return cn_id(rng)
    if kind == "host":
        return rng.choice(HOSTS)
    if kind == "token":
        alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
        return "ghp_" + "".join(rng.choice(alphabet) for _ in range(36))
    if kind == "user":
        return rng.choice(("/home/", "/Users/")) + rng.choice(("alice", "chen", "omar", "olga"))
    raise ValueError(kind)


def _truth_box(draw: ImageDraw.ImageDraw, x: int, y: int, prefix: str, value: str,
               face: ImageFont.FreeTypeFont) -> tuple[int, int, int, int]:
    left = x + round(draw.textlength(prefix, font=face))
    box = draw.textbbox((left, y), value, font=face)
    return box[0], box[1], box[2] - box[0], box[3] - box[1]


KINDS = ("email", "email", "phone", "phone", "cn-id", "host", "token", "user")


def render_screen(seed: int, size: tuple[int, int] = (1920, 1080), scale: float = 1.0,
                  windows: int = 99) -> tuple[Image.Image, list[Truth]]:
    """A screenshot with up to ``windows`` windows of mixed English/Chinese text (the screen
    is filled when there is room); returns it and the personal data it shows."""
    rng = random.Random(seed)
    dark = rng.random() < 0.3
    background = (32, 34, 38) if dark else (236, 238, 242)
    ink = (230, 230, 230) if dark else (20, 20, 24)
    panel = (48, 50, 56) if dark else (255, 255, 255)
    image = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(image)
    truths: list[Truth] = []
    text_size = round(rng.choice((13, 14, 15, 16)) * scale)
    line = round(text_size * 1.9)
    face, bold = font(text_size), font(text_size, bold=True)
    width, height = size
    # a task bar
    draw.rectangle((0, height - round(40 * scale), width, height), fill=(24, 26, 30))
    draw.text((round(12 * scale), height - round(30 * scale)), "Start   Files   终端   Browser",
              font=face, fill=(220, 220, 220))
    columns = 2 if width >= 1200 else 1
    column_width = width // columns
    for column in range(columns):
        y = round(20 * scale)
        while y < height - round(160 * scale) and windows > 0:
            windows -= 1
            x = column * column_width + round(20 * scale)
            rows = rng.randint(3, 7)
            window_h = round(36 * scale) + rows * line + round(12 * scale)
            if y + window_h > height - round(60 * scale):
                break
            right = x + column_width - round(40 * scale)
            draw.rectangle((x, y, right, y + window_h), fill=panel, outline=(120, 120, 130))
            draw.rectangle((x, y, right, y + round(30 * scale)), fill=(60, 90, 160))
            chinese = rng.random() < 0.5
            title = rng.choice(("账户设置", "错误报告", "连接详情")) if chinese else \
                rng.choice(("Account settings", "Error report", "Connection details"))
            draw.text((x + round(10 * scale), y + round(5 * scale)), title, font=bold,
                      fill=(255, 255, 255))
            row_y = y + round(36 * scale)
            for _ in range(rows):
                tx = x + round(14 * scale)
                if rng.random() < 0.35:
                    text = rng.choice(FILLER_ZH if chinese else FILLER_EN)
                    draw.text((tx, row_y), text, font=face, fill=ink)
                else:
                    kind = rng.choice(KINDS)
                    labels = ZH_LABELS if chinese else EN_LABELS
                    value = value_for(kind, rng)
                    prefix = rng.choice(labels[kind]) + ("：" if chinese else ": ")
                    if kind == "token":
                        prefix += "github_token="
                    if kind == "user":  # the detector finds the name after /home/ or /Users/
                        folder, value = value.rsplit("/", 1)
                        prefix += folder + "/"
                    suffix = rng.choice(("", "", "  (已验证)" if chinese else "  (verified)"))
                    draw.text((tx, row_y), prefix + value + suffix, font=face, fill=ink)
                    truths.append(Truth(kind, value,
                                        _truth_box(draw, tx, row_y, prefix, value, face)))
                row_y += line
            y += window_h + round(18 * scale)
    return image, truths


def small_screen() -> tuple[Image.Image, list[Truth]]:
    """A small 640x200 window with one e-mail and one mobile number (fast unit tests)."""
    image = Image.new("RGB", (640, 200), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    face = font(18)
    truths = []
    for y, prefix, kind, value in ((30, "Contact: ", "email", "li.wei@corp-mail.cn"),
                                   (90, "手机号码：", "phone", "138 0013 8000")):
        draw.text((20, y), prefix + value, font=face, fill=(0, 0, 0))
        truths.append(Truth(kind, value, _truth_box(draw, 20, y, prefix, value, face)))
    draw.text((20, 150), "设置已保存 Settings saved.", font=face, fill=(0, 0, 0))
    return image, truths
