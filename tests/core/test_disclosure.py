"""Proactive disclosure as data: categories, 公开属性, the review table, the document lifecycle, Art. 26."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.core.disclosure import (
    ARTICLE_20,
    CHANNEL_LABELS,
    EARLIEST_DOCUMENT_DATE,
    EDIT_REFUSALS,
    ITEM_TRANSITIONS,
    MAX_COUNT,
    MAX_FEES_AMOUNT,
    DisclosureAttribute,
    DocumentEvent,
    DocumentEventKind,
    DocumentValidity,
    ItemAction,
    ItemState,
    PublicationChannel,
    PublicationTimeliness,
    RegisterRole,
    categories_for_level,
    category,
    category_from_text,
    channels_from_text,
    check_attribute,
    check_document_event,
    check_fees_amount,
    check_figure_count,
    check_item_editable,
    check_item_transition,
    check_record_date,
    check_record_year,
    document_end,
    document_validity,
    format_index_number,
    lifecycle_counts,
    next_item_actions,
    publication_timeliness,
    record_date_problem,
)
from gongkai.core.errors import DisclosureError

D = dt.date
TODAY = D(2026, 11, 28)
PROACTIVE = DisclosureAttribute.PROACTIVE


def test_article_20_has_its_fifteen_items_numbered_as_the_regulations_do() -> None:
    assert len(ARTICLE_20) == 15
    assert ARTICLE_20[0].id == "a20.1"
    assert ARTICLE_20[0].article == "第二十条第（一）项"
    assert ARTICLE_20[9].article == "第二十条第（十）项"
    assert ARTICLE_20[14].article == "第二十条第（十五）项"
    assert "规章和规范性文件" in category("a20.1").text


def test_article_21_items_depend_on_the_agency_level() -> None:
    city = {c.id for c in categories_for_level("city")}
    township = {c.id for c in categories_for_level("township")}
    province = {c.id for c in categories_for_level("province")}
    assert province == {c.id for c in ARTICLE_20}
    assert "a21.1" in city  # 市政建设 for cities…
    assert "a21.t1" not in city  # …not 农业农村政策
    assert "a21.t1" in township
    assert "a21.1" not in township
    assert {"a21.4", "a21.5", "a21.7"} <= city & township  # 土地征收、房屋征收、社会救助 for both
    with pytest.raises(DisclosureError, match="未知的主动公开类别"):
        category("a20.99")


def test_withheld_needs_a_ground_and_a_reason() -> None:
    check_attribute("proactive")
    check_attribute("withheld", ground="process", reason="属于讨论记录。")
    with pytest.raises(DisclosureError, match="须选择不予公开的依据"):
        check_attribute("withheld", reason="涉密")
    with pytest.raises(DisclosureError, match="须写明不予公开的理由"):
        check_attribute("withheld", ground="state_secret", reason="  ")
    with pytest.raises(DisclosureError, match="未知的不予公开依据"):
        check_attribute("withheld", ground="whim", reason="x")
    with pytest.raises(DisclosureError, match="不填写不予公开的依据"):
        check_attribute("on_request", ground="process")
    with pytest.raises(DisclosureError, match="未知的公开属性"):
        check_attribute("secret")


def test_the_review_path_from_draft_to_published() -> None:
    officer, reviewer = [RegisterRole.OFFICER], [RegisterRole.REVIEWER]
    state = ItemState.DRAFT
    for action, roles in [
        (ItemAction.SUBMIT_REVIEW, officer),
        (ItemAction.PASS_REVIEW, reviewer),
        (ItemAction.PUBLISH, officer),
    ]:
        state = check_item_transition(state, action, roles=roles, attribute=PROACTIVE).target
    assert state is ItemState.PUBLISHED
    retracted = check_item_transition(
        state, ItemAction.RETRACT, roles=[RegisterRole.ADMIN], attribute=PROACTIVE, note="内容有误"
    )
    assert retracted.target is ItemState.RETRACTED


@pytest.mark.parametrize(
    ("state", "action", "roles", "kwargs", "message"),
    [
        (ItemState.DRAFT, ItemAction.PUBLISH, ["officer"], {}, "当前状态为“起草”，不能执行“发布”"),
        (ItemState.IN_REVIEW, ItemAction.PASS_REVIEW, ["officer"], {}, "须由保密审查人办理"),
        (
            ItemState.IN_REVIEW,
            ItemAction.PASS_REVIEW,
            ["reviewer"],
            {"acting_drafter": True},
            "不能审查本人起草",
        ),
        (ItemState.IN_REVIEW, ItemAction.RETURN_DRAFT, ["reviewer"], {}, "须写明理由"),
        (ItemState.PUBLISHED, ItemAction.RETRACT, ["officer"], {"note": "x"}, "须由负责人或机关管理员办理"),
        (ItemState.PUBLISHED, ItemAction.PUBLISH, ["officer"], {}, "不能执行“发布”"),
        (ItemState.RETRACTED, ItemAction.PUBLISH, ["admin"], {}, "当前状态为“已撤下”"),
    ],
)
def test_refused_transitions_say_why_in_chinese(
    state: ItemState, action: ItemAction, roles: list[str], kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(DisclosureError, match=message) as error:
        check_item_transition(state, action, roles=roles, attribute=PROACTIVE, **kwargs)  # type: ignore[arg-type]
    assert error.value.code == "disclosure.error"


def test_only_proactive_information_enters_review_and_publication() -> None:
    with pytest.raises(DisclosureError, match="依申请公开.*不主动公开"):
        check_item_transition(ItemState.DRAFT, "submit_review", roles=["officer"], attribute="on_request")
    assert next_item_actions(ItemState.DRAFT, roles=["officer"], attribute="withheld") == ()
    with pytest.raises(DisclosureError, match="未知的公开操作"):
        check_item_transition(ItemState.DRAFT, "shred", roles=["officer"], attribute=PROACTIVE)


def test_next_actions_are_the_buttons_of_each_role() -> None:
    def labels(state: ItemState, roles: list[str], **kwargs: bool) -> list[str]:
        return [t.action.value for t in next_item_actions(state, roles=roles, attribute=PROACTIVE, **kwargs)]

    assert labels(ItemState.DRAFT, ["officer"]) == ["submit_review"]
    assert labels(ItemState.IN_REVIEW, ["officer"]) == []
    assert labels(ItemState.IN_REVIEW, ["reviewer"]) == ["return_draft", "pass_review"]
    assert labels(ItemState.IN_REVIEW, ["reviewer"], acting_drafter=True) == ["return_draft"]
    assert labels(ItemState.APPROVED, ["officer", "reviewer"]) == ["publish"]
    assert labels(ItemState.PUBLISHED, ["approver"]) == ["retract"]
    # Every transition is reachable by some role.
    every_role = [r.value for r in RegisterRole]
    reachable = {
        t.action for s in ItemState for t in next_item_actions(s, roles=every_role, attribute=PROACTIVE)
    }
    assert reachable == set(ITEM_TRANSITIONS)


def test_index_number() -> None:
    assert format_index_number("WZSP", 2021, 2) == "WZSP/2021-00002"


# --- documents ----------------------------------------------------------------------------------------------


def issued(on: dt.date) -> DocumentEvent:
    return DocumentEvent(DocumentEventKind.ISSUED, on, "吴审批规发〔2021〕1号")


def test_a_document_is_issued_amended_and_repealed_in_that_order() -> None:
    history = [issued(D(2021, 3, 1))]
    amended = DocumentEvent(DocumentEventKind.AMENDED, D(2022, 5, 1), "吴审批规发〔2022〕3号")
    check_document_event(history, amended, today=TODAY)
    history.append(amended)
    repealed = DocumentEvent(DocumentEventKind.REPEALED, D(2024, 1, 10), "吴审批发〔2024〕1号")
    check_document_event(history, repealed, today=TODAY)
    history.append(repealed)
    assert document_validity(history, D(2021, 2, 28)) is DocumentValidity.NOT_ISSUED
    assert document_validity(history, D(2021, 3, 1)) is DocumentValidity.IN_FORCE
    assert document_validity(history, D(2023, 12, 31)) is DocumentValidity.AMENDED
    assert document_validity(history, D(2024, 1, 10)) is DocumentValidity.REPEALED
    assert document_end(history) == D(2024, 1, 10)


@pytest.mark.parametrize(
    ("history", "new", "message"),
    [
        ([], DocumentEvent(DocumentEventKind.REPEALED, D(2022, 1, 1), "x"), "尚未登记制发，不能登记废止"),
        ([issued(D(2021, 1, 1))], issued(D(2021, 2, 1)), "不能重复登记制发"),
        ([], DocumentEvent(DocumentEventKind.ISSUED, D(2021, 1, 1)), "须填写文件的文号"),
        (
            [issued(D(2021, 5, 1))],
            DocumentEvent(DocumentEventKind.AMENDED, D(2021, 4, 1), "x"),
            "早于该文件上一次",
        ),
        (
            [issued(D(2021, 5, 1))],
            DocumentEvent(DocumentEventKind.REPEALED, D(2022, 4, 1)),
            "须填写作出废止决定",
        ),
        (
            [issued(D(2021, 5, 1)), DocumentEvent(DocumentEventKind.EXPIRED, D(2023, 5, 1))],
            DocumentEvent(DocumentEventKind.AMENDED, D(2023, 6, 1), "x"),
            "已于2023-05-01有效期届满失效，不能再登记修改",
        ),
        ([], DocumentEvent(DocumentEventKind.ISSUED, D(2026, 11, 29), "x"), "制发日期2026-11-29晚于今天"),
        (
            [issued(D(2021, 5, 1))],
            DocumentEvent(DocumentEventKind.EXPIRED, D(2099, 1, 1)),
            "有效期届满失效日期2099-01-01晚于今天（2026-11-28）",
        ),
        (
            [],
            DocumentEvent(DocumentEventKind.ISSUED, D(1900, 1, 1), "x"),
            "制发日期1900-01-01早于1949年10月1日",
        ),
    ],
)
def test_refused_document_events(history: list[DocumentEvent], new: DocumentEvent, message: str) -> None:
    with pytest.raises(DisclosureError, match=message):
        check_document_event(history, new, today=TODAY)


def test_a_document_is_not_issued_before_it_was_formed() -> None:
    with pytest.raises(DisclosureError, match="制发日期2026-11-19早于该文件的形成日期2026-11-20"):
        check_document_event([], issued(D(2026, 11, 19)), today=TODAY, formed_on=D(2026, 11, 20))
    check_document_event([], issued(D(2026, 11, 20)), today=TODAY, formed_on=D(2026, 11, 20))


@pytest.mark.parametrize(
    ("day", "problem"),
    [
        (D(2026, 11, 28), None),
        (D(2008, 5, 1), None),
        (D(2026, 11, 29), "形成日期2026-11-29晚于今天（2026-11-28）"),
        (D(2027, 6, 1), "形成日期2027-06-01晚于今天"),
        (D(2008, 4, 30), "形成日期2008-04-30早于2008年5月1日（《中华人民共和国政府信息公开条例》施行之日）"),
        (D(1900, 1, 1), "形成日期1900-01-01早于2008年5月1日"),
    ],
)
def test_a_record_is_dated_between_the_regulations_and_today(day: dt.date, problem: str | None) -> None:
    found = record_date_problem(day, today=TODAY, what="形成日期")
    if problem is None:
        assert found is None
        assert check_record_date(day, today=TODAY, what="形成日期") == day
    else:
        assert found is not None
        assert found.startswith(problem)
        with pytest.raises(DisclosureError, match=re.escape(problem)):
            check_record_date(day, today=TODAY, what="形成日期")


def test_a_document_may_be_older_than_the_regulations() -> None:
    """A 规章 of 1998 still in force is issued, and entered, with its own date; the platform's own steps are not."""
    check_document_event([], issued(D(1998, 3, 2)), today=TODAY, formed_on=D(1998, 3, 2))
    assert check_record_date(D(1998, 3, 2), today=TODAY, what="成文日期", earliest=EARLIEST_DOCUMENT_DATE)
    with pytest.raises(DisclosureError, match="早于2008年5月1日"):
        check_record_date(D(1998, 3, 2), today=TODAY, what="审查日期")


def test_a_year_of_records_has_begun_and_is_not_before_the_regulations() -> None:
    assert check_record_year(2026, today=TODAY) == 2026
    assert check_record_year(2008, today=TODAY) == 2008
    with pytest.raises(DisclosureError, match="2027年度尚未开始"):
        check_record_year(2027, today=TODAY)
    with pytest.raises(DisclosureError, match="2099年度尚未开始"):
        check_record_year(2099, today=TODAY)
    with pytest.raises(DisclosureError, match="早于2008年"):
        check_record_year(2007, today=TODAY)


def test_counts_and_fees_entered_by_hand_have_an_upper_bound() -> None:
    assert check_figure_count(None, what="行政许可处理决定数") is None
    assert check_figure_count(MAX_COUNT, what="行政许可处理决定数") == MAX_COUNT
    with pytest.raises(DisclosureError, match="行政许可处理决定数99999999999999999999超过上限1000000000"):
        check_figure_count(99999999999999999999, what="行政许可处理决定数")
    with pytest.raises(DisclosureError, match="超过上限"):
        check_figure_count(9223372036854775807, what="行政许可处理决定数")
    with pytest.raises(DisclosureError, match="不能为负数"):
        check_figure_count(-1, what="行政许可处理决定数")
    assert check_fees_amount(Decimal("1.2345")) == Decimal("1.2345")
    assert check_fees_amount(MAX_FEES_AMOUNT) == MAX_FEES_AMOUNT
    for wrong in (Decimal("1.23456"), Decimal(-1), Decimal("NaN"), Decimal("Infinity")):
        with pytest.raises(DisclosureError, match="最多4位小数"):
            check_fees_amount(wrong)
    with pytest.raises(DisclosureError, match="超过上限1000000000万元"):
        check_fees_amount(MAX_FEES_AMOUNT + 1)


@pytest.mark.parametrize("state", [s for s in ItemState if s is not ItemState.DRAFT])
def test_an_item_past_its_draft_says_why_it_cannot_be_edited(state: ItemState) -> None:
    with pytest.raises(DisclosureError) as refused:
        check_item_editable(state)
    assert str(refused.value) == EDIT_REFUSALS[state]
    check_item_editable(ItemState.DRAFT)


def test_each_state_has_its_own_reason() -> None:
    assert "正在保密审查中" in EDIT_REFUSALS[ItemState.IN_REVIEW]
    assert "已公开" in EDIT_REFUSALS[ItemState.PUBLISHED]
    assert "保密审查" not in EDIT_REFUSALS[ItemState.PUBLISHED]
    assert "已撤下" in EDIT_REFUSALS[ItemState.RETRACTED]
    assert len(set(EDIT_REFUSALS.values())) == len(EDIT_REFUSALS)


def test_lifecycle_counts_of_a_year() -> None:
    documents = [
        (D(2020, 6, 1), None),  # in force
        (D(2021, 3, 1), None),  # issued 2021
        (D(2019, 1, 1), D(2021, 7, 1)),  # repealed 2021
        (D(2021, 2, 1), D(2021, 11, 30)),  # issued and repealed in 2021
        (D(2022, 1, 5), None),  # later
        (None, None),  # not yet issued
        (D(2018, 1, 1), D(2020, 1, 1)),  # ended before
    ]
    counts = lifecycle_counts(documents, year=2021)
    assert (counts.issued, counts.repealed, counts.in_force) == (2, 2, 2)
    assert lifecycle_counts([], year=2021).in_force == 0


@st.composite
def documents(draw: st.DrawFn) -> tuple[dt.date | None, dt.date | None]:
    issued_on = draw(st.one_of(st.none(), st.dates(D(2015, 1, 1), D(2026, 12, 31))))
    if issued_on is None:
        return None, None
    ended = draw(st.one_of(st.none(), st.dates(issued_on, D(2027, 12, 31))))
    return issued_on, ended


@given(st.lists(documents(), max_size=60), st.integers(2016, 2026))
def test_in_force_carries_from_year_to_year(
    docs: list[tuple[dt.date | None, dt.date | None]], year: int
) -> None:
    before = lifecycle_counts(docs, year=year - 1)
    now = lifecycle_counts(docs, year=year)
    assert now.in_force == before.in_force + now.issued - now.repealed
    assert min(now.issued, now.repealed, now.in_force) >= 0


def test_publication_timeliness() -> None:
    due = D(2026, 3, 30)
    assert (
        publication_timeliness(due=due, published_on=due, today=D(2026, 5, 1))
        is PublicationTimeliness.ON_TIME
    )
    assert publication_timeliness(due=due, published_on=D(2026, 3, 31), today=D(2026, 5, 1)) is (
        PublicationTimeliness.LATE
    )
    assert publication_timeliness(due=due, published_on=None, today=due) is PublicationTimeliness.PENDING
    assert publication_timeliness(due=due, published_on=None, today=D(2026, 3, 31)) is (
        PublicationTimeliness.OVERDUE
    )


# --- reading a ledger's category and channels --------------------------------------------------------------


@pytest.mark.parametrize("level", ["province", "city", "county", "department", "township"])
def test_every_category_is_found_by_each_way_a_ledger_writes_it(level: str) -> None:
    for found in categories_for_level(level):
        forms = [found.id, found.label, found.text, f"{found.article} {found.label}"]
        if found.id.startswith("a20."):
            forms += [
                found.article,
                found.article.replace("（", "(").replace("）", ")"),
                found.article.replace("（", "").replace("）", ""),
            ]
        for form in forms:
            assert category_from_text(form, level) == found, form


def test_a_category_of_another_level_or_no_category_is_refused() -> None:
    with pytest.raises(DisclosureError, match="无法识别的主动公开类别“宅基地审核”"):
        category_from_text("宅基地审核", "department")  # a township's matter
    assert category_from_text("宅基地审核", "township").id == "a21.t4"
    with pytest.raises(DisclosureError, match="无法识别"):
        category_from_text("第二十一条", "city")  # names no single matter


@given(
    st.lists(st.sampled_from(list(CHANNEL_LABELS.values())), max_size=6),
    st.sampled_from(["、", ",", "；", " / ", " "]),
)
def test_channels_are_read_in_order_each_once(labels: list[str], separator: str) -> None:
    read = channels_from_text(separator.join(labels))
    by_label = {label: channel for channel, label in CHANNEL_LABELS.items()}
    assert read == list(dict.fromkeys(by_label[label] for label in labels))


def test_channel_aliases_and_unknown_channels() -> None:
    assert channels_from_text("门户网站、微信，微博") == [
        PublicationChannel.PORTAL,
        PublicationChannel.WECHAT,
        PublicationChannel.WEIBO,
    ]
    with pytest.raises(DisclosureError, match="无法识别的公开渠道“飞鸽传书”"):
        channels_from_text("政府网站、飞鸽传书")
