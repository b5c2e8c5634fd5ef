"""One person's record: the banner above, and the sections of their record below."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
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

CHANGED_SETTLE_MS = 2000
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
        self.plan_editor = PlanEditor(ctx)
        # The other sections are built when first shown: a record opens on its plan, and
        # building every tab up front doubled the time to open one.
        self._built: dict[str, QWidget] = {"plan": self.plan_editor}
        self._pages: dict[str, QWidget] = {}
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Sections of the record")
        self.tabs.setDocumentMode(True)
        for name, title, tip in zip(SECTIONS, _TITLES, _TIPS, strict=True):
            page = self.plan_editor if name == "plan" else QWidget()
            if page is not self.plan_editor:
                holder = QVBoxLayout(page)
                holder.setContentsMargins(0, 0, 0, 0)
            index = self.tabs.addTab(page, title)
            self.tabs.setTabToolTip(index, tip)
            page.setAccessibleName(title.replace("&&", "and").replace("&", ""))
            self._pages[name] = page

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

        self._changed_timer = QTimer(self)
        self._changed_timer.setSingleShot(True)
        self._changed_timer.setInterval(CHANGED_SETTLE_MS)
        self._changed_timer.timeout.connect(self._announce)
        self.plan_editor.saved.connect(self._plan_saved)
        self.plan_editor.lifecycle_changed.connect(self._lifecycle_changed)
        self.reload(audited=True)
        self.tabs.setCurrentWidget(self.plan_editor)
        self.setFocusProxy(self.plan_editor)  # the shell focuses the view; the plan takes it
        self.tabs.currentChanged.connect(lambda i: self._section(SECTIONS[i]))

    # -- sections, built on first use ------------------------------------------------------

    def _make(self, name: str) -> QWidget:
        if name == "about":
            section = AboutSection(self.ctx)
            section.saved.connect(self._saved)
            section.go_to_plan.connect(lambda: self.show_section("plan"))
        elif name == "conditions":
            section = ConditionsSection(self.ctx)
            section.saved.connect(self._saved)
        elif name == "planning":
            section = PlanningSection()
            section.go_to_plan.connect(lambda: self.show_section("plan"))
        else:
            section = HistorySection(self.ctx)
            section.compare_requested.connect(self.plan_editor.open_compare)
        return section

    def _section(self, name: str) -> QWidget:
        section = self._built.get(name)
        if section is None:
            section = self._built[name] = self._make(name)
            self._pages[name].layout().addWidget(section)
            if self.person is not None:
                self._load(name)
        return section

    def _load(self, name: str) -> None:
        section = self._built[name]
        if name == "about":
            section.load(self.person, self.plan, self.can_change)
        elif name == "conditions":
            section.load(self.person, self.can_change)
        elif name == "planning":
            section.load(self.plan, self.draft)
        elif name == "history":
            section.load(self.person, self.versions)

    @property
    def about(self) -> AboutSection:
        return self._section("about")

    @property
    def conditions(self) -> ConditionsSection:
        return self._section("conditions")

    @property
    def planning(self) -> PlanningSection:
        return self._section("planning")

    @property
    def history(self) -> HistorySection:
        return self._section("history")

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
        if self.draft is not None:
            self.draft.deleteLater()
        self.draft = None
        members = []
        if plan is not None and plan.status == PlanStatus.DRAFT and self.can_change:
            self.draft = PlanDraft(self.ctx, plan, self)
            self.draft.saved.connect(self._what_matters_saved)
            members = team.team_for(self.ctx, self.person_id)  # owners of team actions
        self.person, self.plan, self.versions = person, plan, versions
        self.setWindowTitle(person.full_name)
        self.banner.show_person(person, lead, versions, self.ctx.today())
        self.plan_editor.load(person, plan, versions, members, self.draft)
        for name in self._built:
            if name != "plan":
                self._load(name)

    def _what_matters_saved(self, plan) -> None:
        if "about" in self._built:
            self._built["about"].show_what_matters(plan)

    def _saved(self) -> None:
        # Typing saves every pause; tell the shell once the typing settles, not each time.
        self._changed_timer.start()

    _plan_saved = _saved

    def _announce(self) -> None:
        self._changed_timer.stop()
        self.changed.emit(self.person_id)

    def _lifecycle_changed(self) -> None:
        focus_plan = self.tabs.currentWidget() is self.plan_editor
        self.reload()
        self._announce()
        if focus_plan:
            self.show_section("plan")

    # -- the contract with the shell ---------------------------------------------------------

    def save_draft(self) -> None:
        """Write everything typed that can be written. Called before lock and close."""
        self.plan_editor.flush()
        if "about" in self._built:
            self._built["about"].flush()
        if self._changed_timer.isActive():
            self._announce()

    def unsaved_problem(self) -> str | None:
        """Typing that the rules refuse (an action with no due date, say), or None."""
        found = self.plan_editor.first_problem()
        if found:
            return found[0]
        about = self._built.get("about")
        if about is not None and about.saver.dirty and about.saver.problem:
            return about.saver.problem
        return None

    def show_section(self, name: str) -> None:
        page = self._section(name)
        self.tabs.setCurrentWidget(self._pages[name])
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
                self._announce()
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
