"""`carecoord users …`, run in-process through the same parser and runner as the CLI."""

from __future__ import annotations

import contextlib
import importlib
import io

import pytest

from carecoord.cli import users_cmd
from carecoord.domain.enums import Role
from carecoord.security.users import add_user
from carecoord.store.unit_of_work import unit_of_work
from tests.conftest import PASSWORD

GOOD = "tea at the lighthouse"
# carecoord.cli exports a function called main, which hides the module of that name.
cli_main = importlib.import_module("carecoord.cli.main")


def _run(*argv: str) -> tuple[int, str, str]:
    parser = cli_main.build_parser()
    subs = next(a for a in parser._actions if a.dest == "command")
    if "users" not in subs.choices:
        users_cmd.register(subs)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli_main.run(parser.parse_args(list(argv)))
        except SystemExit as exc:
            code = exc.code
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def env(store, data_dir, monkeypatch):
    with unit_of_work(store.session_factory, write=True) as uow:
        add_user(uow.session, username="ada", full_name="Ada Admin", role=Role.ADMIN,
                 password=GOOD)
    store.close()
    monkeypatch.setenv("CARECOORD_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CARECOORD_PASSPHRASE", "a long store passphrase")
    monkeypatch.setenv("CARECOORD_USER", "ada")
    monkeypatch.setenv("CARECOORD_PASSWORD", GOOD)
    return monkeypatch


def test_an_admin_adds_lists_and_disables_a_user(env):
    env.setenv("CARECOORD_NEW_PASSWORD", "a walk by the river")
    code, out, err = _run("users", "add", "sam", "--name", "Sam Patel", "--role", "coordinator")
    assert (code, err) == (0, "") and "Added sam (Sam Patel, Coordinator)" in out
    code, out, _ = _run("users", "disable", "sam", "--reason", "Left the team")
    assert code == 0 and "can no longer sign in" in out
    code, out, _ = _run("users", "list")
    assert "sam  Sam Patel  Coordinator  (disabled)" in out


def test_a_clinician_is_refused_in_one_line(env):
    env.setenv("CARECOORD_USER", "jo")
    env.setenv("CARECOORD_PASSWORD", PASSWORD)
    env.setenv("CARECOORD_NEW_PASSWORD", "a walk by the river")
    code, _, err = _run("users", "add", "sam", "--name", "Sam")
    assert code == 1 and err == "carecoord: Only an administrator can add users.\n"


def test_changing_your_own_password(env):
    env.setenv("CARECOORD_NEW_PASSWORD", "password1")
    code, _, err = _run("users", "passwd")
    assert code == 1 and "first that anyone guessing would try" in err
    env.setenv("CARECOORD_NEW_PASSWORD", "a walk by the river")
    code, out, _ = _run("users", "passwd")
    assert code == 0 and "Your password was changed." in out
    env.setenv("CARECOORD_PASSWORD", "a walk by the river")
    assert _run("users", "list")[0] == 0


def test_no_new_password_without_a_terminal_is_a_usage_error(env):
    env.delenv("CARECOORD_NEW_PASSWORD", raising=False)
    code, _, err = _run("users", "reset-password", "jo")
    assert code == 2 and "CARECOORD_NEW_PASSWORD" in err
