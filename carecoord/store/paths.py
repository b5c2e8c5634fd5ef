"""Where the store lives: a local, non-roaming user data folder (WAL fails on network shares)."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "CareCoord"
APP_AUTHOR = "CareCoord"
DB_FILE = "carecoord.db"


def default_data_dir() -> Path:
    env = os.environ.get("CARECOORD_DATA_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR, roaming=False))


def resolve_data_dir(explicit: str | os.PathLike | None) -> Path:
    return Path(explicit).expanduser() if explicit else default_data_dir()


def db_path(data_dir: Path) -> Path:
    return data_dir / DB_FILE


def backups_dir(data_dir: Path) -> Path:
    return data_dir / "backups"
