"""In headless Chromium on a phone-wide screen (375 px), in English, whose labels are longer: the office pages of
the annual report do not scroll sideways (wide tables scroll inside their own box)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.annualreports.test_workflow import YEAR, published
from tests.web.browser import browser, login
from tests.web.conftest import Staff, Tree

__all__ = ["browser"]  # the fixture

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_the_office_pages_fit_a_phone_in_english(
    live_server: Any, browser: Any, tree: Tree, staff: Staff
) -> None:
    published(tree, staff)
    base = live_server.url
    page = login(browser, base, "officer")
    page.set_viewport_size({"width": 375, "height": 800})
    page.select_option("select[name=language]", "en")
    page.locator("select[name=language]").locator("xpath=ancestor::form").locator("button").click()
    page.wait_for_load_state()
    for path in ("/office/annual-reports/", f"/office/annual-reports/WZSP/{YEAR}/"):
        page.goto(base + path)
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
