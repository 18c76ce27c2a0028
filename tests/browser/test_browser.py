"""End to end in headless Chromium: what a reader clicks, and what they get.

A live server on loopback serves the sample corpus plus a hostile article;
one headless Chromium (Debian's chromium and chromium-driver, driven by
Selenium, with a fresh profile and without its background connections: the
test machines have no network) fails a test on any console error, so a CSP
violation, a script error or a missing file shows up here.  The side-by-side
view and the TMX download need Engine.parallel (issue 4): until it exists
they skip and say so.  Screenshots go to tests/screenshots/; with
SETU_UPDATE_SCREENSHOTS=1 the desktop ones are also copied to
docs/screenshots/ for the README.

The fixtures live here rather than in a conftest.py: a second conftest
module would shadow tests/conftest.py for the tests that import from it.
"""

from __future__ import annotations

import csv
import os
import shutil
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from index import build

if TYPE_CHECKING:
    from flask import Flask
    from selenium.webdriver.chrome.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    SELENIUM = True
except ImportError:  # reported by the browser_available fixture
    SELENIUM = False

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "corpus" / "sample"
HOSTILE = ROOT / "tests" / "data" / "hostile"
SCREENSHOTS = ROOT / "tests" / "screenshots"
DOC_SCREENSHOTS = ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
DESKTOP = (1280, 900)
PHONE = (390, 844)
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-extensions",
    "--lang=en-US",
)


def _missing() -> str | None:
    if not SELENIUM:
        return "selenium is not installed: `make install` installs the test extras"
    for path, package in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not path.exists():
            return f"{path} is missing: `make browser` installs Debian's {package} (as root)"
    return None


@pytest.fixture(scope="session")
def browser_available() -> None:
    reason = _missing()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def hostile_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus plus an article full of markup and a bidi override."""
    corpus = tmp_path_factory.mktemp("browser-corpus")
    for path in [*SAMPLE.glob("*.txt"), *HOSTILE.glob("*.txt")]:
        shutil.copy(path, corpus / path.name)
    index_dir = tmp_path_factory.mktemp("browser-index")
    build(corpus, index_dir, workers=0)
    return index_dir


@pytest.fixture(scope="session")
def live_app(hostile_index: Path) -> Flask:
    from webui import create_app

    app = create_app({"INDEX_DIR": str(hostile_index), "TESTING": True})
    app.extensions["setu.engine"].warm()
    return app


@pytest.fixture(scope="session")
def live_server(browser_available: None, live_app: Flask) -> Iterator[str]:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="setu-live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def downloads(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="session")
def driver(browser_available: None, tmp_path_factory: pytest.TempPathFactory, downloads: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument(f"--window-size={DESKTOP[0]},{DESKTOP[1]}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "safebrowsing.enabled": False,
        },
    )
    browser = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    browser.set_page_load_timeout(20)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(autouse=True)
def no_console_errors(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the test on any JavaScript error, CSP violation or failed load the console saw."""
    if "driver" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("driver")
    browser.get_log("browser")  # drop what earlier tests left
    yield
    errors = [entry["message"] for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []


@pytest.fixture()
def screenshot(driver: WebDriver) -> Callable[..., Path]:
    """screenshot(name, "desktop"|"phone", element=None): the page at that width, as a PNG,
    scrolled to the top or to ``element``."""

    def take(name: str, size: str, element: WebElement | None = None) -> Path:
        width, height = DESKTOP if size == "desktop" else PHONE
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}-{size}.png"
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": size == "phone"}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        try:
            if element is None:
                driver.execute_script("window.scrollTo(0, 0)")
            else:
                driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
            time.sleep(0.2)  # one layout pass after the resize
            driver.save_screenshot(str(path))
        finally:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        if size == "desktop" and os.environ.get("SETU_UPDATE_SCREENSHOTS"):
            DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, DOC_SCREENSHOTS / path.name)
        return path

    return take


# -- the tests ---------------------------------------------------------------

BN = "000_45f867eacd813f2e"
HI = "001_23384727df69c4b0"
HOSTILE_ID = "005_hostile"


def wait(driver: WebDriver, condition: Callable[[WebDriver], T], timeout: float = 10) -> T:
    return WebDriverWait(driver, timeout).until(condition)


def attr(element: WebElement, name: str) -> str:
    """The value of ``element``'s attribute ``name``, which the page must set."""
    value = element.get_attribute(name)
    assert value is not None, f"no {name} attribute"
    return value


def load(driver: WebDriver, url: str) -> None:
    driver.get(url)
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")


def click_and_wait(driver: WebDriver, element: WebElement) -> None:
    """Click a link and wait for the next page (the old <html> goes stale)."""
    old = driver.find_element(By.TAG_NAME, "html")
    # The stylesheet scrolls smoothly: a click while Selenium's own scroll glides lands elsewhere.
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element)
    element.click()
    wait(driver, lambda d: d.find_element(By.TAG_NAME, "html").id != old.id)
    wait(driver, lambda d: d.execute_script("return document.readyState") == "complete")


def hit_ids(driver: WebDriver) -> list[str]:
    return [attr(li, "data-id") for li in driver.find_elements(By.CSS_SELECTOR, ".hits > li.hit")]


def facet_counts(driver: WebDriver, facet: str) -> dict[str, int]:
    links = driver.find_elements(By.CSS_SELECTOR, f'.facets a.fv[data-facet="{facet}"]')
    return {attr(a, "data-value"): int(attr(a, "data-count")) for a in links}


def api(live_app: Flask, path: str, **params: str | int) -> Any:
    return live_app.test_client().get(path, query_string=params).get_json()


def download(driver: WebDriver, folder: Path, url: str, link: str, suffix: str) -> Path:
    """Click the download link ``link`` on the page at ``url``; the file it saves."""
    for old in folder.iterdir():
        old.unlink()
    load(driver, url)
    driver.find_element(By.CSS_SELECTOR, link).click()
    return wait_for_download(folder, suffix)


def wait_for_download(folder: Path, suffix: str, timeout: float = 10) -> Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.iterdir() if p.name.endswith(suffix)]
        if done and not any(p.name.endswith(".crdownload") for p in folder.iterdir()):
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no {suffix} download in {folder}: {sorted(p.name for p in folder.iterdir())}")


def test_typing_a_bengali_phrase_shows_highlighted_results(
    driver: WebDriver, live_server: str, live_app: Flask, screenshot: Callable[..., Path]
) -> None:
    load(driver, f"{live_server}/?ui=en")
    box = driver.find_element(By.ID, "q")
    assert driver.switch_to.active_element == box  # the search box has the focus
    box.send_keys("ডিজিটাল রূপান্তর")
    old = driver.find_element(By.TAG_NAME, "html")
    box.send_keys(Keys.ENTER)
    wait(driver, lambda d: d.find_element(By.TAG_NAME, "html").id != old.id)

    assert parse_qs(urlparse(driver.current_url).query)["q"] == ["ডিজিটাল রূপান্তর"]  # shareable
    expected = api(live_app, "/api/search", q="ডিজিটাল রূপান্তর")
    assert hit_ids(driver) == [h["id"] for h in expected["hits"]]
    assert driver.find_element(By.ID, "count").get_attribute("data-total") == str(expected["total"])
    marks = {m.text for m in driver.find_elements(By.CSS_SELECTOR, ".hits .snippet mark")}
    assert {"ডিজিটাল", "রূপান্তর"} <= marks
    assert all(m.startswith(("ডিজিটাল", "রূপান্তর")) for m in marks)
    snippet = driver.find_element(By.CSS_SELECTOR, ".hits .snippet")
    assert snippet.get_attribute("lang") == "bn"
    screenshot("search", "desktop")
    screenshot("search", "phone")


def test_a_province_facet_changes_counts_and_results(driver: WebDriver, live_server: str, live_app: Flask) -> None:
    load(driver, f"{live_server}/?q=ডিজিটাল&ui=en")
    before_total = int(attr(driver.find_element(By.ID, "count"), "data-total"))
    before_lang = facet_counts(driver, "lang")
    link = driver.find_element(By.CSS_SELECTOR, '.facets a.fv[data-facet="province"][data-value="ca-mau"]')
    expected_total = int(attr(link, "data-count"))
    click_and_wait(driver, link)

    expected = api(live_app, "/api/search", q="ডিজিটাল", province="ca-mau")
    assert int(attr(driver.find_element(By.ID, "count"), "data-total")) == expected_total == expected["total"]
    assert expected_total < before_total
    assert hit_ids(driver) == [h["id"] for h in expected["hits"]]
    assert facet_counts(driver, "lang") == {v["value"]: v["count"] for v in expected["facets"]["lang"]} != before_lang
    selected = driver.find_element(By.CSS_SELECTOR, '.facets a.fv[data-value="ca-mau"]')
    assert "on" in attr(selected, "class").split()
    chip = driver.find_element(By.CSS_SELECTOR, '.selected a[data-remove="province=ca-mau"]')
    assert "Province" in attr(chip, "aria-label")

    click_and_wait(driver, chip)  # the chip removes the filter again
    assert int(attr(driver.find_element(By.ID, "count"), "data-total")) == before_total


def test_facets_and_paging_work_without_javascript(driver: WebDriver, live_server: str) -> None:
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        load(driver, f"{live_server}/?per_page=2&ui=en")
        assert driver.find_element(By.ID, "count").get_attribute("data-total") == "6"
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, '.pager a[rel="next"]'))
        assert parse_qs(urlparse(driver.current_url).query)["page"] == ["2"]
        assert len(hit_ids(driver)) == 2
        link = driver.find_element(By.CSS_SELECTOR, '.facets a.fv[data-facet="lang"][data-value="hi"]')
        click_and_wait(driver, link)
        assert driver.find_element(By.ID, "count").get_attribute("data-total") == "1"
        assert hit_ids(driver) == [HI]
        assert "page" not in parse_qs(urlparse(driver.current_url).query)  # a new filter starts at page 1
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_passage_mode_shows_sentences_with_their_translation(
    driver: WebDriver, live_server: str, live_app: Flask
) -> None:
    load(driver, f"{live_server}/?q=৫৪০&ui=en")
    tab = driver.find_element(By.CSS_SELECTOR, ".tabs a:not([aria-current])")
    click_and_wait(driver, tab)
    assert parse_qs(urlparse(driver.current_url).query)["mode"] == ["passages"]
    expected = api(live_app, "/api/passages", q="৫৪০")
    assert hit_ids(driver) == [h["id"] for h in expected["hits"]]
    first = driver.find_element(By.CSS_SELECTOR, ".hits > li.hit")
    assert [m.text for m in first.find_elements(By.CSS_SELECTOR, ".passage mark")] == ["৫৪০"]
    aligned = first.find_elements(By.CSS_SELECTOR, ".aligned")
    assert aligned, "a passage of a translated article shows the aligned sentence"
    assert [m.text for m in aligned[0].find_elements(By.CSS_SELECTOR, "mark")] == ["540"]


def test_article_beside_its_hindi_translation(
    driver: WebDriver, live_server: str, live_app: Flask, screenshot: Callable[..., Path]
) -> None:
    document = api(live_app, f"/api/documents/{BN}")["document"]
    assert [t["id"] for t in document["translations"]] == [HI]
    load(driver, f"{live_server}/doc/{BN}?q=ডিজিটাল&ui=en")
    table = wait(driver, lambda d: d.find_element(By.CSS_SELECTOR, "table.parallel"))
    rows = table.find_elements(By.CSS_SELECTOR, "tbody tr")
    pairs = api(live_app, f"/api/documents/{BN}/parallel/{HI}")["pairs"]
    assert len(rows) == len(pairs)
    assert {td.get_attribute("lang") for td in table.find_elements(By.CSS_SELECTOR, "tbody td:nth-child(1)")} == {"bn"}
    assert {td.get_attribute("lang") for td in table.find_elements(By.CSS_SELECTOR, "tbody td:nth-child(2)")} == {"hi"}
    assert table.find_elements(By.CSS_SELECTOR, "td:nth-child(1) mark")  # the search terms stay highlighted
    low = [i for i, p in enumerate(pairs) if p["score"] is not None and p["score"] < 0.5]
    assert [i for i, row in enumerate(rows) if "low" in attr(row, "class").split()] == low

    full = [i for i, p in enumerate(pairs) if p["source"]["text"] and p["target"]["text"]]
    row = rows[full[min(2, len(full) - 1)]]
    source = row.find_element(By.CSS_SELECTOR, '.sent[data-side="source"]')
    target = row.find_element(By.CSS_SELECTOR, '.sent[data-side="target"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", source)
    source.click()
    assert "is-counterpart" in attr(target, "class").split()
    assert "is-active" in attr(source, "class").split()
    other = rows[full[0]].find_element(By.CSS_SELECTOR, '.sent[data-side="target"]')
    other.click()  # the other way round, and the first selection is cleared
    assert (
        "is-counterpart"
        in attr(rows[full[0]].find_element(By.CSS_SELECTOR, '.sent[data-side="source"]'), "class").split()
    )
    assert "is-counterpart" not in attr(target, "class").split()
    source.click()
    screenshot("parallel", "desktop")
    screenshot("parallel", "phone", source)


def test_csv_download_holds_the_result_set(
    driver: WebDriver, live_server: str, live_app: Flask, downloads: Path
) -> None:
    path = download(driver, downloads, f"{live_server}/?q=ডিজিটাল&ui=en", '.downloads a[href*="export.csv"]', ".csv")
    with path.open(encoding="utf-8-sig", newline="") as f:  # the BOM Excel needs
        rows = list(csv.DictReader(f))
    expected = api(live_app, "/api/search", q="ডিজিটাল", per_page=100)["hits"]
    assert [r["id"] for r in rows] == [h["id"] for h in expected]
    assert [(r["title"], r["date"], r["provinces"]) for r in rows] == [
        (h["title"], h["date"] or "", "|".join(h["provinces"])) for h in expected
    ]


def seg_text(tuv: ET.Element) -> str:
    """The text of a TMX variant's segment, inline markup and all."""
    seg = tuv.find("seg")
    assert seg is not None, "a <tuv> without a <seg>"
    return "".join(seg.itertext())


def test_tmx_download_holds_the_aligned_pairs(
    driver: WebDriver, live_server: str, live_app: Flask, downloads: Path
) -> None:
    path = download(driver, downloads, f"{live_server}/doc/{BN}?ui=en", '.downloads a[href$=".tmx"]', ".tmx")
    root = ET.parse(path).getroot()
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    units = [
        {tuv.get(lang, "").split("-")[0].lower(): seg_text(tuv) for tuv in tu.iter("tuv")} for tu in root.iter("tu")
    ]
    pairs = api(live_app, f"/api/documents/{BN}/parallel/{HI}")["pairs"]
    both = [p for p in pairs if p["source"]["text"] and p["target"]["text"]]
    assert units, "the TMX holds translation units"
    assert units[0] == {"bn": both[0]["source"]["text"], "hi": both[0]["target"]["text"]}


def test_switching_the_interface_to_hindi(driver: WebDriver, live_server: str) -> None:
    load(driver, f"{live_server}/?q=ডিজিটাল")
    try:
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, '.ui-switch a[lang="hi"]'))
        html = driver.find_element(By.TAG_NAME, "html")
        assert html.get_attribute("lang") == "hi"
        assert driver.find_element(By.CSS_SELECTOR, ".search button").text == "खोजें"
        assert driver.find_element(By.ID, "facet-lang").text == "भाषा"
        labels = [
            a.find_element(By.CLASS_NAME, "fl").text
            for a in driver.find_elements(By.CSS_SELECTOR, '.fv[data-facet="lang"]')
        ]
        assert labels == ["बांग्ला"]
        assert (
            driver.find_element(By.CSS_SELECTOR, ".hits .snippet").get_attribute("lang") == "bn"
        )  # corpus keeps its own
        cookie = driver.get_cookie("ui")
        assert cookie is not None and cookie["value"] == "hi"
        load(driver, f"{live_server}/")  # remembered without the URL parameter
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "hi"
        assert driver.find_element(By.CSS_SELECTOR, ".ui-switch a[aria-current]").get_attribute("lang") == "hi"
    finally:
        load(driver, f"{live_server}/?ui=en")


def test_a_hostile_article_is_displayed_inert(driver: WebDriver, live_server: str) -> None:
    for url in (f"{live_server}/?q=হ্যাকারের&ui=en", f"{live_server}/doc/{HOSTILE_ID}?q=হ্যাকারের&ui=en"):
        load(driver, url)
        with pytest.raises(NoAlertPresentException):
            driver.switch_to.alert.text  # noqa: B018
        assert driver.execute_script("return window.setuPwned === undefined")
        assert driver.find_elements(By.CSS_SELECTOR, "main img, main script, a[href^='javascript']") == []
        title = driver.find_element(By.CSS_SELECTOR, ".hit .title a, h1#doc-title")
        text = attr(title, "textContent")
        assert text.startswith("U+202E<script>")  # the override is shown, not obeyed
        assert driver.execute_script("return getComputedStyle(arguments[0]).unicodeBidi", title) == "isolate"
        assert "\u202e" not in driver.title + driver.page_source


def test_a_hostile_query_is_inert_in_every_page(driver: WebDriver, live_server: str) -> None:
    """A query with markup and attribute-breaking quotes, on the search, passage, article and error pages."""
    payload = '<script>window.setuPwned=3</script> "><img src=x onerror="window.setuPwned=4">" \' onfocus=\'x\' হ্যাকারের'
    unbalanced = 'হ্যাকারের "<script>window.setuPwned=5</script>'
    pages = [
        ("/", {"q": payload, "ui": "en"}),
        ("/", {"q": payload, "mode": "passages", "ui": "en"}),
        ("/", {"q": unbalanced, "ui": "en"}),  # the error page (400) quotes the query back
        (f"/doc/{HOSTILE_ID}", {"q": payload, "ui": "en"}),
    ]
    for path, params in pages:
        load(driver, f"{live_server}{path}?{urlencode(params)}")
        with pytest.raises(NoAlertPresentException):
            driver.switch_to.alert.text  # noqa: B018
        assert driver.execute_script("return window.setuPwned === undefined"), path
        assert driver.find_elements(By.CSS_SELECTOR, "main img, main script, [onerror], [onfocus]") == []
        if path == "/":
            assert driver.find_element(By.ID, "q").get_attribute("value") == params["q"]  # kept as typed
        if params["q"] == unbalanced:
            assert driver.find_element(By.CSS_SELECTOR, ".error[role=alert]").text.startswith(
                "The search could not run"
            )
            severe = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
            assert [m for m in severe if "status of 400" not in m] == []  # only the page's own 400


def test_keyboard_focus_is_visible(driver: WebDriver, live_server: str) -> None:
    load(driver, f"{live_server}/?q=ডিজিটাল&ui=en")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    focused = driver.switch_to.active_element
    assert focused.get_attribute("class") == "skip"
    assert driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", focused) == "solid"
    for _ in range(3):
        driver.switch_to.active_element.send_keys(Keys.TAB)
    focused = driver.switch_to.active_element
    assert driver.execute_script("return getComputedStyle(arguments[0]).outlineStyle", focused) == "solid"


def test_part_of_a_side_by_side_sentence_can_be_selected(
    driver: WebDriver, live_server: str, live_app: Flask, screenshot: Callable[..., Path]
) -> None:
    """A drag over part of a sentence selects that part (a link would start dragging the
    link instead), and the click still highlights the counterpart."""
    load(driver, f"{live_server}/doc/{BN}?ui=en")
    rows = driver.find_elements(By.CSS_SELECTOR, "table.parallel tbody tr")
    pairs = api(live_app, f"/api/documents/{BN}/parallel/{HI}")["pairs"]
    full = [i for i, p in enumerate(pairs) if p["source"]["text"] and p["target"]["text"]]
    row = rows[full[0]]
    source = row.find_element(By.CSS_SELECTOR, '.sent[data-side="source"]')
    target = row.find_element(By.CSS_SELECTOR, '.sent[data-side="target"]')
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", source)
    # From 5 px into the sentence's first line, 120 px to the right (WebDriver offsets
    # count from the centre of the element's first box, its first line).
    line = driver.execute_script("return arguments[0].getClientRects()[0].width", source)
    ActionChains(driver).move_to_element_with_offset(source, int(5 - line / 2), 0).click_and_hold().move_by_offset(
        int(min(120, line - 10)), 0
    ).release().perform()
    selected = driver.execute_script("return window.getSelection().toString()")
    assert 3 <= len(selected.strip()) < len(pairs[full[0]]["source"]["text"])
    assert selected.strip() in pairs[full[0]]["source"]["text"]
    assert driver.execute_script("return arguments[0].closest('a') === null", source)  # text, not a link
    assert "is-active" in attr(source, "class").split()
    assert "is-counterpart" in attr(target, "class").split()  # the highlight still works
    screenshot("parallel-select", "desktop")

    # the small link beside a sentence does the same from the keyboard, and marks the row
    pin = rows[full[-1]].find_element(By.CSS_SELECTOR, 'a.pin[data-side="target"]')
    pin.send_keys(Keys.ENTER)
    last_source = rows[full[-1]].find_element(By.CSS_SELECTOR, '.sent[data-side="source"]')
    assert "is-counterpart" in attr(last_source, "class").split()
    assert "is-counterpart" not in attr(target, "class").split()
    assert urlparse(driver.current_url).fragment == attr(rows[full[-1]], "id")


def test_filters_open_in_one_tap_on_a_phone(
    driver: WebDriver, live_server: str, screenshot: Callable[..., Path]
) -> None:
    width, height = PHONE
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    try:
        load(driver, f"{live_server}/?q=ডিজিটাল&ui=en")
        filters = driver.find_element(By.ID, "filters")
        assert filters.get_attribute("open") is None  # folded on a phone, below the results
        jump = driver.find_element(By.CSS_SELECTOR, "a.jump")
        assert jump.is_displayed()
        jump.click()  # one tap
        wait(driver, lambda d: filters.get_attribute("open") is not None)
        value = driver.find_element(By.CSS_SELECTOR, '.facets a.fv[data-facet="lang"]')
        assert value.is_displayed()
        top = "return arguments[0].getBoundingClientRect().top"
        wait(driver, lambda d: 0 <= d.execute_script(top, filters) < height)  # scrolled there (smoothly)
        screenshot("filters", "phone", filters)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_back_to_the_search_keeps_filters_sort_and_page(driver: WebDriver, live_server: str) -> None:
    search = {"q": "ডিজিটাল", "province": "ca-mau", "sort": "date", "per_page": "1", "page": "2", "ui": "en"}
    load(driver, f"{live_server}/?{urlencode(search)}")
    shown = hit_ids(driver)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, ".hits .title a"))
    assert urlparse(driver.current_url).path.startswith("/doc/")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, ".back a"))
    url = urlparse(driver.current_url)
    assert (url.path, parse_qs(url.query)) == ("/", {k: [v] for k, v in search.items()})
    assert hit_ids(driver) == shown
    chip = driver.find_element(By.CSS_SELECTOR, '.selected a[data-remove="province=ca-mau"]')
    assert chip.is_displayed()


def test_the_pager_stops_at_the_last_page_that_can_be_served(
    driver: WebDriver, live_server: str, monkeypatch: pytest.MonkeyPatch, screenshot: Callable[..., Path]
) -> None:
    import search.request
    import search.results

    cap = 3  # the sample corpus has a few hundred sentences, not 1,000 pages of them
    monkeypatch.setattr(search.request, "MAX_PAGE", cap)
    monkeypatch.setattr(search.results, "MAX_PAGE", cap, raising=False)
    load(driver, f"{live_server}/?mode=passages&per_page=5&page=2&ui=en")
    numbers = [a.text for a in driver.find_elements(By.CSS_SELECTOR, ".pager a[aria-label]")]
    assert numbers == ["1", "2", "3"]
    note = driver.find_element(By.ID, "pages-capped")
    assert note.text.startswith("Only the first 15 of ") and "narrow the search" in note.text
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, '.pager a[rel="next"]'))
    assert driver.find_element(By.CSS_SELECTOR, ".pager a[aria-current]").text == "3"
    assert driver.find_elements(By.CSS_SELECTOR, '.pager a[rel="next"]') == []
    for link in [attr(a, "href") for a in driver.find_elements(By.CSS_SELECTOR, ".pager a")]:
        load(driver, link)  # every link the pager offers is served (a 400 would be a console error)
        assert driver.find_elements(By.CSS_SELECTOR, ".error") == []
    screenshot("pager-capped", "desktop", driver.find_element(By.ID, "pages-capped"))


# -- the Concordance tab (issue 17) ---------------------------------------------


def kwic_lines(driver: WebDriver) -> list[tuple[str, str]]:
    return [
        (attr(b, "data-id"), attr(b, "data-sentence"))
        for b in driver.find_elements(By.CSS_SELECTOR, "#kwic tbody.line")
    ]


def match_centres(driver: WebDriver) -> set[int]:
    """The horizontal centre of every match cell: one value when the matches line up in a column."""
    cells = driver.find_elements(By.CSS_SELECTOR, "#kwic td.kw")
    return {round(c.rect["x"] + c.rect["width"] / 2) for c in cells}


def test_the_concordance_tab_centres_the_matches_and_sorts_by_context(
    driver: WebDriver, live_server: str, live_app: Flask, screenshot: Callable[..., Path]
) -> None:
    load(driver, f"{live_server}/?q=রূপান্তর&ui=en")
    tab = driver.find_element(By.CSS_SELECTOR, '.tabs a[href^="/concordance"]')
    assert tab.text == "Concordance"
    click_and_wait(driver, tab)
    expected = api(live_app, "/api/concordance", q="রূপান্তর")
    assert attr(driver.find_element(By.ID, "count"), "data-total") == str(expected["total"]) == "32"
    assert kwic_lines(driver) == [(x["id"], str(x["sentence"])) for x in expected["lines"]]
    assert len(match_centres(driver)) == 1  # the match column is one column
    marks = [m.text for m in driver.find_elements(By.CSS_SELECTOR, "#kwic td.kw mark")]
    assert marks == [x["match"] for x in expected["lines"]]
    aligned = driver.find_elements(By.CSS_SELECTOR, "#kwic tr.aligned-row")
    assert len(aligned) == sum(1 for x in expected["lines"] if x["parallel"])
    screenshot("concordance", "desktop")
    screenshot("concordance", "phone")

    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, '#kwic th a[data-sort="right"]'))
    assert parse_qs(urlparse(driver.current_url).query)["sort"] == ["right"]
    by_right = api(live_app, "/api/concordance", q="রূপান্তর", sort="right")
    assert kwic_lines(driver) == [(x["id"], str(x["sentence"])) for x in by_right["lines"]]
    assert kwic_lines(driver) != [(x["id"], str(x["sentence"])) for x in expected["lines"]]
    assert attr(driver.find_element(By.CSS_SELECTOR, "#kwic th.right"), "aria-sort") == "ascending"


def test_the_aligned_side_filters_work_without_javascript(
    driver: WebDriver, live_server: str, live_app: Flask, screenshot: Callable[..., Path]
) -> None:
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        load(driver, f"{live_server}/concordance?q=রূপান্তর&ui=en&per_page=100")
        every = len(kwic_lines(driver))
        driver.find_element(By.CSS_SELECTOR, "#aligned-filters > summary").click()
        driver.find_element(By.ID, "parallel_not").send_keys("डिजिटल")
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "#aligned-filters button[type=submit]"))
        assert parse_qs(urlparse(driver.current_url).query)["parallel_not"] == ["डिजिटल"]
        expected = api(live_app, "/api/concordance", q="রূপান্তর", parallel_not="डिजिटल", per_page=100)
        assert kwic_lines(driver) == [(x["id"], str(x["sentence"])) for x in expected["lines"]]
        assert 0 < len(kwic_lines(driver)) < every
        texts = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#kwic tr.aligned-row")]
        assert not any("डिजिटल" in t for t in texts)

        driver.find_element(By.ID, "parallel_not").clear()
        driver.find_element(By.CSS_SELECTOR, 'input[name="bead"][value="1-1"]').click()
        screenshot("concordance-filters", "phone", driver.find_element(By.ID, "aligned-filters"))
        click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "#aligned-filters button[type=submit]"))
        beads = {attr(b, "data-bead") for b in driver.find_elements(By.CSS_SELECTOR, "#kwic tbody.line")}
        assert beads == {"1-1"}
        assert driver.find_element(By.CSS_SELECTOR, 'input[name="bead"][value="1-1"]').is_selected()
        screenshot("concordance-filters", "desktop")
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})


def test_the_concordance_downloads_as_tsv(
    driver: WebDriver, live_server: str, live_app: Flask, downloads: Path
) -> None:
    url = f"{live_server}/concordance?q=রূপান্তর&sort=left&ui=en"
    saved = download(driver, downloads, url, '.downloads a[href*="concordance.tsv"]', ".tsv")
    rows = saved.read_text(encoding="utf-8").splitlines()
    expected = api(live_app, "/api/concordance", q="রূপান্তর", sort="left", per_page=100)
    assert rows[0].startswith("# Setu concordance; query ")
    assert [r.split("\t")[6] for r in rows[2:]] == [x["match"] for x in expected["lines"]]


def test_a_bidi_override_stays_inside_its_concordance_cell(driver: WebDriver, live_server: str) -> None:
    load(driver, f"{live_server}/concordance?q=হ্যাকারের&context=3&ui=en")
    assert len(kwic_lines(driver)) >= 2
    assert len(match_centres(driver)) == 1  # the override did not move the match column
    assert driver.find_elements(By.CSS_SELECTOR, "#kwic .ctl")  # it shows as its code point
    assert driver.execute_script("return window.setuPwned") is None
