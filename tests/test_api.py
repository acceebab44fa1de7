"""The public API is the only door: one front, private modules behind it, every public name documented and
every type in a public signature exported; the built-in catalogue walks through the same door as a user."""

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
import aitimeline.keys
import aitimeline.testing

ROOT = Path(__file__).resolve().parents[1]
PUBLIC_MODULES = {"aitimeline.keys", "aitimeline.testing"}


def _load_script() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location("make_api", ROOT / "scripts" / "make_api.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestFront:
    def test_all_is_sorted_and_complete(self) -> None:
        """__all__ is sorted (uppercase constants first, as ruff sorts) and every name in it exists."""
        for module in (aitimeline, aitimeline.keys, aitimeline.testing):
            assert list(module.__all__) == sorted(module.__all__, key=lambda n: (not n.isupper(), n)), module
            for name in module.__all__:
                assert hasattr(module, name), f"{module.__name__}.{name}"

    def test_every_other_module_is_private(self) -> None:
        """Modules that are not public API are named _like_this."""
        names = {m.name for m in pkgutil.iter_modules(aitimeline.__path__, "aitimeline.")}
        public = {n for n in names if not n.split(".")[-1].startswith("_")}
        assert public == PUBLIC_MODULES

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
            "aitimeline.load; print('aitimeline._loading' in sys.modules, 'load' in vars(aitimeline))"
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
    return {id(getattr(m, n)) for m in (aitimeline, aitimeline.keys, aitimeline.testing) for n in m.__all__}


def _types_in(hint: object) -> typing.Iterator[type]:
    if isinstance(hint, type):
        yield hint
    for arg in typing.get_args(hint):
        yield from _types_in(arg)


def _public_callables() -> typing.Iterator[tuple[str, object]]:
    for module in (aitimeline, aitimeline.keys, aitimeline.testing):
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
        """docs/api.md has a section for each name of __all__ (of aitimeline, keys and testing)."""
        page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
        for module in (aitimeline, aitimeline.keys, aitimeline.testing):
            for name in module.__all__:
                assert f"### `{name}`" in page, name

    def test_the_api_page_is_up_to_date(self) -> None:
        """docs/api.md is what scripts/make_api.py generates from the docstrings today."""
        page = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
        assert page == _load_script().render(), "docs/api.md is stale: run `make api`"


class TestCatalogue:
    def test_it_imports_only_public_names(self) -> None:
        """The built-in event types are written with the public extension API alone, as a user's would be."""
        tree = ast.parse((ROOT / "src" / "aitimeline" / "_catalogue.py").read_text(encoding="utf-8"))
        public = set(aitimeline.__all__)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                for alias in node.names:
                    if node.module == "keys" or (node.module is None and alias.name == "keys"):
                        continue
                    assert alias.name in public, f"_catalogue imports {alias.name} from .{node.module}, not public"
