"""The ``aitimeline`` command (also ``python -m aitimeline``).

``aitimeline`` alone tells the record's story on key dates. The questions (``state``, ``events``, ``diff``,
``history``, ``explain``, ``learned``, ``reconcile``, ``entities``) answer from the shipped record, or from ``--data
PATH`` (on top of the shipped record with ``--on-shipped``; a user's own event types with ``--types
MODULE:ATTRIBUTE`` or an installed package's entry point), as known at ``--known-at DATE``, as text (entities by
name, ``--ids`` for ids) or as ``--json``. ``history`` and ``explain`` ask :class:`~aitimeline.State`'s own
questions with their arguments in Python's order (``history funding microsoft openai-group``; ``queries`` lists
them), or read a raw key with ``--key ASPECT SUBJECT...``. ``check PATH``
lists every problem of a folder; ``export`` writes the events as CSV, JSON Lines or TimelineJS, or the deal web as
GEXF (Gephi).

A question about an organisation (``state``, ``plot``, ``export timelinejs``) answers about ``--entity ID``, by
default about the record's own subjects (``subjects`` in its ``entities.toml``); a record that names none is a usage
error that asks for ``--entity``.

Exit codes: 0 answered (or nothing wrong), 1 problems found (a folder that does not load), 2 a usage error (a
bad date, an unknown id or word, a bad option). Errors print on one line, without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from aitimeline._core.errors import (
    AitimelineError,
    DateError,
    LoadError,
    UnknownEntityError,
    UnknownNameError,
    UnknownWordError,
)
from aitimeline._show.table import Section, for_terminal, render

from . import UsageError

if TYPE_CHECKING:
    from aitimeline._core.errors import Problem
    from aitimeline._formats.registry import EventTypes

__all__ = ["main"]

OK, PROBLEMS, USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: {message}", file=sys.stderr)
        raise SystemExit(USAGE)


def _types_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--types`` to a command that loads a record (see :func:`_registries`)."""
    parser.add_argument(
        "--types",
        metavar="MODULE:ATTRIBUTE",
        action="append",
        help="your own event types: an aitimeline.io.EventTypes (mypkg.events:TYPES) of a module installed or in the "
        "current folder; repeat for more. Installed packages' types (entry points aitimeline.event_types) are used "
        "without it",
    )


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; the options of State's questions only for ``history`` and ``explain`` (or when
    the command is not known yet), since making them reads State's methods."""
    parser = _Parser(
        prog="aitimeline",
        description="The AI compute-and-capital race as an event-sourced, sourced record.",
        epilog="Without a command, tells the record's story on key dates (as `aitimeline demo`).",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    source = _Parser(add_help=False)
    source.add_argument("--data", metavar="PATH", help="a folder of event files instead of the shipped record")
    source.add_argument("--on-shipped", action="store_true", help="load --data on top of the shipped record")
    source.add_argument(
        "--no-cache", action="store_true", help="parse every file again (by default a folder parsed once is cached)"
    )
    _types_option(source)
    record = _Parser(add_help=False, parents=[source])
    record.add_argument("--known-at", metavar="DATE", help="answer as the record stood on this date")
    record.add_argument("--json", action="store_true", help="print JSON instead of text (ids and exact values)")
    record.add_argument("--ids", action="store_true", help="show entity ids instead of names")

    demo = commands.add_parser("demo", help="the state of the OpenAI world on key dates, or on the dates given")
    demo.add_argument("dates", nargs="*", metavar="DATE", help="dates such as 2023-11-18 or 'November 2023'")

    state = commands.add_parser("state", parents=[record], help="who runs, owns and has agreed what on a date")
    state.add_argument("date", metavar="DATE")
    state.add_argument(
        "--entity",
        metavar="ID",
        action="append",
        help="an organisation; repeat for more (default: the record's subjects, in its entities.toml)",
    )

    events = commands.add_parser("events", parents=[record], help="the events of a period")
    events.add_argument("--from", dest="start", metavar="DATE", default="1900")
    events.add_argument("--to", dest="end", metavar="DATE", default="2999")
    events.add_argument("--entity", metavar="ID", help="only events that name this entity")
    events.add_argument("--type", metavar="TYPE", help="only events of this type (Invested, RoleBegan...)")

    diff = commands.add_parser("diff", parents=[record], help="what changed from one date to another")
    diff.add_argument("start", metavar="A")
    diff.add_argument("end", metavar="B")

    asks = (
        "QUERY is one of the State's questions, with its arguments in the same order (`aitimeline queries` lists them)"
    )
    history = commands.add_parser(
        "history",
        parents=[record],
        help="each date the answer to one question changed (history ceo openai)",
        description=f"Each date the answer changed, with what changed. {asks}; --key reads a raw key of the state "
        "instead (a user's own aspect: --key lawsuit musk-v-openai).",
    )
    explain = commands.add_parser(
        "explain",
        parents=[record],
        help="the answer to one question on a date, with the events and sources behind it",
        description=f"The answer on --at DATE and the events and sources that produced it. {asks}; --key reads a raw "
        "key of the state instead.",
    )
    explain.add_argument("--at", required=True, metavar="DATE")
    for asking in (history, explain):
        asking.add_argument("query", nargs="?", metavar="QUERY", help="ceo, board, stake, funding, commitments...")
        asking.add_argument("arguments", nargs="*", metavar="ARGUMENT", help="its arguments (ids, a role, a metric)")
        asking.add_argument("--key", nargs="+", metavar="PART", help="a raw key instead: its aspect and subject")
        if command not in (None, "history", "explain"):
            continue
        from .queries import options

        for option, flag in options().items():
            spelt = "--" + option.replace("_", "-")
            if flag:
                asking.add_argument(spelt, action=argparse.BooleanOptionalAction, default=None)
            else:
                asking.add_argument(spelt, metavar="ID", help="(the questions that take it: `aitimeline queries`)")

    learned = commands.add_parser(
        "learned",
        parents=[source],
        help="what was learned in a window of knowledge time: the events recorded, and each answer they changed",
        description="The events recorded after --since (up to --until, both dates of knowledge time), and every "
        "answer they changed, about any date: the first day it changed, as known before and after.",
    )
    learned.add_argument("--since", required=True, metavar="DATE", help="what was known at the end of this day")
    learned.add_argument("--until", metavar="DATE", help="up to the end of this day (default: the whole record)")
    learned.add_argument("--json", action="store_true", help="print JSON instead of text (ids and exact values)")
    learned.add_argument("--ids", action="store_true", help="show entity ids instead of names")

    queries = commands.add_parser("queries", help="the questions history and explain ask, with their arguments")
    queries.add_argument("--json", action="store_true", help="print JSON instead of text")

    reconcile = commands.add_parser(
        "reconcile",
        parents=[record],
        help="every figure the record reports and can also derive, side by side (exit 0 either way)",
        description="Where a figure was reported and the record can derive it too (a stake after rounds, a funded "
        "total, a stated total of committed compute), the two side by side, whether they agree within the "
        "precision of their inputs, and the note that explains a disagreement.",
    )
    reconcile.add_argument("--at", metavar="DATE", help="only what was reported up to this date")

    entities = commands.add_parser("entities", parents=[record], help="list the entities, or find one by name")
    entities.add_argument("text", nargs="?", metavar="TEXT", help="a name, an alias or part of one")

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
    _types_option(check)

    export = commands.add_parser(
        "export", parents=[record], help="write the events as CSV, JSON Lines or TimelineJS, or the deal web as GEXF"
    )
    export.add_argument(
        "format",
        choices=["csv", "jsonl", "timelinejs", "gexf"],
        metavar="FORMAT",
        help="csv, jsonl, timelinejs, or gexf (the deal web for Gephi; needs the graph extra)",
    )
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    export.add_argument(
        "--entity",
        metavar="ID",
        action="append",
        help="timelinejs: an organisation whose CEOs and legal forms are eras; repeat for more "
        "(default: the record's subjects)",
    )

    plot = commands.add_parser(
        "plot",
        parents=[source],
        help="draw a picture of the record as PNG or SVG (needs the plot extra)",
        description="Draw one of the record's pictures from its replay, with its dates, legend and sources' count.",
    )
    plot.add_argument(
        "kind",
        choices=["cap-table", "leadership", "commitments", "deal-web"],
        metavar="KIND",
        help="cap-table, leadership, commitments or deal-web",
    )
    plot.add_argument("--at", metavar="DATE", help="the last date drawn (the deal web: the date it shows)")
    plot.add_argument("--known-at", metavar="DATE", help="draw the record as it stood on this date")
    plot.add_argument(
        "--entity",
        metavar="ID",
        help="the entity (the buyer for commitments; default: the first of the record's subjects with something "
        "to draw)",
    )
    plot.add_argument("-o", "--output", required=True, metavar="FILE", help="a .png or .svg file")

    page = commands.add_parser(
        "page",
        parents=[source],
        help="write the timeline page: one self-contained HTML file with a date and a known-at slider",
    )
    page.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file to write")
    page.add_argument("--title", default="The AI compute-and-capital race", help="the page's title")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (by default ``sys.argv[1:]``); returns the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parser(next((a for a in argv if not a.startswith("-")), None)).parse_args(argv)
    try:
        if args.command == "check":
            return _check(args.path, on_shipped=args.on_shipped, as_json=args.json, types=args.types)
        if args.command in (None, "demo"):
            return _demo(getattr(args, "dates", None) or [])
        return _COMMANDS[args.command](args)
    except (DateError, UnknownEntityError, KeyError, UsageError) as exc:  # asked for something not there
        print(f"aitimeline: {_for_the_command_line(exc)}", file=sys.stderr)
        return USAGE
    except AitimelineError as exc:
        lines = str(exc).splitlines()
        print(f"aitimeline: {lines[0]}", file=sys.stderr)
        for line in lines[1:]:
            print(line, file=sys.stderr)
        return PROBLEMS
    except BrokenPipeError:  # the reader stopped reading (`| head`): not an error of ours
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK
    except OSError as exc:
        print(f"aitimeline: {exc}", file=sys.stderr)
        return PROBLEMS


def _for_the_command_line(exc: Exception) -> str:
    """An error's message with its hint in the command line's words, where the library's names a Python call."""
    message = str(exc)
    if isinstance(exc, UnknownEntityError):
        return message.replace("Timeline.find(text) searches", "`aitimeline entities TEXT` searches")
    if isinstance(exc, UnknownWordError):
        return message.replace(
            "register it with EventTypes.with_words", "a user's words come with their types (--types)"
        )
    return message


def _timeline(args: argparse.Namespace) -> Any:
    """The record the question is about; each folder's parsed events are cached (see :mod:`._cache`)."""
    from aitimeline._formats.cache import default_folder
    from aitimeline._formats.loading import _bundled, _load

    cache = None if args.no_cache else default_folder()
    registries = _registries(args.types)

    def load(folder: Path, base: Any = None, registries: list[tuple[str, EventTypes]] = registries) -> Any:
        loaded: list[Any] = [None]

        def attempt(types: EventTypes | None) -> list[Problem]:
            loaded[0], problems = _load(folder, types, base, cache=cache)
            return problems

        problems = _with_plugins(registries, attempt)
        if loaded[0] is None:
            raise LoadError(f"cannot load {folder}{_types_hint(problems)}", problems)
        return loaded[0]

    if args.data is None:
        return load(_bundled())
    shipped = load(_bundled(), registries=[]) if args.on_shipped else None  # built-in types only: cached
    return load(Path(args.data), base=shipped)


def _registries(specs: list[str] | None) -> list[tuple[str, EventTypes]]:
    """The event types ``--types`` names, each with its label, after the built-in ones; ``[]`` without ``--types``.
    A module is looked for in the current folder too (as ``python -m`` does). A name that cannot be imported, is
    missing or is not an ``EventTypes`` is a usage error."""
    if not specs:
        return []
    import os

    from aitimeline._core.errors import RegistrationError
    from aitimeline._formats.plugins import BUILTIN, named_types
    from aitimeline._formats.registry import builtin_types

    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    registries = [(BUILTIN, builtin_types())]
    for spec in specs:
        try:
            registries.append((f"--types {spec}", named_types(spec)))
        except RegistrationError as exc:
            raise UnknownNameError(f"--types {spec}: {exc}", spec, []) from None
    return registries


def _types_hint(problems: Iterable[Problem]) -> str:
    """What to do about an event type the record does not know, on the command line (empty for other problems)."""
    if any(p.path.endswith(".type") and p.message.startswith("unknown event type") for p in problems):
        return "; for your own event types, pass --types MODULE:ATTRIBUTE or install a package that declares them"
    return ""


def _with_plugins(
    registries: list[tuple[str, EventTypes]], attempt: Callable[[EventTypes | None], list[Problem]]
) -> list[Problem]:
    """The problems of ``attempt`` with the types of ``registries`` (None: the built-in ones). When it finds some
    and packages declare event types (the entry points ``aitimeline.event_types``), those of ``attempt`` with their
    types too: they are looked up only then, so a folder that loads without them never pays for the lookup, and
    loads as it would with them (a registry with more types and words accepts what it accepted)."""
    types = None
    if registries:
        from aitimeline._core.errors import RegistrationError
        from aitimeline._formats.plugins import merged

        try:
            types = merged(registries)
        except RegistrationError as exc:  # two --types that give one name to two classes
            raise UnknownNameError(str(exc), "--types", []) from None
    problems = attempt(types)
    if problems:
        from aitimeline._formats.plugins import BUILTIN, installed, merged
        from aitimeline._formats.registry import builtin_types

        if plugins := installed():
            problems = attempt(merged([*(registries or [(BUILTIN, builtin_types())]), *plugins]))
    return problems


def _no_subject(args: argparse.Namespace, repeat: bool = False) -> int:
    """The usage error of a question about an organisation, asked without ``--entity`` of a record that names no
    subjects."""
    where = Path(args.data) / "entities.toml" if args.data is not None else "its entities.toml"
    more = " (repeat it for more)" if repeat else ""
    print(
        f"aitimeline: the record names no subjects (no `subjects` in {where}): pass --entity ID{more}, "
        'or list them there, such as subjects = ["an-entity-id"]',
        file=sys.stderr,
    )
    return USAGE


def _emit(args: argparse.Namespace, value: Any, text: Callable[[], str | list[Section]]) -> int:
    """Print ``value`` as JSON with ``--json``; else its text, as tables on a terminal and plain lines when piped."""
    if args.json:
        from aitimeline._show.export import to_json

        print(to_json(value))
        return OK
    shown = text()
    print(shown if isinstance(shown, str) else render(shown, terminal=for_terminal()))
    return OK


def _state(args: argparse.Namespace) -> int:
    tl = _timeline(args)
    orgs = args.entity or tl.subjects
    if not orgs:
        return _no_subject(args, repeat=True)
    s = tl.state_at(args.date, known_at=args.known_at)
    report: dict[str, Any] = {"date": s.date.isoformat(), "known_at": args.known_at, "entities": {}}

    from aitimeline._core.texts import figures, label, readable

    name = _names(args, s)

    def names(ids: Iterable[str]) -> str:
        return ", ".join(name(i) for i in ids)

    def shown(id_: str, text: str) -> str:
        return id_ if args.ids else text

    asked = f"As of {s.date}" + (f", as known on {args.known_at}" if args.known_at else "")
    unverified = {e.id for e in tl.events if e.unverified}  # a line resting on one says so
    sections = [Section(asked)]
    for org in orgs:
        table = s.cap_table(org)
        metrics = {m: v for m in sorted(s.words.of("metric")) if (v := s.metric(org, m)) is not None}
        entry = {
            "name": s.name(org),
            "legal_form": s.legal_form(org),
            "ceo": s.ceo(org),
            "board": sorted(s.board(org)),
            "observers": sorted(s.observers(org)),
            "cap_table": [attrs.asdict(line, recurse=False) for line in table.lines()],
            "agreements": s.agreements(org),
            "commitments": s.commitments(buyer=org) + s.commitments(supplier=org),
            "warrants": s.warrants(holder=org) + s.warrants(issuer=org),
            "metrics": metrics,
        }
        report["entities"][org] = entry
        fields = [("CEO", name(entry["ceo"]) if entry["ceo"] else "none on the record")]
        fields += [("Board", names(entry["board"]))] if entry["board"] else []
        fields += [("Observers", names(entry["observers"]))] if entry["observers"] else []
        fields += [(label(metric), readable(value, name)) for metric, value in metrics.items()]
        form = entry["legal_form"] or "legal form not recorded"
        sections.append(Section(f"{entry['name']} ({org}, {form})", tuple(fields)))
        if lines := table.lines():
            owners = tuple(
                (
                    name(line.holder),
                    str(line.stake),
                    line.kind + (", unverified" if {line.event_id, *line.diluted_by} & unverified else ""),
                    str(line.as_of),
                    _diluted_by(line.diluted_by),
                )
                for line in lines
            )
            header = ("Owner", "Stake", "Line", "As of", "Diluted by")
            sections.append(Section(f"Owners of {entry['name']}", owners, header))
        if entry["agreements"]:
            agreed = tuple(
                (
                    shown(a.id, a.title or a.id),
                    names(a.parties),
                    str(a.signed),
                    readable(attrs.evolve(a.terms, notes=()), name),
                )
                for a in entry["agreements"]
            )
            sections.append(Section("Agreements in force", agreed, ("Agreement", "Parties", "Since", "Terms")))
        if entry["commitments"]:
            committed = tuple(
                (
                    c.id,
                    name(c.buyer),
                    name(c.supplier),
                    label(c.status),
                    figures(c),
                )
                for c in entry["commitments"]
            )
            header = ("Commitment", "Buyer", "Supplier", "Status", "Figures")
            sections.append(Section("Compute commitments in force", committed, header))
        if entry["warrants"]:
            held = tuple(
                (
                    w.id,
                    name(w.holder),
                    name(w.issuer),
                    f"{w.shares:,}",
                    f"{len(w.vested)} of {len(w.tranches)} tranches" + (f": {', '.join(w.vested)}" if w.vested else ""),
                )
                for w in entry["warrants"]
            )
            sections.append(Section("Warrants", held, ("Warrant", "Holder", "Issuer", "Shares", "Vested")))
    return _emit(args, report, lambda: sections)


def _events(args: argparse.Namespace) -> int:
    tl = _timeline(args)
    found = tl.between(args.start, args.end, known_at=args.known_at)
    if args.entity is not None:
        if args.entity not in tl.entities:
            from aitimeline._engine.state import unknown_entity

            raise unknown_entity(tl.entities, args.entity)
        found = tuple(e for e in found if any(ref == args.entity for _, ref in e.entity_refs()))
    if args.type is not None:
        from aitimeline._formats.registry import builtin_types

        known = set(builtin_types()) | {type(e).type_name for e in tl.events}
        if args.type not in known:
            raise _unknown("event type", args.type, known)
        found = tuple(e for e in found if type(e).type_name == args.type)
    from aitimeline._show.export import event_records

    rows = event_records(found)
    table = tuple(
        (str(e.date), e.id, type(e).type_name + (" (unverified)" if e.unverified else ""), e.summary) for e in found
    )
    return _emit(args, rows, lambda: [Section("", table, ("Date", "Event", "Type", "Summary"))])


def _diff(args: argparse.Namespace) -> int:
    tl = _timeline(args)
    d = tl.diff(args.start, args.end, known_at=args.known_at)
    names = _names(args, tl.state_at(args.end, known_at=args.known_at))
    return _emit(args, d, lambda: d.text(names))


def _key(tl: Any, parts: list[str]) -> tuple[str, ...]:
    """The key the parts spell, its entity and word checked where the aspect is a built-in one."""
    from aitimeline._engine.state import unknown_entity

    key = tuple(parts)
    aspects = {k[0] for k in tl.state_at("2999-12-31").snapshot() if not k[0].startswith("_")} | _ENTITY_ASPECTS
    if key[0] not in aspects:  # a misspelt aspect would otherwise answer "no change"
        raise _unknown("aspect", key[0], aspects)
    if len(key) > 1 and key[0] in _ENTITY_ASPECTS and key[1] not in tl.entities:
        raise unknown_entity(tl.entities, key[1])
    if len(key) > 2 and key[0] in ("role", "metric"):
        tl.words.check(key[0], key[2])
    return key


def _unknown(what: str, name: str, known: Iterable[str], where: str | None = None) -> UnknownNameError:
    """The usage error for a name the record does not know, with the closest it does (and where to look)."""
    import difflib

    close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.5)
    hint = f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""
    listed = where or f"known: {', '.join(sorted(known))}"
    return UnknownNameError(f"unknown {what} {name!r}{hint}; {listed}", name, close)


_ENTITY_ASPECTS = frozenset(
    {"role", "cap_table", "metric", "name", "legal_form", "founded", "funding", "interest", "stake_report", "seats"}
)


def _question(tl: Any, args: argparse.Namespace) -> Callable[[Any], Any]:
    """The question ``history`` or ``explain`` asks: a State query with its arguments, or a raw ``--key``."""
    from .queries import options, queries

    given = {option: value for option in options() if (value := getattr(args, option, None)) is not None}
    if args.key is not None:
        if args.query is not None or given:
            raise UsageError("--key reads a raw key of the state: give it alone, without a QUERY or its options")
        key = _key(tl, args.key)
        return lambda s: s.get(key)
    if args.query is None:
        raise UsageError(
            f"{args.command} asks a question: QUERY and its arguments (aitimeline {args.command} ceo openai), or "
            "--key ASPECT SUBJECT...; `aitimeline queries` lists the questions"
        )
    known = queries()
    if args.query not in known:
        raise _unknown("query", args.query, known, "`aitimeline queries` lists them with their arguments")
    return known[args.query].asker(args.arguments, given)


def _names(args: argparse.Namespace, state: Any) -> Callable[[str], str]:
    """How text names an entity: as the state names it on its date (the engine's ``EntityNames``, which a diff or an
    explanation carries too), or by its id with ``--ids``; any other text as it is."""
    if args.ids:
        return str
    from aitimeline._engine.state import EntityNames

    named = EntityNames(state)
    return lambda text: named(text) or text


def _history(args: argparse.Namespace) -> int:
    from aitimeline._engine.display import history_rows

    tl = _timeline(args)
    changes = tl.history(_question(tl, args), known_at=args.known_at)
    rows = [{"date": day.isoformat(), "value": value} for day, value in changes]

    def text() -> str | list[Section]:  # the notebook's rows, each named as of its own date
        if not changes:
            return "no change"
        table = history_rows(changes, lambda day: _names(args, tl.state_at(day, known_at=args.known_at)))
        return [Section("", tuple(table), ("Since", "Answer (then what changed)"))]

    return _emit(args, rows, text)


def _explain(args: argparse.Namespace) -> int:
    tl = _timeline(args)
    why = tl.explain(_question(tl, args), at=args.at, known_at=args.known_at)
    names = _names(args, tl.state_at(args.at, known_at=args.known_at))
    return _emit(args, why, lambda: why.text(names))


def _learned(args: argparse.Namespace) -> int:
    tl = _timeline(args)
    news = tl.learned(args.since, args.until)
    names = _names(args, tl.state_at(args.until or "2999-12-31"))
    return _emit(args, news, lambda: news.text(names))


def _queries(args: argparse.Namespace) -> int:
    from .queries import queries

    found = queries().values()
    rows = [
        {
            "query": q.name,
            "arguments": list(q.arguments),
            "options": [o for o, _ in q.options],
            "usage": q.usage,
            "summary": q.summary,
        }
        for q in found
    ]
    table = tuple((q.usage, q.summary) for q in found)
    title = "The questions `aitimeline history` and `aitimeline explain --at DATE` ask (and State answers in Python)"
    return _emit(args, rows, lambda: [Section(title, table, ("Query", "Answers"))])


def _entities(args: argparse.Namespace) -> int:
    tl = _timeline(args)
    found = tl.find(args.text) if args.text else tuple(tl.entities[i] for i in sorted(tl.entities))
    if args.text and not found:
        print(f"aitimeline: no entity matches {args.text!r}", file=sys.stderr)
        return PROBLEMS
    table = tuple((e.id, e.name, ", ".join(e.aliases)) for e in found)
    return _emit(args, found, lambda: [Section("", table, ("Id", "Name", "Also known as"))])


def _export(args: argparse.Namespace) -> int:
    from aitimeline._show.export import event_records, timelinejs, to_csv, to_jsonl

    tl = _timeline(args)
    if args.entity is not None and args.format != "timelinejs":
        print(
            f"aitimeline: --entity chooses the eras of timelinejs: it does not apply to {args.format}", file=sys.stderr
        )
        return USAGE
    if args.format == "gexf":
        from aitimeline._show.export import deal_web

        try:
            graph = deal_web(tl, known_at=args.known_at)
        except ImportError as exc:
            print(f"aitimeline: {exc}", file=sys.stderr)
            return PROBLEMS
        import networkx as nx

        nx.write_gexf(graph, args.output)
        print(f"{args.output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges", file=sys.stderr)
        return OK
    if args.format == "timelinejs":
        doc = timelinejs(tl, known_at=args.known_at, subjects=args.entity)
        import json

        Path(args.output).write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{args.output}: {len(doc['events'])} events, {len(doc['eras'])} eras", file=sys.stderr)
        if args.entity is None and not tl.subjects:
            print(
                "aitimeline: no eras: the record names no subjects (`subjects` in its entities.toml); "
                "pass --entity ID for the eras of an organisation's CEOs and legal forms",
                file=sys.stderr,
            )
        return OK
    events = tl.between("1900", "2999", known_at=args.known_at)
    rows = event_records(events)
    Path(args.output).write_text(to_csv(rows) if args.format == "csv" else to_jsonl(rows), encoding="utf-8")
    print(f"{args.output}: {len(rows)} events", file=sys.stderr)
    return OK


def _plot(args: argparse.Namespace) -> int:
    suffix = Path(args.output).suffix.lower()
    if suffix not in (".png", ".svg"):
        print(
            f"aitimeline: cannot write a picture as {suffix or 'a file without a suffix'}: use .png or .svg",
            file=sys.stderr,
        )
        return USAGE
    from aitimeline._show.plot import PLOTS, save_figure

    tl = _timeline(args)
    options: dict[str, Any] = {"known_at": args.known_at}
    if args.at is not None:
        options["at" if args.kind == "deal-web" else "end"] = args.at
    if args.entity is not None:
        if args.kind == "deal-web":
            print("aitimeline: the deal web shows every organisation: --entity does not apply", file=sys.stderr)
            return USAGE
        options["buyer" if args.kind == "commitments" else "entity"] = args.entity
    elif args.kind != "deal-web" and not tl.subjects:
        return _no_subject(args)
    try:
        figure = PLOTS[args.kind](tl, **options)
    except ImportError as exc:
        print(f"aitimeline: {exc}", file=sys.stderr)
        return PROBLEMS
    written = save_figure(figure, args.output)
    print(f"{written}: {figure.get_suptitle() or args.kind}", file=sys.stderr)
    return OK


def _page(args: argparse.Namespace) -> int:
    from aitimeline._show.page import timeline_page

    text = timeline_page(_timeline(args), title=args.title)
    Path(args.output).write_text(text, encoding="utf-8")
    print(f"{args.output}: {len(text.encode()):,} bytes, open it in a browser (it needs no network)", file=sys.stderr)
    return OK


def _diluted_by(events: tuple[str, ...]) -> str:
    """The events that diluted a line, short enough for a table cell: the first, and how many more (``--json``
    lists them all)."""
    if len(events) <= 1:
        return "".join(events)
    return f"{events[0]} and {len(events) - 1} more"


def _reconcile(args: argparse.Namespace) -> int:
    from aitimeline._engine.display import Reconciliations

    tl = _timeline(args)
    rows = tl.reconcile(args.at, known_at=args.known_at)
    names = _names(args, tl.state_at(args.at or "2999-12-31", known_at=args.known_at))

    def text() -> list[Section]:  # the notebook's table of the rows, as the command line's sections
        shown = Reconciliations(rows, names)._shown()
        return [
            Section(
                shown.heading if n == 0 else table.title,
                tuple(tuple(str(cell) for cell in row) for row in table.rows),
                table.header or None,
            )
            for n, table in enumerate(shown.tables)
        ]

    return _emit(args, rows, text)


_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "reconcile": _reconcile,
    "state": _state,
    "events": _events,
    "diff": _diff,
    "history": _history,
    "learned": _learned,
    "queries": _queries,
    "explain": _explain,
    "entities": _entities,
    "export": _export,
    "page": _page,
    "plot": _plot,
}


def _demo(dates: list[str]) -> int:
    from aitimeline._formats.loading import load

    from .demo import story

    timeline = load()
    print(story(timeline, tuple((d, "as asked") for d in dates)) if dates else story(timeline))
    return OK


def _check(path: str, *, on_shipped: bool, as_json: bool, types: list[str] | None = None) -> int:
    import json

    from aitimeline._formats.loading import check, load

    base = load() if on_shipped else None
    problems = _with_plugins(_registries(types), lambda registry: check(path, types=registry, base=base))
    for problem in problems:
        print(json.dumps(attrs.asdict(problem), ensure_ascii=False) if as_json else str(problem))
    if not as_json:
        found = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}" if problems else "no problems"
        print(f"{path}: {found}{_types_hint(problems)}", file=sys.stderr)
    return PROBLEMS if problems else OK
