"""The command line's text output: one set of sections, drawn as aligned tables on a terminal and as plain lines
when piped (to ``grep``, a file, another program), so a script never has to strip padding or escape codes.

Hand-written rather than with rich: rich's console alone takes about 75 ms to import here, against the command
line's 200 ms budget for a first answer, and these tables need only padding, a rule and wrapping.
"""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Sequence
from typing import TextIO

import attrs

__all__ = ["Section", "for_terminal", "render"]


@attrs.frozen
class Section:
    """A titled block: ``fields`` (label, value) pairs, or ``rows`` under a ``header``."""

    title: str
    rows: tuple[tuple[str, ...], ...] = ()
    header: tuple[str, ...] | None = None  # None: each row is a (label, value) field


def for_terminal(stream: TextIO | None = None) -> bool:
    """Whether ``stream`` (standard output by default) is a terminal a person reads."""
    stream = stream or sys.stdout
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def render(sections: Sequence[Section], *, terminal: bool, width: int | None = None) -> str:
    """The sections as text: aligned, ruled and wrapped to ``width`` on a terminal; plain lines otherwise.

    Plain: a section's title on its line, then each field as ``label: value`` and each row as its cells
    separated by two spaces, indented by two. Escape codes only on a terminal, and never with ``NO_COLOR`` set.
    """
    if not terminal:
        return "\n".join(_plain(section) for section in sections)
    if width is None:
        import shutil

        width = shutil.get_terminal_size((100, 24)).columns
    bold = not os.environ.get("NO_COLOR")
    return "\n\n".join(_drawn(section, max(width, 40), bold) for section in sections)


def _plain(section: Section) -> str:
    lines = [section.title] if section.title else []
    for row in section.rows:
        cells = [cell for cell in row if cell]
        if section.header is None and len(cells) >= 2:
            lines.append(f"  {cells[0]}: {'  '.join(cells[1:])}")
        else:
            lines.append("  " * bool(section.title) + "  ".join(cells))
    return "\n".join(lines)


def _drawn(section: Section, width: int, bold: bool) -> str:
    def strong(text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if bold and text else text

    lines = [strong(section.title)] if section.title else []
    head = [section.header] if section.header else []
    rows = [*head, *section.rows]
    if not rows:
        return "\n".join(lines)
    columns = max(len(row) for row in rows)
    rows = [row + ("",) * (columns - len(row)) for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(columns)]
    gap = "  "
    floors = [max((len(word) for row in rows for word in row[i].split()), default=0) for i in range(columns)]
    while sum(widths) + len(gap) * (columns - 1) > width:
        wrappable = [i for i in range(columns) if widths[i] > floors[i]]
        if not wrappable:
            break  # a word wider than the terminal: let it overflow rather than cut an id
        widths[max(wrappable, key=lambda i: widths[i])] -= 1  # the widest column that can wrap does
    for n, row in enumerate(rows):
        cells = [_wrap(cell, widths[i]) for i, cell in enumerate(row)]
        for k in range(max(len(cell) for cell in cells)):
            parts = [cell[k] if k < len(cell) else "" for cell in cells]
            padded = [part.ljust(widths[i]) for i, part in enumerate(parts)]
            if section.header is None and k == 0:
                padded[0] = strong(padded[0])  # a field's label
            text = gap.join(padded).rstrip()
            lines.append(strong(text) if head and n == 0 else text)
        if head and n == 0:
            lines.append("─" * min(width, sum(widths) + len(gap) * (columns - 1)))
    return "\n".join(lines)


def _wrap(cell: str, width: int) -> list[str]:
    """A cell's lines at ``width``, broken between words (an id or a figure is never cut at a hyphen)."""
    if len(cell) <= width:
        return [cell]
    return textwrap.wrap(cell, width, break_on_hyphens=False, break_long_words=False) or [""]
