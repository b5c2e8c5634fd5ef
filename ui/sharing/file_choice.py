"""The system's file dialogs, in small functions that tests replace.

Each returns a Path, or None when the user cancelled. They are looked up through this module
at the moment they are needed, so a test can monkeypatch them here.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def default_folder() -> Path:
    documents = Path.home() / "Documents"
    return documents if documents.is_dir() else Path.home()


def save_file(parent: QWidget | None, title: str, suggested: Path,
              kinds: str = "All files (*)") -> Path | None:
    chosen, _kind = QFileDialog.getSaveFileName(parent, title, str(suggested), kinds)
    return Path(chosen) if chosen else None


def open_file(parent: QWidget | None, title: str, folder: Path,
              kinds: str = "All files (*)") -> Path | None:
    chosen, _kind = QFileDialog.getOpenFileName(parent, title, str(folder), kinds)
    return Path(chosen) if chosen else None


def choose_folder(parent: QWidget | None, title: str, folder: Path) -> Path | None:
    chosen = QFileDialog.getExistingDirectory(parent, title, str(folder))
    return Path(chosen) if chosen else None
