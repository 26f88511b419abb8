"""The catalogue as open data: every published 主动公开 item once, with its stable 索引号, in CSV and JSON Lines,
streamed; filters by agency and year; a document's validity; drafts and 依申请公开 items left out."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.http import StreamingHttpResponse
from django.test import Client, override_settings
from django.urls import resolve

from gongkai.web.catalogue.open_data import FIELDS
from gongkai.web.disclosure import services
from gongkai.web.disclosure.models import RegisterItem
from tests.web.conftest import Staff, Tree
from tests.web.disclosure.conftest import MakeItem

Publish = Callable[..., RegisterItem]


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """Downloads are rate-limited per client (20/h); each test starts with no count."""
    cache.clear()


def _body(client: Client, url: str, **params: str) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Access-Control-Allow-Origin"] == "*"
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.fixture
def register(make_item: MakeItem, publish: Publish, staff: Staff) -> dict[str, RegisterItem]:
    document = make_item(
        title="吴忠市政务服务事项告知承诺制实施细则",
        document_kind="normative",
        doc_number="",
        formed_on=dt.date(2026, 2, 20),  # issued on the day it was formed, not before
    )
    services.document_record(
        item=document,
        by=staff.officer,
        kind="issued",
        on=dt.date(2026, 2, 20),
        instrument="吴审批规发〔2026〕1号",
    )
    return {
        "public": publish(make_item(channels=["portal", "wechat"])),
        "document": publish(document),
        "earlier": publish(
            make_item(title="2025年部门决算", formed_on=dt.date(2025, 6, 2)), dt.date(2025, 6, 10)
        ),
        "draft": make_item(title="内部征求意见稿"),
        "on_request": make_item(title="依申请公开的信息", attribute="on_request"),
    }


def test_every_public_item_once_with_its_fields(client: Client, register: dict[str, RegisterItem]) -> None:
    rows = list(csv.DictReader(io.StringIO(_body(client, "/catalogue/data.csv"))))
    assert tuple(rows[0]) == FIELDS
    by_index = {row["index_number"]: row for row in rows}
    expected = {register[k].index_number for k in ("public", "document", "earlier")}
    assert set(by_index) == expected
    public = by_index[register["public"].index_number]
    assert (public["agency_code"], public["category"], public["category_label"]) == (
        "WZSP",
        "a20.1",
        "法规文件",
    )
    assert public["channels"] == "portal;wechat"
    assert public["published_late"] == "0"
    assert resolve(public["url"].removeprefix("http://testserver")).url_name == "item"
    document = by_index[register["document"].index_number]
    assert (document["document_kind"], document["validity"], document["doc_number"]) == (
        "normative",
        "in_force",
        "吴审批规发〔2026〕1号",
    )
    records = [json.loads(line) for line in _body(client, "/catalogue/data.jsonl").splitlines()]
    assert {r["index_number"] for r in records} == expected
    assert next(r for r in records if r["index_number"] == public["index_number"])["channels"] == [
        "portal",
        "wechat",
    ]


def test_filters_and_refusals(client: Client, register: dict[str, RegisterItem], tree: Tree) -> None:
    in_2025 = [json.loads(line) for line in _body(client, "/catalogue/data.jsonl", year="2025").splitlines()]
    assert [r["title"] for r in in_2025] == ["2025年部门决算"]
    assert _body(client, "/catalogue/data.csv", agency=tree.other.code).count("\n") == 1  # the header only
    assert client.get("/catalogue/data.csv", {"agency": "NO-SUCH"}).status_code == 404
    assert client.get("/catalogue/data.csv", {"year": "２０２５"}).status_code == 400
    assert client.get("/catalogue/data.xml").status_code == 404
    home = client.get("/catalogue/").content.decode()
    assert "/catalogue/data.jsonl" in home


@override_settings(GONGKAI_RATE_LIMITS={"open_data": "2/h"})
def test_whole_catalogue_downloads_are_rate_limited(client: Client, register: Any) -> None:
    assert [client.get("/catalogue/data.csv").status_code for _ in range(3)] == [200, 200, 429]
