"""The sections of a person's record, in the order a matron works through them.

The record's own sections are built by the record view. The others are plug-ins from
their own packages, all made as `Section(ctx, person_id, parent, person_name=...)` with a
`refresh()` and a `changed` signal; they are imported only when first shown, so opening
a record never pays for a section nobody looks at.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget


@dataclass(frozen=True)
class Spec:
    name: str
    title: str
    tip: str
    key: str | None = None  # Alt+key; only where no control in any section uses the letter
    plugin: str | None = None  # "package.module:Class" for sections built elsewhere
    group_start: bool = False  # a gap above it in the list of sections


SPECS: tuple[Spec, ...] = (
    Spec("about", "About me", "About me and what matters to me; communication needs", "M"),
    Spec("plan", "Care plan", "The care plan: what matters, goals and actions", "P"),
    Spec("conditions", "Conditions", "Long-term conditions", "N"),
    Spec("planning", "Planning ahead and what to do if",
         "What to do if things get worse; who to call; planning ahead"),
    Spec("progress", "Goal progress", "The person's own ratings of their goals, and their "
         "experience at reviews", plugin="ui.ratings.goal_rating:GoalRatingsPanel"),
    Spec("team", "Care team", "Who is in the care team, and the lead professional",
         plugin="ui.team.team_section:TeamSection", group_start=True),
    Spec("carers", "Carers", "Carers and the people who support the person",
         plugin="ui.carers.carers_section:CarersSection"),
    Spec("appointments", "Appointments", "Appointments with every service",
         plugin="ui.appointments.appointments_section:AppointmentsSection",
         group_start=True),
    Spec("referrals", "Referrals", "Referrals to other services, and how long they have "
         "waited", plugin="ui.referrals.referrals_section:ReferralsSection"),
    Spec("tasks", "Tasks", "Tasks for professionals about this person",
         plugin="ui.tasks_ui.tasks_section:TasksSection"),
    Spec("activity", "Contacts and admissions", "Admissions, A&E, 999 calls and other "
         "contacts; before and after the plan",
         plugin="ui.activity.activity_section:ActivitySection", group_start=True),
    Spec("lifestyle", "Lifestyle", "Lifestyle checks and brief advice (Make Every Contact "
         "Count)", plugin="ui.lifestyle.lifestyle_section:LifestyleSection"),
    Spec("readings", "Readings", "Readings the person takes themselves: blood pressure, "
         "glucose, oxygen and more", plugin="ui.readings.readings_section:ReadingsSection"),
    Spec("sharing", "Sharing", "Consent to share, and every file exported or printed",
         plugin="ui.record.sharing_page:SharingPage", group_start=True),
    Spec("history", "History", "Versions of the plan and who did what to this record", "Y"),
)
SECTIONS = tuple(s.name for s in SPECS)
BY_NAME = {s.name: s for s in SPECS}


def plugin_exists(spec: Spec) -> bool:
    """Whether the section's module is there, without importing it (that waits till shown)."""
    module = spec.plugin.partition(":")[0]
    try:
        return importlib.util.find_spec(module) is not None
    except ImportError:  # its package is missing
        return False


def plugin_class(spec: Spec) -> type[QWidget] | None:
    """The section's class, or None when this copy of CareCoord does not have it."""
    module, _, name = spec.plugin.partition(":")
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None
