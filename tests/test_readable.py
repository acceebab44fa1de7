"""Every answer reads as text, never as a repr: each public value type has one readable text (``at.readable``),
used by every command; what changed inside a record is said field by field."""

from __future__ import annotations

import datetime as dt
import inspect
import io
import itertools
import re
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest

import aitimeline as at
from aitimeline._cli import main as cli

REPR = re.compile(
    r"\b[A-Z][A-Za-z]*\((?:[a-z_]+=|'|\"|\d)|\b(?:frozenset|datetime\.date|Decimal|Fraction)\(|=\(|<\w+[ .]"
)
"""What a repr looks like: ``Money(low=``, ``Decimal('``, ``Fraction(27``, ``frozenset(``, ``=(``, ``<State as``."""

DATES = [f"{year}-{month:02d}-01" for year, month in itertools.product(range(2016, 2027), (1, 7))][:20]


@pytest.fixture(scope="module")
def record() -> at.Timeline:
    return at.load()


def test_the_repr_pattern_catches_reprs() -> None:
    """The pattern the other tests rely on finds every kind of repr they guard against, and not plain text."""
    for text in (repr(at.Money.of("5e9")), repr(Decimal("1")), repr(Fraction(1, 3)), repr(frozenset({"a"}))):
        assert REPR.search(text), text
    assert REPR.search(repr(at.load().state_at("2020-01-01")))
    for text in ("Microsoft Corporation (microsoft): about 27 % (as-converted, diluted)", "GPT-3 (2020)", "MI450)"):
        assert not REPR.search(text), text


def _values(value: Any) -> Iterator[Any]:
    """``value`` and every value inside it (fields of records, items of collections and mappings)."""
    yield value
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            yield from _values(getattr(value, field.name))
    elif isinstance(value, dict | at.CapTable):
        for k, v in value.items():
            yield from _values(k)
            yield from _values(v)
    elif isinstance(value, tuple | list | frozenset | set):
        for v in value:
            yield from _values(v)


def test_every_public_value_type_reads_without_a_repr(record: at.Timeline) -> None:
    """Every value the shipped record's states hold, and everything inside them, reads as text; and every public
    value type is among them (or made below), so a new type without a text fails here."""
    seen: dict[type, Any] = {}
    for day in [*DATES, "2026-10-01"]:
        state = record.state_at(day)
        for value in state.snapshot().values():
            for part in _values(value):
                seen.setdefault(type(part), part)
    seen.update(
        {
            at.Total: at.total_gigawatts(record.state_at("2026-01-01").commitments("openai-group"), mix=True),
            at.Interest: record.state_at("2026-01-01").interest("microsoft", "openai-group"),
            at.CapLine: record.state_at("2026-01-01").cap_table("openai-group").lines()[0],
            at.Reconciliation: record.reconcile()[0],
            at.Alternative: next(a for e in record.events for a in e.alternatives),
            at.Source: record.events[0].sources[0],
            at.Organization: record.entities["openai"],
            at.Person: record.entities["sam-altman"],
            at.Participation: next(p for e in record.events for p in getattr(e, "investors", ())),
            at.Diff: record.diff("2023-11-16", "2023-11-30"),
            at.Learned: record.learned("2025-10-27", "2025-10-29"),
            at.Change: record.diff("2025-10-27", "2025-10-28").changes[0],
            at.Explanation: record.explain(lambda s: s.funding("softbank", "openai-group"), at="2026-01-01"),
        }
    )
    public = {
        value
        for name in at.__all__
        if inspect.isclass(value := getattr(at, name)) and attrs.has(value) and not issubclass(value, at.Event)
    } | {at.CapTable}
    assert public - set(seen) == set(), "a public value type the test does not read"
    names = record.state_at("2026-10-01").name
    for kind, value in seen.items():
        for text in (at.readable(value), at.readable(value, lambda i: names(i) if i in record.entities else i)):
            assert text, kind
            assert not REPR.search(text), (kind, text)


def test_a_users_record_without_a_text_reads_field_by_field() -> None:
    """A user's own record type (an attrs class with no __str__) reads as its fields, and may register its own."""

    @attrs.frozen
    class Lawsuit:
        plaintiff: str
        claim: at.Money | None
        filed: dt.date

    suit = Lawsuit("elon-musk", at.Money.of("134e9", qualifier="up-to"), dt.date(2024, 2, 29))
    assert at.readable(suit, {"elon-musk": "Elon Musk"}.get) == (
        "plaintiff: Elon Musk; claim: up to $134 billion; filed: 2024-02-29"
    )
    later = attrs.evolve(suit, claim=at.Money.of("97.4e9"))
    assert at.changed(suit, later) == "claim: up to $134 billion → $97.4 billion"

    @attrs.frozen
    class Verdict:
        outcome: str

    at.readable.register(Verdict, lambda value, names=str: f"the jury found {value.outcome}")
    assert at.readable((Verdict("for OpenAI"),)) == "the jury found for OpenAI"


def test_changed_says_which_parts_changed() -> None:
    table = at.CapTable({"microsoft": at.Stake.of("32.5%"), "openai": at.Stake.of("26%", qualifier="about")})
    after = at.CapTable({"microsoft": at.Stake.of("27%", qualifier="about"), "softbank": at.Stake.of("11%")})
    assert at.changed(table, after, {"microsoft": "Microsoft"}.get) == (
        "added softbank: 11 %; removed openai; Microsoft: 32.5 % → about 27 %"
    )
    assert at.changed(("a", "b"), ("b", "c")) == "added c; removed a"
    assert at.changed(None, at.Money.of("38e9")) == "none → $38 billion"
    small = at.Stake.of("0.2701"), at.Stake.of("0.27011")
    assert at.changed(*small) == "27.01 % (unchanged as shown)"


def test_a_commitments_change_of_stage_reads_in_words(record: at.Timeline) -> None:
    """Nvidia's letter of intent stalled: its stage changes in words, not registered words' spelling."""
    (_, signed), (_, stalled), *_ = record.history(lambda s: s.get(at.keys.commitment("openai-nvidia-10gw")))
    assert at.changed(signed, stalled).startswith("stage: letter of intent → stalled; status since: 2025-09-22")


def _run(*argv: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(list(argv))
    assert code == 0, (argv, err.getvalue())
    return out.getvalue()


def _asked(record: at.Timeline) -> list[tuple[str, ...]]:
    """Every public question of State with arguments that bear on the shipped record."""
    orgs = ("openai", "openai-group", "microsoft", "amd", "anthropic")
    pairs = [("microsoft", "openai-group"), ("softbank", "openai-group"), ("amazon", "openai-group")]
    pairs += [("microsoft", "openai"), ("amazon", "anthropic")]
    asked: list[tuple[str, ...]] = []
    for org in orgs:
        asked += [("ceo", org), ("board", org), ("observers", org), ("roles", org), ("cap_table", org)]
        asked += [("name", org), ("legal_form", org), ("holders", org, "director")]
        asked += [("metric", org, m) for m in ("valuation", "revenue", "compute-commitments", "committed-capacity")]
        asked += [("agreements", org), ("commitments", org), ("warrants", org), ("warrants", "--issuer", org)]
        asked += [("commitments", "--supplier", org), ("agreements", org, "--no-in-force")]
    for holder, entity in pairs:
        asked += [(q, holder, entity) for q in ("stake", "interest", "reported_stake", "funding")]
    asked += [("agreements",), ("commitments",), ("warrants",)]
    from aitimeline._cli.queries import queries

    assert {a[0] for a in asked} == set(queries()), "every question is asked"
    return asked


def test_no_command_prints_a_repr(record: at.Timeline, monkeypatch: pytest.MonkeyPatch) -> None:
    """Over every question of State on 20 dates of the shipped record (history, explain), and state, diff, events
    and reconcile on those dates, no output holds a repr."""
    monkeypatch.setattr(cli, "_timeline", lambda args: record)
    outputs: list[tuple[tuple[str, ...], str]] = []
    for question in _asked(record):
        outputs.append((("history", *question), _run("history", *question)))
        for day in [*DATES[::4], "2023-11-18", "2025-11-01", "2026-10-01"]:
            outputs.append((("explain", *question, day), _run("explain", *question, "--at", day)))
    for start, end in itertools.pairwise([*DATES, "2026-10-01"]):
        outputs.append((("diff", start, end), _run("diff", start, end)))
        outputs.append((("state", end), _run("state", end)))
    outputs.append((("events",), _run("events")))
    outputs.append((("reconcile",), _run("reconcile")))
    outputs.append((("queries",), _run("queries")))
    outputs.append((("learned",), _run("learned", "--since", "2025-01-01")))
    for argv, text in outputs:
        assert not REPR.search(text), (argv, REPR.search(text), text[:2000])
