from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.core.errors import FactsError
from gongkai.core.facts import YearFacts, check_count


def test_counts_entered_by_hand_are_whole_and_not_negative() -> None:
    assert check_count(246, what="发布信息条数") == 246
    with pytest.raises(FactsError, match="发布信息条数不能为负数"):
        check_count(-1, what="发布信息条数")
    with pytest.raises(FactsError, match="应为整数"):
        check_count(True, what="条数")


def test_year_facts_sum_the_proposals() -> None:
    facts = YearFacts(
        agency="吴忠市审批服务管理局", year=2021, portal_items=2, new_media_posts=246,
        posts_by_channel={"weibo": 96, "wechat": 150}, npc_suggestions_disclosed=0, cppcc_proposals_disclosed=2,
        open_days=1, press_conferences=0, processing_fees_yuan=Decimal("0"), applications_received=0,
        applications_by_channel={},
    )  # fmt: skip
    assert facts.proposals_disclosed == 2
