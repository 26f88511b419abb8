from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.core.disclosure import MAX_COUNT
from gongkai.core.errors import FactsError
from gongkai.core.facts import YearFacts, check_count, check_fact_date, check_fact_year

TODAY = dt.date(2026, 11, 28)


def test_counts_entered_by_hand_are_whole_and_not_negative() -> None:
    assert check_count(246, what="发布信息条数") == 246
    with pytest.raises(FactsError, match="发布信息条数不能为负数"):
        check_count(-1, what="发布信息条数")
    with pytest.raises(FactsError, match="应为整数"):
        check_count(True, what="条数")


def test_counts_entered_by_hand_have_the_register_s_upper_bound() -> None:
    assert check_count(MAX_COUNT, what="发布信息条数") == MAX_COUNT
    with pytest.raises(FactsError, match="发布信息条数99999999999999999999超过上限1000000000"):
        check_count(99999999999999999999, what="发布信息条数")


def test_facts_are_dated_between_the_regulations_and_today() -> None:
    assert check_fact_date(TODAY, today=TODAY, what="活动日期") == TODAY
    with pytest.raises(FactsError, match="活动日期2027-05-01晚于今天（2026-11-28）"):
        check_fact_date(dt.date(2027, 5, 1), today=TODAY, what="活动日期")
    with pytest.raises(FactsError, match="公开日期2001-09-01早于2008年5月1日"):
        check_fact_date(dt.date(2001, 9, 1), today=TODAY, what="公开日期")
    assert check_fact_year(2026, today=TODAY) == 2026
    with pytest.raises(FactsError, match="2027年度尚未开始"):
        check_fact_year(2027, today=TODAY)


def test_year_facts_sum_the_proposals() -> None:
    facts = YearFacts(
        agency="吴忠市审批服务管理局", year=2021, portal_items=2, new_media_posts=246,
        posts_by_channel={"weibo": 96, "wechat": 150}, npc_suggestions_disclosed=0, cppcc_proposals_disclosed=2,
        open_days=1, press_conferences=0, processing_fees_yuan=Decimal("0"), applications_received=0,
        applications_by_channel={},
    )  # fmt: skip
    assert facts.proposals_disclosed == 2
