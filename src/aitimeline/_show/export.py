"""Plain rows of events, states and changes, for other tools: dicts of plain Python values, and CSV and JSON Lines
written with the standard library.

In a row, dates are ISO text at their precision (``"2023-11"``), money is a Decimal with its currency, a stake is
an exact Fraction with a float beside it, and every figure keeps its hedge and the source's words.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import attrs

from aitimeline._core.dates import PartialDate
from aitimeline._core.values import Money, Quantity, Source, Stake
from aitimeline._engine.events import Event

if TYPE_CHECKING:
    from aitimeline._engine.state import State
    from aitimeline._engine.timeline import Diff, Timeline

__all__ = [
    "deal_web",
    "diff_records",
    "event_records",
    "flat",
    "history_records",
    "plain",
    "state_records",
    "timelinejs",
    "to_csv",
    "to_json",
    "to_jsonl",
    "to_pandas",
]


def plain(value: Any) -> Any:
    """``value`` as plain Python: dicts, lists, text, numbers (Decimal and Fraction kept exact), booleans, None.

    >>> plain(Stake.of("27%", qualifier="about"))["float"]
    0.27
    """
    if value is None or isinstance(value, str | bool | int | Decimal):
        return value
    if isinstance(value, PartialDate):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Money | Quantity):
        out = {"low": value.low, "high": value.high, "qualifier": value.qualifier, "stated": value.stated}
        out.update({"currency": value.currency} if isinstance(value, Money) else {"unit": value.unit})
        return {**out, "text": str(value)}
    if isinstance(value, Stake):
        return {
            "low": value.low,
            "high": value.high,
            "float": float(value),
            "basis": value.basis,
            "qualifier": value.qualifier,
            "stated": value.stated,
            "text": str(value),
        }
    if isinstance(value, Event):
        return {"type": type(value).type_name, **{k: plain(v) for k, v in _fields(value).items()}}
    if attrs.has(type(value)):
        return {k: plain(v) for k, v in _fields(value).items()}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted(plain(v) for v in value)
    if isinstance(value, Iterable):
        return [plain(v) for v in value]
    return str(value)


def _fields(value: Any) -> dict[str, Any]:
    # every field a reader can compare: those made in __init__ and those it computes (a reconciliation's `agrees`)
    out = {f.name: getattr(value, f.name) for f in attrs.fields(type(value)) if f.init or f.eq}
    if isinstance(getattr(type(value), "status", None), property):  # a commitment's status is derived
        out["status"] = value.status
    return out


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    raise TypeError(f"no JSON form for {type(value).__name__}")


def to_json(value: Any) -> str:
    """``plain(value)`` as one line of JSON: exact numbers as text (``"13000000000"``, ``"27/100"``)."""
    import json

    return json.dumps(plain(value), default=_json_default, ensure_ascii=False, sort_keys=False)


def to_jsonl(rows: Iterable[Any]) -> str:
    """Rows as JSON Lines (one JSON object a line)."""
    return "".join(to_json(row) + "\n" for row in rows)


def event_records(events: Iterable[Event]) -> list[dict[str, Any]]:
    """One row per event: its id, type, dates, summary, every other field as plain values, and last its sources,
    each a table of ``publisher``, ``title``, ``published`` (ISO text at its precision) and ``url`` (None where the
    source has no address), as the sources of its ``alternatives`` are. :func:`to_csv` writes the sources as one
    text cell (``publisher, “title”, date, address``, separated by `` | ``).

    >>> row = event_records(__import__("aitimeline").load().events)[0]
    >>> row["sources"][0]
    {'publisher': 'OpenAI', 'title': 'Introducing OpenAI', 'published': '2015-12-11', 'url': 'https://openai.com/blog/introducing-openai/'}
    """
    rows = []
    for event in events:
        fields = plain(event)
        sources = fields.pop("sources", [])
        row = {
            "id": fields.pop("id"),
            "type": fields.pop("type"),
            "date": fields.pop("date"),
            "recorded": fields.pop("recorded"),
            "summary": fields.pop("summary"),
            **fields,
            "sources": sources,
        }
        rows.append(row)
    return rows


_SOURCE_KEYS = frozenset(f.name for f in attrs.fields(Source))


def _is_source(value: Any) -> bool:
    return isinstance(value, dict) and value.keys() == _SOURCE_KEYS


def _cell(value: Any) -> str:
    import json

    if value is None:
        return ""
    if isinstance(value, dict) and "text" in value:
        return str(value["text"])
    if isinstance(value, list) and value and all(_is_source(v) for v in value):  # a row's sources, as one text
        return " | ".join(str(Source(**v)) for v in value)
    if isinstance(value, dict | list):
        return json.dumps(value, default=_json_default, ensure_ascii=False)
    if isinstance(value, Fraction):
        return f"{value.numerator}/{value.denominator}"
    return str(value)


def to_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """Rows as CSV text (a header of every column any row has, in first-seen order); figures as their text,
    sources as ``publisher, “title”, date, address`` separated by `` | ``, other nested values as JSON."""
    import csv
    import io

    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return out.getvalue()


def _tl_date(date: PartialDate) -> dict[str, int]:
    """A TimelineJS date at its precision: a month or day left out when the record does not know it."""
    out = {"year": date.year}
    if date.month is not None:
        out["month"] = date.month
    if date.day is not None:
        out["day"] = date.day
    return out


def _link(source: Source) -> str:
    import html

    label = html.escape(f"{source.publisher}, “{source.title}”, {source.published}")
    url = source.url
    if url is None or not url.lower().startswith(("https://", "http://")):  # Source refuses any other address
        return label
    return f'<a href="{html.escape(url)}">{label}</a>'


_HEADLINE_LIMIT = 80
"""The longest headline ``_headline`` writes, in characters (the ellipsis included)."""

_ABBREVIATIONS = frozenset({"co", "corp", "dr", "inc", "jr", "ltd", "mr", "mrs", "ms", "no", "sr", "st", "v", "vs"})
_SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "for", "from", "in", "its", "of", "on", "or", "the", "their", "to", "with"]
)
_OPENING = {"(": ")", "[": "]", "“": "”", '"': '"'}


def _headline(summary: str, limit: int = _HEADLINE_LIMIT) -> str:
    """A short headline from a summary: its first sentence, without the full stop, when that fits in ``limit``
    characters; else that sentence cut, with an ellipsis, at its last semicolon, colon or dash that fits (if what
    comes before says enough), else at its last word that fits (outside parentheses and quotations when that says
    enough), without a trailing "the" or "of". Always the summary's beginning, never cut mid-word (unless its
    first word alone is longer than ``limit``).

    >>> _headline("Holden Karnofsky leaves OpenAI's board, citing a potential conflict of interest.")
    "Holden Karnofsky leaves OpenAI's board, citing a potential conflict of interest"
    >>> _headline("Acme Inc. signs a deal with Bigco Corp. (its first). More are to come.")
    'Acme Inc. signs a deal with Bigco Corp. (its first)'
    >>> _headline("Microsoft and OpenAI form a partnership: they will jointly build new Azure AI supercomputers.")
    'Microsoft and OpenAI form a partnership…'
    >>> _headline("Microsoft, OpenAI's longtime backer, invests a little less than $1 billion in the round, says "
    ...           "the WSJ.")
    "Microsoft, OpenAI's longtime backer, invests a little less than $1 billion…"
    >>> _headline('Microsoft announces "the third phase of our long-term partnership with OpenAI through a multiyear '
    ...          'investment".')
    'Microsoft announces "the third phase of our long-term partnership with OpenAI…'
    """
    text = " ".join(summary.split())
    sentence = len(text) - (text.endswith(".") and not _abbreviation(text, len(text)))
    strong: list[int] = []  # where a semicolon, colon or dash ends the headline
    outside: list[int] = []  # where a word does, outside parentheses and quotation marks
    inside: list[int] = []  # where a word does, inside them
    closing: list[str] = []  # the parentheses and quotation marks open here, innermost last
    for i, char in enumerate(text):
        if closing and char == closing[-1]:
            closing.pop()
        elif char in _OPENING:
            closing.append(_OPENING[char])
        if char != " ":
            continue
        before, after = text[i - 1], text[i + 1]
        if closing:
            inside.append(i)
        elif before in ".!?" and (after.isupper() or after.isdigit() or after in '“"(') and not _abbreviation(text, i):
            sentence = i - (before == ".")
            break
        elif before in ";:" or (after in "—–-" and text[i + 2 : i + 3] == " "):
            strong.append(i - (before in ";:"))
        else:
            outside.append(i)
    if sentence <= limit:
        return text[:sentence]

    def last(ends: list[int], least: int) -> int | None:
        return max((end for end in ends if least <= end < limit), default=None)

    end = last(strong, limit * 2 // 5)  # a clause shorter than this says too little: a later cut is taken
    if end is not None:
        return text[:end] + "…"
    end = last(outside, limit // 2) or last(outside + inside, 1)
    if end is None:
        return text[: limit - 1] + "…"  # one word longer than the limit
    words = text[:end].split(" ")
    while len(words) > 1 and words[-1].lower() in _SMALL_WORDS:
        words.pop()
    return " ".join(words).rstrip(",;:") + "…"


@functools.cache
def _groups() -> dict[type[Event], str]:
    """The kind of each built-in event type, as a reader names it."""
    from aitimeline._engine.knowledge import Corrected, Retracted
    from aitimeline._record import catalogue as c

    kinds: dict[str, tuple[type[Event], ...]] = {
        "Organisations": (c.Founded, c.Reorganized),
        "Leadership": (c.RoleBegan, c.RoleEnded, c.SeatGranted, c.SeatGivenUp),
        "Funding and ownership": (
            *(c.Invested, c.RoundRaised, c.InvestmentPaid, c.FundingReported, c.FundingSought, c.StakeReported),
            *(c.InterestReported, c.Recapitalized, c.WarrantIssued, c.TrancheVested, c.WarrantExercised),
        ),
        "Compute": (c.ComputeCommitted, c.CommitmentRevised, c.CommitmentEnded),
        "Agreements": (c.AgreementSigned, c.AgreementAmended, c.AgreementEnded),
        "Figures reported": (c.MetricReported,),
        "Announcements and other news": (c.Announced, c.OfferMade, c.LetterPublished),
        "Corrections": (Corrected, Retracted),
    }
    return {kind: label for label, types in kinds.items() for kind in types}


def _group(kind: type[Event]) -> str:
    """The group of a slide of this event type: the kind of the nearest built-in type it is (or extends), else its
    name in words.

    >>> from aitimeline.events import RoleBegan, Announced
    >>> _group(RoleBegan), _group(type("SiteAnnounced", (Announced,), {}))
    ('Leadership', 'Announcements and other news')
    >>> _group(type("SiteAnnounced", (Event,), {"type_name": "SiteAnnounced"}))
    'Site announced'
    >>> _group(type("HTTPServerDown", (Event,), {"type_name": "HTTPServerDown"}))
    'HTTP server down'
    """
    groups = _groups()
    for cls in kind.__mro__:
        if cls in groups:
            return groups[cls]
    return _words(kind.type_name)


def _words(name: str) -> str:
    """A CamelCase type name as words: ``"SiteAnnounced"`` as ``"Site announced"``, acronyms kept."""
    import re

    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+", name) or [name]
    text = " ".join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)
    return text[:1].upper() + text[1:]


def _abbreviation(text: str, space: int) -> bool:
    """Whether the full stop before ``text[space]`` ends an abbreviation or an initial (``Inc.``, ``J.``, ``U.S.``)."""
    word = text[: space - 1].rsplit(" ", 1)[-1].lstrip('(“"')
    return word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()) or "." in word


def timelinejs(
    timeline: Timeline,
    known_at: Any = None,
    title: str = "The AI compute-and-capital race",
    *,
    subjects: Iterable[str] | None = None,
) -> dict[str, Any]:
    """The record as a TimelineJS document (a dict to write as JSON): one slide per event, headed by the
    beginning of its summary (its first sentence, or that cut at a clause or a word, at most 80 characters), with
    the whole summary, its note and its sources as links below; grouped by kind ("Leadership", "Funding and
    ownership", "Compute", "Agreements", "Corrections"...: a type of your own by the built-in type it extends, or
    else by its name, "SiteAnnounced" as "Site announced"), dated at its precision. And eras from the record's own
    replay, for each of ``subjects`` in turn: its CEOs, where the record names any, and its legal forms from each
    change on the record, where it had more than one.

    >>> doc = timelinejs(__import__("aitimeline").load())
    >>> sorted(doc) == ["eras", "events", "title"] and doc["events"][0]["start_date"]["year"]
    2015
    >>> doc["events"][0]["group"], doc["events"][0]["text"]["headline"]
    ('Organisations', 'OpenAI is announced as a non-profit artificial intelligence research company…')
    >>> [era["text"]["headline"] for era in doc["eras"]][-2:]
    ['Legal form of OpenAI LP: capped-profit', 'Legal form of OpenAI Group PBC: pbc']

    Args:
        timeline: The record.
        known_at: Export the record as known on this date; None for everything on it.
        title: The document's title.
        subjects: The entities whose eras are drawn; by default the record's :attr:`~aitimeline.Timeline.subjects`
            (none for a record that names none: the slides are all there, without eras).

    Raises:
        UnknownEntityError: A subject is not listed.
    """
    import html

    events = timeline.between("1900", "2999", known_at=known_at)
    slides = []
    for event in events:
        body = html.escape(event.summary)
        if event.note:
            body += f"<p><em>{html.escape(event.note)}</em></p>"
        body += "<p>Sources: " + "; ".join(_link(s) for s in event.sources) + "</p>"
        slides.append(
            {
                "unique_id": event.id,
                "start_date": _tl_date(event.date),
                "text": {"headline": html.escape(_headline(event.summary)), "text": body},
                "group": html.escape(_group(type(event))),  # TimelineJS shows a group's label as HTML too
            }
        )
    last = max((e.date.effective for e in events), default=dt.date.today())
    eras = []
    for subject in timeline.subjects if subjects is None else _ids(subjects):
        ceos = timeline.history(functools.partial(_ceo, subject=subject), known_at=known_at)
        forms = timeline.history(functools.partial(_legal_form, subject=subject), known_at=known_at)
        first = getattr(timeline.entities[subject], "legal_form", None)  # as its entities file starts it
        if len({first, *(form for _, form in forms)} - {None}) < 2:
            forms = []  # one legal form all along: no eras of it
        for changes, label in ((ceos, "CEO of"), (forms, "Legal form of")):
            for i, (start, value) in enumerate(changes):
                end = changes[i + 1][0] if i + 1 < len(changes) else last
                if value is None or end < start:
                    continue
                then = timeline.state_at(start, known_at=known_at)
                shown = then.name(value) if label == "CEO of" else value
                eras.append(
                    {
                        "start_date": _tl_date(PartialDate.from_date(start)),
                        "end_date": _tl_date(PartialDate.from_date(end)),
                        "text": {"headline": html.escape(f"{label} {then.name(subject)}: {shown}")},
                    }
                )
    heading = {"text": {"headline": html.escape(title), "text": "Every event with its sources."}}
    return {"title": heading, "events": slides, "eras": eras}


def _ceo(state: State, subject: str) -> str | None:
    return state.ceo(subject)


def _legal_form(state: State, subject: str) -> str | None:
    return state.legal_form(subject)


def _ids(subjects: Iterable[str]) -> tuple[str, ...]:
    """The ids given, each once; one string is refused (it would be read as its letters)."""
    if isinstance(subjects, str):
        raise TypeError(f"subjects is a list of entity ids such as ['acme'], not one string: {subjects!r}")
    return tuple(dict.fromkeys(subjects))


def state_records(state: State) -> list[dict[str, Any]]:
    """One row per key of a state that ``diff`` would report (not bookkeeping): its aspect, its subject joined by
    ``/``, and its value as plain values."""
    from aitimeline.keys import is_reported

    rows = []
    for key, value in sorted(state.snapshot().items()):
        if is_reported(key):
            rows.append(
                {"date": state.date.isoformat(), "aspect": key[0], "subject": "/".join(key[1:]), "value": plain(value)}
            )
    return rows


def history_records(changes: Iterable[tuple[dt.date, Any]]) -> list[dict[str, Any]]:
    """The rows of a :meth:`~aitimeline.Timeline.history`: each date and the value from then on."""
    return [{"date": day.isoformat(), "value": plain(value)} for day, value in changes]


def diff_records(diff: Diff) -> list[dict[str, Any]]:
    """The rows of a :class:`~aitimeline.Diff`: each key that changed, before and after, and the events that
    changed it."""
    return [
        {
            "aspect": c.aspect,
            "subject": "/".join(c.subject),
            "before": plain(c.before),
            "after": plain(c.after),
            "events": list(c.event_ids),
        }
        for c in diff.changes
    ]


def flat(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row with its nested tables spread into dotted columns (``amount.low``, ``amount.currency``), lists kept."""
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, Mapping):
            for sub, inner in flat(value).items():
                out[f"{key}.{sub}"] = inner
        else:
            out[key] = value
    return out


def to_pandas(rows: Iterable[Mapping[str, Any]]) -> Any:
    """Rows as a pandas DataFrame, nested tables spread into dotted columns. Amounts stay exact (Decimal objects
    in object columns, never binary floats); text and booleans get pandas' own types; a stake's ``float`` column
    is there for plotting.

    Raises:
        ImportError: pandas is not installed: ``pip install 'aitimeline[pandas]'``.
    """
    try:
        import pandas as pd
    except ImportError:
        raise ImportError("to_pandas needs pandas: pip install 'aitimeline[pandas]'") from None
    frame = pd.DataFrame([flat(row) for row in rows])
    exact = [c for c in frame.columns if frame[c].map(lambda v: isinstance(v, Decimal | Fraction)).any()]
    typed = frame.drop(columns=exact).convert_dtypes()
    for column in exact:
        typed[column] = frame[column].astype(object)
    return typed[list(frame.columns)]


def deal_web(timeline: Timeline, known_at: Any = None) -> Any:
    """The deal web as a dynamic networkx graph, for a GEXF file that Gephi plays along its timeline: organisations
    as nodes; investments, compute commitments, agreements and warrants as edges, each with its start (and end,
    once it ended), kind, status, amounts and the event that made it.

    Raises:
        ImportError: networkx is not installed: ``pip install 'aitimeline[graph]'``.
    """
    try:
        import networkx as nx
    except ImportError:
        raise ImportError("deal_web needs networkx: pip install 'aitimeline[graph]'") from None
    from aitimeline._core.entities import Organization
    from aitimeline._record.catalogue import Invested, RoundRaised

    graph: Any = nx.MultiDiGraph(mode="dynamic", timeformat="date")
    for entity in timeline.entities.values():
        if isinstance(entity, Organization):
            graph.add_node(entity.id, label=entity.name)

    def edge(source: str, target: str, key: str, start: PartialDate, end: PartialDate | None, **attrs_: Any) -> None:
        for node in (source, target):
            if node not in graph:
                graph.add_node(node, label=timeline.entities[node].name if node in timeline.entities else node)
        data = {"start": start.start.isoformat(), "record": key}
        data.update({k: str(v) for k, v in attrs_.items() if v is not None})
        if end is not None:
            data["end"] = end.effective.isoformat()
        graph.add_edge(source, target, key=key, **data)

    for event in timeline.between("1900", "2999", known_at=known_at):
        if isinstance(event, Invested):
            edge(
                event.investor,
                event.investee,
                event.id,
                event.date,
                None,
                kind="investment",
                amount=event.amount,
                event=event.id,
            )
        elif isinstance(event, RoundRaised):
            for part in event.investors:
                edge(
                    part.investor,
                    event.entity,
                    f"{event.id}:{part.investor}",
                    event.date,
                    None,
                    kind="investment",
                    amount=part.amount,
                    paid=part.paid,
                    event=event.id,
                )
    final = timeline.state_at("2999-12-31", known_at=known_at)
    for c in final.commitments(in_force=False):
        edge(
            c.buyer,
            c.supplier,
            c.id,
            c.since,
            None if c.in_force else c.status_since,
            kind="commitment",
            status=c.status,
            gigawatts=c.gigawatts,
            amount=c.amount,
        )
    for a in final.agreements(in_force=False):
        first, *others = a.parties
        for other in others:
            edge(
                first,
                other,
                f"{a.id}:{other}",
                a.signed,
                None if a.in_force else a.changed,
                kind="agreement",
                status="in force" if a.in_force else "ended",
                title=a.title,
            )
    for w in final.warrants():
        edge(
            w.issuer,
            w.holder,
            w.id,
            _issued(timeline, w.id, known_at),
            None,
            kind="warrant",
            shares=w.shares,
            vested=", ".join(w.vested) or "none",
        )
    return graph


def _issued(timeline: Timeline, warrant: str, known_at: Any) -> PartialDate:
    """When the warrant was issued, as known at ``known_at`` (corrected, without retracted issues)."""
    from aitimeline._record.catalogue import WarrantIssued

    known = timeline.between("1900", "2999", known_at=known_at)
    return next(e.date for e in known if isinstance(e, WarrantIssued) and e.warrant == warrant)
