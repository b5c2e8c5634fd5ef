"""Named users with scrypt-hashed passwords and a role; login with a growing back-off."""

from __future__ import annotations

import datetime as dt
import math
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


MAX_PASSWORD_LENGTH = 200
PASSWORD_RULES_TEXT = (f"At least {MIN_PASSWORD_LENGTH} characters, not your user name, and "
                       "not a common password such as 'password1'.")

# The passwords tried first by anyone guessing, from published breach lists, plus the ones
# a clinic would reach for. A small list, checked after lower-casing and removing spaces.
COMMON_PASSWORDS = frozenset("""
password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword
12345678 123456789 1234567890 0123456789 87654321 11111111 00000000 12341234 11223344
qwertyuiop qwerty123 qwerty12 1q2w3e4r 1qaz2wsx zaq12wsx asdfghjk asdfghjkl zxcvbnm1
iloveyou iloveyou1 sunshine sunshine1 princess football football1 baseball welcome
welcome1 welcome123 letmein letmein1 monkey123 dragon123 superman trustno1 whatever
abcdefgh abcd1234 abc12345 aa123456 changeme changeme1 default1 secret123 computer
starwars master123 michael1 charlie1 jennifer liverpool chelsea1 arsenal1 manchester
summer2024 summer2025 summer2026 winter2025 winter2026 spring2026 autumn2026 january1
monday123 nhs12345 nhspassword carecoord carecoord1 carecoord123 clinician nurse123
doctor123 hospital1 patient1 community matron123 admin123 administrator
""".split())


def check_password_rules(password: str, username: str = "") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"A password needs at least {MIN_PASSWORD_LENGTH} characters.", "password")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(
            f"A password can have at most {MAX_PASSWORD_LENGTH} characters.", "password")
    squashed = "".join(password.lower().split())
    if username and squashed == "".join(username.lower().split()):
        raise ValidationError("A password cannot be the same as the user name.", "password")
    if squashed in COMMON_PASSWORDS or len(set(squashed)) <= 2:
        raise ValidationError(
            "That password is one of the first that anyone guessing would try. "
            "Choose another; a short phrase of three or four words is easy to remember.",
            "password")


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


def too_many_attempts(wait: int) -> str:
    return f"Too many failed attempts. Wait {wait} second{'' if wait == 1 else 's'} and try again."


def seconds_to_wait(user: User, now: dt.datetime | None = None) -> int:
    """How long before this user may try again (0 when they may try now)."""
    wait = backoff_seconds(user.failed_logins)
    if not wait or user.last_failed_at is None:
        return 0
    left = wait - ((now or utcnow()) - user.last_failed_at).total_seconds()
    return max(0, math.ceil(left))


# Checked against for unknown user names, so a wrong name costs the same time as a wrong
# password and timing does not tell which user names exist.
_DUMMY_HASH: str | None = None


def _spend_like_a_check(password: str) -> None:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password("not a real password")
    verify_password(password, _DUMMY_HASH)


def login(store: Store, username: str, password: str) -> Actor:
    name = (username or "").strip().lower()
    with unit_of_work(store.session_factory, write=True) as uow:
        s = uow.session
        user = s.scalar(select(User).where(User.username == name))
        if user is None:
            _spend_like_a_check(password or "")
            audit.append(s, user_id=None, username=name[:64] or "?", action="login_failed",
                         entity="user", detail={"reason": "unknown user"})
            failure = "The user name or password is wrong."
        elif not user.active:
            audit.append(s, user_id=user.id, username=user.username, action="login_failed",
                         entity="user", entity_id=user.id, detail={"reason": "disabled"})
            failure = "This account has been disabled. Ask an administrator."
        elif wait := seconds_to_wait(user):
            # Refused without even checking the password, so guessing gains nothing here.
            failure = too_many_attempts(wait)
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
                         entity="user", entity_id=user.id,
                         detail={"reason": "password", "failures": user.failed_logins})
            failure = "The user name or password is wrong."
    raise PermissionDenied(failure)


def set_password(user: User, new_password: str) -> None:
    """Rules checked; the hash replaced; any back-off cleared. The caller audits."""
    check_password_rules(new_password, user.username)
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    user.failed_logins = 0
    user.last_failed_at = None
