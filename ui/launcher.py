"""The `carecoord` program: the desktop app with no command, the headless CLI otherwise.

It lives in `ui` because only the UI may import Qt; headless commands never load it.
"""

from __future__ import annotations

import sys

from carecoord.cli import build_parser, run
from carecoord.store.paths import resolve_data_dir


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in (None, "gui"):
        from ui.app import run_gui

        demo = bool(getattr(args, "demo", False))
        data_dir = resolve_data_dir(args.data_dir)
        if demo and not args.data_dir:
            data_dir = data_dir.parent / (data_dir.name + "-demo")
        return run_gui(data_dir, demo=demo)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
