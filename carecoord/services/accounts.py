"""User administration: add a user, disable or re-enable one, reset or change a password.

Only an administrator may add, disable, enable or reset; anyone may change their own password,
which needs the old one. Every step is in the audit trail. Users are never deleted: a disabled
user's name stays on every audit event they made, because each event stores the user name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from carecoord.domain.enums import Role
from carecoord.domain.errors import PermissionDenied, RuleError, ValidationError
from carecoord.security import users
from carecoord.security.kdf import verify_password
from carecoord.services.base import Ctx, Work, changing, clean, reading, viewing
from carecoord.store.models import Professional, User
from carecoord.store.models.base import utcnow


@dataclass(frozen=True)
class UserView:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    professional_id: int | None
    password_changed_at: dt.datetime | None


@dataclass(frozen=True)
class NewUser:
    username: str
    full_name: str
    role: Role | str
    password: str
    professional_id: int | None = None


def _view(u: User) -> UserView:
    return UserView(u.id, u.username, u.full_name, u.role, bool(u.active), u.professional_id,
                    u.password_changed_at)


def _require_admin(ctx: Ctx, doing: str) -> None:
    if ctx.actor.role != Role.ADMIN:
        raise PermissionDenied(f"Only an administrator can {doing}.")


def _role(value: Role | str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise ValidationError(f"'{value}' is not a role. Choose one of: "
                              f"{', '.join(Role.values())}.", "role") from None


def _user(w: Work, ident: int | str) -> User:
    if isinstance(ident, str):
        user = w.session.scalar(select(User).where(User.username == ident.strip().lower()))
        if user is None:
            from carecoord.domain.errors import NotFoundError

            raise NotFoundError(f"There is no user called {ident.strip()}.")
        return user
    return w.get(User, ident, "user")


def list_users(ctx: Ctx, include_disabled: bool = True) -> list[UserView]:
    with reading(ctx) as w:
        q = select(User).order_by(User.username)
        if not include_disabled:
            q = q.where(User.active.is_(True))
        return [_view(u) for u in w.session.scalars(q)]


def add_user(ctx: Ctx, data: NewUser) -> UserView:
    _require_admin(ctx, "add users")
    role = _role(data.role)
    with changing(ctx) as w:
        if data.professional_id is not None:
            w.get(Professional, data.professional_id, "professional")
        user = users.add_user(w.session, username=data.username, full_name=data.full_name,
                              role=role, password=data.password,
                              professional_id=data.professional_id)
        w.audit("create", "user", user.id, username=user.username, role=role.value)
        return _view(user)


def _active_admins(w: Work) -> int:
    return w.session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN, User.active.is_(True))) or 0


def disable_user(ctx: Ctx, user: int | str, reason: str) -> UserView:
    """The user can no longer sign in; everything they did keeps their name."""
    _require_admin(ctx, "disable users")
    reason = clean(reason)
    if not reason:
        raise ValidationError("Say why the account is being disabled.", "reason")
    with changing(ctx) as w:
        target = _user(w, user)
        if target.id == ctx.actor.user_id:
            raise RuleError("You cannot disable your own account. Ask another administrator.")
        if not target.active:
            return _view(target)
        if target.role == Role.ADMIN and _active_admins(w) <= 1:
            raise RuleError("This is the last active administrator, so it cannot be disabled.")
        target.active = False
        w.session.flush()
        w.audit("disable", "user", target.id, username=target.username, reason=reason)
        return _view(target)


def enable_user(ctx: Ctx, user: int | str) -> UserView:
    _require_admin(ctx, "re-enable users")
    with changing(ctx) as w:
        target = _user(w, user)
        if not target.active:
            target.active = True
            target.failed_logins = 0
            target.last_failed_at = None
            w.session.flush()
            w.audit("enable", "user", target.id, username=target.username)
        return _view(target)


def reset_password(ctx: Ctx, user: int | str, new_password: str) -> UserView:
    """For a user who has forgotten theirs: an administrator sets a new one."""
    _require_admin(ctx, "reset another user's password")
    with changing(ctx) as w:
        target = _user(w, user)
        users.set_password(target, new_password)
        w.session.flush()
        w.audit("password_reset", "user", target.id, username=target.username)
        return _view(target)


def change_password(ctx: Ctx, old_password: str, new_password: str) -> None:
    """Your own password, with the old one as proof. Allowed for every role (a huddle viewer
    changes no records by it). A wrong old password counts as a failed sign-in, with the same
    back-off, so an unlocked laptop is no way round the throttle."""
    if ctx.actor.user_id is None:
        raise PermissionDenied("Sign in as a named user to change a password.")
    if old_password == new_password:
        raise ValidationError("The new password must be different from the old one.",
                              "new_password")
    failure = None
    with viewing(ctx) as w:
        me = w.get(User, ctx.actor.user_id, "user")
        if not me.active:
            raise PermissionDenied("This account has been disabled. Ask an administrator.")
        if wait := users.seconds_to_wait(me):
            w.audit("password_change_failed", "user", me.id, username=me.username,
                    reason="throttled")
            failure = users.too_many_attempts(wait)
        elif not verify_password(old_password or "", me.password_hash):
            me.failed_logins += 1
            me.last_failed_at = utcnow()
            w.audit("password_change_failed", "user", me.id, username=me.username,
                    reason="old password wrong", failures=me.failed_logins)
            failure = "The old password is wrong."
        else:
            try:
                users.set_password(me, new_password)
            except ValidationError as exc:
                raise ValidationError(str(exc), "new_password") from None
            w.session.flush()
            w.audit("password_change", "user", me.id, username=me.username)
    if failure:
        raise PermissionDenied(failure)
