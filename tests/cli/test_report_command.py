"""``report`` and ``handle-url``: bad input is one sentence and a distinct exit code, nothing spooled."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from support_assistant import cli
from support_assistant.core import triggers


def spooled() -> list[str]:
    return [p.name for p in triggers.spool_dir().iterdir()]


@pytest.mark.parametrize(("args", "code", "sentence"), [
    (["report"], 2, "Name the product with --product"),
    (["report", "--product", "P", "--screenshot", "region"], 2, "--screenshot takes 'auto'"),
    (["report", "--product", "x" * 101], 2, "at most 100 are accepted"),
    (["report", "--product", "P", "--error-message", "bad\x00byte"], 2, "control characters"),
    (["report", "--product", "P", "--attach", "/no/such/file"], 3, "given with --attach"),
    (["report", "--product", "P", "--attach", "/"], 3, "given with --attach"),
    (["report", "--product", "P", "--log", "/no/such.log"], 3, "The log file /no/such.log"),
    (["report", "--product", "P", "--error-file", "/no/such.json"], 3, "cannot be read"),
    (["handle-url", "support-assistant://report?product=" + "a" * 9000], 2, "at most 8192"),
    (["handle-url", "support-assistant://report?product=P&log=/etc/shadow"], 2, "not known"),
    (["handle-url", "file:///etc/passwd"], 2, "Only URLs that start with"),
    (["handle-url", "support-assistant://report?product=P&error=%ff"], 2, "malformed"),
])
def test_bad_input_is_one_sentence_and_an_exit_code(args, code, sentence, capsys) -> None:
    assert cli.main(args) == code
    err = capsys.readouterr().err.strip()
    assert sentence in err and "\n" not in err and "Traceback" not in err
    assert spooled() == []


def test_without_a_display_report_says_so(run_cli) -> None:
    done = run_cli("report", "--product", "P", env={"DISPLAY": "", "WAYLAND_DISPLAY": "",
                                                    "QT_QPA_PLATFORM": ""})
    assert done.returncode == 15
    assert "No display is available" in done.stderr and done.stderr.count("\n") == 1


def test_report_spools_everything_the_product_gave(tmp_path: Path, instance_lock,
                                                   capsys, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.log").write_text("started\n")
    (tmp_path / "data.csv").write_text("a,b\n")
    (tmp_path / "error.json").write_text(json.dumps({"message": "Disk full",
                                                     "trace": "Traceback: ...\nOSError"}))
    assert cli.main(["report", "--product", "Demo", "--product-version", "1.2",
                     "--error-file", "error.json", "--log", "app.log", "--attach", "data.csv",
                     "--screenshot", "none"]) == 0
    assert "handed to the assistant" in capsys.readouterr().out
    [(request, _folder)] = triggers.drain()
    assert (request.product, request.product_version) == ("Demo", "1.2")
    assert request.error_message == "Disk full" and "OSError" in request.error_trace
    assert request.logs == [str(tmp_path / "app.log")]  # absolute: the instance runs elsewhere
    assert request.attachments == [str(tmp_path / "data.csv")]
    assert request.screenshot_state == "none"


def test_handle_url_spools_a_request(instance_lock) -> None:
    assert cli.main(["handle-url", "support-assistant://report?product=Web&error=Oops"]) == 0
    [(request, _folder)] = triggers.drain()
    assert (request.product, request.error_message, request.origin) == ("Web", "Oops", "url")
    assert request.screenshot_state == "pending"  # an instance runs: it takes the screenshot


def test_a_second_tray_only_wakes_the_first(instance_lock) -> None:
    assert cli.main(["tray"]) == 0  # returns at once: no second app, no window
