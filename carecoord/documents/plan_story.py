"""The plan's content as Platypus flowables, section by section, in PRODUCT.md's order.

One builder serves all three layouts: standard uses tables where they help; large print and
easy read stack everything in one column; easy read adds a symbol to each section and
puts one idea on each line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Indenter,
    KeepTogether,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as _Table

from carecoord.documents import wording as say
from carecoord.documents.flowables import CutLine, WritingLines
from carecoord.documents.fonts import TextPrep, fonts
from carecoord.documents.keep_headings import keep_headings
from carecoord.documents.paragraph import Paragraph
from carecoord.documents.plan_data import ActionEntry, GoalEntry, PlanDocument, TeamEntry
from carecoord.documents.progress_chart import chart_width, ratings_chart
from carecoord.documents.styles import (
    AMBER,
    BLUE,
    DARK_AMBER,
    GREEN,
    MUTED,
    PAGE,
    PALE_AMBER,
    PALE_BLUE,
    PALE_GREEN,
    PALE_GREY,
    PALE_RED,
    RED,
    RULE,
    Layout,
    look,
    styles,
)
from carecoord.documents.symbols import symbol
from carecoord.domain.enums import ActionSide, ActionStatus, OwnerKind, cohort_label

# The patient copy's sections, in order. Tests and the preview rely on these titles.
SECTIONS = (
    ("what_matters", "What matters to me", "heart"),
    ("goals", "My goals", "flag"),
    ("team", "My care team", "people"),
    ("appointments", "My appointments", "calendar"),
    ("what_if", "What to do if…", "traffic_light"),
    ("self_care", "Looking after myself", "house"),
    ("planning", "Planning ahead", "signpost"),
    ("carers", "My carers and people who support me", "carers"),
    ("about", "About this plan", "clipboard"),
)
SLIP_TITLE = "Tell us if anything here is wrong"
NOTHING_YET = "Nothing written here yet."


class Table(_Table):
    """A Table whose cells are drawn in our font. reportlab's default cell font is Helvetica,
    which would be referenced (and not embedded) even when every cell holds a Paragraph."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts().regular)]))


class PlanStory:
    def __init__(self, doc: PlanDocument, layout: Layout, professional: bool, prep: TextPrep):
        self.d = doc
        self.layout = Layout(layout)
        self.lk = look(layout)
        self.st = styles(self.layout)
        self.pro = professional
        self.prep = prep

    # -- small helpers -------------------------------------------------------------------
    def t(self, text: str | None) -> str:
        return self.prep.markup(text)

    def p(self, text: str | None, style: str = "body", ltr: bool = False) -> Paragraph:
        """One piece of text: it reads right to left if it starts with a right-to-left
        letter (someone's words in Urdu), unless `ltr` says it is one of our sentences
        that happens to start with a name."""
        return Paragraph(self.t(text), self.st[style], ltr=ltr)

    def pm(self, markup: str, style: str = "body", ltr: bool = True) -> Paragraph:
        """Markup of ours with values put in: an English sentence, read left to right
        whatever the values are, unless `ltr` is False (a value alone, in bold)."""
        return Paragraph(markup, self.st[style], ltr=ltr)

    def labelled(self, label: str, value: str | None, style: str = "body") -> Paragraph:
        """'<b>Label:</b> value' — the label is ours, the value is escaped."""
        return self.pm(f"<b>{label}</b> {self.t(value)}", style)

    def text_block(self, text: str | None, style: str = "body",
                   empty: str = NOTHING_YET) -> list[Flowable]:
        if not (text or "").strip():
            return [self.p(empty, "muted")]
        if self.lk.one_idea_per_line:
            return [self.p(idea, style) for idea in say.ideas(text)]
        paragraphs = [chunk.strip() for chunk in text.split("\n\n") if chunk.strip()]
        return [self.p(chunk, style) for chunk in paragraphs]

    def bullets(self, items: Iterable[str]) -> list[Flowable]:
        return [Paragraph(self.t(item), self.st["bullet"], bulletText="•") for item in items]

    def indent(self, flowables: Sequence[Flowable]) -> list[Flowable]:
        """Easy read hangs text in a column to the right of the section's symbol."""
        if self.layout != Layout.EASY_READ:
            return list(flowables)
        pad = self.lk.symbol_size + self.lk.gap
        return [Indenter(left=pad), *flowables, Indenter(left=-pad)]

    def heading(self, title: str, symbol_name: str | None,
                first: Flowable | None = None) -> list[Flowable]:
        """A section heading that starts a new page rather than sit alone at the bottom.

        A conditional page break is used instead of keep-with-next, which would carry a long
        first block (a whole page of what matters) over with it and leave a blank page. When
        the section opens with a block that cannot split (a 'what to do if' box), the room
        reserved includes that block, as long as it takes less than half a page."""
        lk = self.lk
        room = max(lk.h2 * 1.3, lk.symbol_size) + lk.gap * 2 + lk.leading * 3
        if isinstance(first, KeepTogether):
            page = PAGE[1] - lk.margin_top - lk.margin_bottom
            height = sum(f.wrap(self.column, page)[1] + f.getSpaceBefore() + f.getSpaceAfter()
                         for f in first._content)
            if height < page / 2:
                room = max(room, max(lk.h2 * 1.3, lk.symbol_size) + lk.gap * 2 + height)
        return [CondPageBreak(room), self._heading(title, symbol_name)]

    def _heading(self, title: str, symbol_name: str | None) -> Flowable:
        lk = self.lk
        heading = self.p(title, "h2")
        if self.layout == Layout.EASY_READ and not symbol_name:
            # No symbol, but the title lines up with the others, beside an empty space.
            symbol_name = "blank"
        if not (lk.symbols and symbol_name):
            rule = Table([[heading]], colWidths=[lk.frame_width])
            rule.setStyle(TableStyle([
                ("LINEABOVE", (0, 0), (-1, 0), 2.5, BLUE),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), lk.gap * 0.4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), lk.gap * 0.5)]))
            rule.spaceBefore = lk.gap * 1.5
            rule.is_heading = True
            return rule
        size = lk.symbol_size
        icon = Spacer(size, size) if symbol_name == "blank" else symbol(symbol_name, size)
        t = Table([[icon, heading]], colWidths=[size + lk.gap, lk.frame_width - size - lk.gap])
        t.setStyle(TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            *([("LINEABOVE", (0, 0), (-1, 0), 2.5, BLUE)] if self.layout == Layout.STANDARD
              else []),
            ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), lk.gap * 0.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), lk.gap * 0.3)]))
        t.spaceBefore = lk.gap * 1.5
        t.is_heading = True
        return t

    def section(self, key: str, body: list[Flowable], indent: bool = True) -> list[Flowable]:
        _, title, icon = next(s for s in SECTIONS if s[0] == key)
        return [*self.heading(title, icon, body[0] if body else None),
                *(self.indent(body) if indent else body)]

    @property
    def column(self) -> float:
        """The width of a section's text: narrower in easy read, beside the symbol."""
        if self.layout == Layout.EASY_READ:
            return self.lk.frame_width - self.lk.symbol_size - self.lk.gap
        return self.lk.frame_width

    def box(self, rows: list[list[Flowable]], bar, background,
            width: float | None = None) -> Table:
        """A tinted box with a thick coloured bar on the left; it may split across pages."""
        pad = self.lk.gap * 0.8
        width = width or self.column
        t = Table([[r] for r in rows], colWidths=[width], splitInRow=1)
        t.setStyle(TableStyle([
            ("BACKGROUND", (0, 0), (-1, -1), background),
            ("LINEBEFORE", (0, 0), (0, -1), 6, bar),
            ("LEFTPADDING", (0, 0), (-1, -1), pad + 4), ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad * 0.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.5),
            ("TOPPADDING", (0, 0), (-1, 0), pad), ("BOTTOMPADDING", (0, -1), (-1, -1), pad)]))
        t.spaceAfter = self.lk.gap
        return t

    def grid(self, headers: Sequence[str], rows: Sequence[Sequence[str]],
             widths: Sequence[float], ltr_columns: Sequence[int] = ()) -> list[Flowable]:
        """A table in standard print; label-and-value lines elsewhere. Cells in
        `ltr_columns` hold words of ours after a value, so read left to right."""
        if not rows:
            return [self.p("None recorded.", "muted")]
        if self.lk.tables:
            data = [[self.p(h, "cell_bold") for h in headers]]
            data += [[self.p(v, "cell", ltr=i in ltr_columns) for i, v in enumerate(row)]
                     for row in rows]
            t = Table(data, colWidths=[w * self.lk.frame_width for w in widths], repeatRows=1,
                      splitInRow=1)
            t.setStyle(TableStyle([
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), PALE_BLUE),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
            t.spaceAfter = self.lk.gap
            return [t]
        out: list[Flowable] = []
        for row in rows:
            block = [self.labelled(f"{h}:", v, "cell")
                     for h, v in zip(headers, row, strict=True) if v]
            out.append(KeepTogether(block + [Spacer(1, self.lk.gap * 0.6)]))
        return out

    # -- the document --------------------------------------------------------------------
    def build(self) -> list[Flowable]:
        story = self.title_block()
        if self.d.alerts and (self.pro or self.d.alerts_on_patient_copy):
            story += self.alerts()
        story += self.section("what_matters", self.what_matters())
        story += self.section("goals", self.goals())
        story += self.section("team", self.team())
        story += self.section("appointments", self.appointments())
        if self.layout == Layout.EASY_READ:
            # Each box carries its own traffic light, lit at its colour, in the symbol column.
            boxes = self.what_if()
            story += [*self.heading("What to do if…", None, boxes[0]), *boxes]
        else:
            story += self.section("what_if", self.what_if())
        story += self.section("self_care", self.self_care())
        story += self.section("planning", self.planning())
        story += self.section("carers", self.carers())
        story += self.section("about", self.about())
        if self.pro:
            story += self.professional()
        if self.prep.unprintable:
            story.append(self.p(
                f"Some letters in this plan could not be printed with the fonts on this "
                f"computer. They are shown as {self.prep.fonts.marker}.", "muted"))
        if not self.pro:
            story += self.slip()
        page = PAGE[1] - self.lk.margin_top - self.lk.margin_bottom
        return keep_headings(story, self.lk.frame_width, page, self.lk.leading,
                             self.is_heading)

    def is_heading(self, f: Flowable) -> bool:
        return getattr(f, "is_heading", False) or (
            isinstance(f, Paragraph) and f.style in (self.st["h2"], self.st["h3"],
                                                     self.st["goal"]))

    def title_block(self) -> list[Flowable]:
        d = self.d
        title = "Care plan: professional copy" if self.pro else "My care plan"
        name = d.name + (f" (known as {d.preferred_name})" if d.preferred_name else "")
        out: list[Flowable] = [self.p(title, "title"), self.p(name, "goal", ltr=True)]
        out.append(self.labelled("NHS number:", d.nhs_formatted))
        out.append(self.labelled("Date of birth:", say.day(d.date_of_birth)))
        state = say.plan_state(d.status, d.superseded_on)
        if state:
            out.append(self.p(state, "status"))
        lead = d.lead
        if lead:
            rows = [[self.pm(f"<b>My main contact is {self.t(lead.name)}</b>"
                             f"{', ' + self.t(lead.role) if lead.role else ''}.", "box")]]
            if lead.phone:
                rows.append([self.labelled("Phone:", lead.phone, "box")])
            if lead.out_of_hours or d.content.out_of_hours_contact:
                rows.append([self.labelled(
                    "When they are not working:",
                    d.content.out_of_hours_contact or lead.out_of_hours, "box")])
            out.append(Spacer(1, self.lk.gap * 0.5))
            out.append(self.box(rows, BLUE, PALE_BLUE, self.lk.frame_width))
        return out

    def alerts(self) -> list[Flowable]:
        title = "Alerts" if self.pro else "Important notes for staff"
        rows: list[list[Flowable]] = [[self.p(title, "box_title")]]
        for a in self.d.alerts:
            rows.append([self.pm(f"<b>{self.t(a.kind.label)}:</b> {self.t(a.text)} "
                                 f"<font color='#4C6272'>(since {say.day(a.raised_on)})</font>",
                                 "box")])
        return [Spacer(1, self.lk.gap), self.box(rows, RED, PALE_RED, self.lk.frame_width)]

    def what_matters(self) -> list[Flowable]:
        text = self.d.content.what_matters
        if not text.strip() or self.lk.one_idea_per_line:
            return self.text_block(text)
        return [self.box([[f] for f in self.text_block(text, "box")], BLUE, PALE_BLUE)]

    # -- goals ---------------------------------------------------------------------------
    def goals(self) -> list[Flowable]:
        goals = self.d.goals
        if not goals:
            return [self.p("No goals written yet.", "muted")]
        out: list[Flowable] = []
        for number, g in enumerate(goals, start=1):
            out += self.goal(number, g)
        return out

    def goal(self, number: int, g: GoalEntry) -> list[Flowable]:
        head = self.pm(f"Goal {number}: {self.t(g.words)}", "goal")
        out: list[Flowable] = [CondPageBreak(self.lk.h3 * 1.4 + self.lk.leading * 4), head]
        status = say.goal_status(g.lifecycle, g.achievement)
        if self.lk.one_idea_per_line:
            out.append(self.labelled("How it is going:", status))
            if g.target_from or g.target_to:
                out.append(self.labelled("When:", say.window(g.target_from, g.target_to)))
        else:
            when = (f" <b>When:</b> {say.window(g.target_from, g.target_to)}."
                    if g.target_from or g.target_to else "")
            out.append(self.pm(f"<b>How it is going:</b> {self.t(status)}.{when}"))
        if self.pro:
            out.append(self.p(f"Area: {g.domain.label}. Status: {g.lifecycle.label}; "
                              f"{g.achievement.label.lower()}.", "muted"))
        for side, title in ((ActionSide.PERSON, "What I will do"),
                            (ActionSide.TEAM, "What my team will do")):
            actions = [a for a in g.side(side)
                       if self.pro or a.status != ActionStatus.CANCELLED]
            out.append(self.p(title, "h3"))
            out += self.actions(actions)
        if g.ratings:
            out += self.chart(g)
        return out

    def _who(self, a: ActionEntry) -> str:
        if a.owner_kind == OwnerKind.PERSON and a.side == ActionSide.PERSON:
            return "Me"
        return a.owner_name

    def actions(self, actions: list[ActionEntry]) -> list[Flowable]:
        if not actions:
            return [self.p("Nothing yet.", "muted")]
        lk = self.lk
        if lk.tables:
            rows = [[a.description, self._who(a), say.window(a.due_from, a.due_to),
                     say.action_status(a.status, a.completed_on)] for a in actions]
            return self.grid(("What", "Who", "When", "How it is going"), rows,
                             (0.46, 0.2, 0.2, 0.14))
        out: list[Flowable] = []
        for a in actions:
            if lk.one_idea_per_line:
                lines = [self.pm(f"<b>{self.t(a.description)}</b>", "body", ltr=False),
                         self.labelled("Who:", self._who(a)),
                         self.labelled("When:", say.window(a.due_from, a.due_to)),
                         self.labelled("How it is going:",
                                       say.action_status(a.status, a.completed_on))]
                out.append(KeepTogether(lines + [Spacer(1, lk.gap * 0.5)]))
            else:
                out.append(Paragraph(self.t(a.description), self.st["bullet"], bulletText="•"))
                out.append(self.pm(
                    f"<b>Who:</b> {self.t(self._who(a))}. "
                    f"<b>When:</b> {say.window(a.due_from, a.due_to)}. "
                    f"{say.action_status(a.status, a.completed_on)}.", "bullet"))
        return out

    def chart(self, g: GoalEntry) -> list[Flowable]:
        lk = self.lk
        width = self.column
        size = max(lk.small, lk.body * 0.8) if self.layout != Layout.STANDARD else 10
        drawing = ratings_chart(g.ratings, chart_width(len(g.ratings), size, width), size,
                                most=8 if lk.tables else 5)
        drawing.hAlign = "LEFT"
        caption = self.p("How I rated my progress (0 is not at all, 10 is fully there)", "label")
        # One unsplittable cell keeps the caption with its chart.
        together = Table([[[caption, drawing]]], colWidths=[width])
        together.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0),
                                      ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                      ("TOPPADDING", (0, 0), (-1, -1), lk.gap * 0.4),
                                      ("BOTTOMPADDING", (0, 0), (-1, -1), lk.gap * 0.4)]))
        return [together]

    # -- team, appointments ----------------------------------------------------------------
    def _member_lines(self, m: TeamEntry) -> list[str]:
        org = f", {m.organisation}" if m.organisation else ""
        lines = [f"{m.role}{org}"]
        if m.phone:
            lines.append(f"Phone: {m.phone}")
        if m.email:
            lines.append(f"Email: {m.email}")
        if m.out_of_hours and m.is_lead:
            lines.append(f"When they are not working: {m.out_of_hours}")
        if m.as_required:
            lines.append("Helps when needed")
        return lines

    def team(self) -> list[Flowable]:
        d, lk = self.d, self.lk
        out: list[Flowable] = []
        lead = d.lead
        if lead:
            out.append(self.pm(f"<b>{self.t(lead.name)}</b> is my main contact (my lead "
                               "professional). Contact them first."))
        else:
            out.append(self.p("No main contact has been named yet. Ask your care team who "
                              "to contact first."))
        if not d.team:
            return out + [self.p("No one has been added to my care team yet.", "muted")]
        if lk.tables:
            rows = []
            for m in d.team:
                who = m.name + (" (main contact)" if m.is_lead else "")
                contact = "\n".join(x for x in (m.phone, m.email) if x)
                role = m.role + (f", {m.organisation}" if m.organisation else "")
                if m.as_required:
                    role += "\nHelps when needed"
                rows.append([who, role, contact])
            out += self.grid(("Name", "Role", "How to reach them"), rows, (0.28, 0.4, 0.32),
                             ltr_columns=(0,))
            if lead and lead.out_of_hours:
                out.append(self.labelled("When my main contact is not working:",
                                         lead.out_of_hours))
            return out
        for m in d.team:
            name = self.t(m.name) + (" <b>(main contact)</b>" if m.is_lead else "")
            block = [self.pm(f"<b>{name}</b>", "label")]
            block += [self.p(line, "cell") for line in self._member_lines(m)]
            out.append(KeepTogether(block + [Spacer(1, lk.gap)]))
        return out

    def appointments(self) -> list[Flowable]:
        d, lk = self.d, self.lk
        out: list[Flowable] = []
        if not d.appointments:
            out.append(self.p("No appointments are booked at the moment.", "muted"))
        elif lk.tables:
            rows = []
            for a in d.appointments:
                when = f"{say.weekday(a.starts_at.date())}\n{say.time_of_day(a.starts_at)}"
                what = say.appointment_kind(a.mode, a.place, a.with_name)
                extra = [a.purpose] + [f"Transport: {a.transport_needs}"] * bool(
                    a.transport_needs) + [f"Access: {a.access_needs}"] * bool(a.access_needs)
                rows.append([when, what, "\n".join(x for x in extra if x)])
            out += self.grid(("When", "What", "What it is for"), rows, (0.28, 0.34, 0.38))
        else:
            for a in d.appointments:
                block = [self.pm(f"<b>{say.weekday(a.starts_at.date())}, "
                                 f"{say.time_of_day(a.starts_at)}</b>", "label"),
                         self.p(say.appointment_kind(a.mode, a.place, a.with_name), "cell")]
                if a.purpose:
                    block.append(self.labelled("What it is for:", a.purpose, "cell"))
                if a.transport_needs:
                    block.append(self.labelled("Transport:", a.transport_needs, "cell"))
                if a.access_needs:
                    block.append(self.labelled("Access:", a.access_needs, "cell"))
                out.append(KeepTogether(block + [Spacer(1, lk.gap)]))
        referrals = [w for w in (say.referral_words(r.service, r.status, r.referred_on,
                                                    r.seen_on, d.printed_on)
                                 for r in d.referrals) if w]
        if referrals:
            out.append(self.p("Services I have been referred to", "h3"))
            out += (self.text_block("\n".join(referrals)) if lk.one_idea_per_line
                    else self.bullets(referrals))
        return out

    # -- what to do if ---------------------------------------------------------------------
    def what_if(self) -> list[Flowable]:
        c, lead = self.d.content, self.d.lead
        in_hours = c.in_hours_contact or (
            f"{lead.name}, {lead.phone}" if lead and lead.phone else "")
        out_hours = c.out_of_hours_contact or (lead.out_of_hours if lead else "") or (
            "NHS 111 (call 111)")
        red_lines = list(self.text_block(c.if_red, "box", "Get help straight away."))
        if c.crisis_numbers.strip():
            red_lines.append(self.p("Crisis numbers", "label"))
            red_lines += [self.p(line, "box") for line in say.lines(c.crisis_numbers)]
        if "999" not in c.if_red + c.crisis_numbers:
            red_lines.append(self.pm("<b>In an emergency, call 999.</b>", "box"))
        amber_lines = list(self.text_block(c.if_amber, "box", "Contact my care team."))
        amber_lines.append(self.p("Who to call", "label"))
        if in_hours:
            amber_lines.append(self.labelled("In working hours:", in_hours, "box"))
        amber_lines.append(self.labelled("At other times:", out_hours, "box"))
        boxes = (
            ("green", "Green: when I feel well", GREEN, PALE_GREEN,
             self.text_block(c.if_green, "box", "Keep following this plan.")),
            ("amber", "Amber: if I am starting to feel worse", AMBER, PALE_AMBER, amber_lines),
            ("red", "Red: if I feel very unwell or it is an emergency", RED, PALE_RED,
             red_lines),
        )
        out: list[Flowable] = []
        ink = {"green": GREEN, "amber": DARK_AMBER, "red": RED}
        for lamp, title, bar, background, lines in boxes:
            head = self.pm(f'<font color="#{ink[lamp].hexval()[2:]}">{title}</font>',
                           "box_title")
            rows = [[head]] + [[f] for f in lines]
            if self.layout == Layout.EASY_READ:
                # Each box gets its own traffic light, lit at its colour.
                size = self.lk.symbol_size
                light = symbol("traffic_light", size, lit=lamp)
                inner = self.box(rows, bar, background, self.column)
                row = Table([[light, inner]], colWidths=[size + self.lk.gap, None],
                            splitInRow=1)
                row.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                         ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                         ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                         ("TOPPADDING", (0, 0), (-1, -1), 0),
                                         ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))
                out.append(KeepTogether([row, Spacer(1, self.lk.gap * 0.6)]))
            else:
                out.append(KeepTogether([self.box(rows, bar, background)]))
        return out

    # -- looking after myself, planning ahead, carers ----------------------------------------
    def self_care(self) -> list[Flowable]:
        c = self.d.content
        parts = (("How I look after myself", c.self_management),
                 ("Checks I do myself", c.self_monitoring),
                 ("My medicines", c.medicines),
                 ("Equipment and aids", c.equipment))
        out: list[Flowable] = []
        for title, text in parts:
            if text.strip():
                out.append(self.p(title, "h3"))
                out += (self.text_block(text) if self.lk.one_idea_per_line or "\n" not in text
                        else self.bullets(say.lines(text)))
        return out or [self.p(NOTHING_YET + " Ask your team if you would like help with this.",
                              "muted")]

    def planning(self) -> list[Flowable]:
        c = self.d.content
        out: list[Flowable] = [self.p("Where I would like to be cared for", "h3")]
        out += self.text_block(c.preferred_place_of_care)
        documents = (
            ("ReSPECT form", "my wishes for care in an emergency", c.respect_form,
             c.respect_form_location),
            ("Advance care plan", "my wishes for my future care", c.advance_care_plan,
             c.advance_care_plan_location),
            ("Lasting power of attorney", "someone I chose to make decisions for me if I "
             "cannot", c.lasting_power_of_attorney, c.lasting_power_of_attorney_location),
        )
        out.append(self.p("My papers", "h3"))
        for name, meaning, exists, where in documents:
            out.append(self.pm(f"<b>{name}</b> ({meaning})", "label"))
            if exists:
                kept = f"It is kept: {where}" if where.strip() else (
                    "Where it is kept has not been written down.")
                if self.lk.one_idea_per_line:
                    out += [self.p("I have one.", "bullet"), self.p(kept, "bullet")]
                else:
                    out.append(self.p(f"I have one. {kept}", "bullet"))
            else:
                out.append(self.p("None recorded.", "bullet"))
        return out

    def carers(self) -> list[Flowable]:
        carers = self.d.carers
        if not carers:
            return [self.p("No carers or supporters are recorded.", "muted")]
        out: list[Flowable] = []
        for c in carers:
            block = [self.pm(f"<b>{self.t(c.name)}</b>, {self.t(c.relationship)}", "label")]
            if c.phone:
                block.append(self.labelled("Phone:", c.phone, "cell"))
            if c.email:
                block.append(self.labelled("Email:", c.email, "cell"))
            if c.nominated:
                block.append(self.p("Gets a copy of this plan.", "cell"))
            if self.pro:
                block.append(self.p("Consent to involve them: "
                                    + ("recorded" if c.consent_to_involve else "not recorded"),
                                    "muted"))
                if c.own_needs:
                    block.append(self.labelled("Their own needs:", c.own_needs, "muted"))
            out.append(KeepTogether(block + [Spacer(1, self.lk.gap * 0.7)]))
        return out

    # -- about this plan, slip ---------------------------------------------------------------
    def about(self) -> list[Flowable]:
        d = self.d
        out = [self.p(f"This is version {d.version} of my plan.")]
        state = say.plan_state(d.status, d.superseded_on)
        if d.was_agreed:
            out.append(self.p(f"It was agreed on {say.day(d.agreed_on)}."))
            out.append(self.p(say.agreement(d.agreement_method, d.person_agreed_by, d.name)
                              + (f" on {say.day(d.person_agreed_on)}."
                                 if d.person_agreed_on else "."), ltr=True))
            if d.lead_professional:
                out.append(self.p(f"{d.lead_professional}, lead professional, agreed"
                                  + (f" on {say.day(d.lead_agreed_on)}."
                                     if d.lead_agreed_on else "."), ltr=True))
        if state:
            out.append(self.p(state, "status"))
        if d.review_date:
            out.append(self.pm(f"<b>We will look at this plan again by "
                               f"{say.day(d.review_date)}.</b>"))
        else:
            out.append(self.p("A date to look at this plan again will be set when it is "
                              "agreed."))
        out.append(self.p(f"Printed on {say.day(d.printed_on)} by {d.printed_by}.", "muted"))
        # Kept whole (it is a few lines), and with its heading: the slip after it takes a
        # page of its own in large print, so a line or two spilling over would be the only
        # thing on a page.
        return [KeepTogether(out)]

    def slip(self) -> list[Flowable]:
        d, lk, f = self.d, self.lk, self.prep.fonts
        lead = d.lead
        give_to = (f"{self.t(lead.name)}, my main contact, or to anyone in my care team"
                   if lead else "anyone in my care team")
        title = self.p(SLIP_TITLE, "h2")
        if lk.symbols and self.layout == Layout.EASY_READ:
            size = lk.symbol_size * 0.75
            title = Table([[symbol("pencil", size), title]],
                          colWidths=[size + lk.gap, lk.frame_width - size - lk.gap - 24])
            title.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                       ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
        intro = ("If anything in this plan is wrong, missing or out of date, write it here."
                 if lk.one_idea_per_line else
                 "If anything in this plan is wrong, missing or out of date, write it below.")
        rows: list[list[Flowable]] = [
            [title], [self.p(intro, "slip")],
            [self.pm(f"Then give this slip to {give_to}.", "slip")],
        ]
        if lead and lead.phone:
            rows.append([self.labelled("Or phone:", lead.phone, "slip")])
        rows += [
            [self.labelled("Name:", d.name, "slip")],
            [self.labelled("NHS number:", d.nhs_formatted, "slip")],
            [self.labelled("Plan version:", str(d.version), "slip")],
            [self.p("What is wrong:", "label")],
            [WritingLines(5 if lk.tables else 4, lk.leading * 1.5)],
            [self.p("Date:", "label")],
            [WritingLines(1, lk.leading * 1.5)],
        ]
        box = Table(rows, colWidths=[lk.frame_width])
        box.setStyle(TableStyle([
            ("BOX", (0, 0), (-1, -1), 1.2, MUTED),
            ("BACKGROUND", (0, 0), (-1, -1), PALE_GREY),
            ("LEFTPADDING", (0, 0), (-1, -1), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 12),
            ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, 0), 6), ("BOTTOMPADDING", (0, -1), (-1, -1), 10)]))
        cut = CutLine("Cut or tear along this line", f.regular, lk.small)
        return [Spacer(1, lk.gap * 2), KeepTogether([cut, Spacer(1, lk.gap * 0.5), box])]

    # -- professional copy -------------------------------------------------------------------
    def professional(self) -> list[Flowable]:
        d = self.d
        out: list[Flowable] = self.heading("For professionals", None)
        out.append(self.p("Conditions", "h3"))
        out += self.grid(("Condition", "SNOMED CT code", "Since", "Status"),
                         [(c.name, c.snomed_code or "None", say.day(c.onset_date),
                           c.status.label) for c in d.conditions], (0.4, 0.22, 0.22, 0.16))
        out.append(self.p("Referrals in detail", "h3"))
        rows = []
        for r in d.referrals:
            waited = (r.seen_on or d.printed_on) - r.referred_on
            seen = say.day(r.seen_on) if r.seen_on else f"Waiting {waited.days} days"
            rows.append((r.service, r.reason, r.urgency.label, say.day(r.referred_on), seen,
                         r.status.label))
        out += self.grid(("Service", "Reason", "Urgency", "Referred", "Seen", "Status"), rows,
                         (0.17, 0.25, 0.13, 0.16, 0.16, 0.13))
        if d.record:
            r = d.record
            out.append(self.p("Record details", "h3"))
            details = [("Date of birth:", say.day(r.date_of_birth)),
                       ("GP practice:", r.gp_practice), ("Frailty:", r.frailty),
                       ("Priority:", r.priority),
                       ("Cohorts:", ", ".join(cohort_label(x) for x in r.cohorts)),
                       ("Communication needs:", "; ".join(r.communication))]
            out += [self.labelled(label, value) for label, value in details if value]
        out.append(self.p("Recent activity on this record", "h3"))
        out += self.grid(("When", "Who", "What"),
                         [(say.moment(a.at), a.username,
                           say.audit_words(a.action, a.entity)) for a in d.audit],
                         (0.32, 0.23, 0.45))
        return out

