"""The person's words: statuses, dates and windows, never codes."""

from __future__ import annotations

import datetime as dt

import pytest

from carecoord.documents import wording as say
from carecoord.domain.enums import (
    Achievement,
    ActionStatus,
    AppointmentMode,
    GoalLifecycle,
    PlanStatus,
    ReferralStatus,
)

D = dt.date


@pytest.mark.parametrize(("start", "end", "words"), [
    (None, D(2027, 3, 31), "by the end of March 2027"),
    (None, D(2027, 3, 15), "by 15 March 2027"),
    (D(2026, 12, 1), D(2026, 12, 14), "between 1 and 14 December 2026"),
    (D(2026, 12, 1), D(2026, 12, 31), "during December 2026"),
    (D(2026, 12, 20), D(2027, 1, 10), "between 20 December 2026 and 10 January 2027"),
    (D(2027, 2, 1), D(2027, 2, 1), "on 1 February 2027"),
    (D(2027, 2, 1), None, "from 1 February 2027"),
    (None, None, "no set date"),
])
def test_due_windows_in_words(start, end, words):
    assert say.window(start, end) == words


def test_goal_status_in_the_persons_words():
    assert say.goal_status(GoalLifecycle.ACTIVE, Achievement.IN_PROGRESS) == \
        "I'm working on this"
    assert say.goal_status(GoalLifecycle.ACTIVE, Achievement.ACHIEVED) == "Done"
    assert say.goal_status(GoalLifecycle.COMPLETED, Achievement.IN_PROGRESS) == "Done"
    every = {say.goal_status(lc, ach) for lc in GoalLifecycle for ach in Achievement}
    codes = {m.value for m in (*GoalLifecycle, *Achievement)}
    assert not any(code in text for text in every for code in codes if "-" in code)
    assert all(text[0].isupper() for text in every)


def test_times_dates_and_statuses():
    assert say.time_of_day(dt.time(10, 30)) == "10:30am"
    assert say.time_of_day(dt.time(14, 0)) == "2pm"
    assert say.time_of_day(dt.time(12, 0)) == "12 noon"
    assert say.time_of_day(dt.time(0, 5)) == "12:05am"
    assert say.weekday(D(2026, 12, 1)) == "Tuesday 1 December 2026"
    assert say.action_status(ActionStatus.DONE, D(2026, 11, 3)) == "Done on 3 November 2026"
    assert say.appointment_kind(AppointmentMode.HOME_VISIT, None, "Sam") == \
        "Home visit from Sam"
    assert say.plan_state(PlanStatus.AGREED, None) is None
    assert "draft" in say.plan_state(PlanStatus.DRAFT, None)
    # Summer time: 14:30 UTC is 3:30pm in London.
    assert say.moment(dt.datetime(2026, 7, 1, 14, 30)) == "1 Jul 2026, 3:30pm"


def test_referrals_in_plain_words_for_the_persons_copy():
    today = D(2026, 11, 22)
    assert "waiting to hear" in say.referral_words("Falls service", ReferralStatus.AWAITING,
                                                   D(2026, 11, 1), None, today)
    assert say.referral_words("Clinic", ReferralStatus.SEEN, D(2025, 1, 1), D(2025, 2, 1),
                              today) is None
    assert say.referral_words("Clinic", ReferralStatus.DECLINED, D(2026, 11, 1), None,
                              today) is None


def test_ideas_put_one_sentence_on_each_line():
    assert say.ideas("I like tea. I love my cat!\n- Sundays matter") == [
        "I like tea.", "I love my cat!", "Sundays matter"]


def test_ideas_end_at_urdu_and_arabic_sentence_marks_too():
    # Urdu's full stop (۔) and the Arabic question mark (؟) end a sentence.
    assert say.ideas("میں گھر پر ہوں۔ کیا آپ آئیں گے؟ شکریہ") == [
        "میں گھر پر ہوں۔", "کیا آپ آئیں گے؟", "شکریہ"]
