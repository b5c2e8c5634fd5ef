"""Access: login throttling and its audit, password rules and change, disabling users, and the
huddle viewer's read-only role enforced in every service that writes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import select

from carecoord.domain.enums import Role
from carecoord.domain.errors import PermissionDenied, RuleError, ValidationError
from carecoord.security import users
from carecoord.security.users import check_password_rules, login
from carecoord.services import accounts
from carecoord.services.accounts import NewUser
from carecoord.services.base import Ctx
from carecoord.services.people import PersonInput, create_person
from carecoord.store.models import AuditEvent, User
from carecoord.store.unit_of_work import unit_of_work
from tests.conftest import PASSWORD

GOOD = "tea at the lighthouse"


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 11, 22, 9, 0, 0)

    def __call__(self):
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr(users, "utcnow", c)
    monkeypatch.setattr(accounts, "utcnow", c)
    return c


def _events(store, action: str) -> list[AuditEvent]:
    with store.session_factory() as s:
        return list(s.scalars(select(AuditEvent).where(AuditEvent.action == action)
                              .order_by(AuditEvent.id)))


def _add_user(store, username, role, password=GOOD):
    with unit_of_work(store.session_factory, write=True) as uow:
        users.add_user(uow.session, username=username, full_name=username.title(), role=role,
                       password=password)


@pytest.fixture
def admin(store):
    _add_user(store, "ada", Role.ADMIN)
    return Ctx(store, login(store, "ada", GOOD))


# -- login back-off --------------------------------------------------------------------------

def test_five_free_failures_then_a_back_off_that_doubles(store, clock):
    for _ in range(5):
        with pytest.raises(PermissionDenied, match="user name or password is wrong"):
            login(store, "jo", "wrong guess")
    # The sixth try, even with the right password, must wait 2 s; it is refused unchecked.
    with pytest.raises(PermissionDenied, match="Wait 2 seconds"):
        login(store, "jo", PASSWORD)
    clock.tick(1)
    with pytest.raises(PermissionDenied, match="Wait 1 second and"):
        login(store, "jo", PASSWORD)
    clock.tick(1)
    with pytest.raises(PermissionDenied, match="wrong"):
        login(store, "jo", "wrong again")  # the 6th failure: now 4 s
    clock.tick(3.5)
    with pytest.raises(PermissionDenied, match="Wait 1 second and"):
        login(store, "jo", PASSWORD)
    clock.tick(0.5)
    with pytest.raises(PermissionDenied, match="wrong"):
        login(store, "jo", "and again")  # the 7th: 8 s
    clock.tick(7.9)
    with pytest.raises(PermissionDenied, match="Wait"):
        login(store, "jo", PASSWORD)
    clock.tick(0.1)
    assert login(store, "jo", PASSWORD).username == "jo"
    # Success clears the count: five more free tries.
    for _ in range(5):
        with pytest.raises(PermissionDenied, match="wrong"):
            login(store, "jo", "wrong guess")


def test_every_failed_login_is_audited_with_its_reason(store, clock):
    for _ in range(6):
        with pytest.raises(PermissionDenied):
            login(store, "jo", "wrong guess")
    with pytest.raises(PermissionDenied):
        login(store, "jo", PASSWORD)
    with pytest.raises(PermissionDenied, match="user name or password is wrong"):
        login(store, "nobody", PASSWORD)
    reasons = [e.detail for e in _events(store, "login_failed")]
    assert sum('"password"' in r for r in reasons) == 5
    assert sum('"throttled"' in r for r in reasons) == 2  # the 6th guess was not even checked
    assert sum('"unknown user"' in r for r in reasons) == 1
    assert all(e.username in ("jo", "nobody") for e in _events(store, "login_failed"))


def test_the_back_off_is_capped_at_five_minutes():
    assert users.backoff_seconds(5) == 2
    assert users.backoff_seconds(12) == 256
    assert users.backoff_seconds(13) == 300 == users.backoff_seconds(1000)


# -- password rules and change ---------------------------------------------------------------

@pytest.mark.parametrize("password, why", [
    ("short1", "at least 8 characters"),
    ("Jo.Smith", "same as the user name"),
    ("Password1", "first that anyone guessing would try"),
    ("pass word 123", "first that anyone guessing would try"),
    ("qwertyuiop", "first that anyone guessing would try"),
    ("aaaaaaaaaaaa", "first that anyone guessing would try"),
    ("x" * 201, "at most 200 characters"),
])
def test_weak_passwords_are_refused_with_the_reason(password, why):
    with pytest.raises(ValidationError, match=why):
        check_password_rules(password, "jo.smith")


def test_a_reasonable_password_passes():
    check_password_rules(GOOD, "jo")
    check_password_rules(PASSWORD, "jo")


def test_change_password_needs_the_old_one_and_is_audited(ctx, store, clock):
    with pytest.raises(PermissionDenied, match="old password is wrong"):
        accounts.change_password(ctx, "not my password", GOOD)
    with pytest.raises(ValidationError, match="first that anyone"):
        accounts.change_password(ctx, PASSWORD, "password123")
    accounts.change_password(ctx, PASSWORD, GOOD)
    with pytest.raises(PermissionDenied):
        login(store, "jo", PASSWORD)
    assert login(store, "jo", GOOD).username == "jo"
    assert [e.username for e in _events(store, "password_change")] == ["jo"]
    assert len(_events(store, "password_change_failed")) == 1


def test_guessing_the_old_password_is_throttled_like_a_login(ctx, store, clock):
    for _ in range(5):
        with pytest.raises(PermissionDenied, match="old password is wrong"):
            accounts.change_password(ctx, "guess", GOOD)
    with pytest.raises(PermissionDenied, match="Wait 2 seconds"):
        accounts.change_password(ctx, PASSWORD, GOOD)
    with pytest.raises(PermissionDenied, match="Wait 2 seconds"):
        login(store, "jo", PASSWORD)


# -- administration --------------------------------------------------------------------------

def test_only_an_admin_adds_or_disables_users(ctx, admin):
    new = NewUser("sam", "Sam Patel", Role.COORDINATOR, GOOD)
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        accounts.add_user(ctx, new)
    made = accounts.add_user(admin, new)
    assert made.role == Role.COORDINATOR and made.active
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        accounts.disable_user(ctx, "sam", "left the team")
    with pytest.raises(ValidationError, match="first that anyone"):
        accounts.add_user(admin, NewUser("tim", "Tim", Role.CLINICIAN, "letmein1"))


def test_a_disabled_user_cannot_sign_in_and_keeps_their_name_on_everything(admin, store):
    accounts.add_user(admin, NewUser("sam", "Sam Patel", Role.CLINICIAN, GOOD))
    sam = Ctx(store, login(store, "sam", GOOD))
    made = create_person(sam, PersonInput("401 023 2137", "Cara", "Ndlovu", "05/06/1961"))
    accounts.disable_user(admin, "sam", "Left the team")
    with pytest.raises(PermissionDenied, match="disabled"):
        login(store, "sam", GOOD)
    with store.session_factory() as s:
        theirs = s.scalars(select(AuditEvent).where(AuditEvent.user_id == sam.actor.user_id)
                           ).all()
        assert {e.username for e in theirs} == {"sam"}
        assert any(e.action == "create" and e.person_id == made.id for e in theirs)
        assert s.scalar(select(User.username).where(User.id == sam.actor.user_id)) == "sam"
    from carecoord.services.history import record_history

    lines = record_history(Ctx(store, admin.actor), made.id)
    assert any("sam" in str(dataclasses.astuple(line)) for line in lines)
    disabled = _events(store, "disable")
    assert [(e.username, '"Left the team"' in e.detail) for e in disabled] == [("ada", True)]
    accounts.enable_user(admin, "sam")
    assert login(store, "sam", GOOD).username == "sam"


def test_no_one_disables_themselves_or_the_last_admin(admin, store):
    with pytest.raises(RuleError, match="your own account"):
        accounts.disable_user(admin, "ada", "testing")
    accounts.add_user(admin, NewUser("bea", "Bea", Role.ADMIN, GOOD))
    bea = Ctx(store, login(store, "bea", GOOD))
    accounts.disable_user(bea, "ada", "moved on")
    with pytest.raises(RuleError, match="your own account"):
        accounts.disable_user(bea, "bea", "testing")


def test_an_admin_reset_lets_a_forgetful_user_back_in(admin, store, clock):
    for _ in range(8):
        with pytest.raises(PermissionDenied):
            login(store, "jo", "forgotten")
    accounts.reset_password(admin, "jo", GOOD)
    assert login(store, "jo", GOOD).username == "jo"
    assert [e.username for e in _events(store, "password_reset")] == ["ada"]
