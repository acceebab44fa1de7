"""Tables as a notebook shows them: HTML for Jupyter's rich display (``_repr_html_``) and aligned plain text for
IPython's (``_repr_pretty_``), from the same titled tables.

Every cell is a text the one text layer made (:func:`~aitimeline._core.texts.readable`,
:func:`~aitimeline._core.texts.changed`), or a :class:`Link`; everything is escaped here, so a summary or a title
holding markup shows as the text it is. No import but the standard library's, and none of it at module level.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["LIMIT", "WIDE", "Displayed", "Link", "Shown", "Table", "escape"]

LIMIT = 100
"""The most rows a table shows; the rest are counted below it (the object itself holds them all)."""


def escape(text: str) -> str:
    """``text`` safe inside HTML, in an element or a quoted attribute (as :func:`html.escape` with quotes)."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )


class Link:
    """A cell that links to an address: shown as a link in HTML (an ``http`` or ``https`` address only), as its
    text followed by the address in plain text."""

    __slots__ = ("text", "url")

    def __init__(self, text: str, url: str | None) -> None:
        self.text, self.url = text, url

    def html(self) -> str:
        if self.url is None or not self.url.lower().startswith(("https://", "http://")):
            return escape(self.text)
        return f'<a href="{escape(self.url)}" target="_blank" rel="noopener noreferrer">{escape(self.text)}</a>'

    def plain(self) -> str:
        return f"{self.text}, {self.url}" if self.url else self.text


Cell = str | Link


class Table:
    """A titled table: ``rows`` under ``header``; with no header, each row is one line (a list)."""

    __slots__ = ("header", "rows", "title")

    def __init__(self, title: str, rows: Sequence[Sequence[Cell]], header: Sequence[str] = ()) -> None:
        self.title, self.rows, self.header = title, rows, tuple(header)

    def _more(self) -> str:
        extra = len(self.rows) - LIMIT
        return f"… and {extra:,} more" if extra > 0 else ""

    def html(self) -> str:
        parts = [f"<p><strong>{escape(self.title)}</strong></p>"] if self.title else []
        shown = self.rows[:LIMIT]
        if not self.header:
            parts.append("<ul>" + "".join(f"<li>{_cells_html(row)}</li>" for row in shown) + "</ul>")
        else:
            head = "".join(f'<th style="text-align: left">{escape(h)}</th>' for h in self.header)
            body = "".join(
                "<tr>" + "".join(f'<td style="text-align: left">{_html(cell)}</td>' for cell in row) + "</tr>"
                for row in shown
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        if more := self._more():
            parts.append(f"<p>{escape(more)}</p>")
        return "\n".join(parts)

    def plain(self) -> str:
        lines = [self.title] if self.title else []
        shown = [[_plain(cell) for cell in row] for row in self.rows[:LIMIT]]
        if not self.header:
            lines += ["  " + " ".join(row) for row in shown]
        else:
            lines += _aligned([list(self.header), *shown])
        if more := self._more():
            lines.append(f"  {more}")
        return "\n".join(lines)


WIDE = 48
"""The widest a column of plain text is: a longer cell is wrapped onto more lines (a word is never broken)."""


def _aligned(grid: list[list[str]]) -> list[str]:
    """Rows of cells as aligned lines, each cell wrapped to its column's width."""
    import textwrap

    columns = range(max(len(row) for row in grid))
    cells = [[row[i] if i < len(row) else "" for i in columns] for row in grid]
    widths = [
        max(min(max(len(row[i]) for row in cells), WIDE), *(len(w) for row in cells for w in row[i].split()))
        for i in columns
    ]
    lines = []
    for row in cells:
        wrapped = [
            textwrap.wrap(c, w, break_long_words=False, break_on_hyphens=False) or [""]
            for c, w in zip(row, widths, strict=True)
        ]
        for k in range(max(map(len, wrapped))):
            parts = (part[k] if k < len(part) else "" for part in wrapped)
            lines.append("  " + "  ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip())
    return lines


def _html(cell: Cell) -> str:
    return cell.html() if isinstance(cell, Link) else escape(cell)


def _plain(cell: Cell) -> str:
    return cell.plain() if isinstance(cell, Link) else cell


def _cells_html(row: Sequence[Cell]) -> str:
    return " ".join(_html(cell) for cell in row)


class Shown:
    """What a notebook shows for one object: a heading, then its tables."""

    __slots__ = ("heading", "tables")

    def __init__(self, heading: str, tables: Sequence[Table] = ()) -> None:
        self.heading, self.tables = heading, tables

    def html(self) -> str:
        parts = [f"<p><strong>{escape(self.heading)}</strong></p>", *(t.html() for t in self.tables)]
        return '<div class="aitimeline">\n' + "\n".join(parts) + "\n</div>"

    def plain(self) -> str:
        return "\n".join([self.heading, *(t.plain() for t in self.tables)])


class Displayed:
    """An object a notebook shows through :meth:`_shown` (its heading and tables): as HTML in Jupyter
    (``_repr_html_``) and as aligned text in IPython (``_repr_pretty_``). The base of every answer that displays."""

    __slots__ = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # IPython takes the first class in the MRO that defines _repr_pretty_ or __repr__: a subclass with a
        # __repr__ of its own (attrs writes one) would print its repr, so each subclass holds the method itself.
        cls._repr_pretty_ = Displayed._repr_pretty_  # type: ignore[method-assign]

    def _shown(self) -> Shown:
        raise NotImplementedError

    def _repr_html_(self) -> str:
        return self._shown().html()

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        p.text(self._shown().plain())
