"""The built-in event types: every kind of occurrence the shipped record holds.

Each type is written with the public extension API (:mod:`aitimeline.extend`) and registered in
:func:`aitimeline.io.builtin_types` exactly as a user's own type would be (``docs/extending.md``).
:class:`Corrected` and :class:`Retracted` are the two events of knowledge time: a later report that corrects or
withdraws an earlier one (``docs/semantics.md``).
"""

from __future__ import annotations

from ._engine.knowledge import Corrected, Retracted
from ._record.catalogue import (
    AgreementAmended,
    AgreementEnded,
    AgreementSigned,
    Announced,
    CommitmentEnded,
    CommitmentRevised,
    ComputeCommitted,
    Founded,
    FundingReported,
    FundingSought,
    InterestReported,
    Invested,
    InvestmentPaid,
    LetterPublished,
    MetricReported,
    OfferMade,
    Recapitalized,
    Reorganized,
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

__all__ = [
    "AgreementAmended",
    "AgreementEnded",
    "AgreementSigned",
    "Announced",
    "CommitmentEnded",
    "CommitmentRevised",
    "ComputeCommitted",
    "Corrected",
    "Founded",
    "FundingReported",
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
]
