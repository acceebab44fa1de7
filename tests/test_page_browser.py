"""The timeline page in a real browser: Debian's chromium, headless, driven by Playwright for Python.

The page is written by the console script (``aitimeline page -o FILE``) and opened from the file. The tests move
the sliders as a person does (the value changes, then the input event fires), read what the page shows, and fail
on any console error or any request other than the file itself. A screenshot of each step is kept in
``build/artifacts/`` (``AITIMELINE_ARTIFACTS`` to choose another folder) for review.

``make test`` installs chromium (``make browser``); without it these tests are skipped, except where ``CI`` is set,
as ``.ci/run`` does: there a missing browser fails them.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

import aitimeline as at

pytestmark = pytest.mark.slow  # drives chromium

CHROMIUM = os.environ.get("AITIMELINE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
ARTIFACTS = Path(os.environ.get("AITIMELINE_ARTIFACTS") or Path(__file__).resolve().parents[1] / "build" / "artifacts")

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"the browser tests need chromium at {CHROMIUM}: run `make browser` (apt install chromium)")
    pytest.skip(f"no chromium at {CHROMIUM} (`make browser` installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def page_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("page") / "timeline.html"
    script = Path(sys.executable).with_name("aitimeline")
    done = subprocess.run(
        [str(script), "page", "-o", str(out)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


class Opened:
    """A page opened from the file, with every console error and every request it made."""

    def __init__(self, browser: Browser, url: str, width: int = 1280) -> None:
        self.page: Page = browser.new_page(viewport={"width": width, "height": 900})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = url
        self.page.goto(url)

    def move(self, slider: str, day: str) -> None:
        """Put the slider on ``day`` as a drag does: the value changes, then the input event fires."""
        first = self.page.locator(f"#{slider}").evaluate("(e) => e.min")
        assert first == "0"
        start = self.page.evaluate(f"DATA.{'dates' if slider == 'date' else 'known'}[0]")
        offset = (dt.date.fromisoformat(day) - dt.date.fromisoformat(start)).days
        self.page.locator(f"#{slider}").evaluate(
            "(e, v) => { e.value = String(v); e.dispatchEvent(new Event('input', { bubbles: true })); }", offset
        )
        shown = self.page.locator(f"#{slider}-shown").inner_text()
        assert shown.startswith(day), (slider, day, shown)

    def ceo(self, org: str) -> str:
        return self.page.locator(f'#people [data-org="{org}"] .ceo').inner_text()

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"timeline-page-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def assert_clean(self) -> None:
        assert self.errors == []
        assert {url.split("#")[0] for url in self.requests} == {self.url.split("#")[0]}


def test_the_sliders_tell_november_2023_and_the_recapitalisation(browser: Browser, page_file: Path) -> None:
    opened = Opened(browser, page_file.as_uri())
    opened.move("date", "2023-11-18")
    assert opened.ceo("openai") == "Mira Murati"
    opened.shot("2023-11-18")
    opened.move("date", "2023-11-20")
    assert opened.ceo("openai") == "Emmett Shear"
    opened.move("date", "2025-10-29")
    owners = opened.page.locator("#owners").inner_text()
    assert "OpenAI Group PBC" in owners
    assert "OpenAI Group PBC" in opened.page.locator("#people").inner_text()
    figures = opened.page.locator("#owners .reported-figure")
    assert any("32.5" in text for text in figures.all_inner_texts())
    opened.shot("2025-10-29")
    opened.move("known", "2025-10-27")
    assert not any("32.5" in text for text in opened.page.locator("#owners .reported-figure").all_inner_texts())
    assert "32.5" not in opened.page.locator("#owners").inner_text()
    opened.shot("2025-10-29-known-2025-10-27")
    opened.assert_clean()


def test_a_source_link_is_there_to_follow(browser: Browser, page_file: Path) -> None:
    opened = Opened(browser, page_file.as_uri() + "#date=2025-10-28&known=all")
    links = opened.page.locator("#events a[href^='https://']")
    assert links.count() > 0
    href = links.first.get_attribute("href")
    urls = {s.url for e in at.load().events for s in e.sources if s.url}
    assert href in urls
    assert links.first.is_visible()
    opened.assert_clean()  # listing a link fetches nothing


def test_the_date_moves_by_keyboard(browser: Browser, page_file: Path) -> None:
    opened = Opened(browser, page_file.as_uri() + "#date=2023-11-17&known=all")
    assert opened.ceo("openai") == "Mira Murati"
    opened.page.locator("#date").focus()
    opened.page.keyboard.press("ArrowLeft")
    assert opened.page.locator("#date-shown").inner_text() == "2023-11-16"
    assert opened.ceo("openai") == "Sam Altman"
    opened.page.locator("#next").focus()
    opened.page.keyboard.press("Enter")
    assert opened.page.locator("#date-shown").inner_text() == "2023-11-17"
    opened.assert_clean()


def test_a_narrow_window_needs_no_sideways_scrolling(browser: Browser, page_file: Path) -> None:
    opened = Opened(browser, page_file.as_uri() + "#date=2026-04-30&known=all", width=390)
    width = opened.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    assert opened.page.locator("#date").is_visible()
    assert opened.page.locator("#known").is_visible()
    opened.shot("narrow-2026-04-30")
    opened.assert_clean()


def test_a_record_with_no_events_and_an_unreadable_address_show_without_errors(
    browser: Browser, tmp_path: Path
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    (folder / "entities.toml").write_text(at.io.dumps_entities([at.Organization(id="acme", name="Acme")]), "utf-8")
    out = tmp_path / "empty.html"
    out.write_text(at.export.timeline_page(at.load(folder)), encoding="utf-8")
    empty = Opened(browser, out.as_uri())
    assert "no events" in empty.page.locator("#hint").inner_text()
    assert empty.page.locator("#date").is_disabled()
    empty.assert_clean()
    shipped = tmp_path / "shipped.html"
    shipped.write_text(at.export.timeline_page(at.load()), encoding="utf-8")
    garbled = Opened(browser, shipped.as_uri() + "#date=soon&known=never")
    assert garbled.page.locator("#known-shown").inner_text().endswith("(everything)")
    garbled.assert_clean()
