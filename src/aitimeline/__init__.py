"""aitimeline: the AI compute-and-capital race as an event-sourced, sourced record.

This module is the whole public API (with :mod:`aitimeline.keys`, how state keys are spelled, and
:mod:`aitimeline.testing`, hypothesis strategies and laws for tests). Start with :func:`load` and
:meth:`Timeline.state_at`; the guide is ``docs/guide.md``, writing your own event types is
``docs/extending.md``, and ``docs/api.md`` lists every public name.
"""

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
    Invested,
    LetterPublished,
    MetricReported,
    OfferMade,
    Recapitalized,
    Reorganized,
    Retracted,
    RoleBegan,
    RoleEnded,
    Stage,
    StakeReported,
    TrancheVested,
    ValuationBasis,
    WarrantExercised,
    WarrantIssued,
)
from ._convert import make_converter
from ._dates import DateLike, PartialDate, Precision, parse_date
from ._entities import Entity, Organization, Person
from ._errors import (
    AitimelineError,
    DateError,
    DuplicateEntityError,
    DuplicateEventError,
    EventValidationError,
    FieldError,
    InvariantViolation,
    LoadError,
    Problem,
    RegistrationError,
    ReplayError,
    UnknownEntityError,
    UnknownEventTypeError,
)
from ._events import Event, Origin, Writer, entity_field, entity_list_field
from ._loading import SCHEMA_VERSION, load, load_entities, load_events
from ._persistent import CapTable, IdChain, InForce, in_force_records, with_in_force
from ._records import Agreement, Commitment, MetricValue, Warrant
from ._registry import EventTypes, builtin_types
from ._replay import replay, step
from ._state import State, total_gigawatts
from ._timeline import Change, Diff, Explanation, Timeline
from ._values import Alternative, Money, Qualifier, Quantity, Source, Stake, Terms, Tranche
from .keys import Key

__version__ = "0.1.0"

__all__ = [
    "SCHEMA_VERSION",
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
    "DateLike",
    "Diff",
    "DuplicateEntityError",
    "DuplicateEventError",
    "Entity",
    "Event",
    "EventTypes",
    "EventValidationError",
    "Explanation",
    "FieldError",
    "Founded",
    "FundingSought",
    "IdChain",
    "InForce",
    "InvariantViolation",
    "Invested",
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
    "Person",
    "Precision",
    "Problem",
    "Qualifier",
    "Quantity",
    "Recapitalized",
    "RegistrationError",
    "Reorganized",
    "ReplayError",
    "Retracted",
    "RoleBegan",
    "RoleEnded",
    "Source",
    "Stage",
    "Stake",
    "StakeReported",
    "State",
    "Terms",
    "Timeline",
    "Tranche",
    "TrancheVested",
    "UnknownEntityError",
    "UnknownEventTypeError",
    "ValuationBasis",
    "Warrant",
    "WarrantExercised",
    "WarrantIssued",
    "Writer",
    "builtin_types",
    "entity_field",
    "entity_list_field",
    "in_force_records",
    "keys",
    "load",
    "load_entities",
    "load_events",
    "make_converter",
    "parse_date",
    "replay",
    "step",
    "total_gigawatts",
    "with_in_force",
]
