"""The README documents every command, option and setting the code has."""

from __future__ import annotations

import re
from pathlib import Path

import click

from webui.cli import main

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
ROOT = Path(__file__).resolve().parents[2]


def test_quick_start_is_two_make_commands() -> None:
    assert "make run" in README and "make test" in README


def test_every_command_and_option_is_documented() -> None:
    missing = []
    for name, command in main.commands.items():
        if f"setu {name}" not in README:
            missing.append(f"setu {name}")
        for param in command.params:
            if isinstance(param, click.Option):
                for opt in param.opts:
                    if opt.startswith("--") and opt not in ("--help",) and opt not in README:
                        missing.append(f"setu {name} {opt}")
                if param.envvar and str(param.envvar) not in README:
                    missing.append(str(param.envvar))
    assert missing == []


def test_every_environment_variable_in_the_code_is_documented() -> None:
    used = set()
    for folder in ("index", "search", "webui", "scripts", "tests"):
        for path in (ROOT / folder).rglob("*.py"):  # the rooms of index/ too
            used.update(re.findall(r"\bSETU_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    assert sorted(v for v in used if v not in README) == []


def test_every_make_target_is_documented() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z][a-z-]*):", makefile, flags=re.MULTILINE)
    assert sorted(t for t in targets if f"make {t}" not in README) == []
