"""Migrations from empty and with data, upgrade-on-open with a backup first, and drift."""

import shutil
import textwrap

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from carecoord.domain.errors import StoreError
from carecoord.services import setup
from carecoord.store import migrate
from carecoord.store.engine import make_engine
from carecoord.store.models import Base
from carecoord.store.paths import backups_dir


def test_models_and_migrations_do_not_drift(tmp_path):
    engine = make_engine(tmp_path / "drift.db", b"\x02" * 32)
    migrate.upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True}), Base.metadata)
    engine.dispose()
    assert diff == [], f"models and migrations differ; add a revision: {diff}"


def test_empty_store_upgrades_to_head(tmp_path):
    engine = make_engine(tmp_path / "empty.db", b"\x03" * 32)
    assert migrate.needs_upgrade(engine)
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert not migrate.needs_upgrade(engine)
    engine.dispose()


@pytest.fixture
def next_revision(tmp_path, monkeypatch):
    """A copy of the migrations with one more revision, standing in for the next release."""
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.migrations_dir(), scripts,
                    ignore=shutil.ignore_patterns("__pycache__"))
    head = migrate.head_revision()
    (scripts / "versions" / "9999_add_nickname.py").write_text(textwrap.dedent(f'''
        import sqlalchemy as sa
        from alembic import op

        revision = "9999"
        down_revision = "{head}"
        branch_labels = None
        depends_on = None

        def upgrade():
            with op.batch_alter_table("person") as batch:
                batch.add_column(sa.Column("nickname", sa.String(50), nullable=True))

        def downgrade():
            with op.batch_alter_table("person") as batch:
                batch.drop_column("nickname")
    '''))
    monkeypatch.setattr(migrate, "migrations_dir", lambda: scripts)
    return "9999"


def test_store_with_data_upgrades_on_open_after_a_backup(ctx, person, data_dir, next_revision):
    from carecoord.services import plans

    plans.start_draft(ctx, person.id)
    ctx.store.close()
    store = setup.unlock(data_dir)
    try:
        assert migrate.current_revision(store.engine) == next_revision
        with store.session_factory() as s:
            row = s.execute(text("SELECT family_name, nickname FROM person")).one()
            assert tuple(row) == ("Smith", None)
            assert s.execute(text("SELECT count(*) FROM care_plan")).scalar() == 1
            assert s.execute(text("PRAGMA foreign_key_check")).fetchall() == []
    finally:
        store.close()
    backups = list(backups_dir(data_dir).glob("before-upgrade-*.zip"))
    assert len(backups) == 1


def test_store_from_a_newer_version_is_refused_untouched(ctx, data_dir):
    with ctx.store.session_factory() as s:
        s.execute(text("UPDATE alembic_version SET version_num = 'ffffffff'"))
        s.commit()
    ctx.store.close()
    with pytest.raises(StoreError, match="newer version of CareCoord"):
        setup.unlock(data_dir)


def test_revision_reading_agrees_with_alembic():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert migrate.head_revision() == script.get_current_head()
    assert migrate.known_revisions() == {s.revision for s in script.walk_revisions()}


def test_release_0001_store_with_data_upgrades_without_loss(ctx, person, data_dir):
    """Schema 0001 (the first release) → head, with data in it, after a backup."""
    from alembic import command

    from carecoord.services import plans

    plans.start_draft(ctx, person.id)
    with ctx.store.engine.connect() as conn:
        command.downgrade(migrate.alembic_config(conn), "0001")
        conn.commit()
    with ctx.store.engine.begin() as conn:
        conn.execute(text("INSERT INTO huddle (id, uid, held_on, title, created_at, updated_at) "
                          "VALUES (1, 'h1', '2026-11-20', 'Weekly huddle', '2026-11-20', "
                          "'2026-11-20')"))
        conn.execute(text("INSERT INTO huddle_item (id, huddle_id, person_id, position, reason, "
                          "notes, created_at, updated_at) VALUES (1, 1, :p, 1, 'Overdue review',"
                          " 'Discussed', '2026-11-20', '2026-11-20')"), {"p": person.id})
    ctx.store.close()
    store = setup.unlock(data_dir)
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.session_factory() as s:
            assert s.execute(text("SELECT family_name FROM person")).scalar() == "Smith"
            assert s.execute(text("SELECT status FROM care_plan")).scalar() == "draft"
            item = s.execute(text("SELECT notes, retired_on FROM huddle_item")).one()
            assert tuple(item) == ("Discussed", None)
            indexes = {r[1] for r in s.execute(text("PRAGMA index_list('appointment')"))}
            assert "ix_appointment_person_status_starts" in indexes
            assert s.execute(text("PRAGMA foreign_key_check")).fetchall() == []
    finally:
        store.close()
    assert list(backups_dir(data_dir).glob("before-upgrade-*.zip"))


def _row_counts(conn) -> dict[str, int]:
    tables = [r[0] for r in conn.execute(text(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'alembic_version'"))]
    return {t: conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in tables}


def test_release_0003_store_with_data_upgrades_without_loss(ctx, person, data_dir):
    """Schema 0003 → head (0004 adds an appointment's reason and a task's closing note):
    every row of every table is still there, and the new columns start empty."""
    import datetime as dt

    from alembic import command

    from carecoord.domain.enums import AppointmentMode, AppointmentStatus
    from carecoord.services import appointments, plans, tasks

    plans.start_draft(ctx, person.id)
    booked = appointments.book(ctx, person.id, appointments.AppointmentInput(
        AppointmentMode.CLINIC, dt.datetime(2026, 11, 20, 10, 0), 30, "Review of breathing",
        with_name="Dr Patel")).appointment
    appointments.set_status(ctx, booked.id, AppointmentStatus.CANCELLED_BY_PERSON, "Unwell")
    done = tasks.create_task(ctx, ctx.actor.professional_id, "Ring the pharmacy",
                             person_id=person.id)
    tasks.complete_task(ctx, done.id, note="Blister pack sorted")
    with ctx.store.engine.connect() as conn:
        command.downgrade(migrate.alembic_config(conn), "0003")
        conn.commit()
    with ctx.store.engine.connect() as conn:
        before = _row_counts(conn)
        appointment_before = conn.execute(text(
            "SELECT uid, purpose, status, sequence FROM appointment")).all()
        task_before = conn.execute(text(
            "SELECT uid, description, status, completed_on FROM task")).all()
    ctx.store.close()
    store = setup.unlock(data_dir)
    try:
        assert migrate.current_revision(store.engine) == migrate.head_revision()
        with store.session_factory() as s:
            assert _row_counts(s.connection()) == before
            assert s.execute(text("SELECT uid, purpose, status, sequence FROM appointment"))\
                .all() == appointment_before
            assert s.execute(text("SELECT uid, description, status, completed_on FROM task"))\
                .all() == task_before
            assert s.execute(text("SELECT status_reason FROM appointment")).scalar() is None
            assert s.execute(text("SELECT closed_note FROM task")).scalar() is None
            assert s.execute(text("PRAGMA foreign_key_check")).fetchall() == []
    finally:
        store.close()
    assert list(backups_dir(data_dir).glob("before-upgrade-*.zip"))
