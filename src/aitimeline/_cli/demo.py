"""The story ``make demo`` (``python -m aitimeline``) prints: the record at work on a handful of key dates."""

from __future__ import annotations

from aitimeline._core.dates import DateLike
from aitimeline._engine.state import UNSTATED, State, total_gigawatts
from aitimeline._engine.timeline import Timeline

KEY_DATES: tuple[tuple[str, str], ...] = (
    ("2019-07-22", "Microsoft's first investment"),
    ("2023-11-16", "the eve of Altman's firing"),
    ("2023-11-18", "the day after the firing"),
    ("2023-11-20", "Shear is interim CEO; the staff letter"),
    ("2023-12-01", "Altman back, a new initial board"),
    ("2025-10-06", "the AMD deal"),
    ("2025-10-28", "the recapitalisation"),
    ("2026-06-30", "after the 2026 round and the confidential S-1"),
    ("2026-10-01", "SoftBank's last tranche"),
)


def _chief(state: State) -> str | None:
    """OpenAI's chief executive: the nonprofit's until the recapitalisation, then the Group's (where the roles
    moved on 2025-10-28)."""
    return state.ceo("openai") or state.ceo("openai-group")


def describe(timeline: Timeline, when: DateLike) -> list[str]:
    """A few readable lines about OpenAI as of one date."""
    state = timeline.state_at(when)

    def names(ids: frozenset[str]) -> str:
        return ", ".join(state.name(i) for i in sorted(ids)) or "nobody"

    ceo = _chief(state)
    lines = [
        f"CEO: {state.name(ceo) if ceo else 'none'}",
        f"Board: {names(state.board('openai'))}",
        f"For-profit: {state.name('openai-group')} ({state.legal_form('openai-group') or 'not yet founded'})",
    ]
    table = state.cap_table("openai-group")
    if table:
        lines.append("Owners (each line as reported, or derived from its last report):")
        for line in table.lines():
            since = f", diluted by {', '.join(line.diluted_by)}" if line.diluted_by else ""
            lines.append(f"  {state.name(line.holder)}: {line.stake} ({line.kind}, as of {line.as_of}{since})")
    agreements = state.agreements("microsoft")
    for a in agreements:
        t = a.terms
        lines.append(
            f"Agreement {a.id}: cloud exclusivity {_yes_no(t.cloud_exclusivity)},"
            f" right of first refusal on compute {_yes_no(t.compute_rofr)}"
        )
    commitments = state.commitments("openai-group")
    if commitments:
        kinds = sorted({c.capacity or UNSTATED for c in commitments if c.gigawatts is not None})
        totals = [f"{total_gigawatts(commitments, kind)} of {kind}" for kind in kinds]
        lines.append(f"Compute commitments in force: {len(commitments)}; {', '.join(totals) or 'no gigawatts stated'}")
    for w in state.warrants(holder="openai-group"):
        lines.append(f"Warrant {w.id}: {w.shares:,} {state.name(w.issuer)} shares, vested tranches: {len(w.vested)}")
    valuation = state.metric("openai-group", "valuation")
    if valuation:
        lines.append(f"Last reported valuation: {valuation.value} ({valuation.reported})")
    return lines


def _yes_no(value: bool | None) -> str:
    return "not stated" if value is None else ("yes" if value else "no")


def story(timeline: Timeline, dates: tuple[tuple[DateLike, str], ...] = KEY_DATES) -> str:
    """The state of the OpenAI world on each of ``dates``, as text."""
    out = [f"{timeline!r}", ""]
    for when, label in dates:
        out.append(f"== {timeline.state_at(when).date} — {label}")
        out += [f"   {line}" for line in describe(timeline, when)]
        out.append("")
    ceo_history = timeline.history(_chief)
    final = timeline.state_at("2999-12-31")
    out.append("Who ran OpenAI: " + "; ".join(f"{d} {final.name(who) if who else 'nobody'}" for d, who in ceo_history))
    return "\n".join(out)
