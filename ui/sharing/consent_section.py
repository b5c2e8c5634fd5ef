"""Consent to share, on a person's record (seed 000:532, 003:350): who the person has agreed
may receive their record, what may be shared, when and how they agreed, and when they
withdrew. Every export to a recipient is checked against this list; the person's own copy
needs no consent."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from carecoord.domain.enums import ConsentMethod, RecipientKind
from carecoord.domain.errors import CareCoordError
from carecoord.services import consent, team
from carecoord.services.base import Ctx
from carecoord.services.consent import ConsentInput, ConsentView
from ui.list_section import ListSection
from ui.team import widgets as w

# Four columns, so the list fits a laptop at 150% without scrolling sideways: how consent
# was given is the second line of the date it was given.
COLUMNS = ("Shared with", "What may be shared", "Given", "Status")
STATUS = COLUMNS.index("Status")
SCOPES = ("My care plan and appointments", "My care plan only", "My appointments only",
          "My whole record", "My care plan, appointments and medicines")
HOW = {ConsentMethod.VERBAL: "Verbally", ConsentMethod.WRITTEN: "In writing",
       ConsentMethod.REPRESENTATIVE: "By a representative"}
KIND = {RecipientKind.ORGANISATION: "An organisation", RecipientKind.PERSON: "A person"}
WITHDRAW_NOTES = ("The person changed their mind", "No longer involved in their care",
                  "Recorded in error")


def and_list(items: list[str]) -> str:
    """'A', 'A and B', 'A, B and C'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def how_given(method: ConsentMethod) -> str:
    return HOW.get(method, method.label)


def given_text(c: ConsentView) -> str:
    """'3 February 2026' and, under it, 'in writing'."""
    how = how_given(c.method)
    return f"{w.long_date(c.given_on)}\n{how[:1].lower()}{how[1:]}"


def status_text(c: ConsentView) -> str:
    if c.withdrawn_on is None:
        return "In force"
    note = f": {c.withdrawn_note}" if c.withdrawn_note else ""
    return f"Withdrawn on {w.long_date(c.withdrawn_on)}{note}"


class RecordConsentDialog(w.FormDialog):
    """Record that the person agreed to share their record with one recipient."""

    def __init__(self, ctx: Ctx, person_id: int, who: str, suggestions: dict[str, str],
                 parent: QWidget | None = None):
        super().__init__("Record consent to share",
                         f"Record who {who} has agreed may receive their record, and what. "
                         "Exports to anyone else are refused.", "&Record consent", parent)
        self.ctx, self.person_id = ctx, person_id
        self.suggestions = suggestions  # recipient -> kind, from the care team
        self.recipient = self.row("&Shared with", w.suggestion_combo(
            "Shared with", list(suggestions), "", "the organisation or person's name"),
            "recipient", "Shared with: the organisation or person")
        self.form.addRow("", w.hint("Their full name, as the export will be addressed: for "
                                    "example St Mary's Hospice."))
        self.kind = w.combo("The recipient is")
        for kind, label in KIND.items():
            self.kind.addItem(label, kind.value)
        self.row("The recipient &is", self.kind, "recipient_kind", "The recipient is")
        self.scope = self.row("&What may be shared", w.suggestion_combo(
            "What may be shared", SCOPES, SCOPES[0]), "scope")
        self.given = self.row("&Date given", w.date_edit("Date consent was given",
                                                         ctx.today()), "given_on",
                              "Date consent was given")
        self.method = w.combo("How consent was given")
        for method, label in HOW.items():
            self.method.addItem(label, method.value)
        self.row("&How given", self.method, "method", "How consent was given")
        self.recipient.currentTextChanged.connect(self._guess_kind)
        self.recipient.setFocus()

    def _guess_kind(self, text: str) -> None:
        kind = self.suggestions.get(text)
        if kind is not None:
            self.kind.setCurrentIndex(self.kind.findData(kind))

    def perform(self) -> ConsentView:
        return consent.record_consent(self.ctx, self.person_id, ConsentInput(
            self.recipient.currentText(), self.kind.currentData(), self.scope.currentText(),
            self.given.text(), self.method.currentData()))


class WithdrawConsentDialog(w.FormDialog):
    def __init__(self, ctx: Ctx, item: ConsentView, who: str, parent: QWidget | None = None):
        super().__init__(f"Withdraw consent to share with {item.recipient}",
                         f"From the date below nothing from {who}'s record can be sent to "
                         f"{item.recipient}. The consent stays in the record's history.",
                         "&Withdraw consent", parent)
        self.ctx, self.item = ctx, item
        self.on = self.row("&Date withdrawn", w.date_edit("Date withdrawn", ctx.today()),
                           "withdrawn_on")
        self.note = self.row("&Note", w.suggestion_combo("Note", WITHDRAW_NOTES, "",
                                                         "optional: why, or who told you"),
                             "note")
        self.on.setFocus()
        self.on.selectAll()

    def perform(self) -> ConsentView:
        return consent.withdraw_consent(self.ctx, self.item.id, self.on.text(),
                                        self.note.currentText())


class ConsentSection(ListSection):
    def __init__(self, ctx: Ctx, person_id: int, parent: QWidget | None = None,
                 person_name: str | None = None):
        super().__init__(ctx, person_id, "Consent to share", parent, person_name)
        self.consents: list[ConsentView] = []
        self.summary = self.add(w.flag("", "blue"))
        self.add_button = self.action("&Record consent…", "Record who the person agreed may "
                                      "receive their record (Alt+R)", self.record_consent)
        self.withdraw_button = self.action("&Withdraw…", "The person withdraws the selected "
                                           "consent; it stays in the history (Alt+W)",
                                           self.withdraw)
        self.toolbar(self.add_button, self.withdraw_button)
        self.list_table("Consents to share", COLUMNS, 12).setAlternatingRowColors(False)
        self.add(w.hint(f"{self._who_cap()}'s own copy of their record needs no consent. "
                        "Every file sent is listed in the export log."))
        self.ready()

    def listed(self) -> list[ConsentView]:
        return self.consents

    def _who_cap(self) -> str:
        return self.who[:1].upper() + self.who[1:]

    # -- showing ------------------------------------------------------------------------------

    def refresh(self) -> None:
        try:
            self.consents = consent.consents_for(self.ctx, self.person_id)
        except CareCoordError as exc:
            w.show_problem(self.problem, str(exc))
            self.consents = []
        keep = w.selected_data(self.table)
        current = [c for c in self.consents if c.current]
        ended = [c for c in self.consents if not c.current]
        groups = [(f"In force ({len(current)})", current),
                  (f"Withdrawn ({len(ended)})", ended)]
        groups = [(title, rows) for title, rows in groups if rows]
        t = self.table
        t.clearSpans()
        t.setRowCount(sum(len(rows) + 1 for _t, rows in groups))
        row = 0
        for title, rows in groups:
            w.heading_row(t, row, title)
            row += 1
            for c in rows:
                tones = {STATUS: "green"} if c.current else None
                w.fill_row(t, row, (c.recipient, c.scope, given_text(c), status_text(c)),
                           data=c.id, tones=tones, muted=not c.current)
                row += 1
        w.fit_columns(t)
        t.setVisible(bool(self.consents))
        self._summary(current)
        w.enable_for_rows(self.can_change, bool(current), self.withdraw_button)
        if not w.select_data(t, keep) and current:
            w.select_data(t, current[0].id)

    def _summary(self, current: list[ConsentView]) -> None:
        if current:
            names = and_list([c.recipient for c in current])
            self.summary.setText(f"{self._who_cap()} has agreed to share their record with "
                                 f"{names}.")
            self.summary.setStyleSheet(w.flag_style("green"))
        else:
            self.summary.setText(f"{self._who_cap()} has not agreed to share their record "
                                 "with anyone. Nothing can be sent to another organisation "
                                 "or person until they do.")
            self.summary.setStyleSheet(w.flag_style("amber"))
        self.summary.setAccessibleName(self.summary.text())
        if not self.consents:
            self.empty.setText(f"No consent to share has been recorded. When {self.who} "
                               "agrees to share with someone, press Alt+R to record it.")
        elif not current:
            self.empty.setText(f"Every consent has been withdrawn. Press Alt+R to record new "
                               f"consent if {self.who} agrees again.")
        else:
            self.empty.setText("Choose a consent with the arrow keys; press Alt+W to withdraw "
                               "it if the person changes their mind.")
        self.empty.setVisible(True)

    # -- actions ------------------------------------------------------------------------------

    def _suggestions(self) -> dict[str, str]:
        """Organisations in the person's care team, and earlier recipients."""
        out: dict[str, str] = {}
        try:
            members = team.team_for(self.ctx, self.person_id)
        except CareCoordError:
            members = []
        for m in members:
            if m.professional.organisation:
                out.setdefault(m.professional.organisation, RecipientKind.ORGANISATION.value)
        for c in self.consents:
            out.setdefault(c.recipient, c.recipient_kind.value)
        return dict(sorted(out.items(), key=lambda kv: kv[0].casefold()))

    def record_consent(self) -> None:
        self.open_dialog(RecordConsentDialog(self.ctx, self.person_id, self.who,
                                             self._suggestions(), self))

    def withdraw(self) -> None:
        item = self.selected()
        if item is None:
            self.need_choice("a consent", self.table)
            return
        if item.withdrawn_on is not None:
            w.show_problem(self.problem, f"Consent to share with {item.recipient} was already "
                                         f"withdrawn on {w.long_date(item.withdrawn_on)}.")
            return
        self.open_dialog(WithdrawConsentDialog(self.ctx, item, self.who, self))
