"""`carecoord users …`: list, add, disable, enable, reset-password, passwd.

Signing in works as for every headless command (--user, CARECOORD_USER, CARECOORD_PASSWORD).
A new password comes from CARECOORD_NEW_PASSWORD or is asked for twice at a terminal.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from carecoord.cli.session import UsageError, open_session
from carecoord.domain.enums import Role

EXIT_OK = 0


def register(sub) -> None:
    p = sub.add_parser("users", help="user accounts (administrators add and disable them)")
    users_sub = p.add_subparsers(dest="users_command", required=True, metavar="ACTION")

    def action(name: str, help_text: str, handler):
        a = users_sub.add_parser(name, help=help_text)
        a.add_argument("--user", help="log in as this user (default: CARECOORD_USER)")
        a.set_defaults(handler=handler)
        return a

    action("list", "list the user accounts", cmd_list)
    a = action("add", "add a user (administrators only)", cmd_add)
    a.add_argument("username")
    a.add_argument("--name", required=True, help="the new user's full name")
    a.add_argument("--role", default="clinician", choices=Role.values())
    a = action("disable", "stop a user signing in (administrators only)", cmd_disable)
    a.add_argument("username")
    a.add_argument("--reason", required=True)
    a = action("enable", "let a disabled user sign in again (administrators only)", cmd_enable)
    a.add_argument("username")
    a = action("reset-password", "set a new password for a user (administrators only)",
               cmd_reset)
    a.add_argument("username")
    action("passwd", "change your own password", cmd_passwd)


def _new_password(prompt: str) -> str:
    value = os.environ.get("CARECOORD_NEW_PASSWORD")
    if value:
        return value
    if sys.stdin is None or not sys.stdin.isatty():
        raise UsageError("Set CARECOORD_NEW_PASSWORD, or run the command in a terminal.")
    first = getpass.getpass(prompt)
    if getpass.getpass("Type it again: ") != first:
        raise UsageError("The two passwords are not the same.")
    return first


def _with_session(args: argparse.Namespace, data_dir: Path, work) -> int:
    ctx = open_session(data_dir, args.user)
    try:
        work(ctx)
    finally:
        ctx.store.close()
    return EXIT_OK


def cmd_list(args: argparse.Namespace, data_dir: Path) -> int:
    from carecoord.services.accounts import list_users

    def work(ctx):
        for u in list_users(ctx):
            state = "" if u.active else "  (disabled)"
            print(f"{u.username}  {u.full_name}  {u.role.label}{state}")

    return _with_session(args, data_dir, work)


def cmd_add(args: argparse.Namespace, data_dir: Path) -> int:
    from carecoord.services.accounts import NewUser, add_user

    def work(ctx):
        from carecoord.domain.errors import PermissionDenied

        if ctx.actor.role != Role.ADMIN:
            raise PermissionDenied("Only an administrator can add users.")
        password = _new_password(f"Password for {args.username}: ")
        made = add_user(ctx, NewUser(args.username, args.name, args.role, password))
        print(f"Added {made.username} ({made.full_name}, {made.role.label}).")

    return _with_session(args, data_dir, work)


def cmd_disable(args: argparse.Namespace, data_dir: Path) -> int:
    from carecoord.services.accounts import disable_user

    def work(ctx):
        done = disable_user(ctx, args.username, args.reason)
        print(f"{done.username} can no longer sign in. Their past work keeps their name.")

    return _with_session(args, data_dir, work)


def cmd_enable(args: argparse.Namespace, data_dir: Path) -> int:
    from carecoord.services.accounts import enable_user

    def work(ctx):
        done = enable_user(ctx, args.username)
        print(f"{done.username} can sign in again.")

    return _with_session(args, data_dir, work)


def cmd_reset(args: argparse.Namespace, data_dir: Path) -> int:
    from carecoord.services.accounts import reset_password

    def work(ctx):
        from carecoord.domain.errors import PermissionDenied

        if ctx.actor.role != Role.ADMIN:
            raise PermissionDenied("Only an administrator can reset another user's password.")
        reset_password(ctx, args.username, _new_password(f"New password for {args.username}: "))
        print(f"The password for {args.username} was changed.")

    return _with_session(args, data_dir, work)


def cmd_passwd(args: argparse.Namespace, data_dir: Path) -> int:
    from carecoord.services.accounts import change_password

    def work(ctx):
        old = os.environ.get("CARECOORD_PASSWORD") or getpass.getpass("Current password: ")
        change_password(ctx, old, _new_password("New password: "))
        print("Your password was changed.")

    return _with_session(args, data_dir, work)
