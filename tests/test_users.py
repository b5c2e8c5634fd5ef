import pytest

from carecoord.domain.enums import Role
from carecoord.domain.errors import PermissionDenied, ValidationError
from carecoord.security.users import add_user, backoff_seconds, login
from carecoord.services.base import Ctx
from carecoord.services.people import PersonInput, create_person, open_person
from carecoord.store.unit_of_work import unit_of_work
from tests.conftest import PASSWORD


def _add(store, username, role, password="another good one"):
    with unit_of_work(store.session_factory, write=True) as uow:
        add_user(uow.session, username=username, full_name=username.title(), role=role,
                 password=password)


def test_wrong_password_is_refused_and_audited(store):
    with pytest.raises(PermissionDenied, match="wrong"):
        login(store, "jo", "nope")
    assert login(store, "JO", PASSWORD).username == "jo"


def test_password_rules(store):
    with pytest.raises(ValidationError, match="8 characters"):
        _add(store, "sam", Role.COORDINATOR, "short")
    with pytest.raises(ValidationError, match="same as the user name"):
        _add(store, "samantha", Role.COORDINATOR, "Samantha")


def test_backoff_grows_after_five_failures():
    assert [backoff_seconds(n) for n in range(8)] == [0, 0, 0, 0, 0, 2, 4, 8]
    assert backoff_seconds(50) == 300


def test_throttled_after_repeated_failures(store):
    for _ in range(5):
        with pytest.raises(PermissionDenied):
            login(store, "jo", "nope")
    with pytest.raises(PermissionDenied, match="Wait"):
        login(store, "jo", PASSWORD)


def test_huddle_viewer_can_read_but_not_write(store, person):
    _add(store, "viewer", Role.HUDDLE_VIEWER)
    viewer = Ctx(store, login(store, "viewer", "another good one"))
    assert open_person(viewer, person.id).family_name == "Smith"
    with pytest.raises(PermissionDenied):
        create_person(viewer, PersonInput("999 000 0018", "New", "Person", "01/01/1950"))
