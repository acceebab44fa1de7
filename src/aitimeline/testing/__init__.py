"""Property-testing toolkit: hypothesis strategies, the laws of replay as functions, and a state machine.

Use it to property-test your own event types and queries as the project tests its own::

    from hypothesis import given
    from aitimeline.testing import check_replay_laws, timelines

    @given(timelines(types={Sued: make_sued}))        # your type among the built-in ones
    def test_laws(generated):
        check_replay_laws(generated.timeline(), queries=[lambda s: s.get(("lawsuits", "org-a"))])

- Strategies: :func:`partial_dates`, :func:`money`, :func:`quantities`, :func:`stakes`, :func:`sources`,
  :func:`terms`, :func:`events`, :func:`timelines` (with ``types=`` for your own event types, each with an
  :data:`EventMaker`; the built-in types are made by the makers of :data:`BUILTIN_MAKERS`, through the same
  interface). Every strategy shrinks towards small, early, exact values: the year 2000, exact figures, few
  events; a failing timeline shrinks event by event.
- Laws: :func:`check_replay_laws` and :func:`check_knowledge_laws` run every law on a timeline (generated, the
  shipped record, or your own); each law is also a function of its own (``assert_*``). They raise
  ``AssertionError`` saying what differs.
- :class:`TimelineMachine`: a hypothesis ``RuleBasedStateMachine`` that grows a record event by event and checks
  after every step that the timeline answers as the naive fold; subclass it to add your makers or rules.

Three submodules, each using only those before it: :mod:`aitimeline.testing.strategies`,
:mod:`aitimeline.testing.laws` and :mod:`aitimeline.testing.machine`; every name is also here.

This module imports hypothesis, which is a test dependency: ``pip install aitimeline[test]``.
"""

from __future__ import annotations

try:
    import hypothesis  # noqa: F401  (the test extra: say so before any submodule needs it)
except ModuleNotFoundError as missing:  # pragma: no cover - only without the test extra
    raise ModuleNotFoundError(
        "aitimeline.testing needs hypothesis: pip install 'aitimeline[test]' (or pip install hypothesis)",
        name=missing.name,
    ) from None

from aitimeline.testing.laws import (
    assert_diff_law,
    assert_explain_law,
    assert_history_law,
    assert_order_independent,
    assert_prefix_law,
    check_knowledge_laws,
    check_replay_laws,
)
from aitimeline.testing.machine import (
    TimelineMachine,
)
from aitimeline.testing.strategies import (
    BUILTIN_MAKERS,
    ORGANIZATIONS,
    PEOPLE,
    EventMaker,
    GeneratedTimeline,
    events,
    money,
    partial_dates,
    quantities,
    sources,
    stakes,
    terms,
    timelines,
)

__all__ = [
    "BUILTIN_MAKERS",
    "ORGANIZATIONS",
    "PEOPLE",
    "EventMaker",
    "GeneratedTimeline",
    "TimelineMachine",
    "assert_diff_law",
    "assert_explain_law",
    "assert_history_law",
    "assert_order_independent",
    "assert_prefix_law",
    "check_knowledge_laws",
    "check_replay_laws",
    "events",
    "money",
    "partial_dates",
    "quantities",
    "sources",
    "stakes",
    "terms",
    "timelines",
]
