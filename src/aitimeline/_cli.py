"""The ``aitimeline`` command (also ``python -m aitimeline``).

``aitimeline`` alone tells the record's story on key dates; ``aitimeline demo DATE ...`` tells the state on the
dates given; ``aitimeline check PATH`` lists every problem of a folder of event files. Exit codes: 0 answered
(or nothing wrong), 1 problems found, 2 a usage error. Errors print on one line, without a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import attrs

from ._errors import AitimelineError

__all__ = ["main"]

OK, PROBLEMS, USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(USAGE)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="aitimeline",
        description="The AI compute-and-capital race as an event-sourced, sourced record.",
        epilog="Without a command, tells the record's story on key dates (as `aitimeline demo`).",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    demo = commands.add_parser("demo", help="the state of the OpenAI world on key dates, or on the dates given")
    demo.add_argument("dates", nargs="*", metavar="DATE", help="dates such as 2023-11-18 or 'November 2023'")
    check = commands.add_parser(
        "check",
        help="every problem of a folder of event files (exit 1 if there is any)",
        description="Load a folder as `aitimeline.load` would and list every problem: file, event id, field.",
    )
    check.add_argument("path", metavar="PATH", help="a folder of *.toml event files")
    check.add_argument(
        "--on-shipped", action="store_true", help="check the folder on top of the record that ships with aitimeline"
    )
    check.add_argument("--json", action="store_true", help="print the problems as JSON lines")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (by default ``sys.argv[1:]``); returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "check":
            return _check(args.path, on_shipped=args.on_shipped, as_json=args.json)
        return _demo(getattr(args, "dates", None) or [])
    except AitimelineError as exc:
        print(f"aitimeline: {str(exc).splitlines()[0]}", file=sys.stderr)
        for line in str(exc).splitlines()[1:]:
            print(line, file=sys.stderr)
        return PROBLEMS


def _demo(dates: list[str]) -> int:
    from ._demo import story
    from ._loading import load

    timeline = load()
    print(story(timeline, tuple((d, "as asked") for d in dates)) if dates else story(timeline))
    return OK


def _check(path: str, *, on_shipped: bool, as_json: bool) -> int:
    from ._loading import check, load

    problems = check(path, base=load() if on_shipped else None)
    for problem in problems:
        print(json.dumps(attrs.asdict(problem), ensure_ascii=False) if as_json else str(problem))
    if not as_json:
        found = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}" if problems else "no problems"
        print(f"{path}: {found}", file=sys.stderr)
    return PROBLEMS if problems else OK
