"""``support-assistant policy show|check``: the effective configuration, and a check for IT.

``show`` prints every setting, its value and where it came from (built-in
default, the IT policy file, the user's settings) and marks locked keys; with a
broken policy it still prints what is in effect, then the problem, and exits 7
(sending is refused until it is fixed). ``check FILE`` validates a policy file
before rollout: one sentence naming file, line and key, exit 7 when invalid,
3 when the file is missing.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..core.errors import PolicyError, UsageError
from ..core.messages import msg, register

NAME = "policy"
HELP = "policy.help"

register({
    "policy.help": "Show the effective settings and where they come from, or check an IT policy file.",
    "policy.show_help": "print every setting, its value and its source (IT policy, user, default)",
    "policy.check_help": "validate an IT policy file before rolling it out",
    "policy.json_flag": "print JSON instead of a table",
    "policy.file_arg": "the policy file (TOML) to check",
    "policy.need_action": "Say what to do: 'policy show' or 'policy check FILE'.",
    "policy.header": "{key:<32} {value:<40} {source}",
    "policy.col_key": "SETTING",
    "policy.col_value": "VALUE",
    "policy.col_source": "FROM",
    "policy.locked_mark": "{source} (locked)",
    "policy.file_in_use": "IT policy file: {path}",
    "policy.file_absent": "IT policy file: {path} (none; built-in defaults apply)",
    "policy.check_ok": "The policy file {path} is valid: {count} setting(s), {locked} locked.",
})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="policy_action", metavar="ACTION")
    show = sub.add_parser("show", help=msg("policy.show_help"), description=msg("policy.show_help"))
    show.add_argument("--json", action="store_true", help=msg("policy.json_flag"))
    check = sub.add_parser("check", help=msg("policy.check_help"),
                           description=msg("policy.check_help"))
    check.add_argument("file", type=Path, metavar="FILE", help=msg("policy.file_arg"))


def run(args: argparse.Namespace) -> int:
    action = getattr(args, "policy_action", None)
    if action == "show":
        return show(as_json=args.json)
    if action == "check":
        return check(args.file)
    raise UsageError(msg("policy.need_action"))


def show(*, as_json: bool = False) -> int:
    """Print the effective configuration; exit 7 (after printing) when the policy is broken."""
    from ..core import policy

    config = policy.load()
    if as_json:
        print(json.dumps({"policy_file": str(config.policy_path), "problem": config.problem,
                          "settings": {key: {"value": config[key],
                                             "source": config.sources[key],
                                             "locked": config.is_locked(key)}
                                       for key in policy.SETTINGS}},
                         indent=1, ensure_ascii=False))
    else:
        present = config.policy_path is not None and config.policy_path.exists()
        print(msg("policy.file_in_use" if present else "policy.file_absent",
                  path=config.policy_path))
        print(msg("policy.header", key=msg("policy.col_key"), value=msg("policy.col_value"),
                  source=msg("policy.col_source")))
        for key in policy.SETTINGS:
            source = config.sources[key]
            if config.is_locked(key):
                source = msg("policy.locked_mark", source=source)
            print(msg("policy.header", key=key, value=_shown(config[key]), source=source))
    if config.problem:
        raise PolicyError(config.problem)
    return 0


def check(path: Path) -> int:
    """Validate ``path`` as an IT policy; raises PolicyError (7) or InputError (3)."""
    from ..core import policy

    values, locked = policy.check_file(path)
    print(msg("policy.check_ok", path=path, count=len(values), locked=len(locked)))
    return 0


def _shown(value: Any, width: int = 40) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[:width - 1] + "…"
