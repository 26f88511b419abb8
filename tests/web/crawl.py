"""Walk every page a client can reach by following links, and ask each kind of page again with its numbers and
parameters spoiled: no page may answer with a server error (the test client re-raises the exception).

One URL per pattern (digits folded) is visited, so a list of 175 table cells costs one visit, not 175.
"""

from __future__ import annotations

import re
import urllib.parse as urlparse
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.test import Client
from lxml import html

__all__ = ["Crawl", "crawl"]

# Query values a hand-edited or truncated link may carry: not digits, digits Python's int() refuses, too large
# for any integer column, out of every range.
SPOILED_VALUES = ("²", "9" * 25, "2026-13-45")
SPOILED_IDS = ("0", "9223372036854775808")
NOT_FOLLOWED = ("/accounts/logout/", "/i18n/", "/admin/", "/static/")


@dataclass
class Crawl:
    pages: list[str] = field(default_factory=list)
    spoiled: int = 0
    statuses: dict[int, int] = field(default_factory=dict)


def _pattern(url: str) -> str:
    parts = urlparse.urlsplit(url)
    keys = ",".join(sorted(key for key, _ in urlparse.parse_qsl(parts.query)))
    return re.sub(r"\d+", "N", parts.path) + "?" + keys


def _links(content: str) -> Iterator[str]:
    try:
        document = html.fromstring(content)
    except Exception:  # an empty or non-HTML body has no links
        return
    for anchor in document.iter("a"):
        if href := anchor.get("href"):
            yield href


def _spoiled(url: str) -> Iterator[str]:
    parts = urlparse.urlsplit(url)
    query = urlparse.parse_qsl(parts.query, keep_blank_values=True)
    for index, (key, _value) in enumerate(query):
        for bad in SPOILED_VALUES:
            changed = [*query[:index], (key, bad), *query[index + 1 :]]
            yield urlparse.urlunsplit(parts._replace(query=urlparse.urlencode(changed)))
    segments = parts.path.split("/")
    for index, segment in enumerate(segments):
        if segment.isdigit():
            for bad in SPOILED_IDS:
                changed_path = "/".join([*segments[:index], bad, *segments[index + 1 :]])
                yield urlparse.urlunsplit(parts._replace(path=changed_path))


def crawl(client: Client, *starts: str, limit: int = 400) -> Crawl:
    result = Crawl()
    seen_patterns: set[str] = set()
    queue = deque(starts)
    while queue and len(result.pages) < limit:
        url = queue.popleft().removeprefix("http://testserver")
        if url.startswith(("http:", "https:", "mailto:", "tel:", "#")) or any(p in url for p in NOT_FOLLOWED):
            continue
        url = url.split("#")[0]
        pattern = _pattern(url)
        if pattern in seen_patterns:
            continue
        seen_patterns.add(pattern)
        result.pages.append(url)
        response = client.get(url)
        result.statuses[response.status_code] = result.statuses.get(response.status_code, 0) + 1
        assert response.status_code < 500, url
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            queue.extend(urlparse.urljoin(url, href) for href in _links(response.content.decode()))
        for spoiled in _spoiled(url):
            result.spoiled += 1
            assert client.get(spoiled).status_code < 500, spoiled
    return result
