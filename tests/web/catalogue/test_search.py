"""Full-text search in Chinese over the public catalogue: real segmentation, every word must match, ranked by where
the words occur, only published 主动公开 items, kept in step with publication and take-down."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.web.agencies import services as agency_services
from gongkai.web.catalogue import selectors, services
from gongkai.web.catalogue.models import IndexedItem, IndexState, Posting, SearchTerm
from gongkai.web.catalogue.templatetags.catalogue_tags import mark_terms
from gongkai.web.disclosure import services as disclosure_services
from gongkai.web.disclosure.models import RegisterItem
from tests.web.conftest import PASSWORD, Staff, Tree
from tests.web.disclosure.conftest import FORMED, MakeItem, grant_review

Publish = Callable[..., RegisterItem]


def titles(query: str, **kwargs: object) -> list[str]:
    return [item.title for item in selectors.catalogue_search(query, **kwargs).items]  # type: ignore[arg-type]


@pytest.fixture
def corpus(make_item: MakeItem, publish: Publish, tree: Tree, staff: Staff) -> dict[str, RegisterItem]:
    specs = {
        "measures": ("优化营商环境若干措施", "吴政发〔2026〕8号", "a20.1", "持续深化放管服改革。"),
        "report": (
            "2025年政府信息公开工作年度报告",
            "",
            "a20.15",
            "本报告依据条例编制，说明主动公开和依申请公开情况。",
        ),
        "body_only": ("工程建设项目审批制度改革实施方案", "", "a20.5", "进一步优化营商环境，压缩审批时限。"),
        "budget": ("市审批服务管理局2026年部门预算", "", "a20.7", "部门预算收支总表。"),
        "licence": ("食品经营许可证核发结果公示", "", "a20.5", "依法核发食品经营许可证。"),
    }
    items = {}
    for key, (title, number, category, body) in specs.items():
        items[key] = publish(make_item(title=title, doc_number=number, category=category, body=body))
    items["draft"] = make_item(title="营商环境投诉处理办法（征求意见稿）", body="营商环境")
    return items


def test_a_segmented_word_finds_the_compound_title(corpus: dict[str, RegisterItem]) -> None:
    assert titles("营商环境") == ["优化营商环境若干措施", "工程建设项目审批制度改革实施方案"]
    assert titles("营商") == titles("营商环境")
    assert titles("年度报告") == ["2025年政府信息公开工作年度报告"]
    assert titles("信息公开 报告") == ["2025年政府信息公开工作年度报告"]
    assert titles("部门预算") == ["市审批服务管理局2026年部门预算"]
    assert titles("吴政发〔2026〕8号") == ["优化营商环境若干措施"]


def test_every_word_must_match(corpus: dict[str, RegisterItem]) -> None:
    assert titles("营商环境 预算") == []
    result = selectors.catalogue_search("营商环境 航天")
    assert result.plan.missing == ("航天",)
    assert result.items == []
    assert selectors.catalogue_search("，。！《》").plan.words == ()


def test_title_outranks_body_and_the_count_is_right(corpus: dict[str, RegisterItem]) -> None:
    result = selectors.catalogue_search("营商环境")
    assert result.total == 2
    assert result.items[0] == corpus["measures"]


def test_only_published_proactive_items_are_found(
    corpus: dict[str, RegisterItem], staff: Staff, make_item: MakeItem
) -> None:
    assert "营商环境投诉处理办法（征求意见稿）" not in titles("营商环境")
    disclosure_services.item_retract(item=corpus["measures"], by=staff.approver, on=FORMED, note="误发。")
    assert titles("营商环境") == ["工程建设项目审批制度改革实施方案"]
    assert titles("吴政发〔2026〕8号") == []


def test_filters_by_agency_category_and_year(
    corpus: dict[str, RegisterItem], tree: Tree, make_item: MakeItem, publish: Publish, staff: Staff
) -> None:
    assert titles("营商环境", category="a20.5") == ["工程建设项目审批制度改革实施方案"]
    assert titles("营商环境", year=2026) == titles("营商环境")
    assert titles("营商环境", year=2025) == []
    assert titles("营商环境", agency=tree.other) == []
    assert len(titles("营商环境", agency=tree.bureau)) == 2


def agency_counts() -> dict[str, int]:
    return {agency.code: count for agency, count in selectors.catalogue_agencies()}


def test_the_index_keeps_document_counts(
    corpus: dict[str, RegisterItem], staff: Staff, tree: Tree, make_item: MakeItem, publish: Publish
) -> None:
    term = SearchTerm.objects.get(text="营商环境")
    assert term.documents == 2
    assert IndexState.objects.get().documents == 5
    assert agency_counts() == {tree.bureau.code: 5}
    disclosure_services.item_retract(item=corpus["body_only"], by=staff.approver, on=FORMED, note="误发。")
    term.refresh_from_db()
    assert term.documents == 1
    assert IndexState.objects.get().documents == 4
    assert not Posting.objects.filter(item_id=corpus["body_only"].pk).exists()
    assert agency_counts() == {tree.bureau.code: 4}
    other = make_item(agency=tree.other, by=staff.other_officer, category="a20.5")
    other = disclosure_services.item_submit_review(item=other, by=staff.other_officer, on=FORMED)
    other_reviewer = agency_services.staff_create(
        username="other_reviewer", password=PASSWORD, full_name="马审查"
    )
    agency_services.membership_grant(user=other_reviewer, agency=tree.other, role="officer")
    other = disclosure_services.item_pass_review(item=other, by=grant_review(other_reviewer), on=FORMED)
    disclosure_services.item_publish(item=other, by=staff.other_officer, on=FORMED)
    assert agency_counts() == {tree.bureau.code: 4, tree.other.code: 1}
    services.catalogue_rebuild()
    assert agency_counts() == {tree.bureau.code: 4, tree.other.code: 1}


def test_rebuilding_the_index_gives_the_same_answers(corpus: dict[str, RegisterItem]) -> None:
    before = {q: titles(q) for q in ["营商环境", "许可", "年度报告", "预算"]}
    assert services.catalogue_rebuild() == 5
    assert {q: titles(q) for q in before} == before
    assert IndexedItem.objects.count() == 5


def _forget(*texts: str) -> None:
    """As if the index had been made without these terms."""
    terms = SearchTerm.objects.filter(text__in=texts)
    Posting.objects.filter(term__in=terms).delete()
    terms.update(documents=0)


def test_an_index_made_with_another_dictionary_is_still_searched(corpus: dict[str, RegisterItem]) -> None:
    """营商环境 is a dictionary word, looked up as itself; an index made with a dictionary without it has its
    character pairs (in titles) or, older still, only 营商 + 环境: the query word falls back each time."""
    measures = corpus["measures"]

    def plan_terms() -> set[str]:
        return {text for _id, text, _idf in selectors.search_plan("营商环境").terms}

    assert plan_terms() == {"营商环境"}
    _forget("营商环境")
    assert titles("营商环境")[0] == measures.title
    assert plan_terms() == {"营商", "商环", "环境"}
    _forget("商环")
    assert titles("营商环境")[0] == measures.title
    assert plan_terms() == {"营商", "环境"}


def test_the_count_is_capped_and_pages_follow_it(
    corpus: dict[str, RegisterItem], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "COUNT_CAP", 1)
    result = selectors.catalogue_search("营商环境", per_page=1)
    assert result.more_than_cap
    assert result.shown_total == 1
    second = selectors.catalogue_search("营商环境", per_page=1, page=2)
    assert second.page == 1  # beyond the capped count: back to the last page shown


def test_pages(corpus: dict[str, RegisterItem]) -> None:
    first = selectors.catalogue_search("营商环境", per_page=1, page=1)
    second = selectors.catalogue_search("营商环境", per_page=1, page=2)
    assert first.pages == 2
    assert first.has_next
    assert second.has_previous
    assert first.items + second.items == [corpus["measures"], corpus["body_only"]]


def test_titles_are_marked_and_escaped(corpus: dict[str, RegisterItem]) -> None:
    result = selectors.catalogue_search("营商环境")
    assert (
        str(mark_terms("优化营商环境<b>措施</b>", result))
        == "优化<mark>营商环境</mark>&lt;b&gt;措施&lt;/b&gt;"
    )


def test_publication_of_many_items_keeps_terms_unique(
    make_item: MakeItem, publish: Publish, reviewer: User
) -> None:
    for n in range(3):
        publish(make_item(title=f"第{n}批行政许可事项清单", formed_on=dt.date(2026, 3, 2)))
    assert SearchTerm.objects.filter(text="行政许可").count() == 1
    assert SearchTerm.objects.get(text="行政许可").documents == 3


def test_the_management_commands(corpus: dict[str, RegisterItem]) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("rebuild_catalogue_index", stdout=out)
    assert "已索引5条公开信息" in out.getvalue()
    call_command("recalc_publication_deadlines", stdout=out)
    assert "公开期限有变化的信息：0条" in out.getvalue()
    assert titles("营商环境")[0] == "优化营商环境若干措施"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    postings=st.dictionaries(
        st.tuples(st.sampled_from(["营商", "环境", "措施"]), st.integers(1, 40)),
        st.integers(1, 12),
        max_size=90,
    ),
    days=st.lists(st.integers(0, 3), min_size=1, max_size=7),  # an item's publication day: many ties
    limit=st.integers(1, 7),
    offset=st.integers(0, 12),
    chunk=st.sampled_from([1, 2, 3, 500]),
)
def test_ranking_by_slices_equals_ranking_every_match(
    db: None,
    monkeypatch: pytest.MonkeyPatch,
    postings: dict[tuple[str, int], int],
    days: list[int],
    limit: int,
    offset: int,
    chunk: int,
) -> None:
    """Stopping early (weight slices of the rarest term, read newest first in chunks) never changes the page,
    including its ties (the later publication first, whatever the ids)."""
    monkeypatch.setattr(selectors, "_FIRST_CHUNK", chunk)
    with transaction.atomic():
        ids = services.term_ids(["营商", "环境", "措施"])
        Posting.objects.bulk_create(
            Posting(
                term_id=ids[text],
                item_id=item,
                agency_id=item % 3,
                weight=weight,
                published_on=FORMED + dt.timedelta(days=days[item % len(days)]),
            )
            for (text, item), weight in postings.items()
        )
        for text, term_id in ids.items():
            SearchTerm.objects.filter(pk=term_id).update(documents=sum(1 for t, _ in postings if t == text))
        IndexState.objects.create(pk=1, documents=40)
        for query in ["营商", "营商 环境", "营商 环境 措施", "措施 环境"]:
            plan = selectors.search_plan(query)
            for agency_id in (None, 1):
                fast = selectors.search_ranked_ids(plan, agency_id=agency_id, limit=limit, offset=offset)
                every = selectors.search_ranked_ids_in_one_statement(
                    plan, agency_id=agency_id, limit=offset + limit
                )
                assert fast == every[offset:], (query, agency_id)
        transaction.set_rollback(True)


def test_counts_agree_with_the_matches_in_every_scope(corpus: dict[str, RegisterItem], tree: Tree) -> None:
    scopes: list[dict[str, Any]] = [
        {},
        {"agency_id": tree.bureau.pk},
        {"agency_id": tree.other.pk},
        {"category": "a20.5"},
        {"year": 2026},
    ]
    for query in ["营商环境", "营商环境 措施", "许可", "审批 改革", "预算"]:
        plan = selectors.search_plan(query)
        for scope in scopes:
            every = selectors.search_ranked_ids(plan, limit=100, **scope)
            assert selectors.search_count(plan, **scope) == len(every), (query, scope)


@pytest.fixture
def demo_titles(make_item: MakeItem, publish: Publish) -> dict[str, RegisterItem]:
    """Real titles of the demo agency (吴忠市审批服务管理局) that QA searched for."""
    specs = {
        "one_stop": ("吴忠市企业开办“一件事一次办”工作规程", "吴审批规发〔2023〕1号"),
        "one_trip": (
            "吴忠市审批服务管理局关于公布政务服务事项“最多跑一次”清单的通知",
            "吴审批发〔2021〕23号",
        ),
        "rating": ("吴忠市政务服务“好差评”管理办法", "吴审批规发〔2024〕2号"),
        "budget": ("吴忠市审批服务管理局2026年部门预算", ""),
        "notice": ("关于调整部分行政许可事项办理时限的公告", ""),
    }
    return {
        key: publish(make_item(title=title, doc_number=number, body=""))
        for key, (title, number) in specs.items()
    }


def test_any_part_of_a_title_finds_it(demo_titles: dict[str, RegisterItem]) -> None:
    assert titles("一件事") == [demo_titles["one_stop"].title]
    assert titles("跑一次") == [demo_titles["one_trip"].title]
    assert titles("好差") == [demo_titles["rating"].title]
    assert titles("好差评") == [demo_titles["rating"].title]
    assert set(titles("市审批局")) == {demo_titles["one_trip"].title, demo_titles["budget"].title}
    assert set(titles("关于")) == {demo_titles["one_trip"].title, demo_titles["notice"].title}
    assert titles("规发") == [demo_titles["rating"].title, demo_titles["one_stop"].title]


def test_an_index_number_or_its_tail_finds_the_item(demo_titles: dict[str, RegisterItem]) -> None:
    rating = demo_titles["rating"]
    agency_code, tail = rating.index_number.split("/")
    assert titles(rating.index_number) == [rating.title]
    assert titles(rating.index_number.lower()) == [rating.title]
    assert titles(tail) == [rating.title]
    assert titles(f"{agency_code}/1999-99999") == []


def test_ties_go_to_the_later_publication_then_the_higher_id(make_item: MakeItem, publish: Publish) -> None:
    first = make_item(title="政务服务大厅办公时间调整公告", doc_number="", body="")
    second = make_item(title="政务服务大厅办公时间调整公告", doc_number="", body="")
    third = make_item(title="政务服务大厅办公时间调整公告", doc_number="", body="")
    publish(first, on=dt.date(2026, 6, 1))
    publish(second, on=dt.date(2026, 4, 1))
    publish(third, on=dt.date(2026, 4, 1))
    found = selectors.catalogue_search("办公时间").items
    assert [item.pk for item in found] == [first.pk, third.pk, second.pk]
    assert [pk for pk, _score in selectors.search_ranked_ids(selectors.search_plan("办公时间"))] == [
        first.pk,
        third.pk,
        second.pk,
    ]


def test_a_search_without_words_lists_the_category_and_year(corpus: dict[str, RegisterItem]) -> None:
    listed = selectors.catalogue_search("", category="a20.5", year=2026)
    assert listed.browsing
    assert {item.pk for item in listed.items} == {corpus["body_only"].pk, corpus["licence"].pk}
    assert listed.total == 2
    assert selectors.catalogue_search("", category="a20.5", year=2025).items == []


def test_an_art_21_matter_finds_the_items_filed_under_it_as_a_local_category(
    corpus: dict[str, RegisterItem], make_item: MakeItem, publish: Publish
) -> None:
    main = publish(make_item(title="城市供热保障工作方案", category="a21.2", doc_number="", body="供热"))
    local = publish(
        make_item(title="供热企业经营许可公示", category="a20.5", local_categories=["a21.2"], doc_number="")
    )
    listed = selectors.catalogue_search("", category="a21.2")
    assert {item.pk for item in listed.items} == {main.pk, local.pk}
    assert listed.total == 2
    counted = {c.id: c.count for c in selectors.catalogue_categories(main.agency)}
    assert (counted["a21.2"], counted["a20.5"]) == (2, 3)
    assert {item.pk for item in selectors.catalogue_search("供热", category="a21.2").items} == {
        main.pk,
        local.pk,
    }
    assert selectors.search_count(selectors.search_plan("供热"), category="a21.2") == 2
    # An Art. 20 category is only ever an item's main one.
    assert corpus["licence"].pk in {
        item.pk for item in selectors.catalogue_search("", category="a20.5").items
    }
    assert {item.pk for item in selectors.catalogue_search("供热", category="a20.5").items} == {local.pk}


def test_a_page_past_the_end_is_the_last_page(corpus: dict[str, RegisterItem]) -> None:
    last = selectors.catalogue_search("营商环境", per_page=1, page=2)
    for page in (3, 99_999):
        beyond = selectors.catalogue_search("营商环境", per_page=1, page=page)
        assert (beyond.page, beyond.items, beyond.first_number) == (2, last.items, 2)
