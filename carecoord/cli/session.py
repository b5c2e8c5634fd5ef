"""Unlock and log in for headless commands: from the keyring, the environment, or a prompt."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from carecoord.domain.errors import CareCoordError, StoreError
from carecoord.security.users import login
from carecoord.services import setup
from carecoord.services.base import Ctx
from carecoord.store.store import Store


class UsageError(CareCoordError):
    """A problem with how the command was called (exit code 2)."""


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def ask_secret(prompt: str, env: str) -> str | None:
    value = os.environ.get(env)
    if value:
        return value
    if _interactive():
        return getpass.getpass(prompt)
    return None


def unlock(data_dir: Path) -> Store:
    if not setup.needs_secret(data_dir):
        return setup.unlock(data_dir)
    passphrase = os.environ.get("CARECOORD_PASSPHRASE")
    recovery = os.environ.get("CARECOORD_RECOVERY_KEY")
    if not passphrase and not recovery and setup.is_demo(data_dir):
        passphrase = "demo"
    if not passphrase and not recovery:
        passphrase = ask_secret("Store passphrase: ", "CARECOORD_PASSPHRASE")
    if not passphrase and not recovery:
        raise StoreError("This store needs its passphrase: set CARECOORD_PASSPHRASE "
                         "(or CARECOORD_RECOVERY_KEY), or run the command in a terminal.")
    return setup.unlock(data_dir, passphrase=passphrase, recovery_key=recovery)


def open_session(data_dir: Path, username: str | None) -> Ctx:
    store = unlock(data_dir)
    try:
        user = username or os.environ.get("CARECOORD_USER")
        demo = setup.is_demo(data_dir)
        if not user and demo:
            user = "demo"
        if not user:
            raise UsageError("Say who you are with --user NAME or CARECOORD_USER.")
        password = os.environ.get("CARECOORD_PASSWORD")
        if not password and demo and user == "demo":
            password = "demo"
        if not password:
            password = ask_secret(f"Password for {user}: ", "CARECOORD_PASSWORD")
        if not password:
            raise StoreError("Set CARECOORD_PASSWORD, or run the command in a terminal to be "
                             "asked for it.")
        return Ctx(store, login(store, user, password))
    except BaseException:
        store.close()
        raise
