"""The public API is the only door: a small front and its families, private packages behind them, every public
name documented and every type in a public signature exported; the built-in catalogue and the example walk
through the same door as a user."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import pkgutil
import subprocess
import sys
import types
import typing
from pathlib import Path

import pytest

import aitimeline
import aitimeline.errors
import aitimeline.events
import aitimeline.export
import aitimeline.extend
import aitimeline.io
import aitimeline.keys
import aitimeline.plot
import aitimeline.testing

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = (
    aitimeline,
    aitimeline.errors,
    aitimeline.events,
    aitimeline.export,
    aitimeline.extend,
    aitimeline.io,
    aitimeline.keys,
    aitimeline.plot,
    aitimeline.testing,
)
PUBLIC_MODULES = {m.__name__ for m in PUBLIC[1:]}


def _load_script() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("make_api", ROOT / "scripts" / "make_api.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestFront:
    def test_the_front_is_small(self) -> None:
        """What a newcomer meets at ``import aitimeline``: about forty names; the families are in submodules."""
        assert len(aitimeline.__all__) <= 45
        assert {f"aitimeline.{name}" for name in aitimeline._SUBMODULES} == PUBLIC_MODULES

    def test_each_public_name_has_one_home(self) -> None:
        """A name is exported by one public module (the base error, at the front and in errors, excepted)."""
        homes: dict[str, list[str]] = {}
        for module in PUBLIC:
            for name in module.__all__:
                homes.setdefault(name, []).append(module.__name__)
        assert {n: m for n, m in homes.items() if len(m) > 1} == {
            "AitimelineError": ["aitimeline", "aitimeline.errors"]
        }

    def test_all_is_sorted_and_complete(self) -> None:
        """__all__ is sorted (uppercase constants first, as ruff sorts) and every name in it exists."""
        for module in PUBLIC:
            assert list(module.__all__) == sorted(module.__all__, key=lambda n: (not n.isupper(), n)), module
            for name in module.__all__:
                assert hasattr(module, name), f"{module.__name__}.{name}"

    def test_every_other_module_is_private(self) -> None:
        """Modules that are not public API are named _like_this."""
        names = {m.name for m in pkgutil.walk_packages(aitimeline.__path__, "aitimeline.")}
        public = {n for n in names if not any(part.startswith("_") for part in n.split("."))}
        assert {n for n in public if n.count(".") == 1} == PUBLIC_MODULES

    def test_no_exported_name_shadows_a_module(self) -> None:
        """An exported name that is also a module's name is that module (``at.keys``), never a function."""
        names = {m.name.split(".")[-1] for m in pkgutil.iter_modules(aitimeline.__path__)}
        for name in aitimeline.__all__:
            if name in names:
                assert getattr(aitimeline, name) is sys.modules[f"aitimeline.{name}"]

    def test_importing_it_loads_nothing_heavy(self) -> None:
        """``import aitimeline`` reads no data and imports neither hypothesis nor dateutil."""
        code = "import sys, aitimeline; print(sorted(m for m in ('hypothesis', 'dateutil') if m in sys.modules))"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert out.strip() == "[]"

    def test_importing_it_imports_none_of_its_modules(self) -> None:
        """``import aitimeline`` imports none of its own modules, nor attrs: a name brings its module on first use."""
        code = (
            "import sys, aitimeline; print(sorted(m for m in sys.modules if m.startswith(('aitimeline.', 'attr'))))\n"
            "aitimeline.load; print('aitimeline._formats.loading' in sys.modules, 'load' in vars(aitimeline))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert out.splitlines() == ["[]", "True True"]

    def test_every_exported_name_resolves_and_is_listed_by_dir(self) -> None:
        """Each name of ``__all__`` is reachable (imported on first use) and ``dir()`` lists it."""
        assert all(getattr(aitimeline, name) is not None for name in aitimeline.__all__ if name != "DateLike")
        assert set(aitimeline.__all__) <= set(dir(aitimeline))
        with pytest.raises(AttributeError, match="no attribute 'nope'"):
            aitimeline.nope  # type: ignore[attr-defined]  # noqa: B018

    def test_the_lazy_map_says_what_the_type_checkers_read(self) -> None:
        """Each name is imported on first use from the module its ``if TYPE_CHECKING`` import names, so that what a
        program gets is what mypy and a reader see (the two lists are written twice; this holds them together)."""
        tree = ast.parse(Path(aitimeline.__file__).read_text(encoding="utf-8"))
        guard = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
        static = {
            alias.asname or alias.name: f".{node.module}" if node.module else None
            for node in guard.body
            if isinstance(node, ast.ImportFrom)
            for alias in node.names
        }
        assert {n: m for n, m in static.items() if m is not None} == aitimeline._LAZY
        assert {n for n, m in static.items() if m is None} <= aitimeline._SUBMODULES

    def test_the_testing_module_says_which_extra_it_needs(self) -> None:
        """Without hypothesis, importing aitimeline.testing names the extra to install."""
        code = (
            "import sys; sys.modules['hypothesis'] = None\n"
            "try:\n    import aitimeline.testing\nexcept ModuleNotFoundError as e:\n    print(e)"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
        assert "aitimeline[test]" in out


def _exported() -> set[int]:
    return {id(getattr(m, n)) for m in PUBLIC for n in m.__all__}


def _types_in(hint: object) -> typing.Iterator[type]:
    if isinstance(hint, type):
        yield hint
    for arg in typing.get_args(hint):
        yield from _types_in(arg)


def _public_callables() -> typing.Iterator[tuple[str, object]]:
    for module in PUBLIC:
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                yield name, obj
            elif inspect.isclass(obj) and obj.__module__.startswith("aitimeline"):
                yield name, obj.__init__
                for attr, member in vars(obj).items():
                    if not attr.startswith("_") and inspect.isfunction(member):
                        yield f"{name}.{attr}", member
                    if isinstance(member, property) and member.fget is not None:
                        yield f"{name}.{attr}", member.fget


class TestSignatures:
    @pytest.mark.parametrize(("name", "fn"), list(_public_callables()), ids=lambda v: v if isinstance(v, str) else "")
    def test_every_type_in_a_public_signature_is_exported(self, name: str, fn: object) -> None:
        """Each aitimeline type a public function takes or returns can be named by a user."""
        try:
            hints = typing.get_type_hints(fn)
        except NameError:  # a name only the type checker sees; covered by mypy --strict
            return
        exported = _exported()
        for hint in hints.values():
            for cls in _types_in(hint):
                if cls.__module__.startswith("aitimeline"):
                    assert id(cls) in exported, f"{name} uses {cls.__module__}.{cls.__qualname__}, not exported"


class TestReference:
    def test_the_api_page_lists_every_public_name(self) -> None:
        """docs/api.md has a section for each name of each public module, and none is blank."""
        script = _load_script()
        page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
        for module in PUBLIC:
            for name in module.__all__:
                head = f"### `{script.heading(module, name)}`"
                assert head in page, head
                entry = page.split(head, 1)[1].split("\n### ", 1)[0].split("```", 2)[2]
                assert entry.strip(), f"{head} has no description"
                assert "(no docstring)" not in entry, head

    def test_the_api_page_is_up_to_date(self) -> None:
        """docs/api.md is what scripts/make_api.py generates from the docstrings today."""
        page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
        assert page == _load_script().render(), "docs/api.md is stale: run `make api`"


def _imported_modules(path: Path) -> typing.Iterator[tuple[str, str]]:
    """Each (module, name) a file imports, relative imports made absolute from the file's package."""
    package = ".".join(path.relative_to(ROOT / "src").with_suffix("").parts[:-1]) if "src" in path.parts else ""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}".rstrip(".")
            for alias in node.names:
                yield base, alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, ""


def _private(module: str) -> bool:
    return module.startswith("aitimeline") and any(part.startswith("_") for part in module.split("."))


class TestThroughTheFrontDoor:
    def test_the_catalogue_imports_only_public_modules(self) -> None:
        """The built-in event types are written with the public extension API alone, as a user's would be."""
        path = ROOT / "src" / "aitimeline" / "_record" / "catalogue.py"
        used = list(_imported_modules(path))
        assert used, "nothing read"
        private = [f"{m}.{n}" for m, n in used if _private(m) or (m == "aitimeline" and n.startswith("_"))]
        assert private == []
        assert {m for m, _ in used if m.startswith("aitimeline")} <= {"aitimeline"} | PUBLIC_MODULES

    def test_the_example_imports_only_public_modules(self) -> None:
        """The worked example of a user's own story (examples/) uses public names only."""
        paths = sorted((ROOT / "examples").rglob("*.py"))
        assert paths
        for path in paths:
            private = [
                f"{m}.{n}" for m, n in _imported_modules(path) if _private(m) or (m == "aitimeline" and n[:1] == "_")
            ]
            assert private == [], path
            tree = ast.parse(path.read_text(encoding="utf-8"))
            attributes = {
                ast.unparse(node) for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr[:1] == "_"
            }
            assert not {a for a in attributes if a.startswith(("at.", "aitimeline."))}, path
