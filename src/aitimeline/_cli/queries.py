"""The State's questions as the command line asks them, made from :class:`~aitimeline.State`'s own public methods,
their parameters and their docstrings: one vocabulary for Python and the command line, not two.

A parameter is an argument in the method's order (``history funding microsoft openai-group`` asks
``state.funding("microsoft", "openai-group")``; ``history commitments openai-group`` asks
``state.commitments("openai-group")``, its optional buyer given); one that Python takes by keyword only is an option
(``--supplier oracle``), a flag when it is a boolean (``--no-in-force``).
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from aitimeline._engine.state import State

from . import UsageError

__all__ = ["Query", "options", "queries"]

_NOT_QUESTIONS = frozenset({"get", "snapshot", "of"})
"""State's public methods that are not questions about the record: ``get`` reads a raw key (``--key``),
``snapshot`` is every key, ``of`` builds a state."""


@attrs.frozen
class Query:
    """One question of :class:`~aitimeline.State`: its name, its arguments, its options and what it answers."""

    name: str
    arguments: tuple[str, ...]
    optional: tuple[str, ...]  # arguments that may be left out, after the required ones
    options: tuple[tuple[str, bool], ...]  # (parameter, whether it is a flag)
    summary: str

    @property
    def usage(self) -> str:
        """``funding INVESTOR INVESTEE``, ``commitments [BUYER] [--supplier ID] [--in-force/--no-in-force]``."""
        parts = [self.name, *(a.upper() for a in self.arguments), *(f"[{a.upper()}]" for a in self.optional)]
        for option, flag in self.options:
            spelt = option.replace("_", "-")
            parts.append(f"[--{spelt}/--no-{spelt}]" if flag else f"[--{spelt} ID]")
        return " ".join(parts)

    def asker(self, arguments: Sequence[str], options: Mapping[str, Any]) -> Callable[[State], Any]:
        """The question as a function of a state, its arguments checked against the method's.

        Raises:
            UsageError: Too many or too few arguments, or an option the question does not take.
        """
        if not len(self.arguments) <= len(arguments) <= len(self.arguments) + len(self.optional):
            wanted = " ".join([*(a.upper() for a in self.arguments), *(f"[{a.upper()}]" for a in self.optional)])
            got = " ".join(arguments) or "none"
            raise UsageError(f"{self.name} takes {wanted or 'no argument'}, got {got}: {self.usage}")
        taken = {option for option, _ in self.options}
        for option in options:
            if option not in taken:
                raise UsageError(f"{self.name} does not take --{option.replace('_', '-')}: {self.usage}")
        name, given, chosen = self.name, tuple(arguments), dict(options)
        return lambda state: getattr(state, name)(*given, **chosen)


def _plain(doc: str) -> str:
    """A docstring's first paragraph as plain text: ``org`` for ````org````, ``holders`` for ``:meth:`holders```."""
    first = inspect.cleandoc(doc).split("\n\n")[0].replace("\n", " ")
    first = re.sub(r":\w+:`~?(?:[^`<]*<)?([^`>]+)>?`", lambda m: m.group(1).rsplit(".", 1)[-1], first)
    return first.replace("``", "")


@functools.cache
def queries() -> Mapping[str, Query]:
    """Every question of :class:`~aitimeline.State`, by name, in the order the class defines them."""
    found: dict[str, Query] = {}
    for name, method in vars(State).items():
        if name.startswith("_") or name in _NOT_QUESTIONS or not inspect.isfunction(method):
            continue
        parameters = list(inspect.signature(method).parameters.values())[1:]
        arguments = tuple(p.name for p in parameters if p.default is inspect.Parameter.empty)
        optional = tuple(
            p.name
            for p in parameters
            if p.default is not inspect.Parameter.empty and p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        )
        options = tuple(
            (p.name, isinstance(p.default, bool))
            for p in parameters
            if p.default is not inspect.Parameter.empty and p.name not in optional
        )
        found[name] = Query(name, arguments, optional, options, _plain(method.__doc__ or ""))
    return found


def options() -> dict[str, bool]:
    """Every option any question takes, and whether it is a flag: the options ``history`` and ``explain`` accept."""
    return {option: flag for query in queries().values() for option, flag in query.options}
