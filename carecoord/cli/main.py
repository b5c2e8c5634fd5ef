"""Argument parsing and dispatch. Errors are one clear line on stderr; --debug adds a traceback."""

from __future__ import annotations

import argparse
import sys
import traceback

from carecoord.domain.errors import CareCoordError
from carecoord.store.paths import resolve_data_dir
from carecoord.version import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, exit 2, as the contract says
        self.exit(EXIT_USAGE, f"carecoord: {message} (see 'carecoord --help')\n")


def build_parser() -> argparse.ArgumentParser:
    from carecoord.cli import commands, exports, users_cmd

    parser = _Parser(prog="carecoord", description="CareCoord: personalised care and support "
                     "planning. With no command, opens the desktop app.")
    parser.add_argument("--version", action="version", version=f"CareCoord {__version__}")
    parser.add_argument("--data-dir", help="the store's folder (default: CARECOORD_DATA_DIR, "
                        "or your local data folder)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    commands.register(sub)
    exports.register(sub)
    users_cmd.register(sub)
    return parser


def run(args: argparse.Namespace) -> int:
    data_dir = resolve_data_dir(args.data_dir)
    try:
        return args.handler(args, data_dir)
    except BrokenPipeError:
        # The reader (e.g. `| head`) stopped early; that is not a failure worth reporting.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("carecoord: stopped.", file=sys.stderr)
        return EXIT_FAILED
    except CareCoordError as exc:
        from carecoord.cli.session import UsageError

        if args.debug:
            traceback.print_exc()
        print(f"carecoord: {exc}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, UsageError) else EXIT_FAILED
    except OSError as exc:
        if args.debug:
            traceback.print_exc()
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        print(f"carecoord: {exc.strerror or exc}{where}.", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 - the user gets one line, never a traceback
        if args.debug:
            traceback.print_exc()
        print(f"carecoord: unexpected error: {exc}. Run again with --debug for details.",
              file=sys.stderr)
        return EXIT_FAILED


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command in (None, "gui"):
        parser.exit(EXIT_USAGE, "carecoord: the desktop app is started with the 'carecoord' "
                    "program, not 'python -m carecoord'.\n")
    return run(args)
