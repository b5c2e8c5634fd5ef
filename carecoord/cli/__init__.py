"""The headless command line. `ui.launcher` opens the desktop app when no command is given."""

from carecoord.cli.main import build_parser, main, run

__all__ = ["build_parser", "main", "run"]
