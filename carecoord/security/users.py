"""Named users with scrypt-hashed passwords and a role; login with a growing back-off."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from carecoord.domain.enums import Role
from carecoord.domain.errors import PermissionDenied, ValidationError
from carecoord.security import audit
from carecoord.security.kdf import hash_password, verify_password
from carecoord.store.models import User
from carecoord.store.models.base import utcnow
from carecoord.store.store import Store
from carecoord.store.unit_of_work import unit_of_work

FREE_ATTEMPTS = 5
MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class Actor:
    """Who is doing this. Every service call carries one, and every audit event names it."""

    user_id: int | None
    username: str
    full_name: str
    role: Role
    professional_id: int | None = None

    @property
    def can_change(self) -> bool:
        return self.role != Role.HUDDLE_VIEWER


SYSTEM = Actor(None, "system", "CareCoord", Role.ADMIN)


def check_password_rules(password: str, username: str = "") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"A password needs at least {MIN_PASSWORD_LENGTH} characters.", "password")
    if username and password.lower() == username.lower():
        raise ValidationError("A password cannot be the same as the user name.", "password")


def validate_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not name or not all(ch.isalnum() or ch in "._-" for ch in name) or len(name) > 64:
        raise ValidationError(
            "A user name uses letters, digits, dots, dashes or underscores only.", "username")
    return name


def add_user(session, *, username: str, full_name: str, role: Role, password: str,
             professional_id: int | None = None, enforce_rules: bool = True) -> User:
    username = validate_username(username)
    if not full_name.strip():
        raise ValidationError("Enter the user's full name.", "full_name")
    if enforce_rules:
        check_password_rules(password, username)
    if session.scalar(select(func.count()).select_from(User).where(User.username == username)):
        raise ValidationError(f"There is already a user called {username}.", "username")
    user = User(username=username, full_name=full_name.strip(), role=Role(role),
                password_hash=hash_password(password), professional_id=professional_id,
                password_changed_at=utcnow())
    session.add(user)
    session.flush()
    return user


def backoff_seconds(failures: int) -> int:
    """No wait for the first five failures, then 2, 4, 8 … seconds, capped at 5 minutes."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(300, 2 ** (failures - FREE_ATTEMPTS + 1))


def login(store: Store, username: str, password: str) -> Actor:
    name = (username or "").strip().lower()
    with unit_of_work(store.session_factory, write=True) as uow:
        s = uow.session
        user = s.scalar(select(User).where(User.username == name))
        if user is None:
            audit.append(s, user_id=None, username=name or "?", action="login_failed",
                         entity="user", detail={"reason": "unknown user"})
            failure = "The user name or password is wrong."
        elif not user.active:
            audit.append(s, user_id=user.id, username=user.username, action="login_failed",
                         entity="user", entity_id=user.id, detail={"reason": "disabled"})
            failure = "This account has been disabled. Ask an administrator."
        else:
            wait = backoff_seconds(user.failed_logins)
            if wait and user.last_failed_at and (
                    utcnow() - user.last_failed_at) < dt.timedelta(seconds=wait):
                failure = f"Too many failed attempts. Wait {wait} seconds and try again."
                audit.append(s, user_id=user.id, username=user.username, action="login_failed",
                             entity="user", entity_id=user.id, detail={"reason": "throttled"})
            elif verify_password(password or "", user.password_hash):
                user.failed_logins = 0
                user.last_failed_at = None
                audit.append(s, user_id=user.id, username=user.username, action="login",
                             entity="user", entity_id=user.id)
                return Actor(user.id, user.username, user.full_name, user.role,
                             user.professional_id)
            else:
                user.failed_logins += 1
                user.last_failed_at = utcnow()
                audit.append(s, user_id=user.id, username=user.username, action="login_failed",
                             entity="user", entity_id=user.id, detail={"reason": "password"})
                failure = "The user name or password is wrong."
    raise PermissionDenied(failure)
