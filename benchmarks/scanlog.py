"""Generate a realistic application/system log with a known density of personal data.

Used by ``scan_throughput.py``. Most lines are ordinary noise (timestamps, versions,
UUIDs, sha256 hashes, durations, Java frames, paths); about one line in three carries
one personal value (e-mail, IPv4/IPv6, MAC, host, home path, bearer token, phone,
PRC ID, card number), which is roughly 2,700 values per MB, the density NOTES.md
measured on real support logs.
"""

from __future__ import annotations

import random
import string
from pathlib import Path

FIRST = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy",
         "mallory", "oscar", "peggy", "trent", "victor", "walter", "wang.wei", "li.na",
         "zhang_min", "chen-jie"]
DOMAINS = ["corp.example-co.com", "mail.acme-industries.net", "bigbank.cn", "uni-heidelberg.de",
           "gmail.com", "qq.com", "163.com", "outlook.com", "research.lab.org", "tokyo-office.co.jp"]
HOSTS = ["build-07.corp.example-co.com", "db-primary.internal", "ws-1234.acme.lan",
         "vpn.bigbank.cn", "git.research.lab.org", "nas.home", "fileserver01.tokyo-office.co.jp",
         "api.payments-eu.com"]
WORDS = ["sync", "cache", "worker", "queue", "render", "session", "index", "upload", "scheduler",
         "plugin", "license", "update", "socket", "pool", "parser", "thumbnail"]
LEVELS = ["INFO", "DEBUG", "WARN", "ERROR", "TRACE"]
B64 = string.ascii_letters + string.digits + "+/"
URLSAFE = string.ascii_letters + string.digits + "-_"


def _luhn_complete(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return digits + str((10 - total % 10) % 10)


def _cn_id(r: random.Random) -> str:
    region = r.choice(["110101", "310104", "440305", "510107", "330106"])
    body = f"{region}{r.randint(1950, 2005)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}" \
           f"{r.randint(0, 999):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
    return body + check


class LogGenerator:
    """Deterministic line generator (seeded)."""

    def __init__(self, seed: int = 7, personal_share: float = 0.2) -> None:
        self.r = random.Random(seed)
        self.personal_share = personal_share

    # --- personal values --------------------------------------------------------------
    def email(self) -> str:
        return f"{self.r.choice(FIRST)}{self.r.randint(1, 99)}@{self.r.choice(DOMAINS)}"

    def ipv4(self) -> str:
        r = self.r
        return f"{r.choice([10, 172, 192, 81, 203, 58])}.{r.randint(0, 255)}." \
               f"{r.randint(0, 255)}.{r.randint(1, 254)}"

    def ipv6(self) -> str:
        r = self.r
        return f"2001:db8:{r.randint(0, 0xffff):x}::{r.randint(1, 0xffff):x}" if r.random() < .5 \
            else "fe80::" + ":".join(f"{r.randint(0, 0xffff):x}" for _ in range(4))

    def mac(self) -> str:
        return ":".join(f"{self.r.randint(0, 255):02x}" for _ in range(6))

    def token(self) -> str:
        return "".join(self.r.choice(URLSAFE) for _ in range(40))

    def phone(self) -> str:
        r = self.r
        n = f"1{r.choice('3456789')}{r.randint(0, 9)}{r.randint(0, 99999999):08d}"
        return r.choice([n, f"+86 {n}", f"{n[:3]} {n[3:7]} {n[7:]}",
                         f"+1 415 555 {r.randint(0, 9999):04d}"])

    def card(self) -> str:
        r = self.r
        body = r.choice(["4", "51", "62"])
        body += "".join(r.choice(string.digits) for _ in range(15 - len(body)))
        digits = _luhn_complete(body)
        return " ".join(digits[i:i + 4] for i in range(0, 16, 4)) if r.random() < .5 else digits

    # --- noise --------------------------------------------------------------------------
    def stamp(self) -> str:
        r = self.r
        return f"2024-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}T{r.randint(0, 23):02d}:" \
               f"{r.randint(0, 59):02d}:{r.randint(0, 59):02d}.{r.randint(0, 999):03d}Z"

    def uuid(self) -> str:
        h = f"{self.r.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def noise(self) -> str:
        r = self.r
        w = r.choice(WORDS)
        kind = r.randint(0, 7)
        if kind == 0:
            return f"[{w}-{r.randint(1, 16)}] processed {r.randint(1, 5000)} records in " \
                   f"{r.randint(1, 900)} ms (build 4.{r.randint(0, 20)}.{r.randint(0, 99)}.{r.randint(100, 9999)})"
        if kind == 1:
            return f"request {self.uuid()} finished status={r.choice([200, 204, 304, 404, 500])} " \
                   f"bytes={r.randint(0, 10**7)} elapsed={r.random():.3f}s"
        if kind == 2:
            return f"verified blob sha256:{r.getrandbits(256):064x} size={r.randint(1, 10**9)}"
        if kind == 3:
            return f"    at com.vendor.product.{w}.{w.capitalize()}Manager.run" \
                   f"({w.capitalize()}Manager.java:{r.randint(10, 2000)})"
        if kind == 4:
            return f"loading /usr/lib/x86_64-linux-gnu/libQt6{w.capitalize()}.so.6.{r.randint(0, 9)}" \
                   f" ({r.randint(100, 9000)} kB)"
        if kind == 5:
            return f"{w}: retry {r.randint(1, 5)}/5 after {r.randint(100, 3000)} ms, " \
                   f"queue depth {r.randint(0, 400)}, pid {r.randint(100, 65000)}"
        if kind == 6:
            return f"commit {r.getrandbits(160):040x} tagged v{r.randint(1, 9)}.{r.randint(0, 30)}.{r.randint(0, 9)}"
        return f"GC pause {r.random() * 40:.2f}ms heap {r.randint(100, 4000)}M/{r.randint(4000, 16000)}M " \
               f"epoch {r.randint(1_600_000_000, 1_800_000_000)}"

    def personal(self) -> str:
        r = self.r
        kind = r.randint(0, 11)
        if kind == 0:
            return f"user {self.email()} signed in from {self.ipv4()}"
        if kind == 1:
            return f"Accepted publickey for {r.choice(FIRST)} from {self.ipv4()} port {r.randint(1024, 65535)} ssh2"
        if kind == 2:
            return f"opened /home/{r.choice(FIRST)}/.config/vendor/{r.choice(WORDS)}.json"
        if kind == 3:
            return f"profile C:\\Users\\{r.choice(FIRST)}\\AppData\\Local\\Vendor\\{r.choice(WORDS)}.db"
        if kind == 4:
            return f"eth0: link up, hwaddr {self.mac()} inet6 {self.ipv6()}"
        if kind == 5:
            return f"GET https://{r.choice(HOSTS)}/api/v2/{r.choice(WORDS)} Authorization: Bearer {self.token()}"
        if kind == 6:
            return f"contact phone {self.phone()} updated"
        if kind == 7:
            return f"payment card {self.card()} declined"
        if kind == 8:
            return f"identity check id={_cn_id(r)} ok"
        if kind == 9:
            return f"connected to {r.choice(HOSTS)}:{r.choice([443, 5432, 22, 8080])}"
        if kind == 10:
            return f"mail from {self.email()} to {self.email()} relayed"
        return f"proxy https://svc:{self.token()[:12]}@{r.choice(HOSTS)}:3128 in use"

    def line(self) -> str:
        r = self.r
        body = self.personal() if r.random() < self.personal_share else self.noise()
        return f"{self.stamp()} {r.choice(LEVELS):5} {body}\n"


def generate(path: Path, size: int, seed: int = 7, personal_share: float = 0.2) -> Path:
    """Write about ``size`` bytes of log to ``path`` (reused when it already exists);
    ``personal_share`` of the lines carry personal values."""
    if path.is_file() and path.stat().st_size >= size:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    gen = LogGenerator(seed, personal_share)
    tmp = path.with_suffix(".tmp")
    written = 0
    with open(tmp, "w", encoding="utf-8", newline="\n") as out:
        while written < size:
            block = "".join(gen.line() for _ in range(5000))
            out.write(block)
            written += len(block.encode("utf-8"))
    tmp.replace(path)
    return path
