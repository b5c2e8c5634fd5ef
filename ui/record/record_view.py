"""One person's record: the banner above, the list of sections beside the one shown."""

from __future__ import annotations

import importlib

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.enums import PlanStatus
from carecoord.domain.errors import NotFoundError
from carecoord.services import people, plans, team
from carecoord.services.base import Ctx
from carecoord.services.people import PersonView
from ui.record import forms, mnemonics
from ui.record.about_section import AboutSection
from ui.record.banner import Banner
from ui.record.conditions_section import ConditionsSection
from ui.record.history import HistorySection
from ui.record.keys import LocalKeys
from ui.record.person_dialog import edit_person
from ui.record.plan_draft import PlanDraft
from ui.record.plan_editor import PlanEditor
from ui.record.planning_section import PlanningSection
from ui.record.section_list import SectionList
from ui.record.sections import BY_NAME, SECTIONS, SPECS, Spec, plugin_class, plugin_exists

CHANGED_SETTLE_MS = 2000
EXPERIENCE = Spec("experience", "", "", plugin="ui.ratings.experience_dialog:ExperienceDialog")
PREVIEW = Spec("preview", "", "", plugin="ui.printing.preview_dialog:PlanPreviewDialog")
SHARE = Spec("share", "", "", plugin="ui.sharing.share_dialog:ShareDialog")
# Sections whose changes can reach the plan: a handover changes who may own a team action,
# a discharge may start a review, a lifestyle check may add a prevention goal.
_TOUCH_THE_PLAN = {"team", "activity", "lifestyle", "progress"}
_SCROLLS_ITSELF = {"plan", "about", "planning"}

# Core modules that sections load when first shown and that take a noticeable time to import
# (reportlab for printing; FHIR, iCalendar and reportlab for the export log). Imported on the
# worker once a record is open, so the first visit to Sharing or Print does not stall.
_WARM_UP = ("carecoord.documents", "carecoord.services.sharing")
_warmed = False

__all__ = ["SECTIONS", "PersonRecordView"]


def _warm_up(runner) -> None:
    global _warmed
    if _warmed or runner is None:
        return
    _warmed = True

    def work() -> None:
        for name in _WARM_UP:
            importlib.import_module(name)

    runner.run(work, on_error=lambda _e: None)  # a failure shows itself when the section opens


class InlineRunner:
    """Runs work at once, for a record shown without the application's worker thread."""

    def run(self, work, on_done=None, on_error=None, **_kw):
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001 - handed to the caller, as the worker does
            if on_error is not None:
                on_error(exc)
            return None
        if on_done is not None:
            on_done(result)
        return None


class _Unavailable(QWidget):
    changed = Signal()

    def __init__(self, title: str):
        super().__init__()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(forms.heading(title))
        layout.addWidget(forms.hint("This part of the record is not in this version of "
                                    "CareCoord."))
        layout.addStretch(1)

    def refresh(self) -> None:
        pass


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
        self.dialog = None  # an open print, share or experience dialog, for tests and the shell

        self.banner = Banner(self.can_change)
        self.banner.edit_requested.connect(self.edit_details)
        self.banner.close_requested.connect(self.close_record)
        self.banner.print_requested.connect(self.print_plan)
        self.banner.share_requested.connect(self.share)
        self.plan_editor = PlanEditor(ctx)
        # Sections other than the plan are built when first shown: a record opens on its
        # plan, and building every section up front would multiply the time to open one.
        self._built: dict[str, QWidget] = {"plan": self.plan_editor}
        self._stale: set[str] = set()
        self._pages: dict[str, QWidget] = {}
        self.specs = [s for s in SPECS if s.plugin is None or plugin_exists(s)]
        self.section_list = SectionList(self.specs)
        self.stack = QStackedWidget()
        self.stack.setAccessibleName("Section shown")
        for spec in self.specs:
            page = self.plan_editor if spec.name == "plan" else QWidget()
            if page is not self.plan_editor:
                holder = QVBoxLayout(page)
                holder.setContentsMargins(0, 0, 0, 0)
            page.setAccessibleName(spec.title)
            self.stack.addWidget(page)
            self._pages[spec.name] = page

        side = QFrame()
        side.setObjectName("recordSections")
        side.setStyleSheet("#recordSections { background: #f6f8fa; border-right: 1px solid "
                           "#c9d0d6; }")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 6, 0, 6)
        side_layout.addWidget(self.section_list, 1)
        keys = forms.hint("Ctrl+G: go to a section\nCtrl+PgDn / PgUp: next, previous")
        keys.setWordWrap(False)
        keys.setContentsMargins(8, 4, 4, 0)
        keys.setAccessibleName("Keys for moving between sections")
        side_layout.addWidget(keys)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(side)
        body.addWidget(self.stack, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)

        ctrl, alt = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
        self.keys = LocalKeys(self)
        self.keys.bind(Qt.Key.Key_PageDown, ctrl, lambda: self._step(1))
        self.keys.bind(Qt.Key.Key_PageUp, ctrl, lambda: self._step(-1))
        self.keys.bind(Qt.Key.Key_G, ctrl, self.go_to_section)
        # Escape in the list of sections goes back into the section, not out of the record.
        self.keys.bind(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, self._enter_section,
                       when=self.section_list.hasFocus)
        self.keys.bind(Qt.Key.Key_W, ctrl, self.close_record)
        self.keys.bind(Qt.Key.Key_P, ctrl, self.print_plan)
        self.keys.bind(Qt.Key.Key_S, ctrl | Qt.KeyboardModifier.ShiftModifier, self.share)
        if self.can_change:
            self.keys.bind(Qt.Key.Key_E, ctrl, self.edit_details)
        for spec in self.specs:
            if spec.key:
                self.keys.bind(getattr(Qt.Key, f"Key_{spec.key}"), alt,
                               lambda n=spec.name: self.show_section(n))
        self.keys.fallback = mnemonics.resolver(self)

        self._changed_timer = QTimer(self)
        self._changed_timer.setSingleShot(True)
        self._changed_timer.setInterval(CHANGED_SETTLE_MS)
        self._changed_timer.timeout.connect(self._announce)
        self.plan_editor.saved.connect(self._plan_saved)
        self.plan_editor.lifecycle_changed.connect(self._lifecycle_changed)
        self.plan_editor.agreed.connect(self._agreed)
        self.reload(audited=True)
        self.stack.setCurrentWidget(self.plan_editor)
        self.section_list.select("plan")
        self.setFocusProxy(self.plan_editor)  # the shell focuses the view; the plan takes it
        self.section_list.chosen.connect(self._chosen)
        self.section_list.enter.connect(self._enter_section)
        QTimer.singleShot(0, self, lambda: _warm_up(self.runner))

    # -- sections, built on first use ------------------------------------------------------

    def _make(self, name: str) -> QWidget:
        spec = BY_NAME[name]
        if spec.plugin is not None:
            return self._make_plugin(spec)
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

    def _make_plugin(self, spec: Spec) -> QWidget:
        cls = plugin_class(spec)
        if cls is None:
            return _Unavailable(spec.title)
        section = cls(self.ctx, self.person_id,
                      person_name=people.name_of(self.ctx, self.person_id))
        section.changed.connect(lambda n=spec.name: self._section_changed(n))
        started = getattr(section, "review_started", None)
        if started is not None:
            started.connect(self._review_started)
        return section

    def _scrolling(self, name: str, section: QWidget) -> QWidget:
        """A section taller than the room under the banner scrolls rather than setting the
        height the whole window needs (a laptop at 150% leaves about 260 pixels)."""
        if name in _SCROLLS_ITSELF:
            return section
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(section)
        scroll.setFocusProxy(section)
        return scroll

    def _section(self, name: str) -> QWidget:
        section = self._built.get(name)
        if section is None:
            section = self._built[name] = self._make(name)
            self._pages[name].layout().addWidget(self._scrolling(name, section))
            if self.person is not None and BY_NAME[name].plugin is None:
                self._load(name)  # a plug-in loaded itself as it was made
        elif name in self._stale:
            self._stale.discard(name)
            section.refresh()
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

    def built(self, name: str) -> bool:
        """Whether the section has been made yet (sections are made when first shown)."""
        return name in self._built

    def section(self, name: str) -> QWidget:
        """The section's widget, made now if it has not been shown yet."""
        return self._section(name)

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
            if BY_NAME[name].plugin is None and name != "plan":
                self._load(name)
            elif name != "plan":
                self._stale.add(name)
        self._refresh_current()

    def _refresh_current(self) -> None:
        current = self.current_section()
        if current in self._stale:
            self._section(current)

    def _section_changed(self, name: str) -> None:
        """A plug-in section saved something: bring the rest of the record up to date."""
        if name in _TOUCH_THE_PLAN:
            self.reload()
        else:
            lead = team.current_lead(self.ctx, self.person_id)
            self.banner.show_person(self.person, lead, self.versions, self.ctx.today())
            self._stale.update(n for n in self._built if BY_NAME[n].plugin)
            if "history" in self._built:
                self._load("history")
        self._stale.discard(name)  # it showed its own change already
        self._saved()

    def _review_started(self, _plan_id: int) -> None:
        self.reload()
        self._announce()
        self.show_section("plan")

    def _what_matters_saved(self, plan) -> None:
        if "about" in self._built:
            self._built["about"].show_what_matters(plan)

    def _saved(self) -> None:
        # Typing saves every pause; tell the shell once the typing settles, not each time.
        self._changed_timer.start()

    def _plan_saved(self) -> None:
        if "progress" in self._built:
            self._stale.add("progress")  # a goal rated on its card, or its status changed
        self._saved()

    def _announce(self) -> None:
        self._changed_timer.stop()
        self.changed.emit(self.person_id)

    def _lifecycle_changed(self) -> None:
        focus_plan = self.current_section() == "plan"
        self.reload()
        self._announce()
        if focus_plan:
            self.show_section("plan")

    # -- after agreeing a review, the experience questions ------------------------------------

    def _agreed(self, plan) -> None:
        if plan is None or plan.number < 2 or plugin_class(EXPERIENCE) is None:
            return
        # Once the record has reloaded around the agreed version and the dialog has gone.
        QTimer.singleShot(0, self, lambda: self._offer_experience(plan))

    def _offer_experience(self, plan) -> None:
        name = people.name_of(self.ctx, self.person_id)
        if not forms.ask(self, "Experience at this review",
                         f"Version {plan.number} of the plan is agreed. Ask {name} the "
                         "experience questions now? They take a minute or two.",
                         "Ask the questions now", "Not now"):
            return
        dialog = plugin_class(EXPERIENCE)(self.ctx, self.person_id, plan.id, self,
                                          person_name=name)
        self._open(dialog)

    # -- printing and sharing ------------------------------------------------------------------

    def _open(self, dialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def done(_result: int) -> None:
            self.dialog = None
            # A print or a share is in the export log; answers show in goal progress.
            self._stale.update(n for n in self._built if BY_NAME[n].plugin)
            if "history" in self._built:
                self._load("history")
            self._refresh_current()

        dialog.finished.connect(done)
        dialog.open()

    def print_plan(self) -> None:
        cls = plugin_class(PREVIEW)
        if cls is None or self.dialog is not None or not self.banner.print_button.isEnabled():
            return
        self.save_draft()  # the preview shows what was typed a moment ago
        self._open(cls(self.ctx, self.person_id, None, self, runner=self.runner,
                       person_name=people.name_of(self.ctx, self.person_id)))

    def share(self) -> None:
        cls = plugin_class(SHARE)
        if cls is None or self.dialog is not None:
            return
        self.save_draft()
        self._open(cls(self.ctx, self.person_id, self.runner or InlineRunner(), self,
                       person_name=people.name_of(self.ctx, self.person_id)))

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
        """Show a section and put the keyboard in it. Today's items open records this way."""
        if name not in SECTIONS:
            raise KeyError(f"The record has no section called {name!r}.")
        if name not in self._pages:
            name = "plan"  # a section this copy of CareCoord lacks: the plan is the heart
        self._show(name)
        page = self._built[name]
        if name == "plan" and self.draft is not None:
            self.plan_editor.what_matters.setFocus()
        else:
            self._pages[name].setFocus()
            self._pages[name].focusNextChild()
            if not page.isAncestorOf(self.focusWidget() or self):
                page.setFocus()

    def _show(self, name: str) -> None:
        self._section(name)
        self.stack.setCurrentWidget(self._pages[name])
        self.section_list.select(name)

    def _chosen(self, name: str) -> None:
        """A row chosen in the section list: show it, leaving the keyboard in the list."""
        self._show(name)

    def _enter_section(self) -> None:
        self.show_section(self.current_section())

    def current_section(self) -> str:
        return self.specs[self.stack.currentIndex()].name

    def go_to_section(self) -> None:
        """Ctrl+G: into the list of sections, where typing a name's start jumps to it."""
        self.section_list.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _step(self, delta: int) -> None:
        index = (self.stack.currentIndex() + delta) % len(self.specs)
        name = self.specs[index].name
        if self.section_list.hasFocus():
            self._show(name)
        else:
            self.show_section(name)

    def edit_details(self) -> None:
        if not self.can_change:
            return
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
