"""The dashboard in a real headless Chromium (Debian's), driven by Playwright: what a user sees."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import ARABIC_CLAIM, PASSWORD, Server

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent / "screenshots"  # git-ignored
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="browser tests need Debian's chromium at /usr/bin/chromium (apt-get install chromium)",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []  # type: ignore[attr-defined]
    page.on(
        "console",
        lambda m: page.problems.append(m.text) if m.type == "error" else None,  # type: ignore[attr-defined]
    )
    page.on(
        "request",
        lambda r: (
            None if r.url.startswith((server.url, "data:")) else page.problems.append(f"external: {r.url}")
        ),  # type: ignore[attr-defined]
    )
    yield page
    context.close()


def shot(page: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def log_in(page: Any, server: Server, role: str = "analyst") -> None:
    page.goto(f"{server.url}/incidents")
    assert "/login" in page.url
    page.fill("input[name=name]", role)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/incidents"))


def test_log_in_filter_open_and_see_the_evidence(page: Any, server: Server) -> None:
    log_in(page, server)
    shot(page, "01-incidents")
    everything = page.locator("tr.incident-row").count()
    assert everything >= 4
    page.select_option("select[name=admin1]", "Hama")
    page.click("#apply")
    page.wait_for_url(re.compile(r"admin1=Hama"))
    rows = page.locator("tr.incident-row")
    assert 0 < rows.count() < everything
    for i in range(rows.count()):
        assert "Hama" in rows.nth(i).inner_text()
    assert int(page.inner_text("#total")) == rows.count()
    shot(page, "02-filtered")
    rows.first.locator("a").first.click()
    page.wait_for_url(re.compile(r"/incidents/[0-9a-f-]{36}$"))
    marks = page.locator("mark.evidence")
    assert marks.count() >= 1
    assert marks.first.is_visible()
    text = marks.first.inner_text()
    assert "Salamiyah" in text or "Hama" in text
    shot(page, "03-incident")
    assert page.problems == []  # type: ignore[attr-defined]


def test_arabic_interface_and_arabic_evidence(page: Any, server: Server) -> None:
    log_in(page, server, "viewer")
    page.click("#lang-switch")
    page.wait_for_load_state()
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.get_attribute("html", "lang") == "ar"
    assert "الحوادث" in page.inner_text("header")
    page.goto(f"{server.url}/incidents?community=Alawite")
    page.locator("tr.incident-row a").first.click()
    page.wait_for_url(re.compile(r"/incidents/[0-9a-f-]{36}$"))
    assert page.get_attribute("html", "dir") == "rtl"
    mark = page.locator("mark.evidence").first
    assert mark.inner_text() == ARABIC_CLAIM
    assert mark.is_visible()
    box = page.locator(".doctext").first
    assert box.evaluate("e => getComputedStyle(e).direction") == "rtl"  # dir=auto picks up the Arabic
    shot(page, "04-arabic-incident")
    page.click("#lang-switch")
    page.wait_for_load_state()
    assert page.get_attribute("html", "dir") == "ltr"
    assert page.problems == []  # type: ignore[attr-defined]


def test_map_shows_markers_offline(page: Any, server: Server) -> None:
    log_in(page, server, "viewer")
    page.goto(f"{server.url}/map")
    page.wait_for_selector("#map[data-loaded='1']", timeout=20000)
    assert page.get_attribute("#map", "data-error") is None
    markers = page.locator("path.leaflet-interactive, .marker-cluster")
    assert markers.count() >= 1
    assert int(page.get_attribute("#map", "data-points") or 0) >= 3
    # Syria's outline comes from the served world-atlas package, not from tiles
    assert page.locator(".leaflet-overlay-pane path").count() > markers.count()
    shot(page, "05-map")
    page.goto(f"{server.url}/timeline")
    page.wait_for_selector("#timeline[data-loaded='1']", timeout=20000)
    assert page.locator("#timeline rect.bar").count() == int(
        page.get_attribute("#timeline", "data-days") or 0
    )
    assert page.locator("#timeline polyline.killed").count() == 1
    shot(page, "06-timeline")
    assert page.problems == []  # type: ignore[attr-defined]


def test_analyst_confirms_from_the_page_viewer_cannot(page: Any, server: Server) -> None:
    log_in(page, server, "viewer")
    page.locator("tr.incident-row a").first.click()
    assert page.locator("#review").count() == 0
    page.click("text=Log out")
    page.wait_for_url(re.compile(r"/login"))
    page.fill("input[name=name]", "analyst")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/incidents"))
    page.goto(f"{server.url}/incidents?location=Tafas")
    page.locator("tr.incident-row a").first.click()
    page.fill("#review form:has(#confirm) input[name=note]", "checked against the field report")
    page.click("#confirm")
    page.wait_for_load_state()
    assert page.inner_text("#status") == "confirmed"
    assert "checked against the field report" in page.inner_text(".history")
    shot(page, "07-confirmed")
