"""A huddle viewer reads the record but has nothing to edit, and the services refuse anyway."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)

from carecoord.domain.enums import ActionSide, GoalDomain, OwnerKind, Role
from carecoord.domain.errors import PermissionDenied
from carecoord.services import goals, people, plans, team
from carecoord.services.base import Ctx
from carecoord.services.goals import ActionInput, GoalInput
from ui.record.record_view import SECTIONS, PersonRecordView


def make_plan(ctx, person, agree: bool):
    team.handover_lead(ctx, person.id, ctx.actor.professional_id)
    plan = plans.start_draft(ctx, person.id)
    plans.save_content(ctx, plan.id, plans.with_content(plan, what_matters="My garden",
                                                        if_red="Call 999"))
    g = goals.add_goal(ctx, plan.id, GoalInput("Walk to the shop", GoalDomain.PHYSICAL_HEALTH))
    goals.add_action(ctx, g.id, ActionInput("Use the frame", ActionSide.PERSON,
                                            OwnerKind.PERSON, "Ann Smith", None, "01/12/2026"))
    people.add_condition(ctx, person.id, "Heart failure", "84114007")
    if agree:
        plans.agree(ctx, plan.id, plans.Agreement("Ann Smith", "signed", "22/11/2026",
                                                  ctx.actor.professional_id, "22/11/2026"))
    return plan


@pytest.fixture
def viewer(ctx) -> Ctx:
    return Ctx(ctx.store, replace(ctx.actor, role=Role.HUDDLE_VIEWER), ctx.today)


def is_filter(w) -> bool:
    """Choosing what is listed ("Show past members", "Kind of reading to show") changes
    nothing in the record, so a viewer may use it."""
    name = w.accessibleName()
    return isinstance(w, QCheckBox | QComboBox) and (name.startswith("Show ")
                                                     or name.endswith(" to show"))


def enabled_edit_controls(root) -> list:
    found = []
    for w in root.findChildren(QAbstractButton) + root.findChildren(QComboBox) + \
            root.findChildren(QSpinBox) + root.findChildren(QLineEdit) + \
            root.findChildren(QPlainTextEdit):
        if not (w.isVisibleTo(root) and w.isEnabled()):
            continue
        if isinstance(w, QLineEdit | QPlainTextEdit) and w.isReadOnly():
            continue
        if isinstance(w, QLineEdit) and isinstance(w.parent(), QComboBox | QSpinBox):
            continue
        if is_filter(w):
            continue
        if isinstance(w, QAbstractButton) and not isinstance(w, QCheckBox) and \
                not w.property("edits"):
            continue  # navigation: compare, show a version, close
        found.append(f"{type(w).__name__}: {w.accessibleName() or w.text()}")
    return found


@pytest.mark.parametrize("agreed", [False, True], ids=["draft", "agreed"])
def test_a_huddle_viewer_sees_no_enabled_edit_controls(qtbot, ctx, person, viewer, agreed):
    make_plan(ctx, person, agreed)
    view = PersonRecordView(viewer, person.id)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    assert view.draft is None, "no draft controller for a read-only role"
    for name in SECTIONS:
        view.show_section(name)
        problems = enabled_edit_controls(view)
        assert problems == [], f"{name}: {problems}"
    # They can still read it all.
    view.show_section("plan")
    assert view.plan_editor.what_matters.text() == "My garden"
    assert view.plan_editor.cards[0].mode == "read"
    view.show_section("planning")
    assert view.planning.fields["if_red"].toPlainText() == "Call 999"
    assert view.conditions.table.item(0, 0).text() == "Heart failure"
    assert "Heart failure" in [view.conditions.table.item(r, 0).text()
                               for r in range(view.conditions.table.rowCount())]

    # The same check on a clinician's view does find controls, so it is not vacuous.
    mine = PersonRecordView(ctx, person.id)
    qtbot.addWidget(mine)
    mine.show()
    mine.show_section("conditions")
    assert enabled_edit_controls(mine)


def test_the_services_refuse_a_viewer_whatever_the_screen_shows(ctx, person, viewer):
    plan = make_plan(ctx, person, agree=False)
    with pytest.raises(PermissionDenied, match="can view records but not change them"):
        plans.save_content(viewer, plan.id, plans.with_content(plan, what_matters="Changed"))
    with pytest.raises(PermissionDenied):
        goals.add_goal(viewer, plan.id, GoalInput("More", GoalDomain.SOCIAL))
    with pytest.raises(PermissionDenied):
        people.add_condition(viewer, person.id, "Asthma")
    assert plans.working_plan(ctx, person.id).content.what_matters == "My garden"
