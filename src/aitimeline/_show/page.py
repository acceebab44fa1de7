"""The timeline page: one self-contained HTML file (data, script and style inline; no network request) with a date
slider and a "known at" slider.

Every answer the page shows comes from this library's replay: :func:`page_data` asks ``state_at(date,
known_at=...)`` at every date on which the record changes, for every date on which what is known changes, and
writes each answer as it is to be shown. The page's script only picks the answer for the chosen dates (the last
change on or before each) and draws it; it computes nothing about the record.

Two dates give the same answer when the same events are known and in effect, so answers are computed once per
distinct set of events and each part (people, owners, deals, the deal web, recent events) is stored once and
referred to by number: the whole record fits in a few hundred kilobytes.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from aitimeline._core.entities import Organization
from aitimeline._core.records import Interest
from aitimeline._core.texts import figures, readable
from aitimeline._engine.events import Event
from aitimeline._engine.knowledge import Corrected, Retracted
from aitimeline._engine.state import State
from aitimeline._engine.timeline import Timeline

from . import web as _web_edges

__all__ = ["PARTS", "answer", "page_data", "timeline_page"]

PARTS = ("people", "owners", "deals", "web", "events")
"""The parts of an answer, in the order of a cell of :func:`page_data`'s grid."""

RECENT = 10
"""How many events the page lists for a date: the latest known on or before it."""


def timeline_page(timeline: Timeline, *, title: str = "The AI compute-and-capital race") -> str:
    """The record as one self-contained HTML page: a date slider and a "known at" slider, and for the chosen dates
    who runs and who sits on the board of each organisation, the cap tables and reported stakes, the agreements,
    compute commitments and warrants in force with their status, the deal web, and the latest events with their
    sources as links. It makes no network request (the sources' links open only when followed).

    Args:
        timeline: The record to show, such as ``at.load()``.
        title: The page's title.

    Returns:
        The HTML text; write it to a file and open it in a browser.
    """
    import html
    import json
    import re

    data = page_data(timeline, title=title)
    # Inside <script>, "<" only ever opens a tag or a comment ("</script>", "<!--"): the JSON holds none (\u003c is
    # the same character to JSON.parse), so no text of the record can end the script or change how it is parsed.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    values = {"title": html.escape(title), "data": text}
    # One pass over the template: a title holding "{{data}}" (or a summary "{{title}}") is text, never a slot.
    return re.sub(r"\{\{(title|data)\}\}", lambda m: values[m[1]], _template())


def page_data(timeline: Timeline, *, title: str = "") -> dict[str, Any]:
    """The page's data: the dates it stops at, the answer for every pair of dates, and the events it names.

    ``dates`` are the dates on which the record changes; ``known`` the dates on which what is on the record
    changes (the last is everything). ``grid[k][d]`` is the number of the answer for date ``dates[d]`` as known on
    ``known[k]``, an index into ``cells``; each cell gives, for each part of :data:`PARTS`, an index into
    ``pool[part]``. The ``events`` part lists indexes into ``events``: each version of an event (as corrected by
    then) is written once.
    """
    import json

    events = timeline.events
    dates = sorted({e.date.effective for e in events})
    known = sorted({e.recorded.effective for e in events})
    answers: dict[tuple[dt.date | None, dt.date | None, dt.date | None], int] = {}
    pools: dict[str, dict[str, int]] = {part: {} for part in PARTS}
    cells: list[list[int]] = []
    grid: list[list[int]] = []
    shown: dict[str, int] = {}  # each version of an event (as corrected by then) once
    orgs = _organizations(timeline)
    for k in known:
        on_record = sorted((e for e in events if e.recorded.effective <= k), key=lambda e: e.date.effective)
        amended = max((e.recorded.effective for e in on_record if isinstance(e, Corrected | Retracted)), default=None)
        row = []
        taken = 0
        last_effective: dt.date | None = None
        last_recorded: dt.date | None = None
        for d in dates:
            while taken < len(on_record) and on_record[taken].date.effective <= d:
                event = on_record[taken]
                last_effective = event.date.effective
                last_recorded = max(last_recorded or event.recorded.effective, event.recorded.effective)
                taken += 1
            # The events known at k and in effect on d are exactly those in effect by the latest of their dates and
            # recorded by the latest of their recording dates: those two dates name the set. A correction or a
            # retraction on the record can change answers before its own date: the latest recorded names those.
            which = (last_effective, last_recorded, amended)
            if which not in answers:
                state = timeline.state_at(d, known_at=k)
                parts = _parts(state, timeline.between(dates[0], d, known_at=k), orgs)
                parts["events"] = [_pooled(shown, event) for event in parts["events"]]
                cells.append([_pooled(pools[part], parts[part]) for part in PARTS])
                answers[which] = len(cells) - 1
            row.append(answers[which])
        grid.append(row)
    return {
        "title": title,
        "dates": [d.isoformat() for d in dates],
        "known": [k.isoformat() for k in known],
        "grid": grid,
        "cells": cells,
        "pool": {
            part: [json.loads(text) for text, _ in sorted(pool.items(), key=lambda i: i[1])]
            for part, pool in pools.items()
        },
        "events": [json.loads(text) for text, _ in sorted(shown.items(), key=lambda i: i[1])],
        "nodes": _layout(timeline, [json.loads(text) for text in pools["web"]]),
    }


def answer(state: State, events: Iterable[Event], timeline: Timeline) -> dict[str, Any]:
    """The parts the page shows for one state (what :func:`page_data` pools), ``events`` being those in effect by
    its date as known then (``timeline.between``), for tests to compare with."""
    return _parts(state, list(events), _organizations(timeline))


def _pooled(pool: dict[str, int], value: Any) -> int:
    import json

    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return pool.setdefault(text, len(pool))


def _parts(state: State, known: Sequence[Event], orgs: list[str]) -> dict[str, Any]:
    """What the page shows for ``state``, ``known`` being the events in effect by its date as known then."""
    return {
        "people": _people(state, orgs),
        "owners": _owners(state, orgs),
        "deals": _deals(state),
        "web": _web(state, known),
        "events": [_event(e) for e in known[-RECENT:][::-1]],
    }


def _people(state: State, orgs: list[str]) -> list[dict[str, Any]]:
    out = []
    for org in orgs:
        roles = state.roles(org)
        if not roles:
            continue
        by_role: dict[str, list[str]] = {}
        for person, held in roles.items():
            for role in held:
                by_role.setdefault(role, []).append(state.name(person))
        order = sorted(by_role, key=lambda r: (r not in ("ceo", "interim-ceo"), r != "chair", r == "director", r))
        out.append(
            {
                "id": org,
                "name": state.name(org),
                "form": state.legal_form(org),
                "ceo": state.name(ceo) if (ceo := state.ceo(org)) else None,
                "roles": [[role, sorted(by_role[role])] for role in order],
            }
        )
    return out


def _owners(state: State, orgs: list[str]) -> list[dict[str, Any]]:
    reported: dict[str, list[dict[str, Any]]] = {}
    interests: dict[str, list[dict[str, Any]]] = {}
    for key in state.snapshot():
        if key[0] == "stake_report":
            figure = state.reported_stake(key[2], key[1])
            if figure is not None:
                reported.setdefault(key[1], []).append(
                    {
                        "holder": state.name(figure.holder),
                        "stake": str(figure.stake),
                        "basis": figure.basis,
                        "as_of": str(figure.as_of),
                        "event": figure.event_id,
                    }
                )
        elif key[0] == "interest":
            interest = state.interest(key[2], key[1])
            if interest is not None and interest.kind == "profit-share":
                interests.setdefault(key[1], []).append(_interest(state, interest))
    out: list[dict[str, Any]] = []
    for entity in orgs:
        lines = state.cap_table(entity).lines()
        if not lines and entity not in reported and entity not in interests:
            continue
        out.append(
            {
                "id": entity,
                "name": state.name(entity),
                "lines": [
                    {
                        "holder": state.name(line.holder),
                        "stake": str(line.stake),
                        "kind": line.kind,
                        "as_of": str(line.as_of) if line.as_of else None,
                        "event": line.event_id,
                        "diluted_by": list(line.diluted_by),
                    }
                    for line in lines
                ],
                "reported": sorted(reported.get(entity, []), key=lambda r: (r["holder"], r["as_of"])),
                "interests": sorted(interests.get(entity, []), key=lambda r: r["holder"]),
            }
        )
    return out


def _interest(state: State, interest: Interest) -> dict[str, Any]:
    tiers = "; then ".join(readable(tier) for tier in interest.tiers)
    cap = str(interest.cap) if interest.cap is not None else interest.cap_stated
    return {
        "holder": state.name(interest.holder),
        "tiers": tiers,
        "cap": cap,
        "as_of": str(interest.as_of) if interest.as_of else None,
        "event": interest.event_id,
    }


def _deals(state: State) -> dict[str, Any]:
    names = state.name
    return {
        "agreements": [
            {"id": a.id, "title": a.title, "parties": [names(p) for p in a.parties], "since": str(a.signed)}
            for a in sorted(state.agreements(), key=lambda a: a.id)
        ],
        "commitments": [
            {
                "id": c.id,
                "buyer": names(c.buyer),
                "supplier": names(c.supplier),
                "status": c.status,
                "figures": figures(c),
                "within": c.within,
                "since": str(c.since),
            }
            for c in sorted(state.commitments(), key=lambda c: c.id)
        ],
        "warrants": [
            {
                "id": w.id,
                "holder": names(w.holder),
                "issuer": names(w.issuer),
                "shares": f"{w.shares:,}",
                "vested": f"{len(w.vested)} of {len(w.tranches)} tranches",
            }
            for w in sorted(state.warrants(), key=lambda w: w.id)
        ],
    }


def _web(state: State, known: Sequence[Event]) -> dict[str, Any]:
    """The deal web in force: the same edges as :func:`~aitimeline.plot.plot_deal_web` draws, ended ones left out."""
    invested = _web_edges.investments(known)
    fundings = [state.funding(investor, investee) for investor, investee in invested]
    drawn = _web_edges.edges(state, invested, fundings, state.commitments(), state.agreements(), state.warrants())
    edges = [{"from": e.source, "to": e.target, "kind": e.kind, "label": e.label, "style": e.style} for e in drawn]
    present = sorted({e["from"] for e in edges} | {e["to"] for e in edges})
    valuation = {org: str(value.value) for org in present if (value := state.metric(org, "valuation")) is not None}
    names = {org: state.name(org) for org in present}
    return {"nodes": present, "names": names, "valuation": valuation, "edges": edges}


def _organizations(timeline: Timeline) -> list[str]:
    return sorted(i for i, e in timeline.entities.items() if isinstance(e, Organization))


def _layout(timeline: Timeline, webs: Iterable[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Where each organisation of any deal web stands, the same on every date: the one with the most links over
    the record in the middle, the others on a circle around it in the order of their ids."""
    degree: dict[str, int] = {}
    for web in webs:
        for edge in web["edges"]:
            for end in (edge["from"], edge["to"]):
                degree[end] = degree.get(end, 0) + 1
    if not degree:
        return {}
    hub = max(sorted(degree), key=lambda org: degree[org])
    around = sorted(org for org in degree if org != hub)
    out = {hub: {"name": timeline.entities[hub].name, "x": 500, "y": 460}}
    for n, org in enumerate(around):
        angle = 2 * math.pi * n / len(around) - math.pi / 2
        x, y = 500 + 420 * math.cos(angle), 460 + 400 * math.sin(angle)
        out[org] = {"name": timeline.entities[org].name, "x": round(x), "y": round(y)}
    return out


def _event(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "date": str(event.date),
        "recorded": str(event.recorded),
        "type": type(event).type_name,
        "summary": event.summary,
        "unverified": event.unverified,
        "sources": [{"label": f"{s.publisher}, “{s.title}”, {s.published}", "url": s.url} for s in event.sources],
    }


def _template() -> str:
    """The page around the data (``page.html`` beside this module: the style and the script that draws)."""
    return Path(__file__).with_name("page.html").read_text(encoding="utf-8")
