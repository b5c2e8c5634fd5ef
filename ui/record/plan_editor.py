"""The care plan tab: write a draft with the person, agree it, review it, track progress."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from carecoord.domain.enums import ActionSide, PlanStatus
from carecoord.domain.errors import CareCoordError
from carecoord.services import goals, plans
from carecoord.services.base import Ctx
from carecoord.services.people import PersonView
from carecoord.services.plans import PlanSummary, PlanView
from carecoord.services.team import MemberView
from ui.ratings.rate_goals_dialog import RateGoalsDialog, rateable
from ui.record import forms
from ui.record.action_row import ActionRow
from ui.record.agree_dialog import AgreeDialog
from ui.record.autosave import SaveStatus
from ui.record.compare_dialog import CompareDialog
from ui.record.flow import FlowLayout
from ui.record.goal_editor import GoalCard
from ui.record.keys import LocalKeys
from ui.record.lifecycle_dialogs import DeclineDialog, OfferDialog, ReviewDateDialog
from ui.record.no_plan_panel import NoPlanPanel
from ui.record.plan_draft import PlanDraft

_SELF_CARE = (
    ("self_management", "What I do to &stay well", "for example a short walk every day"),
    ("self_monitoring", "Chec&ks I do myself", "for example weighing myself each morning"),
    ("medicines", "My me&dicines", "what I take and what helps me take them"),
    ("equipment", "Eq&uipment and aids", "for example a walking frame, a pendant alarm"),
)

# A plan editor shorter than this (a laptop at 150% leaves about 310 pixels under the banner)
# lets its title block scroll with the plan and folds the title block's explanation to a line.
COMPACT_BELOW = 480


class Explanation(QWidget):
    """The title block's few sentences about this version. Short of height, one line ending
    in "…" and a More… button that opens the rest (and Less to fold it again); the whole text
    is also its tooltip and accessible description, so nothing is lost while folded."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.text = text
        self.folded = False
        self.label = forms.hint(text)
        self.label.setAccessibleName("About this version")
        self.label.setAccessibleDescription(text)
        self.label.setToolTip(text)
        self.label.setMinimumWidth(0)
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.more = QPushButton("More…")
        self.more.setFlat(True)
        self.more.setAccessibleName("More about this version")
        self.more.setToolTip("Show all of the explanation about this version")
        self.more.clicked.connect(self.toggle)
        self.more.hide()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        row.addWidget(self.label, 1)
        row.addWidget(self.more, 0, Qt.AlignmentFlag.AlignTop)

    def set_compact(self, compact: bool) -> None:
        """Compact, the explanation starts folded with its More… button; otherwise whole."""
        self.more.setVisible(compact)
        self._fold(compact)

    def toggle(self) -> None:
        self._fold(not self.folded)

    def _fold(self, folded: bool) -> None:
        self.folded = folded
        self.label.setWordWrap(not folded)
        self.more.setText("More…" if folded else "Less")
        self.more.setAccessibleName(f"{'More' if folded else 'Less'} about this version")
        self.more.setToolTip("Show all of the explanation about this version" if folded
                             else "Fold the explanation to one line")
        self._elide()
        self.updateGeometry()

    def _elide(self) -> None:
        if not self.folded:
            self.label.setText(self.text)
            return
        room = max(0, self.label.width() - 2 * self.label.margin() - 4)
        self.label.setText(self.label.fontMetrics().elidedText(
            self.text, Qt.TextElideMode.ElideRight, room))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        if self.folded:
            # Elided once the label has its width from this resize.
            QTimer.singleShot(0, self, self._elide)


_EMPTY_GOALS = ("No goals yet. Press Alt+G to add the first goal in the person's own words.")


def _quote(text: str, empty: str) -> QLabel:
    label = QLabel(text or empty)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextSelectableByMouse)
    label.setObjectName("quote")
    label.setStyleSheet("#quote { background: #fbfbf5; border-left: 4px solid #6b7b2c; "
                        "padding: 8px 12px; font-size: 11pt; }")
    return label


def _typing() -> bool:
    w = QApplication.focusWidget()
    return isinstance(w, QLineEdit | QPlainTextEdit) and not w.isReadOnly()


class PlanEditor(QWidget):
    saved = Signal()
    lifecycle_changed = Signal()
    agreed = Signal(object)  # the PlanView just agreed, before the record reloads

    def __init__(self, ctx: Ctx, parent: QWidget | None = None, read_only: bool = False):
        super().__init__(parent)
        self.ctx = ctx
        self.can_change = ctx.actor.can_change and not read_only
        self.plan: PlanView | None = None
        self.person: PersonView | None = None
        self.versions: list[PlanSummary] = []
        self.team: list[MemberView] = []
        self.draft: PlanDraft | None = None
        self.cards: list[GoalCard] = []
        self.dialog = None  # the open dialog, so tests and the shell can reach it
        self.panel: QWidget | None = None
        self._first_button: QWidget | None = None
        self.status = SaveStatus()
        # (title block, the panel's layout, the scrolling body's layout) of a written plan.
        self._places: tuple[QWidget, QVBoxLayout, QVBoxLayout] | None = None
        self._compact: bool | None = None
        self._outer = QVBoxLayout(self)
        self._outer.setContentsMargins(0, 0, 0, 0)
        self._outer.setSpacing(0)

        alt, ctrl = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier
        self.keys = LocalKeys(self)
        self.keys.bind(Qt.Key.Key_Up, alt, lambda: self.move_focused(-1))
        self.keys.bind(Qt.Key.Key_Down, alt, lambda: self.move_focused(1))
        self.keys.bind(Qt.Key.Key_G, alt, self.add_goal)
        self.keys.bind(Qt.Key.Key_I, alt, lambda: self.add_action_to_focused(ActionSide.PERSON))
        self.keys.bind(Qt.Key.Key_T, alt, lambda: self.add_action_to_focused(ActionSide.TEAM))
        self.keys.bind(Qt.Key.Key_S, ctrl, self.flush)
        # Escape in a field being typed in stays here; elsewhere it may leave the record.
        self.keys.bind(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier, lambda: None,
                       when=_typing)

    # -- loading ---------------------------------------------------------------------------

    def load(self, person: PersonView, plan: PlanView | None, versions: list[PlanSummary],
             team: list[MemberView], draft: PlanDraft | None) -> None:
        self.person, self.plan, self.versions, self.team, self.draft = (
            person, plan, versions, team, draft)
        self.cards = []
        if self.panel is not None:
            # Detach now, delete later: a signal from inside the old panel may be running.
            self._outer.removeWidget(self.panel)
            self.panel.hide()
            self.panel.setParent(None)
            self.panel.deleteLater()
        self.status = SaveStatus()
        self._places, self._compact = None, None
        if plan is None or not plan.has_content:
            panel = NoPlanPanel(person, plan, self.can_change)
            panel.start.connect(self.start_writing)
            panel.offer.connect(self.record_offer)
            panel.decline.connect(self.record_decline)
        elif plan.status == PlanStatus.DRAFT and draft is not None:
            panel = self._draft_panel(plan, draft)
        else:
            panel = self._fixed_panel(plan)
        if self.panel is not panel:
            self._attach(panel)
        # Shown once it is full: children added to a visible panel would only be queued to
        # show, and their keys would not work until the next turn of the event loop.
        panel.show()
        self.keys.enabled = draft is not None
        self._chain()
        # Where the keyboard lands when the record opens or this tab is chosen.
        first = (self.what_matters if draft is not None else
                 getattr(panel, "buttons", {}).get("start") or self._first_button)
        self.setFocusProxy(first)

    def _attach(self, panel: QWidget) -> None:
        self.panel = panel
        panel.hide()
        self._outer.addWidget(panel)

    def _scrolling(self, header: QWidget) -> tuple[QWidget, QVBoxLayout]:
        """The panel, already in place, and the layout of its scrolling body to fill.

        Filling the body after it is in the window means each new widget takes the
        window's font and palette once, instead of again at every level it is moved into.
        """
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.NoFrame)
        body = QWidget()
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)
        self.scroll = scroll
        self._first_button = next(iter(header.findChildren(QPushButton)), None)
        self._attach(panel)
        holder = QVBoxLayout(body)  # the title block comes in here when short of height
        holder.setContentsMargins(0, 0, 0, 0)
        holder.setSpacing(0)
        content = QWidget()
        holder.addWidget(content, 1)
        body_layout = QVBoxLayout(content)
        body_layout.setContentsMargins(16, 12, 16, 16)
        body_layout.setSpacing(10)
        self._places = (header, layout, holder)
        self._fit_height()
        return panel, body_layout

    @property
    def compact(self) -> bool:
        return bool(self._compact)

    def _fit_height(self) -> None:
        """Short of height (a laptop at 150%), the title block scrolls with the plan and its
        explanation folds to one line, so the plan has the room; the save status stays in
        sight above. Taller, the title block stays put above the scrolling plan."""
        if self._places is None:
            return
        compact = 0 < self.height() < COMPACT_BELOW
        if compact == self._compact:
            return
        self._compact = compact
        header, panel_layout, body_layout = self._places
        saying = not self.status.isHidden()  # moving it to another parent hides it
        for place in (panel_layout, body_layout, header.layout()):
            place.removeWidget(header)
            place.removeWidget(self.status)
        if compact:
            body_layout.insertWidget(0, header)
            panel_layout.insertWidget(0, self.status)
        else:
            panel_layout.insertWidget(0, header)
            header.layout().addWidget(self.status)
        header.show()
        self.status.setVisible(saying)
        header.findChild(Explanation).set_compact(compact)

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().resizeEvent(event)
        self._fit_height()

    def _header(self, title: str, text: str, buttons: list[QWidget],
                tag: QWidget | None = None) -> QWidget:
        header = QFrame()
        header.setObjectName("planHeader")
        header.setStyleSheet("#planHeader { background: #ffffff; border-bottom: 1px solid "
                             "#d5dbe0; }")
        layout = QVBoxLayout(header)
        layout.setContentsMargins(16, 8, 16, 8)
        layout.setSpacing(4)
        # The title, its tag and the buttons share a line while there is room, and the
        # buttons wrap under the title when there is not (a laptop at 150%).
        top = FlowLayout(spacing=8)
        name = forms.heading(title, 1.3)
        name.setWordWrap(False)  # a title that wraps pushes its tag into a tall box
        top.addWidget(name)
        if tag is not None:
            top.addWidget(tag)
        if buttons:
            gap = QWidget()
            gap.setFixedWidth(8)
            top.addWidget(gap)
        for b in buttons:
            top.addWidget(b)
        layout.addLayout(top)
        self.explanation = Explanation(text)
        layout.addWidget(self.explanation)
        layout.addWidget(self.status)  # takes a line only while it has something to say
        return header

    def _compare_button(self) -> QWidget | None:
        with_content = [v for v in self.versions
                        if v.status not in (PlanStatus.OFFERED, PlanStatus.DECLINED)]
        if len(with_content) < 2:
            return None
        b = forms.button("&Compare versions…", "Show what changed between two versions "
                         "(Alt+C)")
        b.clicked.connect(self.open_compare)
        return b

    # -- the draft -------------------------------------------------------------------------

    def _draft_panel(self, plan: PlanView, draft: PlanDraft) -> QWidget:
        name = self.person.preferred_name or self.person.given_name
        self.agree_button = forms.button("&Agree the plan…", "Record that the person and the "
                                         "lead professional have agreed this plan (Alt+A)",
                                         edits=True)
        self.agree_button.clicked.connect(self.open_agree)
        self.agree_button.setStyleSheet(forms.PRIMARY)
        buttons = [self.agree_button]
        compare = self._compare_button()
        if compare:
            buttons.append(compare)
        self.compare_button = compare
        if plan.previous_id:
            text = (f"This is a review. Version {plan.number - 1} stays in force until this "
                    f"version is agreed. Change what needs changing with {name}; everything "
                    "saves as you type.")
        else:
            text = (f"Write the plan with {name}, in their words. Everything saves as you "
                    "type. When you have both agreed it, press Agree the plan.")
        header = self._header(f"Care plan, version {plan.number}: draft", text, buttons)
        self.status.follow(draft.saver)
        draft.saved.connect(self._content_saved)

        panel, layout = self._scrolling(header)
        title = forms.heading("What matters to me")
        layout.addWidget(title)
        layout.addWidget(forms.hint(f"Ask {name}: what matters to you? Write their answer in "
                                    "their own words. It comes first, above any diagnosis."))
        self.what_matters = forms.text_box("What matters to me", 5, "In their words, for "
                                           "example: Getting to church on Sundays and seeing "
                                           "my grandchildren.", plan.content.what_matters)
        title.setBuddy(self.what_matters)
        layout.addWidget(self.what_matters)
        draft.register("what_matters", self.what_matters)

        layout.addWidget(forms.heading("My goals"))
        self.goals_box = QVBoxLayout()
        self.goals_box.setSpacing(12)
        layout.addLayout(self.goals_box)
        self.empty_goals = forms.hint(_EMPTY_GOALS)
        self.goals_box.addWidget(self.empty_goals)
        for goal in plan.goals:
            self._add_card(goal)
        self.add_goal_button = forms.button("+ Add a goal (Alt+G)", "Add a goal in the "
                                            "person's own words", "Add a goal", edits=True)
        self.add_goal_button.clicked.connect(self.add_goal)
        row = QHBoxLayout()
        row.addWidget(self.add_goal_button)
        row.addStretch(1)
        layout.addLayout(row)

        layout.addWidget(self._self_care_group(plan, draft))
        review = QHBoxLayout()
        self.review_months = QSpinBox()
        self.review_months.setRange(1, 24)
        self.review_months.setValue(plan.content.review_months)
        self.review_months.setSuffix(" months")
        label = forms.label_for("Re&view the plan every", self.review_months,
                                "Review the plan every so many months")
        review.addWidget(label)
        review.addWidget(self.review_months)
        note = forms.hint("(six months, unless the person needs reviewing sooner)")
        review.addWidget(note, 1)  # wraps in a narrow window rather than widen the plan
        layout.addLayout(review)
        draft.register("review_months", self.review_months)
        layout.addStretch(1)
        self._update_empty()
        return panel

    def _self_care_group(self, plan: PlanView, draft: PlanDraft | None) -> QGroupBox:
        group = QGroupBox("Looking after myself")
        grid = QGridLayout(group)
        grid.setColumnStretch(1, 1)
        self.self_care = {}
        for row, (name, label, placeholder) in enumerate(_SELF_CARE):
            value = getattr(plan.content, name)
            if draft is not None:
                box = forms.text_box(label.replace("&", ""), 2, placeholder, value)
                draft.register(name, box)
                self.self_care[name] = box
            else:
                box = QLabel(value or "Nothing written.")
                box.setWordWrap(True)
                box.setTextInteractionFlags(Qt.TextSelectableByMouse)
            grid.addWidget(forms.label_for(label.replace("&", "") if draft is None else label,
                                           box, label.replace("&", "")), row, 0, Qt.AlignTop)
            grid.addWidget(box, row, 1)
        return group

    def _content_saved(self, plan: PlanView) -> None:
        self.plan = plan
        self.saved.emit()

    def _add_card(self, goal=None) -> GoalCard:
        mode = "draft" if self.draft is not None else (
            "progress" if self.can_change and self.plan.status in (
                PlanStatus.AGREED, PlanStatus.UNDER_REVIEW) else "read")
        card = GoalCard(self.ctx, self.plan.id, goal, mode, self.person, self.team,
                        len(self.cards) + 1)
        card.move_requested.connect(self.move_goal)
        card.remove_requested.connect(self.remove_goal)
        card.rate_requested.connect(self.open_rate)
        card.saved.connect(self._card_saved)
        card.failed.connect(self.status.show_failed)
        card.layout_changed.connect(self._chain)
        self.cards.append(card)
        self.goals_box.addWidget(card)
        card.show()
        return card

    def _card_saved(self, text: str) -> None:
        self.status.show_saved(text)
        self.saved.emit()

    def _update_empty(self) -> None:
        self.empty_goals.setVisible(not self.cards)

    def _renumber(self) -> None:
        for i, card in enumerate(self.cards, start=1):
            card.set_number(i)

    def add_goal(self) -> GoalCard | None:
        blank = next((c for c in self.cards if c.goal is None
                      and not c.words.toPlainText().strip()), None)
        if blank is not None:
            blank.words.setFocus()
            return blank
        card = self._add_card()
        self._update_empty()
        self._chain()
        card.words.setFocus()
        scroll = self.scroll
        QTimer.singleShot(0, card, lambda: scroll.ensureWidgetVisible(card))
        return card

    def move_goal(self, card: GoalCard, delta: int) -> None:
        index = self.cards.index(card)
        target = index + delta
        if not 0 <= target < len(self.cards):
            where = "first" if delta < 0 else "last"
            self.status.show_idle(f"Goal {card.number} is already the {where} goal.")
            return
        if not card.flush() or card.goal is None or self.cards[target].goal is None:
            self.status.show_failed("Write the new goal in the person's words before moving "
                                    "goals around it.")
            return
        try:
            goals.move_goal(self.ctx, card.goal.id, delta)
        except CareCoordError as exc:
            self.status.show_failed(str(exc))
            return
        focus = QApplication.focusWidget()
        self.cards.insert(target, self.cards.pop(index))
        self.goals_box.removeWidget(card)
        self.goals_box.insertWidget(target + 1, card)  # the empty-state hint is item 0
        self._renumber()
        self._chain()
        if focus is not None:
            focus.setFocus()
        self.scroll.ensureWidgetVisible(card)
        self.status.show_saved(f"Goal moved; order saved at {forms.now_hm()}")
        self.saved.emit()

    def remove_goal(self, card: GoalCard) -> None:
        if card.goal is not None:
            if not forms.confirm(self, "Remove this goal?",
                                 f"Remove goal {card.number}, “{card.goal.person_words}”, and "
                                 "its actions from the draft? They stay in the history.",
                                 "Remove the goal"):
                return
            try:
                goals.retire_goal(self.ctx, card.goal.id)
            except CareCoordError as exc:
                self.status.show_failed(str(exc))
                return
        card.saver.dirty = False
        self.cards.remove(card)
        self.goals_box.removeWidget(card)
        card.deleteLater()
        self._renumber()
        self._update_empty()
        self._chain()
        self.add_goal_button.setFocus()
        self.status.show_saved(f"Goal removed at {forms.now_hm()}")
        self.saved.emit()

    # -- keyboard --------------------------------------------------------------------------

    def _focused(self) -> tuple[GoalCard | None, ActionRow | None]:
        w = QApplication.focusWidget()
        row = None
        while w is not None:
            if isinstance(w, ActionRow) and row is None:
                row = w
            if isinstance(w, GoalCard):
                return w, row
            w = w.parentWidget()
        return None, None

    def move_focused(self, delta: int) -> None:
        card, row = self._focused()
        if row is not None:
            card.move_action(row, delta)
        elif card is not None:
            self.move_goal(card, delta)

    def add_action_to_focused(self, side: ActionSide) -> None:
        card, _row = self._focused()
        card = card or (self.cards[-1] if self.cards else None)
        if card is None:
            self.status.show_failed("Add a goal first (Alt+G); actions belong to a goal.")
            return
        card.add_action(side)

    def _chain(self) -> None:
        """Tab order follows the page from top to bottom, even after goals are moved."""
        if self.panel is None or not self.cards and self.draft is None:
            return
        order: list[QWidget] = []
        if self.draft is not None:
            order.append(self.agree_button)
            if self.compare_button:
                order.append(self.compare_button)
            order.append(self.what_matters)
        for card in self.cards:
            order += card.focus_widgets()
        if self.draft is not None:
            order.append(self.add_goal_button)
            order += list(self.self_care.values())
            order.append(self.review_months)
        for a, b in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(a, b)

    # -- saving ----------------------------------------------------------------------------

    def flush(self) -> bool:
        ok = True
        if self.draft is not None:
            ok = self.draft.flush()
        for card in self.cards:
            ok = card.flush() and ok
        return ok

    def first_problem(self) -> tuple[str, QWidget] | None:
        for card in self.cards:
            message = card.unsaved_problem()
            if message:
                return f"Goal {card.number}: {message}", card.first_field() or card
        if self.draft is not None and self.draft.saver.problem and self.draft.saver.dirty:
            return self.draft.saver.problem, self.what_matters
        return None

    # -- the agreed (or read-only) plan ------------------------------------------------------

    def _fixed_panel(self, plan: PlanView) -> QWidget:
        buttons: list[QWidget] = []
        agreed = plan.status in (PlanStatus.AGREED, PlanStatus.UNDER_REVIEW)
        if self.can_change and plan.status == PlanStatus.AGREED:
            review = forms.button("Start a &review", "Start the next version of the plan, "
                                  "copied from this one (Alt+R)", edits=True)
            review.clicked.connect(self.start_review)
            buttons.append(review)
            self.review_button = review
        if self.can_change and agreed:
            when = forms.button("Set next review da&te…", "Change when the plan will next be "
                                "reviewed, without a new version (Alt+T)", edits=True)
            when.clicked.connect(self.open_review_date)
            buttons.append(when)
        compare = self._compare_button()
        if compare:
            buttons.append(compare)
        self.compare_button = compare
        if agreed:
            method = plan.agreement_method.label.lower() if plan.agreement_method else ""
            text = (f"Agreed by {plan.person_agreed_by} ({method}) on "
                    f"{forms.long_date(plan.person_agreed_on)}, and by "
                    f"{plan.lead_professional_name}, lead professional, on "
                    f"{forms.long_date(plan.lead_agreed_on)}. Next review: "
                    f"{forms.long_date(plan.review_date)}. This version is read-only: "
                    "goal progress and ratings can still be recorded.")
            title = f"Care plan, version {plan.number}: agreed {forms.long_date(plan.agreed_on)}"
            if plan.status == PlanStatus.UNDER_REVIEW:
                title = f"Care plan, version {plan.number}: in force, under review"
            if not self.can_change:
                text = text.replace("goal progress and ratings can still be recorded",
                                    "nothing can be changed here")
        else:
            title = f"Care plan, version {plan.number}: {plan.status.label.lower()}"
            text = "Your role can read this plan but not change it."
            if plan.status == PlanStatus.SUPERSEDED:
                text = (f"Agreed on {forms.long_date(plan.agreed_on)} and replaced by a later "
                        f"version on {forms.long_date(plan.superseded_on)}. It is kept so it "
                        "can be read and printed.")
        tag = forms.chip("Read-only", forms.GREY_BG, forms.GREY_FG,
                         "This version is read-only")
        header = self._header(title, text, buttons, tag)

        panel, layout = self._scrolling(header)
        layout.addWidget(forms.heading("What matters to me"))
        self.what_matters = _quote(plan.content.what_matters, "Not written.")
        self.what_matters.setAccessibleName("What matters to me")
        layout.addWidget(self.what_matters)
        layout.addWidget(forms.heading("My goals"))
        self.goals_box = QVBoxLayout()
        self.goals_box.setSpacing(12)
        layout.addLayout(self.goals_box)
        self.empty_goals = forms.hint("This version has no goals.")
        self.goals_box.addWidget(self.empty_goals)
        for goal in plan.goals:
            self._add_card(goal)
        self._update_empty()
        layout.addWidget(self._self_care_group(plan, None))
        layout.addWidget(forms.hint(f"Reviewed every {plan.content.review_months} months."))
        layout.addStretch(1)
        return panel

    # -- lifecycle -------------------------------------------------------------------------

    def _run(self, call) -> bool:
        try:
            call()
        except CareCoordError as exc:
            self.status.show_failed(str(exc))
            return False
        self.lifecycle_changed.emit()
        return True

    def start_writing(self) -> None:
        self._run(lambda: plans.start_draft(self.ctx, self.person.id))

    def start_review(self) -> None:
        self._run(lambda: plans.start_review(self.ctx, self.plan.id))

    def _open(self, dialog, on_accept) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WA_DeleteOnClose)

        def done(result: int) -> None:
            self.dialog = None
            if result:
                on_accept(dialog)

        dialog.finished.connect(done)
        dialog.open()

    def record_offer(self) -> None:
        name = self.person.preferred_name or self.person.given_name
        self._open(OfferDialog(self.ctx, self.person.id, name, self),
                   lambda _d: self.lifecycle_changed.emit())

    def record_decline(self) -> None:
        name = self.person.preferred_name or self.person.given_name
        self._open(DeclineDialog(self.ctx, self.person.id, name, self),
                   lambda _d: self.lifecycle_changed.emit())

    def open_agree(self) -> None:
        self.flush()
        problem = self.first_problem()
        if problem:
            message, widget = problem
            self.status.show_failed(f"Put this right before agreeing. {message}")
            widget.setFocus()
            return
        if not self.what_matters.toPlainText().strip():
            self.status.show_failed("Write what matters to the person before the plan is "
                                    "agreed.")
            self.what_matters.setFocus()
            return
        self._open(AgreeDialog(self.ctx, self.draft.plan, self.person, self),
                   lambda d: (self.agreed.emit(d.agreed), self.lifecycle_changed.emit()))

    def open_review_date(self) -> None:
        self._open(ReviewDateDialog(self.ctx, self.plan, self),
                   lambda _d: self.lifecycle_changed.emit())

    def open_compare(self) -> None:
        self.flush()
        self._open(CompareDialog(self.ctx, self.versions, self), lambda _d: None)

    def open_rate(self, card: GoalCard) -> None:
        """One goal in the rating dialog that Goal progress uses for all of them, so a rating
        is recorded the same way (at a review or a contact, dated) wherever it is given."""
        if card.goal is None:
            return
        if not rateable([card.goal]):
            self.status.show_failed(f"Goal {card.number} is "
                                    f"{card.goal.lifecycle.label.lower()}, so it is not rated.")
            return
        at_review = self.plan.status == PlanStatus.DRAFT and self.plan.previous_id is not None
        name = self.person.preferred_name or self.person.given_name

        def rated(dialog: RateGoalsDialog) -> None:
            for _goal, rating in dialog.saved:
                card.add_rating(rating)
            self.saved.emit()

        self._open(RateGoalsDialog(self.ctx, [card.goal], at_review, self, name), rated)


