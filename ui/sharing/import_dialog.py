"""Import a FHIR file that CareCoord made on another laptop.

The file is read and compared first (on the worker), and the preview lists who is new, who
is already here (matched by NHS number), what the directory gains, and every difference
field by field. Nothing in this store is overwritten unless the user takes theirs for that
difference, and Import is offered only once every difference is decided. A file that cannot
be imported is refused whole, in one sentence, and nothing is written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from carecoord.interop.merge import Conflict
from carecoord.services import sharing
from carecoord.services.base import Ctx
from carecoord.services.sharing import KEEP_MINE, TAKE_THEIRS, ImportPreview, ImportResult
from ui import style
from ui.sharing import file_choice
from ui.sharing.import_differences import DifferencesTree
from ui.tasks import TaskRunner, message_for
from ui.team import widgets as w


def one_sentence(error: BaseException, file_name: str | None) -> str:
    """'ann.json cannot be imported. The file is not valid JSON…' becomes one sentence."""
    text = message_for(error)
    lead = f"{file_name} cannot be imported. " if file_name else None
    if lead and text.startswith(lead):
        rest = text[len(lead):]
        if rest[:1].isupper() and not rest[1:2].isupper():
            rest = rest[:1].lower() + rest[1:]
        text = f"{file_name} cannot be imported: {rest}"
    return text


# Set while work is with the runner; the runner may finish it before `run` returns.
BUSY = object()


class ImportDialog(QDialog):
    imported = Signal(object)  # ImportResult, once the file is in the store

    def __init__(self, ctx: Ctx, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.path: Path | None = None
        self.preview: ImportPreview | None = None
        self.decisions: dict[str, str] = {}
        self.groups: dict[str, list[Conflict]] = {}
        self.job = None
        self.result_value: ImportResult | None = None
        self.setWindowTitle("Import a FHIR file from another CareCoord")

        layout = QVBoxLayout(self)
        style.page_margins(layout, self)
        layout.addWidget(w.note(
            "Bring in records exported from CareCoord on another laptop. Nothing is written "
            "until you press Import, and nothing here is overwritten unless you choose to "
            "take theirs."))
        row = QHBoxLayout()
        self.choose = w.button("&Choose file…", "Choose the FHIR file to import (Alt+C)")
        self.file_line = w.note("No file chosen yet.")
        row.addWidget(self.choose)
        row.addWidget(self.file_line, 1)
        layout.addLayout(row)
        self.problem = w.problem_label()
        layout.addWidget(self.problem)
        if not ctx.actor.can_change:
            w.show_problem(self.problem, "Your role can view records but not import them. "
                                         "Ask a clinician or coordinator to import the file.")

        self.summary = w.note("")
        layout.addWidget(self.summary)
        self.differences_heading = w.heading("Differences to decide", 3)
        layout.addWidget(self.differences_heading)
        self.differences_hint = w.hint(
            "Choose a line with the arrow keys, then keep yours (Alt+M) or take theirs "
            "(Alt+T). On a person's line, the choice applies to all their differences.")
        layout.addWidget(self.differences_hint)
        self.tree = DifferencesTree()
        layout.addWidget(self.tree, 1)
        self.detail = w.note("")
        layout.addWidget(self.detail)
        decide = QHBoxLayout()
        self.keep = w.button("Keep &mine", "Keep this store's value for the chosen difference "
                             "(Alt+M)", edits=True)
        self.take = w.button("Take &theirs", "Write the file's value for the chosen "
                             "difference (Alt+T)", edits=True)
        self.keep_all = w.button("Keep mine for a&ll", "Keep this store's value everywhere "
                                 "(Alt+L)", edits=True)
        self.take_all = w.button("Take theirs f&or all", "Write the file's value everywhere "
                                 "it may be taken (Alt+O)", edits=True)
        for b in (self.keep, self.take, self.keep_all, self.take_all):
            decide.addWidget(b)
        decide.addStretch(1)
        layout.addLayout(decide)
        self.undecided = QLabel()
        self.undecided.setWordWrap(True)
        layout.addWidget(self.undecided)
        self.outcome = w.flag("", "green")
        self.outcome.hide()
        layout.addWidget(self.outcome)
        layout.addStretch(0)  # takes the space only while the list of differences is hidden

        self.buttons = QDialogButtonBox()
        self.import_button = self.buttons.addButton("&Import",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setAccessibleName("Import")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(style.em(self) * 50)

        self.choose.clicked.connect(self.choose_file)
        self.keep.clicked.connect(lambda: self.decide_selected(KEEP_MINE))
        self.take.clicked.connect(lambda: self.decide_selected(TAKE_THEIRS))
        self.keep_all.clicked.connect(lambda: self.decide_all(KEEP_MINE))
        self.take_all.clicked.connect(lambda: self.decide_all(TAKE_THEIRS))
        self.tree.currentItemChanged.connect(lambda _now, _before: self._show_detail())
        self._show_preview()
        self.choose.setFocus()

    # -- choosing and previewing --------------------------------------------------------------

    def choose_file(self) -> None:
        folder = self.path.parent if self.path else file_choice.default_folder()
        path = file_choice.open_file(self, "Choose a FHIR file to import", folder,
                                     "FHIR files (*.json);;All files (*)")
        if path is not None:
            self.load(path)

    def load(self, path: Path) -> None:
        """Read and compare the file on the worker; show what importing would do."""
        if self.job is not None:
            return
        self.path, self.preview = Path(path), None
        self.decisions, self.groups = {}, {}
        self.file_line.setText(f"File: {self.path.name}")
        self.file_line.setToolTip(str(self.path))
        self.outcome.hide()
        if self.ctx.actor.can_change:
            w.show_problem(self.problem, None)
        self._show_preview()
        ctx, where = self.ctx, self.path
        self._busy(True)
        self.job = BUSY
        self.runner.run(lambda: sharing.preview_import(ctx, where), self._previewed,
                        self._preview_failed, label=f"Reading {where.name}…", parent=self)

    def _previewed(self, preview: ImportPreview) -> None:
        self.job = None
        self.preview = preview
        self.groups = {}
        for c in preview.conflicts:
            self.groups.setdefault(c.key, []).append(c)
        # Where theirs cannot be taken, keeping mine is the only choice: it is made for them.
        self.decisions = {k: KEEP_MINE for k, rows in self.groups.items()
                          if not rows[0].can_take_theirs}
        self._busy(False)
        self._show_preview()
        (self.tree if self.groups else self.import_button).setFocus()

    def _preview_failed(self, error: Exception) -> None:
        self.preview, self.groups, self.decisions = None, {}, {}
        self._failed(error)
        self._show_preview()
        self.choose.setFocus()

    def _failed(self, error: Exception) -> None:
        """The service checks the whole file before writing, so a refusal writes nothing."""
        self.job = None
        self._busy(False)
        name = self.path.name if self.path else None
        w.show_problem(self.problem, one_sentence(error, name))
        if name:
            self.file_line.setText(f"File: {name}. Nothing from it was imported.")

    # -- showing -------------------------------------------------------------------------------

    def _summary_text(self, p: ImportPreview) -> str:
        def listed(title: str, items: tuple[str, ...]) -> str:
            return f"{title}: {', '.join(items)}." if items else ""

        people = len(p.people_new) + len(p.people_matched)
        parts = [f"The file holds {w.plural(people, 'person', 'people')}.",
                 listed("New to this store", p.people_new),
                 listed("Already here, matched by NHS number", p.people_matched),
                 listed("New professionals in the directory", p.professionals_new),
                 listed("New organisations in the directory", p.organisations_new)]
        others = [a for a in p.additions
                  if not a.startswith(("New person:", "New organisation", "New professional"))]
        if others:
            shown = "; ".join(others[:6]) + ("; and more" if len(others) > 6 else "")
            parts.append(f"Also added ({len(others)}): {shown}.")
        if p.nothing_to_change:
            parts.append("Everything in the file is already in this store: importing "
                         "changes nothing.")
        elif not p.conflicts:
            parts.append("Nothing in this store differs from the file, so there is nothing "
                         "to decide.")
        return "\n".join(x for x in parts if x)

    def _show_preview(self) -> None:
        p = self.preview
        self.summary.setVisible(p is not None)
        if p is not None:
            self.summary.setText(self._summary_text(p))
        has_conflicts = bool(self.groups)
        for widget in (self.differences_heading, self.differences_hint, self.tree, self.detail,
                       self.keep, self.take, self.keep_all, self.take_all):
            widget.setVisible(has_conflicts)
        self.tree.show_groups(self.groups, self.decisions)
        self._update_state()

    def _show_detail(self) -> None:
        self.detail.setText(self.tree.detail_text())
        self.detail.setVisible(bool(self.detail.text()))

    def _refresh_decisions(self) -> None:
        self.tree.show_decisions(self.decisions)
        self._update_state()

    def _update_state(self) -> None:
        ready = self.preview is not None and self.job is None
        left = [k for k in self.groups if k not in self.decisions]
        if not self.groups:
            self.undecided.hide()
        else:
            self.undecided.show()
            if left:
                self.undecided.setText(f"{w.plural(len(left), 'difference')} of "
                                       f"{len(self.groups)} still to decide. Import is offered "
                                       "once every one is decided.")
                self.undecided.setStyleSheet(f"color: {w.TONES['amber'][1]}; "
                                             "font-weight: bold;")
            else:
                taken = sum(v == TAKE_THEIRS for v in self.decisions.values())
                self.undecided.setText(f"All {len(self.groups)} decided: taking theirs in "
                                       f"{taken}, keeping yours in {len(self.groups) - taken}.")
                self.undecided.setStyleSheet("")
            self.undecided.setAccessibleName(self.undecided.text())
        can = self.ctx.actor.can_change and ready and self.result_value is None
        self.import_button.setEnabled(can and not left and not self.preview.nothing_to_change)
        for b in (self.keep, self.take, self.keep_all, self.take_all):
            b.setEnabled(can)

    def _busy(self, busy: bool) -> None:
        self.choose.setEnabled(not busy)
        if busy:
            for b in (self.import_button, self.keep, self.take, self.keep_all, self.take_all):
                b.setEnabled(False)
        else:
            self._update_state()

    # -- deciding -----------------------------------------------------------------------------

    def decide(self, keys: list[str], choice: str) -> list[str]:
        """Decide these groups; where theirs cannot be taken, say why. Returns the refusals."""
        refused = []
        for key in keys:
            first = self.groups[key][0]
            if choice == TAKE_THEIRS and not first.can_take_theirs:
                refused.append(first.note or "Theirs cannot be taken here; keep yours.")
                self.decisions[key] = KEEP_MINE
            else:
                self.decisions[key] = choice
        w.show_problem(self.problem, refused[0] if refused else None)
        self._refresh_decisions()
        return refused

    def decide_selected(self, choice: str) -> None:
        selected = self.tree.selected_key()
        if selected is None:
            w.show_problem(self.problem, "Choose a difference in the list first, using the "
                                         "arrow keys.")
            self.tree.setFocus()
            return
        self.decide(self.tree.keys_for(selected), choice)
        self._next_undecided()

    def decide_all(self, choice: str) -> None:
        refused = self.decide(list(self.groups), choice)
        if refused and choice == TAKE_THEIRS:
            w.show_problem(self.problem, f"Taking theirs everywhere it may be taken. In "
                                         f"{w.plural(len(refused), 'place')} yours is kept: "
                                         f"{refused[0]}")
        if self.import_button.isEnabled():
            self.import_button.setFocus()
        else:
            self.tree.setFocus()

    def _next_undecided(self) -> None:
        left = [k for k in self.groups if k not in self.decisions]
        if left:
            self.tree.select_key(("group", left[0]))
            self.tree.setFocus()
        else:
            self.import_button.setFocus()

    # -- importing ----------------------------------------------------------------------------

    def start_import(self) -> None:
        if self.job is not None or self.preview is None or not self.import_button.isEnabled():
            return
        ctx, where, decisions = self.ctx, self.path, dict(self.decisions)
        self._busy(True)
        self.job = BUSY
        self.runner.run(lambda: sharing.import_fhir(ctx, where, decisions), self._imported,
                        self._failed, label=f"Importing {where.name}…", parent=self)

    def _imported(self, result: ImportResult) -> None:
        self.job = None
        self.result_value = result
        w.show_problem(self.problem, None)
        added = w.plural(result.people_added, "new person", "new people")
        parts = [f"Imported {result.file_name}: {added}",
                 f"{result.people_matched} already here",
                 f"{w.plural(result.records_added, 'record')} added"]
        if result.kept_mine or result.took_theirs:
            parts.append(f"kept yours in {result.kept_mine}, took theirs in "
                         f"{result.took_theirs}")
        self.outcome.setText(", ".join(parts) + ".")
        self.outcome.setAccessibleName(self.outcome.text())
        self.outcome.show()
        self._busy(False)
        self.imported.emit(result)
        self.close_button.setFocus()

    def reject(self) -> None:
        if self.job is not None:
            w.show_problem(self.problem, "Wait a moment: CareCoord is still reading or "
                                         "writing. Nothing is half-imported.")
            return
        super().reject()
