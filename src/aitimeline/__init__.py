"""aitimeline: the AI compute-and-capital race as an event-sourced, sourced record.

Every occurrence (an investment, a firing, a compute deal) is an immutable event that cites its sources;
replaying them answers what the state was on any date, as known on any date. Start with :func:`load` and
:meth:`Timeline.state_at`; from a shell, ``aitimeline --help``.

This module holds what a newcomer needs to load, ask, cite and read answers. The families live in submodules:

- :mod:`aitimeline.events`: the built-in event types and the values their fields hold;
- :mod:`aitimeline.errors`: every error the library raises on purpose;
- :mod:`aitimeline.extend`: what your own event types are written with (:class:`~aitimeline.extend.Writer`,
  field helpers, the persistent structures an ``apply`` may use, ``replay``);
- :mod:`aitimeline.keys`: how state keys are spelled;
- :mod:`aitimeline.io`: reading, checking and writing folders of event files, the registry of event types;
- :mod:`aitimeline.export`: tables, JSON, TimelineJS and the timeline page;
- :mod:`aitimeline.plot`: the figures (matplotlib, the ``plot`` extra);
- :mod:`aitimeline.testing`: hypothesis strategies, the laws of replay and a state machine for your tests.

The docs: ``docs/guide.md`` (the API), ``docs/extending.md`` (your own event types), ``docs/data-format.md`` (the
files, writing them safely), ``docs/semantics.md`` (valid and knowledge time, ownership), and ``docs/api.md``
(every public name); ``make docs`` builds them as a site with an API reference, into ``site/``.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (16 ms here); type checkers read it as True
if TYPE_CHECKING:  # the names as a type checker and a reader see them; at run time, imported on first use
    from . import errors as errors
    from . import events as events
    from . import export as export
    from . import extend as extend
    from . import io as io
    from . import keys as keys
    from . import plot as plot
    from . import testing as testing
    from ._core.dates import DateLike, PartialDate, Precision, parse_date
    from ._core.entities import Entity, Organization, Person
    from ._core.errors import AitimelineError
    from ._core.records import (
        Agreement,
        CapLine,
        Commitment,
        Funding,
        Interest,
        MetricValue,
        Reconciliation,
        Round,
        StakeFigure,
        TermsVersion,
        Total,
        Warrant,
    )
    from ._core.texts import changed as changed
    from ._core.texts import readable as readable
    from ._core.values import (
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
    )
    from ._engine.events import Event
    from ._engine.persistent import CapTable
    from ._engine.state import State, total_amount, total_gigawatts
    from ._engine.timeline import Change, Diff, Explanation, Learned, Timeline
    from ._formats.loading import load


__version__ = "0.1.0"

# Each public name and the private module that defines it. `import aitimeline` imports none of them (attrs, the
# catalogue"s classes, the loader...): a name"s module is imported the first time the name is used, so a program
# pays only for what it uses (PEP 562, as numpy and scipy load their submodules). The submodules are imported
# the same way, on first use; they are not in __all__, so `from aitimeline import *` imports neither them nor
# what they need (hypothesis for `testing`, matplotlib's extra for `plot`).
_LAZY: dict[str, str] = {
    **dict.fromkeys(["DateLike", "PartialDate", "Precision", "parse_date"], "._core.dates"),
    **dict.fromkeys(["Entity", "Organization", "Person"], "._core.entities"),
    **dict.fromkeys(["AitimelineError"], "._core.errors"),
    **dict.fromkeys(["changed", "readable"], "._core.texts"),
    **dict.fromkeys(
        [
            "Agreement",
            "CapLine",
            "Commitment",
            "Funding",
            "Interest",
            "MetricValue",
            "Reconciliation",
            "Round",
            "StakeFigure",
            "TermsVersion",
            "Total",
            "Warrant",
        ],
        "._core.records",
    ),
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
        ],
        "._core.values",
    ),
    **dict.fromkeys(["Event"], "._engine.events"),
    **dict.fromkeys(["CapTable"], "._engine.persistent"),
    **dict.fromkeys(["State", "total_amount", "total_gigawatts"], "._engine.state"),
    **dict.fromkeys(["Change", "Diff", "Explanation", "Learned", "Timeline"], "._engine.timeline"),
    **dict.fromkeys(["load"], "._formats.loading"),
}
_SUBMODULES = frozenset(["errors", "events", "export", "extend", "io", "keys", "plot", "testing"])


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
        return sorted({*globals(), *__all__, *_SUBMODULES})


__all__ = [
    "Agreement",
    "AitimelineError",
    "Alternative",
    "CapLine",
    "CapTable",
    "Change",
    "Commitment",
    "DateLike",
    "Diff",
    "Entity",
    "Event",
    "Explanation",
    "Funding",
    "Interest",
    "Learned",
    "MetricValue",
    "Money",
    "Organization",
    "PartialDate",
    "Participation",
    "Payment",
    "Person",
    "Precision",
    "ProfitTier",
    "Qualifier",
    "Quantity",
    "Reconciliation",
    "RevenueShare",
    "Round",
    "Source",
    "Stake",
    "StakeFigure",
    "State",
    "Terms",
    "TermsVersion",
    "Timeline",
    "Total",
    "Tranche",
    "Warrant",
    "changed",
    "load",
    "parse_date",
    "readable",
    "total_amount",
    "total_gigawatts",
]
