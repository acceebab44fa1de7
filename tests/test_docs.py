"""Executable docs: every python block in the README and docs/ runs, and every docstring example passes."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path

import pytest

import aitimeline

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.M | re.S)


def blocks() -> list[tuple[str, int, str]]:
    out = []
    for path in DOCS:
        text = path.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            out.append((path.name, line, match.group(1)))
    return out


@pytest.mark.parametrize(("name", "line", "code"), blocks(), ids=lambda v: str(v)[:40])
def test_doc_block_runs(name: str, line: int, code: str) -> None:
    """Each python block of the docs runs without error."""
    exec(compile(code, f"{name}:{line}", "exec"), {"__name__": f"doc_{name}_{line}"})


MODULES = sorted(
    m.name for m in pkgutil.iter_modules(aitimeline.__path__, "aitimeline.") if m.name != "aitimeline.__main__"
)


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples(module: str) -> None:
    """The examples in each module's docstrings pass."""
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_docs_exist_for_the_readme_links() -> None:
    """Every doc the README links to exists."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for link in re.findall(r"\]\((docs/[^)]+)\)", readme):
        assert (ROOT / link).exists(), link
