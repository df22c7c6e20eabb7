"""installer/linux/build-deb: the .deb builds, validates, installs with dpkg -i, the installed
app's selfcheck passes against a real intake with the IT policy in /etc, and dpkg -r removes
every file it installed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from outbox_support import shared_intake  # noqa: F401 - fixture
from support_assistant import __version__

pytestmark = [pytest.mark.display, pytest.mark.keyring, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
BUILD_DEB = ROOT / "installer" / "linux" / "build-deb"
PACKAGE = "support-assistant"
POLICY = Path("/etc/support-assistant/policy.toml")


def run(*args: str | Path, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300,
                          **kwargs)


def installed() -> bool:
    status = run("dpkg-query", "-W", "-f=${Status}", PACKAGE)
    return status.returncode == 0 and "installed" in status.stdout.split()[-1:]


@pytest.fixture(scope="module")
def deb(onedir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("deb") / "out"
    result = run(BUILD_DEB, onedir, out)
    assert result.returncode == 0, result.stderr
    path = Path(result.stdout.strip())
    arch = run("dpkg", "--print-architecture").stdout.strip()
    assert path == out / f"{PACKAGE}_{__version__}_{arch}.deb"
    return path


def test_build_deb_refuses_a_folder_that_is_not_a_onedir_build(tmp_path):
    result = run(BUILD_DEB, tmp_path, tmp_path / "out")
    assert result.returncode == 3
    assert "is not a onedir build" in result.stderr and not (tmp_path / "out").exists()


def test_deb_contents_validate(deb: Path, tmp_path: Path):
    tree = tmp_path / "tree"
    assert run("dpkg-deb", "-x", deb, tree).returncode == 0
    apps = tree / "usr/share/applications"
    for desktop in sorted(apps.glob("*.desktop")):
        check = run("desktop-file-validate", desktop)
        assert check.returncode == 0 and "error" not in check.stdout, check.stdout
    entries = {p.name: p.read_text() for p in apps.glob("*.desktop")}
    assert "Exec=support-assistant console %F" in entries["support-assistant-console.desktop"]
    handler = entries["support-assistant-url-handler.desktop"]
    assert "Exec=support-assistant handle-url %u" in handler
    assert "MimeType=x-scheme-handler/support-assistant;" in handler
    metainfo = tree / "usr/share/metainfo/com.example.SupportAssistant.metainfo.xml"
    assert f'version="{__version__}"' in metainfo.read_text()
    check = run("appstreamcli", "validate", "--no-net", metainfo)
    assert check.returncode == 0, check.stdout + check.stderr
    assert (tree / "usr/share/icons/hicolor/scalable/apps/support-assistant.svg").is_file()
    assert (tree / "etc/support-assistant").is_dir() and not list((tree / "etc").rglob("*.toml"))
    assert os.readlink(tree / "usr/bin/support-assistant") == \
        "../lib/support-assistant/support-assistant"
    depends = run("dpkg-deb", "-f", deb, "Depends").stdout
    assert "libc6" in depends and "libxcb-cursor0" in depends


def test_install_selfcheck_and_clean_removal(deb: Path, tmp_path: Path,
                                             shared_intake, x_display):  # noqa: F811
    if os.getuid() != 0:
        pytest.fail(f"this test installs a package with dpkg -i and must run as root "
                    f"(id -u is {os.getuid()}); run scripts/run-tests as root")
    if installed() or POLICY.exists():
        pytest.fail(f"{PACKAGE} is already installed or {POLICY} exists on this machine; "
                    "remove them before running this test")
    result = run("dpkg", "-i", deb)
    assert result.returncode == 0, result.stdout + result.stderr
    files = [Path(line) for line in run("dpkg", "-L", PACKAGE).stdout.splitlines()]
    try:
        POLICY.write_text(f'[intake]\nendpoint = "{shared_intake.endpoint}"\n'
                          '[lock]\nkeys = ["intake.endpoint"]\n')
        env = {k: v for k, v in os.environ.items() if k != "SUPPORT_ASSISTANT_POLICY"}
        check = run("/usr/bin/support-assistant", "selfcheck", env=env, cwd=tmp_path)
        assert check.returncode == 0, check.stdout + check.stderr
        assert f"{POLICY}: valid" in check.stdout and "SecretService" in check.stdout
        shown = run("support-assistant", "policy", "show", env=env, cwd=tmp_path)
        assert f"policy {POLICY} (locked)" in shown.stdout
        cache = Path("/usr/share/applications/mimeinfo.cache").read_text()
        assert "x-scheme-handler/support-assistant=support-assistant-url-handler.desktop" in cache
    finally:
        POLICY.unlink(missing_ok=True)
        removed = run("dpkg", "-r", PACKAGE)
    assert removed.returncode == 0, removed.stderr
    assert run("dpkg-query", "-W", PACKAGE).returncode != 0  # no "config-files" state either
    left = [f for f in files if f.exists() and not f.is_dir()]
    assert left == []
    assert not Path("/usr/lib/support-assistant").exists()
    assert not Path("/etc/support-assistant").exists()
    assert "support-assistant" not in Path("/usr/share/applications/mimeinfo.cache").read_text()
