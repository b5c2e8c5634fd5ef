"""Schema upgrades: take an encrypted backup, then upgrade with foreign keys off, then check them.

Alembic is configured in code so a packaged app needs no alembic.ini.
"""

from __future__ import annotations

import sys
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from carecoord.domain.errors import StoreError


def migrations_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    base = Path(frozen) if frozen else Path(__file__).resolve().parents[2]
    return base / "migrations"


def alembic_config(connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def needs_upgrade(engine: Engine) -> bool:
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise StoreError(
            "This store was made by a newer version of CareCoord. "
            "Install the newer version to open it; nothing has been changed."
        )
    return current != head_revision()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Upgrade in one transaction with foreign keys off, then prove nothing dangles."""
    with engine.connect() as conn:
        # PRAGMA foreign_keys is ignored inside a transaction, so set it on the raw connection.
        raw = conn.connection.driver_connection
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                command.upgrade(alembic_config(conn), target)
                broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                if broken:
                    raise StoreError(
                        f"The upgrade would leave {len(broken)} broken links (first in table "
                        f"{broken[0][0]}); it was undone and the store is unchanged."
                    )
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
