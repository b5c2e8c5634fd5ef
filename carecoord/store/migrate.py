"""Schema upgrades: take an encrypted backup, then upgrade with foreign keys off, then check them.

Alembic is configured in code so a packaged app needs no alembic.ini.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, text

from carecoord.domain.errors import StoreError


def migrations_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    base = Path(frozen) if frozen else Path(__file__).resolve().parents[2]
    return base / "migrations"


def alembic_config(connection=None):
    # Alembic costs ~0.25 s to import; it is loaded only when a schema actually changes.
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    cfg.attributes["connection"] = connection
    return cfg


_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


@lru_cache(maxsize=4)
def _revisions(versions: Path) -> dict[str, str | None]:
    """revision -> down_revision, read from the version scripts without importing Alembic.
    A test checks this agrees with Alembic's own ScriptDirectory."""
    out: dict[str, str | None] = {}
    for script in versions.glob("*.py"):
        source = script.read_text(encoding="utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev:
            out[rev.group(1)] = down.group(1) if down else None
    return out


def head_revision() -> str:
    revs = _revisions(migrations_dir() / "versions")
    heads = set(revs) - {d for d in revs.values() if d}
    if len(heads) != 1:
        raise StoreError(f"The schema scripts have {len(heads)} heads; this build is broken.")
    return heads.pop()


def known_revisions() -> set[str]:
    return set(_revisions(migrations_dir() / "versions"))


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.execute(text(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' "
            "AND name = 'alembic_version'")).scalar()
        if not has_table:
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


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
                from alembic import command

                command.upgrade(alembic_config(conn), target)
                broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                if broken:
                    raise StoreError(
                        f"The upgrade would leave {len(broken)} broken links (first in table "
                        f"{broken[0][0]}); it was undone and the store is unchanged."
                    )
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
