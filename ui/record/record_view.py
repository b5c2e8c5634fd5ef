"""One person's record: the banner above, and the sections of their record below."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from carecoord.domain.enums import PlanStatus
from carecoord.domain.errors import NotFoundError
from carecoord.services import people, plans, team
from carecoord.services.base import Ctx
from carecoord.services.people import PersonView
from ui.record import forms
from ui.record.about_section import AboutSection
from ui.record.banner import Banner
from ui.record.conditions_section import ConditionsSection
from ui.record.history import HistorySection
from ui.record.keys import LocalKeys
from ui.record.person_dialog import edit_person
from ui.record.plan_draft import PlanDraft
from ui.record.plan_editor import PlanEditor
from ui.record.planning_section import PlanningSection

SECTIONS = ("about", "plan", "conditions", "planning", "history")
_TITLES = ("About &me", "The care &plan", "Co&nditions", "Planning ahead && &what to do if",
           "Histor&y")
_TIPS = ("About me and what matters to me; communication needs (Alt+M)",
         "The care plan: what matters, goals and actions (Alt+P)",
         "Long-term conditions (Alt+N)",
         "What to do if things get worse; who to call; planning ahead (Alt+W)",
         "Versions of the plan and who did what to this record (Alt+Y)")


class PersonRecordView(QWidget):
    closed = Signal()
    changed = Signal(int)

    def __init__(self, ctx: Ctx, person_id: int, runner=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.runner = runner  # single-record work is a few ms, so it runs in line
        self.can_change = ctx.actor.can_change
        self.person: PersonView | None = None
        self.draft: PlanDraft | None = None
        self.plan = None
        self.versions = []

        self.banner = Banner(self.can_change)
        self.banner.edit_requested.connect(self.edit_details)
        self.banner.close_requested.connect(self.close_record)
        self.about = AboutSection(ctx)
        self.plan_editor = PlanEditor(ctx)
        self.conditions = ConditionsSection(ctx)
        self.planning = PlanningSection()
        self.history = HistorySection(ctx)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Sections of the record")
        self.tabs.setDocumentMode(True)
        pages = (self.about, self.plan_editor, self.conditions, self.planning, self.history)
        for page, title, tip in zip(pages, _TITLES, _TIPS, strict=True):
            index = self.tabs.addTab(page, title)
            self.tabs.setTabToolTip(index, tip)
            page.setAccessibleName(title.replace("&&", "and").replace("&", ""))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)

        ctrl = Qt.KeyboardModifier.ControlModifier
        self.keys = LocalKeys(self)
        self.keys.bind(Qt.Key.Key_PageDown, ctrl, lambda: self._step(1))
        self.keys.bind(Qt.Key.Key_PageUp, ctrl, lambda: self._step(-1))
        self.keys.bind(Qt.Key.Key_W, ctrl, self.close_record)

        self.about.saved.connect(self._saved)
        self.about.go_to_plan.connect(lambda: self.show_section("plan"))
        self.planning.go_to_plan.connect(lambda: self.show_section("plan"))
        self.plan_editor.saved.connect(self._plan_saved)
        self.plan_editor.lifecycle_changed.connect(self._lifecycle_changed)
        self.conditions.saved.connect(self._saved)
        self.history.compare_requested.connect(self.plan_editor.open_compare)
        self.reload(audited=True)
        self.tabs.setCurrentWidget(self.plan_editor)

    # -- loading ---------------------------------------------------------------------------

    def _read_person(self, audited: bool) -> PersonView:
        if not audited and self.person is not None:
            # A refresh after our own change: the opening was audited already.
            found = people.find_by_nhs(self.ctx, self.person.nhs_number)
            if found is not None and found.id == self.person_id:
                return found
        return people.open_person(self.ctx, self.person_id)

    def reload(self, audited: bool = False) -> None:
        self.save_draft()
        person = self._read_person(audited)
        lead = team.current_lead(self.ctx, self.person_id)
        versions = plans.versions(self.ctx, self.person_id)
        plan = plans.working_plan(self.ctx, self.person_id)
        members = team.team_for(self.ctx, self.person_id)
        if self.draft is not None:
            self.draft.deleteLater()
        self.draft = None
        if plan is not None and plan.status == PlanStatus.DRAFT and self.can_change:
            self.draft = PlanDraft(self.ctx, plan, self)
            self.draft.saved.connect(self.about.show_what_matters)
        self.person, self.plan, self.versions = person, plan, versions
        self.setWindowTitle(person.full_name)
        self.banner.show_person(person, lead, versions, self.ctx.today())
        self.about.load(person, plan, self.can_change)
        self.plan_editor.load(person, plan, versions, members, self.draft)
        self.conditions.load(person, self.can_change)
        self.planning.load(plan, self.draft)
        self.history.load(person, versions)

    def _saved(self) -> None:
        self.changed.emit(self.person_id)

    def _plan_saved(self) -> None:
        self.changed.emit(self.person_id)

    def _lifecycle_changed(self) -> None:
        focus_plan = self.tabs.currentWidget() is self.plan_editor
        self.reload()
        self.changed.emit(self.person_id)
        if focus_plan:
            self.show_section("plan")

    # -- the contract with the shell ---------------------------------------------------------

    def save_draft(self) -> None:
        """Write everything typed that can be written. Called before lock and close."""
        self.plan_editor.flush()
        self.about.flush()

    def unsaved_problem(self) -> str | None:
        """Typing that the rules refuse (an action with no due date, say), or None."""
        found = self.plan_editor.first_problem()
        if found:
            return found[0]
        if self.about.saver.dirty and self.about.saver.problem:
            return self.about.saver.problem
        return None

    def show_section(self, name: str) -> None:
        page = (self.about, self.plan_editor, self.conditions, self.planning,
                self.history)[SECTIONS.index(name)]
        self.tabs.setCurrentWidget(page)
        if name == "plan" and self.draft is not None:
            self.plan_editor.what_matters.setFocus()
        else:
            page.setFocus()
            page.focusNextChild()

    def current_section(self) -> str:
        return SECTIONS[self.tabs.currentIndex()]

    def _step(self, delta: int) -> None:
        self.tabs.setCurrentIndex((self.tabs.currentIndex() + delta) % self.tabs.count())

    def edit_details(self) -> None:
        self.save_draft()
        try:
            if edit_person(self.ctx, self.person_id, self):
                self.reload()
                self.changed.emit(self.person_id)
        except NotFoundError as exc:
            self.banner.facts.setText(str(exc))

    def close_record(self) -> None:
        self.save_draft()
        problem = self.unsaved_problem()
        if problem and not forms.confirm(
                self, "Some typing is not saved",
                f"This could not be saved: {problem}\n\nClose the record anyway and lose it?",
                "Close and lose it"):
            return
        self.closed.emit()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        self.save_draft()
        super().closeEvent(event)
