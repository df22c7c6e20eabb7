"""``support-assistant`` with no arguments opens the review window, or says why it cannot."""

import pytest

from support_assistant.app.application import check_display
from support_assistant.core.errors import DisplayError


def test_no_display_is_one_sentence_and_exit_15(run_cli):
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    result = run_cli(env=env)
    assert result.returncode == 15
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("No display is available")
    assert "xcb" not in result.stderr and result.stdout == ""
    again = run_cli("new", env=env)
    assert again.returncode == 15 and again.stderr == result.stderr


@pytest.mark.parametrize(("environ", "platform", "fails"), [
    ({}, "linux", True),
    ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
    ({"DISPLAY": ":0"}, "linux", False),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
    ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
    ({}, "win32", False),
    ({}, "darwin", False),
])
def test_display_detection_table(environ, platform, fails):
    if fails:
        with pytest.raises(DisplayError) as caught:
            check_display(environ, platform)
        assert caught.value.exit_code == 15
    else:
        check_display(environ, platform)


def test_help_lists_new_and_stays_free_of_qt(run_cli):
    result = run_cli("--help")
    assert result.returncode == 0 and "new" in result.stdout
    probe = run_cli("new", "--help")
    assert "--product" in probe.stdout
