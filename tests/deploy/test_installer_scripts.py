"""What can be checked here of the installers that cannot be built here (Windows, macOS),
and of the Linux files: syntax, required sections and entries, plist and XML validity."""

from __future__ import annotations

import ast
import plistlib
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from support_assistant.core import policy

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"
ISS = INSTALLER / "windows" / "support-assistant.iss"
sys.path.insert(0, str(INSTALLER))
import icu_trim  # noqa: E402 - installer/ is not a package


def iss_sections(text: str) -> dict[str, list[str]]:
    """Inno Setup sections -> their non-comment lines."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        stripped = line.strip()
        if re.fullmatch(r"\[\w+\]", stripped):
            current = stripped[1:-1]
            sections[current] = []
        elif current and stripped and not stripped.startswith(";"):
            sections[current].append(stripped)
    return sections


def iss_entry(line: str) -> dict[str, str]:
    """``Name: "x"; Flags: a b`` -> {"Name": "x", "Flags": "a b"} (quotes doubled inside)."""
    fields = re.findall(r'(\w+):\s*("(?:[^"]|"")*"|[^;]*)', line)
    return {k: v[1:-1].replace('""', '"') if v.startswith('"') else v.strip() for k, v in fields}


@pytest.fixture(scope="module")
def iss() -> dict[str, list[str]]:
    return iss_sections(ISS.read_text(encoding="utf-8"))


def test_iss_is_a_per_machine_silent_capable_install(iss):
    assert {"Setup", "Files", "Icons", "Registry", "Run", "Code"} <= set(iss)
    setup = dict(line.split("=", 1) for line in iss["Setup"])
    assert setup["PrivilegesRequired"] == "admin"
    assert setup["DefaultDirName"] == "{autopf}\\{#AppName}"
    assert re.fullmatch(r"\{\{[0-9A-F-]{36}\}", setup["AppId"])
    run = [iss_entry(line) for line in iss["Run"]]
    assert all("skipifsilent" in entry["Flags"] for entry in run)  # /VERYSILENT starts nothing
    for relative in (setup["SetupIconFile"],):
        assert (ISS.parent / relative.replace("\\", "/")).is_file(), relative


def test_iss_start_menu_has_assistant_and_console(iss):
    icons = [iss_entry(line) for line in iss["Icons"]]
    assert [(i["Name"], i.get("Parameters", "")) for i in icons] == [
        ("{autoprograms}\\{#AppName}", ""), ("{autoprograms}\\{#AppName} Console", "console")]


def test_iss_registers_the_url_scheme_for_handle_url(iss):
    registry = [iss_entry(line) for line in iss["Registry"]]
    scheme = [r for r in registry if r["Subkey"].startswith("Software\\Classes\\support-assistant")]
    assert all(r["Root"] == "HKLM" for r in scheme)
    values = {(r["Subkey"].rsplit("\\", 1)[-1], r["ValueName"]): r["ValueData"] for r in scheme}
    assert ("support-assistant", "URL Protocol") in values
    assert values[("command", "")] == '"{app}\\{#AppExe}" handle-url "%1"'


def test_iss_policy_parameter_installs_and_checks_the_policy(iss):
    code = "\n".join(iss["Code"])
    assert "ExpandConstant('{param:POLICY|}')" in code
    assert "policy check" in code
    files = [iss_entry(line) for line in iss["Files"]]
    policy_file = next(f for f in files if f.get("DestName") == "policy.toml")
    assert policy_file["DestDir"] == "{commonappdata}\\SupportAssistant"
    assert {"external", "uninsneveruninstall"} <= set(policy_file["Flags"].split())
    assert policy_file["Check"] == "HasPolicy"
    example = next(f for f in files if f["Source"].endswith("policy.example.toml"))
    assert (ISS.parent / example["Source"].replace("\\", "/")).is_file()
    # Pascal blocks are balanced (begin/end; case-insensitive words).
    words = re.findall(r"\b(begin|end)\b", code.lower())
    assert words.count("begin") == words.count("end")


def spec_info_plist() -> dict:
    """The ``info_plist`` literal passed to BUNDLE(...) in build_spec.py."""
    tree = ast.parse((ROOT / "build_spec.py").read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "BUNDLE":
            value = next(k.value for k in node.keywords if k.arg == "info_plist")
            return ast.literal_eval(ast.unparse(value).replace("__version__", "'0.1.0'"))
    raise AssertionError("build_spec.py has no BUNDLE(...)")


def test_macos_info_plist_declares_url_scheme_and_screen_capture_reason():
    info = spec_info_plist()
    plistlib.loads(plistlib.dumps(info))  # serialisable as a real Info.plist
    assert info["CFBundleURLTypes"][0]["CFBundleURLSchemes"] == ["support-assistant"]
    assert info["NSScreenCaptureUsageDescription"]
    entitlements = plistlib.loads((INSTALLER / "macos" / "entitlements.plist").read_bytes())
    assert entitlements["com.apple.security.cs.disable-library-validation"] is True


@pytest.mark.parametrize("name", ["distribution.xml", "distribution-with-policy.xml"])
def test_macos_distribution_files_reference_their_packages(name):
    root = ET.parse(INSTALLER / "macos" / name).getroot()
    refs = {ref.get("id"): ref.text for ref in root.iter("pkg-ref") if ref.text}
    assert refs["com.example.SupportAssistant"] == "app.pkg"
    assert root.find("domains").get("enable_localSystem") == "true"
    if "policy" in name:
        assert refs["com.example.SupportAssistant.policy"] == "policy.pkg"


@pytest.mark.parametrize("script", ["linux/build-deb", "macos/build-pkg"])
def test_shell_scripts_parse_and_build_pkg_refuses_a_non_bundle(script, tmp_path):
    path = INSTALLER / script
    assert subprocess.run(["bash", "-n", str(path)]).returncode == 0
    result = subprocess.run([str(path), str(tmp_path), str(tmp_path / "out")],
                            capture_output=True, text=True)
    assert result.returncode == 3 and result.stderr.count("\n") == 1


def test_policy_example_is_valid_and_locks_the_destination():
    values, locked = policy.check_file(INSTALLER / "policy.example.toml")
    assert values["encryption.required"] is True
    assert {"intake.endpoint", "intake.organisation", "encryption.recipient"} <= locked
    assert set(values) | {"intake.chunk_bytes", "scan.ocr"} == set(policy.SETTINGS)


@pytest.mark.parametrize("item, removed", [
    ("lang/de.res", True), ("coll/de_.res", True), ("zone/fr_CA.res", True), ("ibm-943_P15A-2003.cnv", True),
    ("lang/zh.res", False), ("coll/zh_Hans.res", False), ("unit/en_GB.res", False),
    ("coll/root.res", False), ("curr/pool.res", False), ("res_index.res", False),
    ("likelySubtags.res", False), ("zoneinfo64.res", False), ("brkitr/cjdict.dict", False),
    ("gb18030.cnv", False), ("uts46.nrm", False), ("coll/ucadata.icu", False),
])
def test_icu_trim_keeps_our_languages_and_everything_not_locale_data(item, removed):
    assert icu_trim.removable(item) is removed
