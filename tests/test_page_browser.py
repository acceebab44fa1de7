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
from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, Page, Route, sync_playwright

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
        self.page: Page = self._new_page(browser, width)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.url = url
        self.page.goto(url)

    def _new_page(self, browser: Browser, width: int) -> Page:
        return browser.new_page(viewport={"width": width, "height": 900})

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


# --- hostile text: every text of a record that reaches HTML is shown as text, and nothing runs or is fetched ---


def _img(tag: str) -> str:
    """An image whose failed load would set the flag (and fetch ``x`` next to the page)."""
    return f"<img src=x onerror=\"window.__pwned='{tag}'\">"


SCRIPT = '<script>window.__pwned="script"</script>'
SVG = '"><svg onload="window.__pwned=\'svg\'">'
COMMENT = "<!--<script>"  # inside a script element, this would make its closing tag part of the script
BARE = "<img src=x onerror=window.__pwned=1>"  # no quotes: runs even where JSON escapes the quotes
HOSTILE_TITLE = '{{data}}</title><script>window.__pwned="title"</script>' + _img("title")


def _hostile_record() -> at.Timeline:
    """A record whose every text a reader sees is a payload: entity names, summaries, notes, sources' publishers
    and titles, a legal form, an instrument and a round, an agreement's id and title, a commitment's id. Ids that
    must be slugs (events, entities) and addresses (http or https only) cannot be."""

    def source(tag: str) -> at.Source:
        return at.Source(
            publisher=_img(f"publisher-{tag}") + COMMENT,
            title=SVG + _img(f"title-{tag}"),
            published="2020-01-01",
            url="https://example.com/?q=%3Cscript%3E",
        )

    def event(cls: type[at.Event], event_id: str, date: str, **fields: Any) -> at.Event:
        summary = _img(f"summary-{event_id}") + SCRIPT + COMMENT + BARE
        return cls(id=event_id, date=date, summary=summary, sources=(source(event_id),), note=_img("note"), **fields)

    entities: list[at.Entity] = [
        at.Organization(id="acme", name=_img("acme")),
        at.Organization(id="bigco", name=_img("bigco") + SCRIPT),
        at.Person(id="ann", name=_img("ann") + SVG),
    ]
    money = at.Money.of
    events = [
        event(at.events.Founded, "f", "2020-01-01", org="acme", name=_img("name"), legal_form=_img("form")),
        event(at.events.RoleBegan, "r", "2020-01-02", person="ann", org="acme", role="ceo", reason="appointed"),
        event(
            at.events.Invested,
            "i",
            "2020-01-03",
            investor="bigco",
            investee="acme",
            amount=money("100"),
            stake=at.Stake.of("10%"),
            instrument=_img("instrument"),
            round=_img("round") + SCRIPT,
        ),
        event(
            at.events.AgreementSigned,
            "a",
            "2020-01-04",
            agreement=_img("agreement") + COMMENT,
            parties=("acme", "bigco"),
            title=_img("agreement-title") + SVG,
            terms=at.Terms(),
        ),
        event(
            at.events.ComputeCommitted,
            "c",
            "2020-01-05",
            commitment=_img("commitment"),
            buyer="acme",
            supplier="bigco",
            stage="announced",
            amount=money("5"),
        ),
        event(at.events.MetricReported, "m", "2020-01-06", entity="acme", metric="valuation", value=money("1000")),
    ]
    return at.Timeline(events, entities)


class Guarded(Opened):
    """A page opened with every request that is not the page's own file aborted (and recorded), every dialog
    recorded, and a way to prove that a payload would have fired."""

    def __init__(self, browser: Browser, url: str) -> None:
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.own = url.split("#")[0]
        super().__init__(browser, url)

    def _route(self, route: Route) -> None:
        if route.request.url.split("#")[0] == self.own:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def _new_page(self, browser: Browser, width: int) -> Page:
        self._context = browser.new_context(viewport={"width": width, "height": 900})
        self._context.route("**/*", self._route)
        page = self._context.new_page()
        page.on("dialog", self._dialog)
        return page

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def assert_nothing_ran(self) -> None:
        """No payload ran, no dialog opened, nothing was fetched; checked after a payload of our own has fired (an
        image that fails to load runs its handler), so that a slower one would have fired too."""
        assert self.page.evaluate("window.__pwned") is None
        assert self.dialogs == []
        self.assert_clean()
        assert self.blocked == []
        control = '<img src=x onerror="window.__control=1">'
        self.page.evaluate("(html) => document.body.insertAdjacentHTML('beforeend', html)", control)
        self.page.wait_for_function("window.__control === 1")
        assert self.page.evaluate("window.__pwned") is None
        self._context.close()


def test_hostile_text_on_the_page_is_shown_as_text_and_runs_nothing(browser: Browser, tmp_path: Path) -> None:
    """Summaries, titles, publishers, names, ids and the page's title that are HTML payloads (an image whose
    error handler runs, a script, an attribute break-out into an svg, a comment that would swallow the end of the
    data's script) are shown as the text they are: no script runs, no dialog opens, no request leaves."""
    out = tmp_path / "hostile.html"
    out.write_text(at.export.timeline_page(_hostile_record(), title=HOSTILE_TITLE), encoding="utf-8")
    opened = Guarded(browser, out.as_uri())
    page = opened.page
    assert page.title() == HOSTILE_TITLE
    assert page.locator("h1").inner_text() == HOSTILE_TITLE
    assert page.evaluate("DATA.events.length") == 6
    events = page.locator("#events").inner_text()
    assert _img("summary-m") + SCRIPT + COMMENT + BARE in events
    assert SVG + _img("title-m") in events
    assert _img("publisher-m") + COMMENT in events
    assert _img("name") in page.locator("#people").inner_text()
    assert _img("ann") + SVG in page.locator("#people").inner_text()
    assert _img("bigco") + SCRIPT in page.locator("#owners").inner_text()
    deals = page.locator("#deals").inner_text()
    assert _img("agreement-title") + SVG in deals
    assert _img("commitment") in deals
    assert _img("name") in page.locator("#web").inner_text()  # the name it was founded with
    hrefs = page.locator("a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert hrefs
    assert all(href == "https://example.com/?q=%3Cscript%3E" for href in hrefs)
    assert page.locator("#events img, #events script, #events svg, #people img, #deals img").count() == 0
    opened.move("date", "2020-01-03")
    opened.move("known", "2020-01-04")
    opened.shot("hostile")
    opened.assert_nothing_ran()


def test_hostile_text_in_the_timelinejs_export_runs_nothing_when_shown_as_html(
    browser: Browser, tmp_path: Path
) -> None:
    """TimelineJS puts a slide's and an era's headline and text, and a group's label, into the page as HTML
    (innerHTML): each, put there the same way, shows the hostile text as text and runs nothing."""
    doc = at.export.timelinejs(_hostile_record(), title=HOSTILE_TITLE)
    shown = [doc["title"]["text"]["headline"], doc["title"]["text"]["text"]]
    for slide in [*doc["events"], *doc["eras"]]:
        shown += [slide["text"]["headline"], slide["text"].get("text", ""), slide.get("group", "")]
    blank = tmp_path / "blank.html"
    blank.write_text("<!doctype html><title>TimelineJS fields</title><body></body>", encoding="utf-8")
    opened = Guarded(browser, blank.as_uri())
    opened.page.evaluate(
        "(fields) => { for (const html of fields) { const d = document.createElement('div'); d.innerHTML = html;"
        " document.body.append(d); } }",
        shown,
    )
    text = opened.page.locator("body").inner_text()
    assert _img("summary-i") + SCRIPT + COMMENT + BARE in text
    assert HOSTILE_TITLE in text
    assert opened.page.locator("body img, body script, body svg").count() == 0
    hrefs = opened.page.locator("a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert len(hrefs) == 6
    assert all(href.startswith(("https://", "http://")) for href in hrefs)
    opened.assert_nothing_ran()
