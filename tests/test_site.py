"""The documentation site (mkdocs.yml) builds with ``--strict``, documents every public name, works offline, and
holds the pictures and the timeline page its build hooks make."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
import types
from collections.abc import Callable
from html.parser import HTMLParser
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

pytestmark = pytest.mark.slow  # builds the whole documentation site (about 30 s)

ROOT = Path(__file__).resolve().parents[1]
EXTERNAL = re.compile(r"^\s*(https?:)?//", re.I)
LOADS = {"script": "src", "link": "href", "img": "src", "source": "src", "iframe": "src"}  # the attribute that loads
CSS_EXTERNAL = re.compile(r"""(@import\s+|url\(\s*)["']?\s*(https?:)?//""", re.I)


def _load_script(name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Built:
    """A site built once for the whole module (``mkdocs build --strict``), with what the build printed."""

    def __init__(self, folder: Path, output: str) -> None:
        self.folder = folder
        self.output = output

    def page(self, path: str) -> str:
        return (self.folder / path).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    folder = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}  # Material's notice about its future, not about this site
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.yml", "-d", str(folder)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{done.stdout}{done.stderr}", pytrace=False)
    return Built(folder, done.stdout + done.stderr)


class _References(HTMLParser):
    """What one HTML page loads: the address of each script, stylesheet, icon and image, and its inline styles."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        address = values.get(LOADS.get(tag, ""))
        if address:
            self.loaded.append(address)
        if values.get("style"):
            self.styles.append(values["style"] or "")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


class TestBuild:
    def test_builds_strict_without_warnings(self, site: Built) -> None:
        """``mkdocs build --strict`` succeeds (the fixture fails otherwise) and logs no warning."""
        warnings = [line for line in site.output.splitlines() if "WARNING" in line]
        assert warnings == [], "\n".join(warnings)

    def test_every_page_of_the_nav_is_built(self, site: Built) -> None:
        """Each nav entry, the changelog included from CHANGELOG.md, is a page of the site."""
        for page in ("index", "guide", "extending", "semantics", "data-format", "performance", "timeline"):
            assert (site.folder / f"{page}.html").is_file(), page
        for page in ("pictures", "reference", "api"):
            assert (site.folder / f"{page}.html").is_file(), page
        changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").splitlines()
        releases = [line.lstrip("#").strip(" []") for line in changelog if line.startswith("## ")]
        page = site.page("changelog.html")
        assert releases
        assert [release for release in releases if release not in page] == []


class TestReference:
    @pytest.mark.parametrize(
        "module",
        [
            aitimeline,
            aitimeline.errors,
            aitimeline.events,
            aitimeline.export,
            aitimeline.extend,
            aitimeline.io,
            aitimeline.keys,
            aitimeline.plot,
            aitimeline.testing,
        ],
        ids=lambda m: m.__name__,
    )
    def test_every_public_name_has_an_entry(self, site: Built, module: types.ModuleType) -> None:
        """The reference has an entry for every name in each public module's ``__all__``, and for no other name."""
        anchors = re.findall(rf'id="{re.escape(module.__name__)}\.(\w+)"', site.page("reference.html"))
        documented_at_the_front = set(aitimeline.__all__) if module is not aitimeline else set()
        assert sorted(set(module.__all__) - set(anchors) - documented_at_the_front) == []
        assert sorted(set(anchors) - set(module.__all__) - aitimeline._SUBMODULES) == []  # the public modules

    def test_no_private_names(self, site: Built) -> None:
        """No entry of the reference is a private name."""
        anchors = re.findall(r'id="(aitimeline[\w.]*)"', site.page("reference.html"))
        assert [a for a in anchors if any(part.startswith("_") for part in a.split("."))] == []

    def test_signatures_show_their_types(self, site: Built) -> None:
        """Signatures carry their annotations."""
        page = site.page("reference.html")
        entry = page[page.index('id="aitimeline.Timeline.state_at"') :][:5000]
        text = re.sub(r"<[^>]+>", "", entry)
        assert "known_at: DateLike | None = None" in text.replace("&gt;", ">")

    def test_docstrings_read_as_markdown(self, site: Built) -> None:
        """No Sphinx role, ``::`` or bare doctest prompt is left in the reference's prose."""
        page = site.page("reference.html")
        prose = re.sub(r"<(pre|code)\b.*?</\1>", "", page, flags=re.S)
        prose = re.sub(r"<[^>]+>", "", prose)
        assert re.findall(r":(?:func|meth|class|mod|attr|data|exc):`|&gt;&gt;&gt;|::\s*$", prose, re.M) == []


class TestOffline:
    def test_nothing_is_loaded_from_another_host(self, site: Built) -> None:
        """No page or stylesheet loads a script, stylesheet, font or image from the network."""
        external = []
        for path in sorted(site.folder.rglob("*.html")):
            parser = _References()
            parser.feed(path.read_text(encoding="utf-8"))
            name = path.relative_to(site.folder)
            external += [f"{name}: {address}" for address in parser.loaded if EXTERNAL.match(address)]
            external += [f"{name}: {style}" for style in parser.styles if CSS_EXTERNAL.search(style)]
        for path in sorted(site.folder.rglob("*.css")):
            if CSS_EXTERNAL.search(path.read_text(encoding="utf-8")):
                external.append(str(path.relative_to(site.folder)))
        assert external == []

    def test_pages_link_as_files(self, site: Built) -> None:
        """Pages are files (guide.html, not guide/), so the site works opened from disk."""
        assert 'href="guide.html"' in site.page("index.html")


class TestHooks:
    def test_the_pictures_are_drawn(self, site: Built) -> None:
        """Every picture the hooks draw is an SVG in the site, shown by the pictures page."""
        page = site.page("pictures.html")
        for picture in _load_script("mkdocs_hooks").PICTURES:
            svg = (site.folder / picture.path).read_text(encoding="utf-8")
            assert "<svg" in svg, picture.path
            assert f'src="{picture.path}"' in page, picture.path

    def test_the_timeline_page_is_copied_and_linked(self, site: Built) -> None:
        """``aitimeline page``'s file is in the site, linked from the Timeline page."""
        name = _load_script("mkdocs_hooks").TIMELINE_PAGE
        assert "<html" in site.page(name).lower()
        assert f'href="{name}"' in site.page("timeline.html")

    def test_the_notebook_is_run_and_shown(self, site: Built) -> None:
        """The notebook (docs/notebook.ipynb, committed without outputs) is a page of the site, run while it was
        built: its answers show as HTML tables (the cap table with Microsoft's 27 %), and no cell failed."""
        page = site.page("notebook.html")
        assert 'href="notebook.html"' in site.page("guide.html")  # in the nav
        tables = re.findall(r"<table>.*?</table>", page, re.S)
        cap_table = next(t for t in tables if '<th style="text-align: left">Holder</th>' in t)
        assert "about 27 % (as-converted, diluted)" in cap_table
        assert "about 26 %" in cap_table
        assert "State as of 2025-11-01" in page
        assert "Traceback" not in page  # allow_errors: false fails the build on an error; nor is one shown

    def test_the_record_links_resolve_in_the_site(self, site: Built) -> None:
        """The Timeline page's links to events/ point at the site's copy of each file."""
        page = site.page("timeline.html")
        links = re.findall(r'href="(events/[^"#]+)"', page)
        assert links
        assert 'href="../events' not in page
        for link in links:
            assert (site.folder / link).is_file(), link


def _to_markdown(text: str, link: Callable[[str], str | None]) -> str:
    result: str = _load_script("griffe_docstrings").to_markdown(text, link)
    return result


class TestMarkdownDocstrings:
    def test_doctests_become_code_blocks(self) -> None:
        """A doctest, up to the next blank line, is fenced as pycon."""
        text = "Text.\n\n>>> 1 + 1\n2\n\nAfter."
        assert _to_markdown(text, lambda name: None) == "Text.\n\n```pycon\n>>> 1 + 1\n2\n```\n\nAfter."

    def test_literal_blocks_become_code_blocks(self) -> None:
        """``Text::`` and its indented block read as ``Text:`` and a fenced block."""
        text = "Use it::\n\n    x = 1\n\n        y\n\nAfter."
        assert _to_markdown(text, lambda name: None) == "Use it:\n\n```python\nx = 1\n\n    y\n```\n\nAfter."

    def test_roles_become_links_or_code(self) -> None:
        """A role links to a public name, shows ``~`` names short, and is plain code when not public."""
        public = {"load": "aitimeline.load", "aitimeline.CapTable": "aitimeline.CapTable"}
        text = ":func:`load`, :class:`~aitimeline.CapTable`, :meth:`T.f <aitimeline.T.f>`, :mod:`._cache`."
        assert _to_markdown(text, public.get) == (
            "[`load`][aitimeline.load], [`CapTable`][aitimeline.CapTable], `T.f`, `_cache`."
        )
