"""The huddle viewer can read but cannot change anything, and the services enforce it.

Every public function in carecoord/services/*.py that can write (it enters `changing(...)`,
directly or through another function of its module) is found by reading the source, so a
service added later is covered without touching this file. Each is called with a
huddle-viewer context and arguments good enough to pass its input checks, and must raise
PermissionDenied with the store unchanged. If a new service's input cannot be built from
its type hints, the test says which sample to add below.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import enum
import importlib
import inspect
import pkgutil
import types
import typing
from pathlib import Path

import pytest
from sqlalchemy import text

import carecoord.services as services_pkg
from carecoord.domain.enums import Role
from carecoord.domain.errors import PermissionDenied
from carecoord.security.users import add_user, login
from carecoord.services.base import Ctx
from carecoord.store.unit_of_work import unit_of_work

TODAY = dt.date(2026, 11, 22)
# Reads that write only to fill in defaults on first use: for a read-only user they must
# return without writing instead of refusing.
MAY_RETURN_WITHOUT_WRITING = {"experience.questions"}

# Values for parameters whose name says what they hold, when the type alone is not enough.
BY_NAME = {
    "nhs_number": "401 023 2137",
    "date_of_birth": "05/06/1961",
    "email": None,
    "phone": None,
    "code": "peak_flow",
    "unit": "L/min",
    "plausible_min": 50, "plausible_max": 900, "usual_min": 300, "usual_max": 600,
    "username": "newuser",
    "password": "tea at the lighthouse",
    "new_password": "tea at the lighthouse",
    "starts_at": dt.datetime(2026, 11, 30, 10, 0),
    "minutes": 30,
    "score": 5,
    "delta": 1,
    "active": True,
    "path": None,  # filled per test: a real file
    "people": (),
    "answers": {},
    "question_ids": [],
    "text": "Some plain words",
    "with_name": "District nurse",
    "due_to": "31/12/2026",
    "advice": "Brief advice given",
    "diet_note": "Eats well",
    "held_on": "20/11/2026",
}
# Inputs with no required field that still must say something.
SAMPLES = {
    "CheckInput": lambda: _lifestyle().CheckInput(diet_note="Eats well"),
}


def _lifestyle():
    from carecoord.services import lifestyle

    return lifestyle


def _writers() -> list[tuple[str, typing.Callable]]:
    found = []
    for info in pkgutil.iter_modules(services_pkg.__path__):
        module = importlib.import_module(f"carecoord.services.{info.name}")
        tree = ast.parse(inspect.getsource(module))
        funcs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}

        def called(fn: ast.FunctionDef) -> set[str]:
            names = set()
            for node in ast.walk(fn):
                if isinstance(node, ast.Call):
                    f = node.func
                    names.add(f.id if isinstance(f, ast.Name) else getattr(f, "attr", ""))
            return names

        writes = {n for n, f in funcs.items() if "changing" in called(f)}
        grew = True
        while grew:
            grew = False
            for n, f in funcs.items():
                if n not in writes and called(f) & writes:
                    writes.add(n)
                    grew = True
        for name in sorted(writes):
            fn = getattr(module, name, None)
            if not name.startswith("_") and inspect.isfunction(fn):
                params = list(inspect.signature(fn).parameters)
                if params and params[0] == "ctx":
                    found.append((f"{info.name}.{name}", fn))
    return found


WRITERS = _writers()


def _hints(obj) -> dict:
    try:
        return typing.get_type_hints(obj)
    except Exception:  # noqa: BLE001 - an unresolvable hint falls back to the raw text
        return {k: v for k, v in getattr(obj, "__annotations__", {}).items()}


def _value_for(name: str, hint, world: dict, path: Path):
    if name in world:
        return world[name]
    if name in BY_NAME:
        return BY_NAME[name]
    if name.endswith("_id") or name in ("user",):
        return world.get("any_id", 1)
    return _value_of_type(hint, world, path, name)


def _value_of_type(hint, world, path, name=""):
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        for preferred in (dt.datetime, dt.date):
            if preferred in options:
                return _value_of_type(preferred, world, path, name)
        return _value_of_type(options[0], world, path, name) if options else None
    if origin in (tuple, list, typing.Sequence):
        return ()
    if origin in (dict, typing.Mapping):
        return {}
    if isinstance(hint, type):
        if issubclass(hint, enum.Enum):
            return next(iter(hint))
        if hint is bool:
            return False
        if hint is int:
            return 1
        if hint is float:
            return 1.0
        if hint is str:
            return BY_NAME.get(name, "Some plain words")
        if hint is dt.datetime:
            return dt.datetime(2026, 11, 30, 10, 0)
        if hint is dt.date:
            ahead = any(word in name for word in ("review", "due", "target"))
            return TODAY + dt.timedelta(days=30 if ahead else -2)
        if dataclasses.is_dataclass(hint):
            return _build(hint, world, path)
    if isinstance(hint, str):
        return "Some plain words"
    return None


def _build(cls, world, path):
    if cls.__name__ in SAMPLES:
        return SAMPLES[cls.__name__]()
    hints = _hints(cls)
    kwargs = {}
    for f in dataclasses.fields(cls):
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required or f.name in BY_NAME:
            kwargs[f.name] = _value_for(f.name, hints.get(f.name), world, path)
    return cls(**kwargs)


def _arguments(fn, world, path) -> dict:
    hints = _hints(fn)
    kwargs = {}
    for name, p in list(inspect.signature(fn).parameters.items())[1:]:
        if p.default is not inspect.Parameter.empty and p.kind != p.KEYWORD_ONLY:
            continue
        if p.default is not inspect.Parameter.empty:
            continue
        kwargs[name] = _value_for(name, hints.get(name), world, path)
    return kwargs


def _fingerprint(store) -> dict[str, list]:
    """Every row of every table: the viewer's call must leave it identical."""
    with store.session_factory() as s:
        tables = s.execute(text("SELECT name FROM sqlite_master WHERE type = 'table' "
                                "AND name NOT LIKE 'sqlite_%'")).scalars().all()
        return {t: s.execute(text(f'SELECT * FROM "{t}" ORDER BY rowid')).fetchall()
                for t in tables}


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> dict:
    """One store for the module, with one of each record a write can refer to, made by a
    clinician, and a huddle viewer. The viewer never changes it, so tests can share it."""
    from carecoord.domain.enums import ActionSide, AgreementMethod, GoalDomain, OwnerKind
    from carecoord.services import experience, goals, huddle, lifestyle, plans, sharing
    from carecoord.services.people import PersonInput, create_person
    from carecoord.services.setup import FirstUser, initialise

    folder = tmp_path_factory.mktemp("read-only")
    made = initialise(folder / "store", FirstUser("jo", "Jo Bloggs", Role.CLINICIAN,
                                                  "correct horse battery"),
                      passphrase="a long store passphrase")
    store = made.store
    ctx = Ctx(store, login(store, "jo", "correct horse battery"), today=lambda: TODAY)
    person = create_person(ctx, PersonInput("943 476 5919", "Ann", "Smith", "12/03/1940"))
    plan = plans.start_draft(ctx, person.id)
    goal = goals.add_goal(ctx, plan.id, goals.GoalInput("Walk to the shop",
                                                        GoalDomain.PHYSICAL_HEALTH))
    action = goals.add_action(ctx, goal.id, goals.ActionInput(
        "Call the physio", ActionSide.TEAM, OwnerKind.TEAM_MEMBER, "Jo", due_to="31/12/2026"))
    plans.save_content(ctx, plan.id, plans.PlanContent(what_matters="Staying at home"))
    plans.agree(ctx, plan.id, plans.Agreement("Ann Smith", AgreementMethod.VERBAL, "20/11/2026",
                                              ctx.actor.professional_id, "20/11/2026"))
    draft = plans.start_review(ctx, plan.id)
    meeting = huddle.create_huddle(ctx, "Weekly huddle", "20/11/2026", [person.id])
    check = lifestyle.record_check(ctx, person.id, lifestyle.CheckInput(diet_note="Eats well"))
    question = experience.questions(ctx)[0]
    bundle = sharing.export_fhir(ctx, [person.id], folder / "bundle.json")
    with unit_of_work(store.session_factory, write=True) as uow:
        add_user(uow.session, username="huddle", full_name="Huddle Screen",
                 role=Role.HUDDLE_VIEWER, password="tea at the lighthouse")
    viewer = Ctx(store, login(store, "huddle", "tea at the lighthouse"), today=lambda: TODAY)
    yield {"viewer": viewer, "person_id": person.id, "plan_id": draft.id, "goal_id": goal.id,
           "action_id": action.id, "huddle_id": meeting.id, "item_id": meeting.items[0].id,
           "check_id": check.id, "question_id": question.id,
           "answers": {question.id: 4}, "people": [person.id],
           "question_ids": [question.id], "path": Path(bundle.path),
           "professional_id": None, "owner_professional_id": ctx.actor.professional_id,
           "lead_professional_id": ctx.actor.professional_id}
    store.close()


def test_every_writer_was_found():
    names = {n for n, _ in WRITERS}
    # A few that must be among them, so a change to the discovery cannot hide them all.
    assert {"people.create_person", "plans.agree", "goals.add_goal",
            "accounts.disable_user"} <= names
    assert len(names) >= 40


@pytest.mark.parametrize("name, fn", WRITERS, ids=[n for n, _ in WRITERS])
def test_a_huddle_viewer_is_refused_before_any_write(name, fn, world):
    viewer = world["viewer"]
    kwargs = _arguments(fn, world, world["path"])
    before = _fingerprint(viewer.store)
    try:
        fn(viewer, **kwargs)
    except PermissionDenied as exc:
        assert "view" in str(exc) or "administrator" in str(exc), str(exc)
    except Exception as exc:  # noqa: BLE001 - reported plainly below
        pytest.fail(f"{name} refused the input before the role check ({exc!r}); give it a "
                    "value it accepts (BY_NAME or SAMPLES in this file), so the check is reached")
    else:
        assert name in MAY_RETURN_WITHOUT_WRITING, f"{name} let a huddle viewer through"
    assert _fingerprint(viewer.store) == before, f"{name} wrote before refusing"
