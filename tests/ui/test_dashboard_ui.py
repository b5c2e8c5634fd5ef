"""The dashboard on a seeded demo store: drawn offscreen, the figures shown are the service's,
the team filter changes them, and each chart saves as a PNG."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtGui import QImage
from sqlalchemy import text

from carecoord.demo import build_demo_store
from carecoord.security.users import login
from carecoord.services import dashboard
from carecoord.services.base import Ctx
from carecoord.services.dashboard import DashboardFilter
from ui.dashboard import dashboard_screen
from ui.dashboard.dashboard_screen import DashboardScreen

TODAY = dt.date(2026, 11, 22)


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory):
    store = build_demo_store(tmp_path_factory.mktemp("dash") / "store", 200, seed=1,
                             today=TODAY)
    yield store
    store.close()


@pytest.fixture
def demo_ctx(demo_store):
    return Ctx(demo_store, login(demo_store, "demo", "demo"), today=lambda: TODAY)


def _not_blank(image: QImage) -> bool:
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7)
               for y in range(0, image.height(), 7)}
    return len(colours) > 3


def _opened(qtbot, ctx, runner) -> DashboardScreen:
    screen = DashboardScreen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1600, 1000)
    screen.show()
    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        screen.refresh()
    return screen


def test_dashboard_draws_the_services_figures(qtbot, demo_ctx, runner):
    screen = _opened(qtbot, demo_ctx, runner)
    expected = dashboard.dashboard(demo_ctx, DashboardFilter())
    c = expected.coverage
    # Counted straight from the tables, as a check on both the service and the screen.
    with demo_ctx.store.engine.connect() as conn:
        people, agreed = conn.execute(text(
            "SELECT count(*), sum(CASE WHEN EXISTS (SELECT 1 FROM care_plan c WHERE "
            "c.person_id = p.id AND c.is_current AND c.status IN ('agreed', 'under_review')) "
            "THEN 1 ELSE 0 END) FROM person p WHERE p.status = 'active'")).one()
    assert (c.people, c.agreed) == (people, agreed)
    assert 0 < c.agreed < c.offered <= c.people
    cover = screen.cards["coverage"]
    assert [round(b.value, 6) for b in cover.chart.bars] == [
        round(100 * c.agreed / c.people, 6), round(100 * c.offered / c.people, 6)]
    assert f"{c.agreed:,} of {c.people:,}" in cover.words.text()
    weeks = screen.cards["reviews_due"].chart.bars
    assert [b.value for b in weeks] == [wk.count for wk in expected.reviews_due_by_week]
    assert len(weeks) == 12
    overdue = screen.cards["overdue"].chart.bars
    assert sum(b.value for b in overdue) == sum(x.count for x in expected.overdue_by_lead)
    a = expected.admissions
    assert f"{a.qualifying:,} of the {a.people_with_plan:,}" in \
        screen.cards["admissions"].words.text()
    goals = screen.cards["goals"].chart.bars
    assert [b.value for b in goals] == [n for _, n in expected.goal_achievement]
    image = screen.grab().toImage()
    assert _not_blank(image)
    assert _not_blank(screen.cards["reviews_due"].chart.grab().toImage())


def test_the_team_filter_shows_that_teams_figures(qtbot, demo_ctx, runner):
    screen = _opened(qtbot, demo_ctx, runner)
    teams = dashboard.teams(demo_ctx)
    assert teams
    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        screen.team_box.setCurrentIndex(screen.team_box.findData(teams[0]))
    expected = dashboard.coverage(demo_ctx, DashboardFilter(team=teams[0]))
    assert screen.figures.coverage == expected
    assert 0 < screen.figures.coverage.people < 195
    assert f"{expected.people:,} active people ({teams[0]})" in screen.status.text()


def test_save_as_png_writes_a_picture(qtbot, demo_ctx, runner, tmp_path, monkeypatch):
    screen = _opened(qtbot, demo_ctx, runner)
    target = tmp_path / "coverage"
    monkeypatch.setattr(dashboard_screen, "save_png_path", lambda _parent, _s: target)
    screen.cards["coverage"].save_button.click()
    saved = target.with_suffix(".png")
    assert saved.exists() and saved.stat().st_size > 1000
    image = QImage(str(saved))
    assert image.width() > 200 and _not_blank(image)
