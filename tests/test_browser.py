"""The web pages in a real browser: Debian's headless Chromium driven by Selenium (chromedriver).

The query page loads with its bundled YASGUI, a catalogue query runs and shows rows, an entity page
renders its facts, and the recognition matrix draws.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

selenium = pytest.importorskip("selenium") if not os.environ.get("CI") else __import__("selenium")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as ec  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402
from support import free_port, wait_for_http  # noqa: E402

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
SCREENSHOTS = Path(os.environ.get("DGKG_SCREENSHOTS", "/tmp/dgkg-screenshots"))


@pytest.fixture(scope="module")
def server(root):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "dgkg.cli", "serve", "--port", str(port), "--graph", str(root / "graphs" / "dgkg.trig")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    if not wait_for_http(base + "/api/queries", 60):
        process.kill()
        pytest.fail("dgkg serve did not start")
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not (CHROMIUM and CHROMEDRIVER):
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium and chromium-driver must be installed in CI")
        pytest.skip("chromium / chromedriver not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1400,1000"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


def test_query_page_runs_a_catalogue_query(server, browser):
    browser.get(server + "/")
    wait = WebDriverWait(browser, 30)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".yasqe .CodeMirror")))
    wait.until(lambda d: int(d.find_element(By.ID, "catalogue").get_attribute("data-loaded") or 0) >= 13)
    Select(browser.find_element(By.ID, "catalogue")).select_by_value("instruments")
    wait.until(lambda d: "dgkg:identifier" in d.execute_script("return window.dgkgYasgui.getTab().getQuery()"))
    browser.find_element(By.CSS_SELECTOR, ".yasqe_queryButton").click()
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".yasr table tbody tr")) > 5)
    text = browser.find_element(By.CSS_SELECTOR, ".yasr").text
    assert "digital-economy-agreement" in text and "depa" in text
    browser.save_screenshot(str(SCREENSHOTS / "query-page.png"))


def test_entity_page_renders_its_facts(server, browser):
    browser.get(server + "/id/instrument/gcdfci")
    assert browser.find_element(By.ID, "label").text == "Global Cross-Border Data Flow Cooperation Initiative"
    assert browser.find_element(By.ID, "label-zh").text == "全球数据跨境流动合作倡议"
    facts = browser.find_elements(By.CSS_SELECTOR, "table.facts tr")
    assert len(facts) > 20
    assert "source" in browser.page_source and "Proposal" in browser.page_source
    browser.save_screenshot(str(SCREENSHOTS / "entity-page.png"))
    browser.find_element(By.CSS_SELECTOR, "#statements a[href^='/id/']").click()  # follow an IRI to another entity page
    assert browser.find_element(By.ID, "label").text


def test_jurisdiction_page_has_a_timeline(server, browser):
    browser.get(server + "/id/jurisdiction/GB")
    rows = browser.find_elements(By.CSS_SELECTOR, "#timeline tr")
    assert len(rows) > 10 and "2020-01-31" in browser.find_element(By.ID, "timeline").text


def test_recognition_matrix_draws(server, browser):
    browser.get(server + "/matrix?on=2024-01-01")
    in_force = browser.find_elements(By.CSS_SELECTOR, "#matrix td.k-adequacy:not(.ended), #matrix td.k-partial-adequacy:not(.ended)")
    ended = browser.find_elements(By.CSS_SELECTOR, "#matrix td.ended")
    assert len(in_force) > 20 and ended
    cell = browser.find_element(By.CSS_SELECTOR, "#matrix td[title^='EU → JP']")
    assert "in-force" in cell.get_attribute("title")
    browser.save_screenshot(str(SCREENSHOTS / "matrix.png"))


def test_network_picture_draws(server, browser):
    browser.get(server + "/network?on=2025-01-01")
    svg = WebDriverWait(browser, 60).until(ec.presence_of_element_located((By.CSS_SELECTOR, "#network svg")))
    assert svg.size["width"] > 300
    assert "CPTPP" in browser.page_source or "cptpp" in browser.page_source
    browser.save_screenshot(str(SCREENSHOTS / "network.png"))
