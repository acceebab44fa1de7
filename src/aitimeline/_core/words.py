"""Closed vocabularies: the registered words of roles, role reasons, metrics, commitment stages and capacity kinds.

A field that holds one of these words is declared with :func:`~aitimeline.extend.word_field` (``role: str =
word_field("role")``); replay refuses a word that is not registered, naming the event and the field and
suggesting the closest registered words, and so does a query (:class:`UnknownWordError`). Users add their own
words through :meth:`aitimeline.io.EventTypes.with_words`, as they add event types.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from .errors import UnknownWordError, shorten

__all__ = ["BUILTIN_WORDS", "Vocabulary"]


def _read_only(words: Mapping[str, frozenset[str]]) -> Mapping[str, frozenset[str]]:
    return MappingProxyType(dict(words))


@attrs.frozen(repr=False)
class Vocabulary:
    """The registered words of each kind (``role``, ``reason``, ``metric``, ``stage``, ``capacity``, or a user's
    own), and the
    roles that one person holds at a time (``single``): a second holder is refused unless the event says the role
    is shared (co-CEOs).

    >>> v = BUILTIN_WORDS.with_words("role", "ceo-of-gaming", single=True)
    >>> v.known("role", "ceo-of-gaming"), "ceo-of-gaming" in v.single
    (True, True)
    """

    words: Mapping[str, frozenset[str]] = attrs.field(converter=_read_only)
    single: frozenset[str] = frozenset()

    def __repr__(self) -> str:
        kinds = ", ".join(f"{kind}: {len(words)} words" for kind, words in sorted(self.words.items()))
        return f"Vocabulary({kinds})"

    def with_words(self, kind: str, *words: str, single: bool = False) -> Vocabulary:
        """A vocabulary that also knows ``words`` of ``kind`` (roles held by one person at a time if ``single``).

        Raises:
            ValueError: A word is not a lowercase slug (``ceo-of-applications``).
        """
        for word in words:
            if not isinstance(word, str) or not word or word != word.strip().lower() or " " in word:
                raise ValueError(f"a word is a lowercase slug such as 'ceo-of-applications', got {word!r}")
        merged = {**self.words, kind: self.words.get(kind, frozenset()) | frozenset(words)}
        return Vocabulary(merged, self.single | (frozenset(words) if single else frozenset()))

    def known(self, kind: str, word: str) -> bool:
        """Whether ``word`` is a registered word of ``kind`` (a kind nobody registered accepts any word)."""
        found = self.words.get(kind)
        return found is None or word in found

    def problem(self, kind: str, word: object) -> str | None:
        """What is wrong with ``word`` as a word of ``kind``, with the closest registered words; None if nothing."""
        found = self.words.get(kind)
        if found is None or word in found:
            return None
        if not isinstance(word, str):
            return f"expected a {kind} word, got {type(word).__name__}"
        close = self._closest(kind, word)
        hint = f" (did you mean {' or '.join(map(repr, close))}?)" if close else ""
        return f"{shorten(repr(word), 60)} is not a registered {kind}{hint}; register it with EventTypes.with_words"

    def _closest(self, kind: str, word: object) -> list[str]:
        """The registered words of ``kind`` closest to ``word``, best first."""
        if not isinstance(word, str):
            return []
        import difflib  # only a word that is not registered needs it

        return difflib.get_close_matches(word.lower(), sorted(self.of(kind)), n=3, cutoff=0.6)

    def check(self, kind: str, word: str) -> None:
        """Raise :class:`UnknownWordError` if ``word`` is not a registered word of ``kind``."""
        problem = self.problem(kind, word)
        if problem is not None:
            raise UnknownWordError(problem, word, self._closest(kind, word))

    def of(self, kind: str) -> frozenset[str]:
        """Every registered word of ``kind``."""
        return self.words.get(kind, frozenset())


def _vocabulary(kinds: Mapping[str, Iterable[str]], single: Iterable[str]) -> Vocabulary:
    return Vocabulary({kind: frozenset(words) for kind, words in kinds.items()}, frozenset(single))


BUILTIN_WORDS = _vocabulary(
    {
        "role": [
            "ceo",
            "interim-ceo",
            "ceo-of-applications",
            "president",
            "chair",
            "co-chair",
            "director",
            "board-observer",
            "cto",
            "cfo",
            "coo",
            "chief-scientist",
            "research-director",
        ],
        "reason": [
            # beginning a role
            "appointed",
            "elected",
            "co-founded",
            "hired",
            "promoted",
            "reinstated",
            # ending one
            "resigned",
            "removed",
            "fired",
            "retired",
            "term-ended",
            "died",
        ],
        "metric": [
            "valuation",
            "revenue",
            "annualized-revenue",
            "run-rate-revenue",
            "loss",
            "spending",
            "market-value",
            "share-price-change",
            "weekly-users",
            "subscribers",
            "staff",
            "compute-commitments",
            "committed-capacity",
            "funding-commitments",
            "global-chip-sales",
        ],
        "stage": ["announced", "letter-of-intent", "definitive", "stalled"],
        # What a commitment's gigawatts measure: the power of the chips (accelerator systems) to be deployed, or of
        # data-centre capacity to be built or leased. They are different things and do not add up.
        "capacity": ["chips", "data-centre"],
    },
    single=["ceo", "interim-ceo", "ceo-of-applications", "president", "chair", "cto", "cfo", "coo", "chief-scientist"],
)
"""The words the built-in event types use."""
