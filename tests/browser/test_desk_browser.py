"""The journalists' desk in headless Chromium: the trend chart, the date range, folded repeats.

Uses the browser and helpers of test_browser.py (the same Chromium flags, the
console-error check and the screenshot conventions) on its own corpus: the
sample plus a re-published copy of 004 (another site, the next day) and a
lightly edited one, so the page has something to fold.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlparse

import pytest
import test_browser as tb

from index import build

if TYPE_CHECKING:
    from flask import Flask
    from selenium.webdriver.chrome.webdriver import WebDriver

try:
    from selenium.webdriver.common.by import By
except ImportError:  # test_browser's browser_available fixture says why the tests skip
    pass

# test_browser's fixtures, found by pytest under these names.
browser_available = tb.browser_available
downloads = tb.downloads
driver = tb.driver
no_console_errors = tb.no_console_errors
screenshot = tb.screenshot
api, attr, click_and_wait, hit_ids, load, wait = tb.api, tb.attr, tb.click_and_wait, tb.hit_ids, tb.load, tb.wait

ORIGINAL = "004_a2bd8f65d88ff69c"
ORIGINAL_URL = "https://baotintuc.vn/dia-phuong/ca-mau-hop-tac-chien-luoc-chuyen-doi-so-toan-dien-20250917230101015.htm"


@pytest.fixture(scope="session")
def desk_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    from webui import create_app

    corpus = tmp_path_factory.mktemp("desk-corpus")
    for path in tb.SAMPLE.glob("*.txt"):
        shutil.copy(path, corpus / path.name)
    text = (tb.SAMPLE / f"{ORIGINAL}.txt").read_text(encoding="utf-8")
    copy = text.replace(ORIGINAL_URL, "https://camau.gov.vn/tin-tuc/hop-tac-20250918101010.htm")
    edited = text.replace(ORIGINAL_URL, "https://baocamau.vn/hop-tac-20250919090909.htm")
    edited = edited.replace("বিনিয়োগের ক্ষেত্রে তাদের বিস্তৃত", "বিনিয়োগের ক্ষেত্রে তাদের ব্যাপক")
    (corpus / "006_copy.txt").write_text(copy, encoding="utf-8")
    (corpus / "007_edited.txt").write_text(edited, encoding="utf-8")
    index_dir = tmp_path_factory.mktemp("desk-index")
    build(corpus, index_dir, workers=0)
    app = create_app({"INDEX_DIR": str(index_dir), "TESTING": True})
    app.extensions["setu.engine"].warm()
    return app


@pytest.fixture(scope="session")
def desk_server(browser_available: None, desk_app: Flask) -> Iterator[str]:
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, desk_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="setu-desk-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def test_the_trend_chart_shows_readable_counts_and_its_bars_apply_a_period(
    driver: WebDriver, desk_server: str, desk_app: Flask, screenshot: Callable[..., Path]
) -> None:
    # Every article: 000 (bn) and 001 (hi) in October, 004 and its two repeats in September (folded: one).
    load(driver, f"{desk_server}/?ui=en")
    trend = api(desk_app, "/api/trend")
    bars = driver.find_elements(By.CSS_SELECTOR, "#trend svg.chart a.bar")
    expected = {
        p["period"]: sum(s["points"][i]["count"] for s in trend["series"])
        for i, p in enumerate(trend["series"][0]["points"])
    }
    assert (
        {attr(b, "data-period"): int(attr(b, "data-count")) for b in bars} == expected == {"2025-09": 1, "2025-10": 2}
    )
    # The counts are text: the accessible name, the SVG title and (few bars) the number above the bar.
    october = next(b for b in bars if attr(b, "data-period") == "2025-10")
    assert attr(october, "aria-label") == "2025-10: 2 (Bengali 1, Hindi 1)"
    assert (
        october.find_element(By.CSS_SELECTOR, "title").get_attribute("textContent") == "2025-10: 2 (Bengali 1, Hindi 1)"
    )
    assert october.find_element(By.CSS_SELECTOR, "text.n").text == "2"
    assert [attr(r, "data-lang") for r in october.find_elements(By.CSS_SELECTOR, "rect[data-lang]")] == ["bn", "hi"]
    screenshot("trend", "desktop", driver.find_element(By.ID, "trend"))
    screenshot("trend", "phone", driver.find_element(By.ID, "trend"))

    click_and_wait(driver, october)
    args = parse_qs(urlparse(driver.current_url).query)
    assert (args["from"], args["to"], "q" in args) == (["2025-10"], ["2025-10"], False)
    assert sorted(hit_ids(driver)) == ["000_45f867eacd813f2e", "001_23384727df69c4b0"]
    assert attr(driver.find_element(By.ID, "count"), "data-total") == "2"
    # The range shows in the date fields, and the page says what it leaves out.
    assert driver.find_element(By.ID, "from").get_attribute("value") == "2025-10"
    assert "Articles with no date: 2. The date filters leave them out." in driver.find_element(By.ID, "undated").text


def test_the_date_range_controls(driver: WebDriver, desk_server: str, screenshot: Callable[..., Path]) -> None:
    load(driver, f"{desk_server}/?q=ডিজিটাল&lang=bn&ui=en")
    box = driver.find_element(By.ID, "from")
    box.send_keys("2025-09-20")
    to = driver.find_element(By.ID, "to")
    to.send_keys("2025-10")
    screenshot("dates", "phone", driver.find_element(By.CSS_SELECTOR, "form.dates"))
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.dates button"))
    args = parse_qs(urlparse(driver.current_url).query)
    assert (args["from"], args["to"], args["lang"]) == (["2025-09-20"], ["2025-10"], ["bn"])  # the filters stay
    assert hit_ids(driver) == ["000_45f867eacd813f2e"]
    # "Without a date" shows the undated ones; "Any date" clears the range.
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.dates a.undated-only"))
    assert sorted(hit_ids(driver)) == ["002_9232af5498dd2ad5", "003_72547007595906f6"]
    assert parse_qs(urlparse(driver.current_url).query)["date"] == ["none"]
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.dates a.any-date"))
    assert "date" not in parse_qs(urlparse(driver.current_url).query)


def test_repeats_fold_under_the_first_hit_and_open_in_place(
    driver: WebDriver, desk_server: str, desk_app: Flask, screenshot: Callable[..., Path]
) -> None:
    load(driver, f"{desk_server}/?q=ডিজিটাল রূপান্তর&ui=en")
    expected = api(desk_app, "/api/search", q="ডিজিটাল রূপান্তর")
    assert hit_ids(driver) == [h["id"] for h in expected["hits"]]
    assert "006_copy" not in hit_ids(driver) and "007_edited" not in hit_ids(driver)
    hit = driver.find_element(By.CSS_SELECTOR, f'.hits > li.hit[data-id="{ORIGINAL}"]')
    folded = hit.find_element(By.CSS_SELECTOR, "details.similar")
    summary = folded.find_element(By.TAG_NAME, "summary")
    assert summary.text == "+2 similar"
    assert folded.get_attribute("open") is None
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", summary)
    summary.click()
    wait(driver, lambda d: folded.get_attribute("open") is not None)
    items = folded.find_elements(By.CSS_SELECTOR, "li")
    assert [attr(li, "data-id") for li in items] == ["006_copy", "007_edited"]
    assert all(li.is_displayed() for li in items)
    assert "camau.gov.vn" in items[0].text
    screenshot("similar", "desktop", folded)
    screenshot("similar", "phone", folded)
    # "List every copy" turns folding off.
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "#folded a"))
    assert {"006_copy", "007_edited", ORIGINAL} <= set(hit_ids(driver))
    assert driver.find_elements(By.CSS_SELECTOR, "details.similar") == []


def test_the_page_links_its_atom_feed(driver: WebDriver, desk_server: str) -> None:
    load(driver, f"{desk_server}/?q=ডিজিটাল&lang=hi&ui=en")
    link = driver.find_element(By.CSS_SELECTOR, 'link[rel="alternate"][type="application/atom+xml"]')
    href = attr(link, "href")
    assert parse_qs(urlparse(href).query) == {"q": ["ডিজিটাল"], "lang": ["hi"]}
