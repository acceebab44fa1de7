"""The TimelineJS export shown by the real TimelineJS 3, in Debian's chromium driven by Playwright for Python.

``aitimeline export timelinejs`` writes the shipped record; a page in a temporary folder loads it into TimelineJS,
whose JavaScript and CSS come from the npm package ``@knight-lab/timelinejs`` at the version pinned in
``tests/timelinejs/package.json`` (and its lock file), opened from the files. Every slide must render, the test
goes to a few of them (the last included), and no page error, no console error and no request off the machine is
allowed, except TimelineJS's own web fonts (which the test refuses, so nothing leaves the machine). A screenshot is
kept in ``build/artifacts/`` (``AITIMELINE_ARTIFACTS`` to choose another folder) for review.

``make test`` installs TimelineJS (``make timelinejs``: ``npm ci`` in ``tests/timelinejs/``, with Debian's nodejs
and npm installed by apt when missing) and chromium (``make browser``). Without them these tests are skipped, except
where ``CI`` is set, as ``.ci/run`` does: there they fail.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route, sync_playwright

pytestmark = pytest.mark.slow  # drives chromium

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tests" / "timelinejs"
PINNED = json.loads((PACKAGE / "package.json").read_text(encoding="utf-8"))["dependencies"]["@knight-lab/timelinejs"]
INSTALLED = PACKAGE / "node_modules" / "@knight-lab" / "timelinejs"
DIST = INSTALLED / "dist"
CHROMIUM = os.environ.get("AITIMELINE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
FONTS = ("https://fonts.googleapis.com/", "https://fonts.gstatic.com/")  # TimelineJS's own web fonts
ARTIFACTS = Path(os.environ.get("AITIMELINE_ARTIFACTS") or ROOT / "build" / "artifacts")


def _missing() -> str | None:
    """Why TimelineJS cannot be shown here, or None."""
    if not Path(CHROMIUM).exists():
        return f"no chromium at {CHROMIUM} (`make browser` installs it)"
    tools = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    package = INSTALLED / "package.json"
    if not package.exists():
        why = f"{' and '.join(tools)} not found" if tools else "not installed"
        return f"no TimelineJS in {INSTALLED.relative_to(ROOT)} ({why}): `make timelinejs` installs it"
    version = json.loads(package.read_text(encoding="utf-8"))["version"]
    if version != PINNED:
        return f"TimelineJS {version} is installed, {PINNED} is pinned: `make timelinejs` installs it"
    return None


if (_why := _missing()) is not None:
    if os.environ.get("CI"):
        raise RuntimeError(f"the TimelineJS tests cannot run: {_why}")
    pytest.skip(_why, allow_module_level=True)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The shipped record as ``aitimeline export timelinejs`` writes it."""
    out = tmp_path_factory.mktemp("timelinejs") / "timeline.json"
    script = Path(sys.executable).with_name("aitimeline")
    done = subprocess.run(
        [str(script), "export", "timelinejs", "-o", str(out)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    doc: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return doc


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def _page_file(folder: Path, doc: dict[str, Any]) -> Path:
    """A page that shows ``doc`` in TimelineJS, loaded from the installed package (its script path too, so that
    its fonts' style sheet and its language come from there rather than from its CDN)."""
    data = json.dumps(doc).replace("</", "<\\/")
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>TimelineJS</title>
<link rel="stylesheet" href="{(DIST / "css" / "timeline.css").as_uri()}">
<script src="{(DIST / "js" / "timeline.js").as_uri()}"></script></head>
<body><div id="timeline-embed" style="width: 100%; height: 640px"></div>
<script>window.timeline = new TL.Timeline("timeline-embed", {data}, {{script_path: "{(DIST / "js").as_uri()}/"}});
</script></body></html>"""
    out = folder / "timelinejs.html"
    out.write_text(page, encoding="utf-8")
    return out


class Shown:
    """A TimelineJS page opened in chromium, with every error and every request it made; a request off the machine
    is refused."""

    def __init__(self, browser: Browser, file: Path) -> None:
        self.page: Page = browser.new_page(viewport={"width": 1280, "height": 800})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.route(re.compile(r"^https?://"), self._refuse)
        self.file = file
        self.page.goto(file.as_uri())
        self.page.wait_for_function("window.timeline && window.timeline.ready === true")

    @staticmethod
    def _refuse(route: Route) -> None:
        route.abort()

    def _console(self, message: Any) -> None:
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if not url.startswith(FONTS):  # a refused font is reported as an error: the one error allowed
            self.errors.append(f"console: {message.text} ({url})")

    def go_to(self, slide: str, how: str = "goToId") -> None:
        """Go to a slide as TimelineJS's own controls do, and wait until it is the one on the screen."""
        self.page.evaluate(f"(id) => window.timeline.{how}(id)", slide)
        self.page.wait_for_function("(id) => window.timeline.current_id === id", arg=slide)
        self.page.wait_for_function(
            "(id) => { const r = document.getElementById(id).getBoundingClientRect();"
            " return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth; }",
            arg=slide,
        )

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"timelinejs-{name}.png"))

    def assert_clean(self) -> None:
        """No error, and no request but the page's own files, TimelineJS's and its fonts'."""
        assert self.errors == []
        allowed = (self.file.parent.as_uri() + "/", INSTALLED.as_uri() + "/", *FONTS)
        assert [url for url in self.requests if not url.startswith(allowed)] == []


def test_the_installed_timelinejs_is_the_pinned_one() -> None:
    """The pin is one exact version, the lock file holds that version with its checksum, and it is installed."""
    assert re.fullmatch(r"\d+\.\d+\.\d+", PINNED)
    lock = json.loads((PACKAGE / "package-lock.json").read_text(encoding="utf-8"))
    locked = lock["packages"]["node_modules/@knight-lab/timelinejs"]
    assert locked["version"] == PINNED
    assert locked["integrity"].startswith("sha512-")
    assert json.loads((INSTALLED / "package.json").read_text(encoding="utf-8"))["version"] == PINNED


def test_every_slide_of_the_shipped_record_renders(browser: Browser, exported: dict[str, Any], tmp_path: Path) -> None:
    """TimelineJS makes one slide per event (and the title's), one marker per event, a row per group and a band
    per era; going to the first event, one in the middle, the correction and the last (by its own "go to the end")
    shows each on the screen with its headline and its sources as links; nothing fails and nothing leaves."""
    shown = Shown(browser, _page_file(tmp_path, exported))
    page = shown.page
    events = exported["events"]
    ids = page.locator(".tl-storyslider .tl-slide").evaluate_all("(slides) => slides.map((s) => s.id)")
    assert len(ids) == len(events) + 1
    assert set(ids) - {e["unique_id"] for e in events} == {page.evaluate("window.timeline.config.title.unique_id")}
    assert page.locator(".tl-timemarker").count() == len(events)
    groups = page.locator(".tl-timegroup-message").evaluate_all("(labels) => labels.map((l) => l.textContent)")
    assert sorted(groups) == sorted({html.unescape(e["group"]) for e in events})
    assert page.locator(".tl-timeera").count() == len(exported["eras"]) > 0
    correction = next(e for e in events if e["group"] == "Corrections")
    for event, how in [(events[0], "goToId"), (events[len(events) // 2], "goToId"), (correction, "goToId")]:
        shown.go_to(event["unique_id"], how)
        _assert_shows(page, event)
    page.evaluate("window.timeline.goToEnd()")
    shown.go_to(events[-1]["unique_id"], "goToId")  # already there: waits until it is on the screen
    _assert_shows(page, events[-1])
    shown.shot("last-slide")
    shown.assert_clean()


def _assert_shows(page: Page, event: dict[str, Any]) -> None:
    """The slide of ``event`` shows its headline and the links of its text, as TimelineJS rendered them."""
    slide = page.locator(f'.tl-storyslider .tl-slide[id="{event["unique_id"]}"]')
    assert slide.locator(".tl-headline").text_content() == html.unescape(event["text"]["headline"])
    hrefs = slide.locator(".tl-text-content a").evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
    assert hrefs == [html.unescape(h) for h in re.findall(r'href="([^"]*)"', event["text"]["text"])]
    assert hrefs


def test_the_watch_sees_a_request_off_the_machine_and_an_error(browser: Browser, tmp_path: Path) -> None:
    """The checks above can fail: a slide whose picture is on the web makes a request that is refused and
    reported, and a script error in the page is reported."""
    doc = {
        "events": [
            {
                "start_date": {"year": 2020},
                "text": {"headline": "Acme is founded", "text": "An anvil maker."},
                "media": {"url": "https://example.com/anvil.png"},
            }
        ]
    }
    shown = Shown(browser, _page_file(tmp_path, doc))
    picture = "https://example.com/anvil.png"
    _until(shown.page, lambda: picture in shown.requests)  # TimelineJS loads a slide's media once it is shown
    with pytest.raises(AssertionError, match=re.escape(picture)):
        shown.assert_clean()
    shown.errors.clear()  # the refused picture's console error may still arrive: wait for the thrown one itself
    shown.page.evaluate("() => setTimeout(() => { throw new Error('boom'); })")
    _until(shown.page, lambda: any("boom" in error for error in shown.errors))
    with pytest.raises(AssertionError, match="boom"):
        shown.assert_clean()


def _until(page: Page, done: Callable[[], bool], seconds: float = 10) -> None:
    """Wait until ``done()`` (which reads what the page's events recorded), letting the page run meanwhile."""
    for _ in range(int(seconds * 20)):
        if done():
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"still not done after {seconds} s")
