"""Today: my inbox, most pressing first: today's appointments, referrals waiting too long
(two-week waits first), follow-ups after a discharge, tasks, then reviews and plan actions
(today.py decides what is in each; inbox_tree.py shows them). The summary counts each kind,
and only urgent referral waits are red. Enter or a double-click on an item opens the
person's record at the right section.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from carecoord.services import lifestyle, today
from carecoord.services.base import Ctx
from carecoord.services.today import Headline, TodayInbox, TodayItem
from ui import style
from ui.tasks import TaskRunner, message_for
from ui.team import widgets as w
from ui.today.inbox_tree import GROUPS, REFERRAL_TIP, InboxTree


def summary_html(parts: tuple[Headline, ...]) -> str:
    """The parts joined by middle dots, each kept on one line; an urgent one in bold red
    (and its words say so)."""
    red = w.TONES["red"][1]
    words = [escape(p.text).replace(" ", "&nbsp;") for p in parts]
    return " · ".join(f'<b style="color:{red}">{text}</b>' if p.urgent else text
                      for p, text in zip(parts, words, strict=True))


class TodayScreen(QWidget):
    open_person = Signal(int, str)  # person id, record section
    loaded = Signal(object)  # the TodayInbox shown

    def __init__(self, ctx: Ctx, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.runner = runner
        self.inbox: TodayInbox | None = None
        self._busy = False
        outer = QVBoxLayout(self)
        style.page_margins(outer, self)
        top = QHBoxLayout()
        self.title = w.heading("Today", 1)
        top.addWidget(self.title, 1)
        self.refresh_button = w.button("&Refresh", "Read the inbox again (F5 in the caseload)")
        self.refresh_button.clicked.connect(self.refresh)
        top.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(top)
        self.summary = w.note("Reading your inbox…")
        self.summary.setObjectName("todaySummary")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary_text = ""  # the summary as plain words
        outer.addWidget(self.summary)
        self.lifestyle = w.note("")
        self.lifestyle.setObjectName("todayLifestyle")
        outer.addWidget(self.lifestyle)

        self.stack = QStackedWidget(self)
        self.tree = InboxTree(self)
        self.tree.open_item.connect(self._open_data)
        self.empty = style.EmptyState(
            "Nothing due today",
            "", [("Read the inbox again", self.refresh)])
        self.empty.setObjectName("todayEmpty")
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty)
        outer.addWidget(self.stack, 1)
        self.hint = w.hint("Enter (or a double-click) opens an item in the person's record. "
                           "Left and Right fold and unfold a group.")
        outer.addWidget(self.hint)

    # ---- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        if self._busy:
            return
        self._busy = True
        ctx = self.ctx
        me = ctx.actor.professional_id

        def work():
            inbox = today.inbox(ctx)
            cover = lifestyle.lifestyle_check_coverage(ctx, me) if me is not None else None
            return inbox, cover

        self.runner.run(work, self._arrived, self._failed, label="Reading your inbox…",
                        parent=self)

    def _failed(self, error: Exception) -> None:
        self._busy = False
        self.summary_text = "Your inbox could not be read: " + message_for(error)
        self.summary.setText(escape(self.summary_text))
        self.summary.setAccessibleName(self.summary_text)

    def _arrived(self, result) -> None:
        self._busy = False
        inbox, cover = result
        self.show_inbox(inbox, cover)

    # ---- showing --------------------------------------------------------------------------

    def show_inbox(self, inbox: TodayInbox, cover=None) -> None:
        # A refresh must not drop the keyboard: it stays on the list, or the empty screen.
        had_focus = self._has_focus()
        try:
            self._show_inbox(inbox, cover)
        finally:
            if had_focus and not self._has_focus():
                self.focus_list()

    def _has_focus(self) -> bool:
        focus = QApplication.focusWidget()
        return focus is not None and self.isAncestorOf(focus)

    def _show_inbox(self, inbox: TodayInbox, cover=None) -> None:
        self.inbox = inbox
        self.title.setText(f"Today, {inbox.today:%A} {w.long_date(inbox.today)}")
        if cover is not None and cover.people:
            share = round(cover.checked * 100 / cover.people)
            self.lifestyle.setText(
                f"Lifestyle checks: {cover.checked:,} of the {cover.people:,} people you lead "
                f"({share}%) had one since {w.long_date(cover.since)}.")
        self.lifestyle.setVisible(cover is not None and bool(cover.people))
        if inbox.professional_id is None:
            self._set_summary(())
            self.empty.title.setText("No inbox for this user")
            self.empty.set_body("Your user is not linked to a professional in the directory, "
                                "so nothing can be due for you. Ask an administrator to link "
                                "it.")
            self.stack.setCurrentWidget(self.empty)
            self.hint.hide()
            return
        if inbox.is_empty:
            self._set_summary(())
            self.empty.title.setText("Nothing due today")
            self.empty.set_body(
                "Checked just now: " + " ".join(g.empty for g in GROUPS)
                + " New items appear here as they fall due.")
            self.stack.setCurrentWidget(self.empty)
            self.hint.hide()
            self.loaded.emit(inbox)
            return
        self.tree.fill(inbox)
        self._set_summary(inbox.headline)
        self.stack.setCurrentWidget(self.tree)
        self.hint.show()
        self.loaded.emit(inbox)

    def _set_summary(self, parts: tuple[Headline, ...]) -> None:
        self.summary_text = " · ".join(p.text for p in parts)
        self.summary.setText(summary_html(parts))
        self.summary.setAccessibleName(self.summary_text)
        urgent = any(p.urgent for p in parts)
        self.summary.setToolTip(REFERRAL_TIP if urgent else "")

    # ---- opening --------------------------------------------------------------------------

    def _open_data(self, item: TodayItem) -> None:
        if item.person_id is not None:
            self.open_person.emit(item.person_id, item.section)

    def focus_list(self) -> None:
        """Put the keyboard on the inbox's current item (the first, if none is), or on the
        empty screen's button when there is nothing to list."""
        if self.stack.currentWidget() is self.tree:
            if self.tree.currentItem() is None and self.tree.topLevelItemCount():
                self.tree.setCurrentItem(self.tree.first_item())
            self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.empty.buttons:
            self.empty.buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)
