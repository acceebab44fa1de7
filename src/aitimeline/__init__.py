"""aitimeline: the AI compute-and-capital race as an event-sourced, sourced record.

>>> import aitimeline as at
>>> tl = at.load()
>>> tl.state_at("2023-11-18").ceo("openai")
'mira-murati'
"""

from .catalogue import (
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
    Invested,
    LetterPublished,
    MetricReported,
    OfferMade,
    Recapitalized,
    Reorganized,
    Retracted,
    RoleBegan,
    RoleEnded,
    StakeReported,
    TrancheVested,
    WarrantExercised,
    WarrantIssued,
)
from .convert import make_converter
from .dates import PartialDate, Precision, parse_date
from .entities import Entity, Organization, Person
from .errors import (
    AitimelineError,
    DateError,
    DuplicateEventError,
    EventValidationError,
    FieldError,
    InvariantViolation,
    LoadError,
    Problem,
    ReplayError,
    UnknownEntityError,
    UnknownEventTypeError,
)
from .events import Event, entity_field, entity_list_field
from .loading import load, load_entities, load_events
from .records import Agreement, CapTable, Commitment, MetricValue, Warrant, Writer
from .registry import EventTypes, builtin_types
from .replay import Origin, replay, step
from .state import State, total_gigawatts
from .timeline import Change, Diff, Explanation, Timeline
from .values import Alternative, Money, Quantity, Source, Stake, Terms, Tranche

__version__ = "0.1.0"

__all__ = [
    "Agreement",
    "AgreementAmended",
    "AgreementEnded",
    "AgreementSigned",
    "AitimelineError",
    "Alternative",
    "Announced",
    "CapTable",
    "Change",
    "Commitment",
    "CommitmentEnded",
    "CommitmentRevised",
    "ComputeCommitted",
    "Corrected",
    "DateError",
    "Diff",
    "DuplicateEventError",
    "Entity",
    "Event",
    "EventTypes",
    "EventValidationError",
    "Explanation",
    "FieldError",
    "Founded",
    "FundingSought",
    "InvariantViolation",
    "Invested",
    "LetterPublished",
    "LoadError",
    "MetricReported",
    "MetricValue",
    "Money",
    "OfferMade",
    "Organization",
    "Origin",
    "PartialDate",
    "Person",
    "Precision",
    "Problem",
    "Quantity",
    "Recapitalized",
    "Reorganized",
    "ReplayError",
    "Retracted",
    "RoleBegan",
    "RoleEnded",
    "Source",
    "Stake",
    "StakeReported",
    "State",
    "Terms",
    "Timeline",
    "Tranche",
    "TrancheVested",
    "UnknownEntityError",
    "UnknownEventTypeError",
    "Warrant",
    "WarrantExercised",
    "WarrantIssued",
    "Writer",
    "builtin_types",
    "entity_field",
    "entity_list_field",
    "load",
    "load_entities",
    "load_events",
    "make_converter",
    "parse_date",
    "replay",
    "step",
    "total_gigawatts",
]
