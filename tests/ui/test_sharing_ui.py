"""Sharing from the keyboard: consent recorded, an export to that recipient, the log row,
withdrawal and the refusal that follows; importing a bad file and a file with differences."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from carecoord.domain.enums import Role
from carecoord.services import consent, people, sharing, team
from carecoord.services.base import Ctx
from carecoord.services.consent import ConsentInput
from tests.conftest import PASSPHRASE
from tests.interop.builders import table_counts
from tests.ui.test_team_ui import alt, key, open_dialog, shown, table_text, type_text
from ui.sharing import file_choice
from ui.sharing.consent_section import ConsentSection, RecordConsentDialog, WithdrawConsentDialog
from ui.sharing.export_log_view import ExportLogView
from ui.sharing.import_dialog import ImportDialog
from ui.sharing.share_dialog import ShareDialog

HOSPICE = "St Mary's Hospice"


class Files:
    """Stands in for the system's file dialogs: answers with the path a test sets, and
    remembers each time it was asked."""

    def __init__(self, monkeypatch):
        self.answer = None
        self.asked: list[str] = []
        for name in ("save_file", "open_file", "choose_folder"):
            monkeypatch.setattr(file_choice, name, self._ask)

    def _ask(self, _parent, title, *_rest):
        self.asked.append(title)
        return self.answer


@pytest.fixture
def files(monkeypatch):
    return Files(monkeypatch)


def dialog_shown(qtbot, dialog):
    dialog.resize(900, 600)
    shown(qtbot, dialog)
    return dialog


def choose(qtbot, combo, text_start: str) -> None:
    """Move through a list with the arrow keys until the wanted entry is chosen."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText().startswith(text_start):
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(f"no entry starting {text_start!r}")


# ---- consent, export, log, withdrawal ------------------------------------------------------


def test_consent_lets_an_export_through_and_withdrawal_stops_it(qtbot, ctx, person, runner,
                                                                files, tmp_path):
    section = shown(qtbot, ConsentSection(ctx, person.id, person_name="Ann"))
    assert not section.table.isVisible()
    assert "has not agreed to share their record with anyone" in section.summary.text()
    assert "press Alt+R to record it" in section.empty.text()

    alt(qtbot, section, Qt.Key.Key_R)
    dialog = open_dialog(qtbot, section, RecordConsentDialog)
    assert QApplication.focusWidget() in (dialog.recipient, dialog.recipient.lineEdit())
    type_text(qtbot, HOSPICE)
    alt(qtbot, dialog, Qt.Key.Key_W)
    type_text(qtbot, "My care plan and appointments")
    alt(qtbot, dialog, Qt.Key.Key_D)
    type_text(qtbot, "03/11/2026")
    alt(qtbot, dialog, Qt.Key.Key_H)
    key(qtbot, Qt.Key.Key_Down)  # in writing
    alt(qtbot, dialog, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    [given] = consent.consents_for(ctx, person.id)
    assert (given.recipient, given.scope, f"{given.given_on}", given.method.value) == (
        HOSPICE, "My care plan and appointments", "2026-11-03", "written")
    assert "In force" in table_text(section.table)
    assert section.summary.text() == f"Ann has agreed to share their record with {HOSPICE}."

    # The export to the hospice goes through and is logged.
    share = dialog_shown(qtbot, ShareDialog(ctx, person.id, runner, person_name="Ann"))
    choose(qtbot, share.whom, HOSPICE)
    assert "agreed in writing on 3 November 2026" in share.consent_line.text()
    files.answer = tmp_path / "for-hospice.json"
    alt(qtbot, share, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: share.outcome.isVisible(), timeout=10_000)
    assert files.answer.exists()
    digest = hashlib.sha256(files.answer.read_bytes()).hexdigest()
    assert share.last.recipient == HOSPICE and share.last.sha256 == digest
    assert f"for {HOSPICE}" in share.outcome.text()

    log = shown(qtbot, ExportLogView(ctx, person.id, person_name="Ann"))
    assert log.table.rowCount() == 1
    assert HOSPICE in table_text(log.table)
    hash_cell = log.table.item(0, log.columns.index("SHA-256"))
    assert hash_cell.text() == digest[:12] + "…"
    assert digest in hash_cell.toolTip()
    log.table.setFocus()
    log.table.selectRow(0)
    qtbot.keyClick(log.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == digest
    share.close()

    # Ann withdraws it.
    section.table.setFocus()
    alt(qtbot, section, Qt.Key.Key_W)
    withdraw = open_dialog(qtbot, section, WithdrawConsentDialog)
    type_text(qtbot, "20/11/2026")
    alt(qtbot, withdraw, Qt.Key.Key_N)
    type_text(qtbot, "Ann changed her mind")
    alt(qtbot, withdraw, Qt.Key.Key_W)
    qtbot.waitUntil(lambda: not withdraw.isVisible())
    assert "Withdrawn on 20 November 2026: Ann changed her mind" in table_text(section.table)
    assert not section.withdraw_button.isEnabled()

    # The same export is now refused, plainly, before a file is even chosen.
    files.asked.clear()
    again = dialog_shown(qtbot, ShareDialog(ctx, person.id, runner, person_name="Ann"))
    choose(qtbot, again.whom, HOSPICE)
    assert again.whom.currentText() == f"{HOSPICE} (consent withdrawn)"
    assert again.consent_line.text().startswith("Refused: Ann Smith withdrew consent")
    files.answer = tmp_path / "refused.json"
    alt(qtbot, again, Qt.Key.Key_S)
    assert again.problem.isVisible()
    assert again.problem.text() == (
        f"Ann Smith withdrew consent to share their record with {HOSPICE} on 20 November "
        "2026. Nothing can be sent to them unless new consent is recorded.")
    assert files.asked == [] and not files.answer.exists()
    log.refresh()
    assert log.table.rowCount() == 1


def test_someone_without_consent_is_refused_but_the_persons_own_copy_is_not(
        qtbot, ctx, person, runner, files, tmp_path):
    share = dialog_shown(qtbot, ShareDialog(ctx, person.id, runner, person_name="Ann"))
    choose(qtbot, share.whom, "Someone else")
    alt(qtbot, share, Qt.Key.Key_N)
    type_text(qtbot, "Northshire Council")
    files.answer = tmp_path / "council.json"
    alt(qtbot, share, Qt.Key.Key_S)
    assert share.problem.text() == ("Ann Smith has not agreed to share their record with "
                                    "Northshire Council. Record their consent first.")
    assert not files.answer.exists()

    choose(qtbot, share.what, "Appointments as a calendar")
    choose(qtbot, share.whom, "Ann's own copy")
    files.answer = tmp_path / "mine.ics"
    alt(qtbot, share, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: share.outcome.isVisible(), timeout=10_000)
    assert files.answer.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert share.last.recipient is None


class InlineRunner:
    """A record shown without the worker thread runs its work in line."""

    def run(self, work, on_done=None, on_error=None, **_kw):
        try:
            result = work()
        except Exception as exc:  # noqa: BLE001 - handed back, as the worker does
            on_error(exc)
            return None
        on_done(result)
        return None


def test_sharing_works_without_the_worker_thread(qtbot, ctx, person, files, tmp_path):
    share = dialog_shown(qtbot, ShareDialog(ctx, person.id, InlineRunner(), person_name="Ann"))
    files.answer = tmp_path / "inline.json"
    alt(qtbot, share, Qt.Key.Key_S)
    assert share.outcome.isVisible() and files.answer.exists()
    assert share.job is None and share.save.isEnabled()


def test_a_subject_access_copy_is_only_for_the_person(qtbot, ctx, person, runner, files,
                                                      tmp_path):
    consent.record_consent(ctx, person.id, ConsentInput(HOSPICE, "organisation", "Plan",
                                                        "01/11/2026", "verbal"))
    share = dialog_shown(qtbot, ShareDialog(ctx, person.id, runner, person_name="Ann"))
    choose(qtbot, share.whom, HOSPICE)
    choose(qtbot, share.what, "Full record")
    assert not share.whom.isEnabled() and share.recipient() is None
    assert "subject access request is Ann's own record" in share.consent_line.text()
    files.answer = tmp_path / "sar.zip"
    alt(qtbot, share, Qt.Key.Key_S)
    qtbot.waitUntil(lambda: share.outcome.isVisible(), timeout=20_000)
    assert files.answer.read_bytes()[:2] == b"PK"


def test_store_wide_log_names_whose_record_and_is_refused_to_the_huddle_viewer(
        qtbot, ctx, person, tmp_path):
    sharing.export_fhir(ctx, [person.id], tmp_path / "a.json")
    log = shown(qtbot, ExportLogView(ctx))
    assert log.columns[2] == "Whose record"
    assert "Ann Smith (943 476 5919)" in table_text(log.table)
    viewer = Ctx(ctx.store, dataclasses.replace(ctx.actor, role=Role.HUDDLE_VIEWER),
                 today=ctx.today)
    refused = shown(qtbot, ExportLogView(viewer))
    assert refused.problem.text() == ("The export log for the whole store is not shown to "
                                      "the huddle viewer role.")
    assert not refused.table.isVisible()


def test_huddle_viewer_sees_consents_but_cannot_change_them(qtbot, ctx, person):
    consent.record_consent(ctx, person.id, ConsentInput(HOSPICE, "organisation", "Plan",
                                                        "01/11/2026", "verbal"))
    viewer = Ctx(ctx.store, dataclasses.replace(ctx.actor, role=Role.HUDDLE_VIEWER),
                 today=ctx.today)
    section = shown(qtbot, ConsentSection(viewer, person.id, person_name="Ann"))
    assert HOSPICE in table_text(section.table)
    assert not section.add_button.isEnabled() and not section.withdraw_button.isEnabled()


def test_a_refused_consent_keeps_what_was_typed(qtbot, ctx, person):
    section = shown(qtbot, ConsentSection(ctx, person.id, person_name="Ann"))
    alt(qtbot, section, Qt.Key.Key_R)
    dialog = open_dialog(qtbot, section, RecordConsentDialog)
    type_text(qtbot, HOSPICE)
    alt(qtbot, dialog, Qt.Key.Key_D)
    type_text(qtbot, "01/12/2026")  # after today
    alt(qtbot, dialog, Qt.Key.Key_R)
    assert dialog.isVisible()
    assert dialog.problem.text() == "Consent cannot be recorded as given in the future."
    assert QApplication.focusWidget() is dialog.given
    assert dialog.recipient.currentText() == HOSPICE
    assert consent.consents_for(ctx, person.id) == []


# ---- importing -----------------------------------------------------------------------------


def test_a_malformed_file_is_one_sentence_and_nothing_is_written(qtbot, ctx, person, runner,
                                                                 files, tmp_path):
    bad = tmp_path / "from-the-hospital.json"
    bad.write_text('{"resourceType": "Bundle", "entry": [', encoding="utf-8")
    before = table_counts(ctx.store)
    dialog = dialog_shown(qtbot, ImportDialog(ctx, runner))
    files.answer = bad
    alt(qtbot, dialog, Qt.Key.Key_C)
    qtbot.waitUntil(lambda: dialog.problem.isVisible(), timeout=10_000)
    text = dialog.problem.text()
    assert text.startswith("from-the-hospital.json cannot be imported: the file is not valid "
                           "JSON")
    assert text.endswith(".") and ". " not in text  # one sentence
    assert not dialog.import_button.isEnabled() and not dialog.tree.isVisible()
    assert table_counts(ctx.store) == before

    wrong = tmp_path / "patient.json"
    wrong.write_text(json.dumps({"resourceType": "Patient"}), encoding="utf-8")
    files.answer = wrong
    alt(qtbot, dialog, Qt.Key.Key_C)
    qtbot.waitUntil(lambda: "patient.json" in dialog.problem.text(), timeout=10_000)
    assert dialog.problem.text() == ("patient.json cannot be imported: the file holds a FHIR "
                                     "Patient, not a Bundle.")
    assert table_counts(ctx.store) == before


@pytest.fixture
def other_store(tmp_path):
    """A second laptop's store with its own user."""
    from carecoord.security.users import login
    from carecoord.services.setup import FirstUser, initialise

    made = initialise(tmp_path / "other", FirstUser("sam", "Sam Other", Role.CLINICIAN,
                                                    "another long password",
                                                    organisation="Hillside Practice"),
                      passphrase=PASSPHRASE, use_keyring=False)
    other = Ctx(made.store, login(made.store, "sam", "another long password"),
                today=lambda: dt.date(2026, 11, 22))
    yield other
    made.store.close()


def test_differences_are_decided_one_by_one_then_imported(qtbot, ctx, person, runner, files,
                                                          other_store, tmp_path):
    # Ann on the other laptop: the same NHS number, a phone and a frailty recorded there.
    # Sam leads her care there, so he is new to this store's directory.
    ann_there = people.create_person(other_store, people.PersonInput(
        "943 476 5919", "Ann", "Smith", "12/03/1940", preferred_name="Annie",
        phone="0161 496 0999", frailty="severe"))
    team.handover_lead(other_store, ann_there.id, other_store.actor.professional_id,
                       on=dt.date(2026, 10, 1))
    theirs = sharing.export_fhir(other_store, [ann_there.id], tmp_path / "from-sam.json").path
    before = table_counts(ctx.store)

    dialog = dialog_shown(qtbot, ImportDialog(ctx, runner))
    files.answer = theirs
    alt(qtbot, dialog, Qt.Key.Key_C)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert "Already here, matched by NHS number: Ann Smith (943 476 5919)" in \
        dialog.summary.text()
    assert "Sam Other" in dialog.summary.text()  # a new professional in the directory
    rows = {c.what: (c.mine, c.theirs) for c in dialog.preview.conflicts}
    assert rows["Details: Phone"] == ("(blank)", "0161 496 0999")
    assert rows["Details: Frailty"] == ("(blank)", "Severe")
    assert dialog.tree.isVisible() and not dialog.import_button.isEnabled()
    assert "still to decide" in dialog.undecided.text()

    # Take theirs for the phone, from the keyboard; the button waits for the rest.
    top = dialog.tree.topLevelItem(0)
    assert top.text(0) == "Ann Smith (943 476 5919)"
    phone = next(top.child(i) for i in range(top.childCount())
                 if top.child(i).text(0) == "Details: Phone")
    dialog.tree.setFocus()
    dialog.tree.setCurrentItem(phone)
    alt(qtbot, dialog, Qt.Key.Key_T)
    assert phone.text(3) == "Take theirs"
    assert not dialog.import_button.isEnabled()
    assert table_counts(ctx.store) == before

    alt(qtbot, dialog, Qt.Key.Key_L)  # keep mine for everything else… then take all
    assert phone.text(3) == "Keep mine" and dialog.import_button.isEnabled()
    alt(qtbot, dialog, Qt.Key.Key_O)
    assert phone.text(3) == "Take theirs"
    assert dialog.undecided.text().startswith(f"All {len(dialog.groups)} decided")
    alt(qtbot, dialog, Qt.Key.Key_I)
    qtbot.waitUntil(lambda: dialog.outcome.isVisible(), timeout=10_000)
    assert dialog.result_value.took_theirs == len(dialog.groups)
    ann = people.find_by_nhs(ctx, "9434765919")
    assert ann.phone == "0161 496 0999" and ann.frailty.value == "severe"
    assert ann.id == person.id  # matched, not duplicated
    assert "Imported from-sam.json" in dialog.outcome.text()
    assert team.current_lead(ctx, person.id).name == "Sam Other"
    assert not dialog.import_button.isEnabled()


def test_huddle_viewer_is_told_they_cannot_import(qtbot, ctx, person, runner, files,
                                                  tmp_path):
    path = sharing.export_fhir(ctx, [person.id], tmp_path / "ann.json").path
    viewer = Ctx(ctx.store, dataclasses.replace(ctx.actor, role=Role.HUDDLE_VIEWER),
                 today=ctx.today)
    dialog = dialog_shown(qtbot, ImportDialog(viewer, runner))
    assert "Your role can view records but not import them" in dialog.problem.text()
    dialog.load(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert not dialog.import_button.isEnabled()
