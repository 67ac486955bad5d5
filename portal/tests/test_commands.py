"""Every management command of ours, and each of its options, explains itself."""

import argparse
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

ROOT = Path(__file__).resolve().parents[2]
DJANGO_DEFAULTS = {
    "help",
    "version",
    "verbosity",
    "settings",
    "pythonpath",
    "traceback",
    "no_color",
    "force_color",
    "skip_checks",
}


def our_commands() -> list[tuple[str, str]]:
    return sorted(
        (name, app)
        for name, app in get_commands().items()
        if (ROOT / app.replace(".", "/")).is_dir()
    )


def test_our_commands_are_found():
    assert {"seed_demo", "demo_admin"} <= {name for name, _ in our_commands()}


@pytest.mark.parametrize(("name", "app"), our_commands())
def test_command_and_every_option_have_help(name, app):
    command = load_command_class(app, name)
    assert command.help.strip(), f"{name} has no help text"
    parser = command.create_parser("manage.py", name)
    for action in parser._actions:
        if action.dest in DJANGO_DEFAULTS:
            continue
        assert action.help and action.help != argparse.SUPPRESS, (
            f"{name}: option {action.option_strings or action.dest} has no help"
        )
