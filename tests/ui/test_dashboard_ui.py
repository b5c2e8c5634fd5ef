"""The dashboard on a seeded demo store: drawn offscreen, the figures shown are the service's,
the team filter changes them, and each chart saves as a PNG."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetricsF, QImage
from sqlalchemy import text

from carecoord.demo import build_demo_store
from carecoord.security.users import login
from carecoord.services import dashboard
from carecoord.services.base import Ctx
from carecoord.services.dashboard import DashboardFilter
from ui.dashboard import dashboard_screen
from ui.dashboard.charts import Bar, BarChart
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


def _cramped_chart(qtbot, horizontal: bool, bars) -> BarChart:
    chart = BarChart("test", horizontal)
    qtbot.addWidget(chart)
    font = chart.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)  # as at 150% with large text
    chart.setFont(font)
    return chart


def _touching(words) -> list[tuple[str, str]]:
    return [(a.text, b.text) for i, a in enumerate(words) for b in words[i + 1:]
            if a.rect.intersects(b.rect)]


def _outside(chart: BarChart, words) -> list[str]:
    area = QRectF(chart.rect())
    return [x.text for x in words if not area.contains(x.rect)]


WEEKS = [Bar(f"{d} {m}", n, f"{n:,}") for d, m, n in (
    (22, "Nov", 13), (23, "Nov", 85), (30, "Nov", 83), (7, "Dec", 28), (14, "Dec", 44),
    (21, "Dec", 31), (28, "Dec", 44), (4, "Jan", 35), (11, "Jan", 28), (18, "Jan", 40),
    (25, "Jan", 34), (1, "Feb", 41))]
SHARES = [Bar("Agreed plan", 74.7, "1,448 of 1,939 (75%)"),
          Bar("Plan offered", 93.4, "1,811 of 1,939 (93%)", second=True)]
GOALS = [Bar(label, n, f"{n:,} of 4,256 ({round(n * 100 / 4256)}%)")
         for label, n in (("In progress", 1236), ("Improving", 915), ("Worsening", 481),
                          ("No change", 696), ("Achieved", 567), ("Not achieved", 361))]


@pytest.mark.parametrize("width", [300, 360, 420, 700])
@pytest.mark.parametrize(("horizontal", "bars", "top"), [
    (True, SHARES, 100), (True, GOALS, None), (False, WEEKS, None)])
def test_no_two_words_on_a_chart_touch_at_any_width(qtbot, width, horizontal, bars, top):
    chart = _cramped_chart(qtbot, horizontal, bars)
    chart.set_bars(bars, top)
    chart.show()
    chart.resize(width, 100)  # the narrow width may ask for more height: then give it
    qtbot.wait(1)
    chart.resize(width, chart.minimumHeight() if horizontal else 240)
    assert chart.width() == width
    d = chart.drawing()
    assert d.ticks and d.labels and len(d.values) + len(d.inside) == len(bars)
    assert d.ticks[0].text.startswith("0")
    assert _touching(d.ticks) == []
    assert _touching(d.labels) == []
    assert _touching(d.values + [v for v, _ in d.inside] + d.ticks) == []
    assert _outside(chart, d.ticks + d.labels + d.values) == []
    # Each figure's box is wide enough for its words in the bold they are drawn in.
    bold = QFont(chart.font())
    bold.setBold(True)
    for v in d.values + [v for v, _ in d.inside]:
        if horizontal:
            assert v.rect.width() >= QFontMetricsF(bold).horizontalAdvance(v.text)
    if not horizontal:
        # A week label is never cut short: it is shown whole, or that week is left unlabelled.
        assert all(x.text.replace("\n", " ") in {b.label for b in bars} for x in d.labels)


def test_every_tick_is_labelled_when_there_is_room(qtbot):
    chart = BarChart("test", True)
    qtbot.addWidget(chart)
    chart.set_bars([Bar("Checked", 12, "12%")], 100)
    chart.resize(1200, 200)
    assert [t.text for t in chart.drawing().ticks] == ["0%", "25%", "50%", "75%", "100%"]


def test_the_charts_say_working_out_until_the_figures_arrive(qtbot, demo_ctx, runner):
    screen = DashboardScreen(demo_ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    for card in screen.cards.values():
        assert card.chart.empty_text == "Working out…"
        assert card.chart.accessibleDescription() == "Working out…"
        assert not card.chart.drawing().ticks
    with qtbot.waitSignal(screen.loaded, timeout=20_000):
        screen.refresh()
    assert screen.cards["coverage"].chart.accessibleDescription() != "Working out…"
    assert all(c.chart.empty_text != "Working out…" for c in screen.cards.values())


def test_a_long_heading_takes_the_lines_it_needs(qtbot, demo_ctx, runner):
    screen = _opened(qtbot, demo_ctx, runner)
    screen.resize(700, 480)
    qtbot.wait(50)
    for card in screen.cards.values():
        need = card.heading.heightForWidth(card.heading.width())
        assert card.heading.height() >= need, card.title
