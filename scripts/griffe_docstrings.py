"""A griffe extension for the API reference (mkdocs.yml): reads aitimeline's docstrings, written for ``help()``
and Sphinx-style roles, as Markdown.

The docstrings stay as they are; only the text handed to mkdocstrings changes:

- a doctest (``>>>`` lines up to the next blank line) becomes a ``pycon`` code block, instead of a nested quote;
- a literal block announced by ``::`` becomes a ``python`` code block, the ``::`` a colon as reStructuredText
  renders it;
- a role such as ``:func:`load```, ``:class:`~aitimeline.CapTable``` or ``:meth:`title <target>``` becomes a
  link to that name's entry when the name is public (``~`` shows only its last part), and plain code otherwise (a
  private helper, the standard library).

Names that start with an underscore, special methods included, are marked private, so that a reference filtered
to ``public`` (the names in a module's ``__all__``, as ``aitimeline.testing`` is) leaves them out as well.

The names are resolved as Python would from the object whose docstring it is, then mapped to the public name
that re-exports them (``aitimeline._engine.timeline.Timeline.state_at`` is ``aitimeline.Timeline.state_at``), so that
every link points at an entry the reference renders.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(?:func|meth|class|mod|attr|data|exc|obj):`(?:([^`<]*?)\s*<)?(~?)(\.?[\w.]+)>?`")
PUBLIC_MODULES = ("aitimeline", "aitimeline.keys", "aitimeline.testing")


class MarkdownDocstrings(griffe.Extension):
    """Rewrites the docstrings of a loaded ``aitimeline`` package as Markdown (see the module's docstring)."""

    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        """Rewrite every docstring of the package once it is completely loaded."""
        if pkg.path != "aitimeline":
            return
        public = _public_paths(pkg)
        for obj in _objects(pkg):
            for name, member in obj.members.items():
                if name.startswith("_"):
                    member.public = False  # griffe counts special methods public
            if obj.docstring is not None:
                obj.docstring.value = to_markdown(obj.docstring.value, lambda name, o=obj: _link(o, name, public))
                obj.docstring.__dict__.pop("parsed", None)  # a cached parse of the old text, if any


def to_markdown(text: str, link: Any) -> str:
    """``text`` with its doctests and literal blocks fenced and its roles made links by ``link(name)``.

    ``link`` takes a role's target (without ``~`` or a leading dot) and returns the public path to link to, or
    None for plain code.
    """
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if stripped.startswith(">>>"):
            end = i
            while end < len(lines) and lines[end].strip():
                end += 1
            _fence(out, indent, "pycon", [_dedent(text_line, len(indent)) for text_line in lines[i:end]])
            i = end
            continue
        if stripped.endswith("::"):
            start = i + 1
            while start < len(lines) and not lines[start].strip():
                start += 1
            if start < len(lines) and _indent(lines[start]) > len(indent):
                end = start
                while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > len(indent)):
                    end += 1
                while not lines[end - 1].strip():
                    end -= 1
                head = stripped[:-2]
                head = head.rstrip() if head.endswith(" ") else head + ":" if head else ""
                if head:
                    out.append(indent + _roles(head, link))
                depth = min(_indent(text_line) for text_line in lines[start:end] if text_line.strip())
                _fence(out, indent, "python", [_dedent(text_line, depth) for text_line in lines[start:end]])
                i = end
                continue
        out.append(_roles(line, link))
        i += 1
    return "\n".join(out)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _dedent(line: str, depth: int) -> str:
    return line[min(depth, _indent(line)) :]


def _fence(out: list[str], indent: str, language: str, body: list[str]) -> None:
    if out and out[-1].strip():
        out.append("")
    out.extend([f"{indent}```{language}", *(f"{indent}{b}" if b else "" for b in body), f"{indent}```"])


def _roles(line: str, link: Any) -> str:
    def replace(match: re.Match[str]) -> str:
        title, short, name = match.groups()
        shown = title or (name.rsplit(".", 1)[-1] if short else name.lstrip("."))
        target = None if name.startswith(".") else link(name)  # a relative name is a private module's
        return f"[`{shown}`][{target}]" if target else f"`{shown}`"

    return ROLE.sub(replace, line)


def _objects(obj: griffe.Object) -> Iterator[griffe.Object]:
    yield obj
    for member in obj.members.values():
        if not member.is_alias and isinstance(member, griffe.Object):
            yield from _objects(member)


def _public_paths(pkg: griffe.Module) -> dict[str, str]:
    """Each public name's canonical path (where it is defined) mapped to its public path."""
    public: dict[str, str] = {}
    for module_path in PUBLIC_MODULES:
        public[module_path] = module_path
        module = pkg if module_path == pkg.path else pkg.modules_collection.get_member(module_path)
        for name in module.exports or ():
            member = module.members[str(name)]
            canonical = member.target_path if isinstance(member, griffe.Alias) else member.path
            public.setdefault(canonical, f"{module_path}.{name}")
            public.setdefault(f"{module_path}.{name}", f"{module_path}.{name}")
    return public


def _link(obj: griffe.Object, name: str, public: dict[str, str]) -> str | None:
    """The public path of ``name`` as written in a docstring of ``obj``, or None when it is not public."""
    first, _, rest = name.partition(".")
    candidates = [name, f"aitimeline.{name}"]
    with contextlib.suppress(griffe.NameResolutionError):
        candidates.insert(0, obj.resolve(first) + (f".{rest}" if rest else ""))
    for path in candidates:
        parts = path.split(".")
        for cut in range(len(parts), 0, -1):
            prefix = ".".join(parts[:cut])
            # A public module stands for itself only: each of its exports is a key of its own, and any other name
            # in it is not public (aitimeline.testing.law_days is not, though aitimeline.testing is).
            if prefix in public and (cut == len(parts) or prefix not in PUBLIC_MODULES):
                found = ".".join([public[prefix], *parts[cut:]])
                return found if _exists(obj, found) else None
    return None


def _exists(obj: griffe.Object, path: str) -> bool:
    """Whether ``path`` names an object the reference renders: one that exists, no part of its name private."""
    if any(part.startswith("_") for part in path.split(".")):
        return False
    try:
        obj.modules_collection.get_member(path)
    except (KeyError, griffe.AliasResolutionError):
        return False
    return True
