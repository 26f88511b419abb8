"""What the browser tests share: headless Chromium (Debian's, through Playwright), a logged-in page, and
screenshots of each page with an accessibility check (axe-core) of the same page.

Import the `browser` fixture into a test module (`from tests.web.browser import browser`) and take every page
it walks through `Shots(prefix).take(page, name)`: the screenshot lands in var/screenshots/PREFIX-NN-NAME.png
and the page must have no axe-core violation (WCAG 2.1 A and AA rules).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connections

from tests.web.conftest import PASSWORD

__all__ = ["CHROMIUM", "SHOTS", "Shots", "axe_violations", "browser", "login", "new_page"]

CHROMIUM = "/usr/bin/chromium"
SHOTS = settings.VAR_DIR / "screenshots"
VIEWPORT = {"width": 1280, "height": 900}
# The WCAG 2.1 A and AA rules, and axe's best practices that concern a server-rendered page.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make install` (scripts/system-packages installs chromium)")
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls run in their own.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()
        # While Playwright's loop runs, Django keeps this thread's connections per context (asgiref): close
        # them here, or the test database could not be dropped at the end of the session.
        connections.close_all()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def new_page(browser: Any) -> Any:
    """A page of a new browser context (its own cookies), in Chinese like most visitors' browsers."""
    return browser.new_context(locale="zh-CN", viewport=VIEWPORT, accept_downloads=True).new_page()


def login(browser: Any, base: str, username: str) -> Any:
    page = new_page(browser)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/office/$"))
    return page


def axe_violations(page: Any) -> list[str]:
    """axe-core's violations on the page as it is now, one line per rule and element."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — {' '.join(node['target'])}"
        for violation in results.response["violations"]
        for node in violation["nodes"]
    ]


class Shots:
    """Screenshots of the pages a test walks through, each page checked for accessibility as it is taken."""

    def __init__(self, prefix: str) -> None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.prefix = prefix
        self.count = 0

    def take(self, page: Any, name: str) -> None:
        self.count += 1
        page.screenshot(path=str(SHOTS / f"{self.prefix}-{self.count:02d}-{name}.png"), full_page=True)
        violations = axe_violations(page)
        assert not violations, f"{name} ({page.url}):\n" + "\n".join(violations)
