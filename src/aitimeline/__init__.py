"""aitimeline: the AI compute-and-capital race as an event-sourced, sourced record.

Every occurrence (an investment, a firing, a compute deal) is an immutable event that cites its sources;
replaying them answers what the state was on any date, as known on any date. Start with :func:`load` and
:meth:`Timeline.state_at`; from a shell, ``aitimeline --help``.

This module is the whole public API (with :mod:`aitimeline.keys`, how state keys are spelled, and
:mod:`aitimeline.testing`, hypothesis strategies and laws for tests). The docs: ``docs/guide.md`` (the API),
``docs/extending.md`` (your own event types), ``docs/data-format.md`` (the files, writing them safely),
``docs/semantics.md`` (valid and knowledge time, ownership), and ``docs/api.md`` (every public name); ``make docs``
builds them as a site with an API reference, into ``site/``.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (16 ms here); type checkers read it as True
if TYPE_CHECKING:  # the names as a type checker and a reader see them; at run time, imported on first use
    from . import keys
    from ._catalogue import (
        AgreementAmended,
        AgreementEnded,
        AgreementSigned,
        Announced,
        CommitmentEnded,
        CommitmentRevised,
        ComputeCommitted,
        Corrected,
        Founded,
        FundingSought,
        InterestReported,
        Invested,
        InvestmentPaid,
        LetterPublished,
        MetricReported,
        OfferMade,
        Recapitalized,
        Reorganized,
        Retracted,
        RoleBegan,
        RoleEnded,
        RoundRaised,
        SeatGivenUp,
        SeatGranted,
        Stage,
        StakeReported,
        TrancheVested,
        ValuationBasis,
        WarrantExercised,
        WarrantIssued,
    )
    from ._dates import DateLike, PartialDate, Precision, parse_date
    from ._entities import Entity, Organization, Person
    from ._errors import (
        AitimelineError,
        ConflictError,
        CurrencyError,
        DateError,
        DateRangeError,
        DuplicateEntityError,
        DuplicateEventError,
        EventValidationError,
        FieldError,
        InvariantViolation,
        LoadError,
        Problem,
        RegistrationError,
        ReplayError,
        UnitError,
        UnknownEntityError,
        UnknownEventTypeError,
        UnknownNameError,
        UnknownWordError,
    )
    from ._events import EntityKind, Event, Origin, Writer, entity_field, entity_list_field, word_field
    from ._export import (
        deal_web,
        diff_records,
        event_records,
        flat,
        history_records,
        plain,
        state_records,
        timelinejs,
        to_csv,
        to_json,
        to_jsonl,
        to_pandas,
    )
    from ._loading import MAX_FILE_BYTES, SCHEMA_VERSION, check, load, load_entities, load_events
    from ._page import timeline_page
    from ._persistent import CapTable, IdChain, InForce, in_force_records, with_in_force
    from ._plot import (
        LEADERSHIP_ROLES,
        PLOTS,
        plot_cap_table,
        plot_commitments,
        plot_deal_web,
        plot_leadership,
        save_figure,
    )
    from ._records import (
        Agreement,
        CapLine,
        Commitment,
        Funding,
        Interest,
        MetricValue,
        StakeFigure,
        TermsVersion,
        Total,
        Warrant,
    )
    from ._registry import EventTypes, builtin_types, make_converter
    from ._replay import replay, step
    from ._state import State, total_amount, total_gigawatts
    from ._timeline import Change, Diff, Explanation, Timeline
    from ._values import (
        Alternative,
        Money,
        Participation,
        Payment,
        ProfitTier,
        Qualifier,
        Quantity,
        RevenueShare,
        Source,
        Stake,
        Terms,
        Tranche,
        combined_qualifier,
        non_negative,
    )
    from ._words import Vocabulary
    from ._writing import Written, add_events, dumps_entities, dumps_events, event_file_name, folder_version, recover
    from .keys import Key


__version__ = "0.1.0"

# Each public name and the private module that defines it. `import aitimeline` imports none of them (attrs, the
# catalogue's classes, the loader...): a name's module is imported the first time the name is used, so a program
# pays only for what it uses (PEP 562, as numpy and scipy load their submodules).
_LAZY: dict[str, str] = {
    **dict.fromkeys(
        [
            "AgreementAmended",
            "AgreementEnded",
            "AgreementSigned",
            "Announced",
            "CommitmentEnded",
            "CommitmentRevised",
            "ComputeCommitted",
            "Corrected",
            "Founded",
            "FundingSought",
            "InterestReported",
            "Invested",
            "InvestmentPaid",
            "LetterPublished",
            "MetricReported",
            "OfferMade",
            "Recapitalized",
            "Reorganized",
            "Retracted",
            "RoleBegan",
            "RoleEnded",
            "RoundRaised",
            "SeatGivenUp",
            "SeatGranted",
            "Stage",
            "StakeReported",
            "TrancheVested",
            "ValuationBasis",
            "WarrantExercised",
            "WarrantIssued",
        ],
        "._catalogue",
    ),
    **dict.fromkeys(["DateLike", "PartialDate", "Precision", "parse_date"], "._dates"),
    **dict.fromkeys(["Entity", "Organization", "Person"], "._entities"),
    **dict.fromkeys(
        [
            "AitimelineError",
            "ConflictError",
            "CurrencyError",
            "DateError",
            "DateRangeError",
            "DuplicateEntityError",
            "DuplicateEventError",
            "EventValidationError",
            "FieldError",
            "InvariantViolation",
            "LoadError",
            "Problem",
            "RegistrationError",
            "ReplayError",
            "UnitError",
            "UnknownEntityError",
            "UnknownEventTypeError",
            "UnknownNameError",
            "UnknownWordError",
        ],
        "._errors",
    ),
    **dict.fromkeys(
        ["EntityKind", "Event", "Origin", "Writer", "entity_field", "entity_list_field", "word_field"], "._events"
    ),
    **dict.fromkeys(
        [
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
        ],
        "._export",
    ),
    **dict.fromkeys(["MAX_FILE_BYTES", "SCHEMA_VERSION", "check", "load", "load_entities", "load_events"], "._loading"),
    **dict.fromkeys(["timeline_page"], "._page"),
    **dict.fromkeys(["CapTable", "IdChain", "InForce", "in_force_records", "with_in_force"], "._persistent"),
    **dict.fromkeys(
        [
            "LEADERSHIP_ROLES",
            "PLOTS",
            "plot_cap_table",
            "plot_commitments",
            "plot_deal_web",
            "plot_leadership",
            "save_figure",
        ],
        "._plot",
    ),
    **dict.fromkeys(
        [
            "Agreement",
            "CapLine",
            "Commitment",
            "Funding",
            "Interest",
            "MetricValue",
            "StakeFigure",
            "TermsVersion",
            "Total",
            "Warrant",
        ],
        "._records",
    ),
    **dict.fromkeys(["EventTypes", "builtin_types", "make_converter"], "._registry"),
    **dict.fromkeys(["replay", "step"], "._replay"),
    **dict.fromkeys(["State", "total_amount", "total_gigawatts"], "._state"),
    **dict.fromkeys(["Change", "Diff", "Explanation", "Timeline"], "._timeline"),
    **dict.fromkeys(
        [
            "Alternative",
            "Money",
            "Participation",
            "Payment",
            "ProfitTier",
            "Qualifier",
            "Quantity",
            "RevenueShare",
            "Source",
            "Stake",
            "Terms",
            "Tranche",
            "combined_qualifier",
            "non_negative",
        ],
        "._values",
    ),
    **dict.fromkeys(["Vocabulary"], "._words"),
    **dict.fromkeys(
        ["Written", "add_events", "dumps_entities", "dumps_events", "event_file_name", "folder_version", "recover"],
        "._writing",
    ),
    **dict.fromkeys(["Key"], ".keys"),
}
_SUBMODULES = frozenset({"keys", "testing"})


if not TYPE_CHECKING:  # a type checker sees the imports above, and flags a misspelt name

    def __getattr__(name: str) -> object:
        module = _LAZY.get(name)
        if module is not None:
            value = getattr(importlib.import_module(module, __name__), name)
        elif name in _SUBMODULES:
            value = importlib.import_module(f".{name}", __name__)
        else:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        globals()[name] = value  # the next use is a plain attribute lookup
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})


__all__ = [
    "LEADERSHIP_ROLES",
    "MAX_FILE_BYTES",
    "PLOTS",
    "SCHEMA_VERSION",
    "Agreement",
    "AgreementAmended",
    "AgreementEnded",
    "AgreementSigned",
    "AitimelineError",
    "Alternative",
    "Announced",
    "CapLine",
    "CapTable",
    "Change",
    "Commitment",
    "CommitmentEnded",
    "CommitmentRevised",
    "ComputeCommitted",
    "ConflictError",
    "Corrected",
    "CurrencyError",
    "DateError",
    "DateLike",
    "DateRangeError",
    "Diff",
    "DuplicateEntityError",
    "DuplicateEventError",
    "Entity",
    "EntityKind",
    "Event",
    "EventTypes",
    "EventValidationError",
    "Explanation",
    "FieldError",
    "Founded",
    "Funding",
    "FundingSought",
    "IdChain",
    "InForce",
    "Interest",
    "InterestReported",
    "InvariantViolation",
    "Invested",
    "InvestmentPaid",
    "Key",
    "LetterPublished",
    "LoadError",
    "MetricReported",
    "MetricValue",
    "Money",
    "OfferMade",
    "Organization",
    "Origin",
    "PartialDate",
    "Participation",
    "Payment",
    "Person",
    "Precision",
    "Problem",
    "ProfitTier",
    "Qualifier",
    "Quantity",
    "Recapitalized",
    "RegistrationError",
    "Reorganized",
    "ReplayError",
    "Retracted",
    "RevenueShare",
    "RoleBegan",
    "RoleEnded",
    "RoundRaised",
    "SeatGivenUp",
    "SeatGranted",
    "Source",
    "Stage",
    "Stake",
    "StakeFigure",
    "StakeReported",
    "State",
    "Terms",
    "TermsVersion",
    "Timeline",
    "Total",
    "Tranche",
    "TrancheVested",
    "UnitError",
    "UnknownEntityError",
    "UnknownEventTypeError",
    "UnknownNameError",
    "UnknownWordError",
    "ValuationBasis",
    "Vocabulary",
    "Warrant",
    "WarrantExercised",
    "WarrantIssued",
    "Writer",
    "Written",
    "add_events",
    "builtin_types",
    "check",
    "combined_qualifier",
    "deal_web",
    "diff_records",
    "dumps_entities",
    "dumps_events",
    "entity_field",
    "entity_list_field",
    "event_file_name",
    "event_records",
    "flat",
    "folder_version",
    "history_records",
    "in_force_records",
    "keys",
    "load",
    "load_entities",
    "load_events",
    "make_converter",
    "non_negative",
    "parse_date",
    "plain",
    "plot_cap_table",
    "plot_commitments",
    "plot_deal_web",
    "plot_leadership",
    "recover",
    "replay",
    "save_figure",
    "state_records",
    "step",
    "timeline_page",
    "timelinejs",
    "to_csv",
    "to_json",
    "to_jsonl",
    "to_pandas",
    "total_amount",
    "total_gigawatts",
    "with_in_force",
    "word_field",
]
