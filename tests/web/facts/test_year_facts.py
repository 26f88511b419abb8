"""The year's facts: published items on the portal, new-media posts, proposal responses disclosed, events,
applications received and 信息处理费 collected — from the records, for one agency and year."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest

from gongkai.core.errors import FactsError
from gongkai.web.applications import services as application_services
from gongkai.web.audit.models import AuditEvent
from gongkai.web.disclosure.models import RegisterItem
from gongkai.web.facts import services
from gongkai.web.facts.selectors import year_facts
from tests.web.conftest import FileApplication, Staff, TodayIs, Tree
from tests.web.disclosure.conftest import MakeItem

Publish = Callable[..., RegisterItem]
D = dt.date


def test_an_empty_year_is_all_zero(tree: Tree) -> None:
    facts = year_facts(agency=tree.bureau, year=2021)
    assert facts.portal_items == 0
    assert facts.new_media_posts == 0
    assert facts.applications_received == 0
    assert facts.processing_fees_yuan == Decimal(0)
    assert facts.posts_by_channel == {}


def test_the_facts_of_a_year(
    tree: Tree, staff: Staff, make_item: MakeItem, publish: Publish, file_application: FileApplication
) -> None:
    on_portal = publish(make_item(channels=["portal", "weibo"]))
    publish(make_item(title="仅在政务服务大厅公开", channels=["service_hall"]))
    publish(make_item(title="逾期公开的信息", formed_on=D(2026, 1, 5)), on=D(2026, 3, 2))
    make_item(title="未发布")
    services.posts_set(
        agency=tree.bureau, by=staff.officer, year=2026, channel="weibo", count=96, account="吴忠审批"
    )
    services.posts_set(agency=tree.bureau, by=staff.officer, year=2026, channel="wechat", count=150)
    services.posts_set(agency=tree.bureau, by=staff.officer, year=2026, channel="video", count=12)
    services.posts_set(agency=tree.bureau, by=staff.officer, year=2025, channel="wechat", count=300)
    services.proposal_record(
        agency=tree.bureau, by=staff.officer, kind="cppcc", title="关于优化企业开办流程的提案",
        answered_on=D(2026, 5, 10), disclosed_on=D(2026, 5, 20), number="第58号",
    )  # fmt: skip
    late = services.proposal_record(
        agency=tree.bureau,
        by=staff.officer,
        kind="npc",
        title="关于延长大厅办公时间的建议",
        answered_on=D(2026, 6, 1),
    )
    services.proposal_disclose(response=late, by=staff.officer, on=D(2026, 6, 15))
    services.proposal_record(
        agency=tree.bureau, by=staff.officer, kind="cppcc", title="未公开的答复", answered_on=D(2026, 7, 1)
    )
    services.event_record(agency=tree.bureau, by=staff.officer, kind="open_day", title="政府开放日", held_on=D(2026, 9, 1),
                          participants=40)  # fmt: skip
    services.event_record(agency=tree.bureau, by=staff.officer, kind="press_conference", title="新闻发布会",
                          held_on=D(2026, 10, 9))  # fmt: skip
    # Two applications received, one of them charged and paid.
    file_application(channel="in_person")
    paid, _ = file_application(channel="registered_post", signed_on=D(2026, 3, 2))
    paid = application_services.application_notify_fee(
        application=paid, by=staff.officer, on=D(2026, 3, 3), pages=250
    )
    application_services.application_record_payment(application=paid, by=staff.officer, on=D(2026, 3, 10))

    facts = year_facts(agency=tree.bureau, year=2026)
    assert facts.portal_items == 2  # the item on portal+微博 and the late one (default portal)
    assert facts.items_published == 3
    assert facts.items_published_late == 1
    assert facts.items_by_channel["service_hall"] == 1
    assert facts.new_media_posts == 246
    assert facts.posts_by_channel == {"video": 12, "wechat": 150, "weibo": 96}
    assert facts.cppcc_proposals_disclosed == 1
    assert facts.npc_suggestions_disclosed == 1
    assert facts.open_days == 1
    assert facts.press_conferences == 1
    assert facts.applications_received == 2
    assert facts.applications_by_channel == {"in_person": 1, "registered_post": 1}
    assert facts.processing_fees_yuan == Decimal("4700")
    assert year_facts(agency=tree.bureau, year=2025).new_media_posts == 300
    assert year_facts(agency=tree.other, year=2026).portal_items == 0
    assert on_portal.pk


def test_corrections_and_refusals(tree: Tree, staff: Staff) -> None:
    services.posts_set(agency=tree.bureau, by=staff.officer, year=2026, channel="weibo", count=10)
    services.posts_set(agency=tree.bureau, by=staff.officer, year=2026, channel="weibo", count=12)
    assert year_facts(agency=tree.bureau, year=2026).posts_by_channel == {"weibo": 12}
    latest = AuditEvent.objects.filter(action="facts.posts").order_by("-id").first()
    assert latest is not None
    assert latest.details["before"] == 10
    with pytest.raises(FactsError, match="发布信息条数不能为负数"):
        services.posts_set(agency=tree.bureau, by=staff.officer, year=2026, channel="weibo", count=-1)
    with pytest.raises(FactsError, match="只录入政务新媒体"):
        services.posts_set(agency=tree.bureau, by=staff.officer, year=2026, channel="portal", count=3)
    with pytest.raises(FactsError, match="须由本机关工作人员办理"):
        services.posts_set(agency=tree.bureau, by=staff.supervisor, year=2026, channel="weibo", count=3)
    with pytest.raises(FactsError, match="公开日期不能早于答复日期"):
        services.proposal_record(agency=tree.bureau, by=staff.officer, kind="npc", title="x", answered_on=D(2026, 5, 1),
                                 disclosed_on=D(2026, 4, 1))  # fmt: skip
    response = services.proposal_record(
        agency=tree.bureau,
        by=staff.officer,
        kind="npc",
        title="x",
        answered_on=D(2026, 5, 1),
        disclosed_on=D(2026, 5, 2),
    )
    with pytest.raises(FactsError, match="已于2026-05-02公开"):
        services.proposal_disclose(response=response, by=staff.officer, on=D(2026, 5, 3))
    event = services.event_record(
        agency=tree.bureau, by=staff.officer, kind="open_day", title="x", held_on=D(2026, 1, 5)
    )
    services.event_delete(event=event, by=staff.officer)
    assert year_facts(agency=tree.bureau, year=2026).open_days == 0
    assert AuditEvent.objects.filter(action="facts.event_delete").exists()


def test_counts_beyond_the_bound_and_years_not_begun_are_refused(
    tree: Tree, staff: Staff, today_is: TodayIs
) -> None:
    today_is(D(2026, 11, 28))
    with pytest.raises(FactsError, match="发布信息条数99999999999999999999超过上限1000000000"):
        services.posts_set(
            agency=tree.bureau, by=staff.officer, year=2026, channel="weibo", count=99999999999999999999
        )
    with pytest.raises(FactsError, match="2027年度尚未开始"):
        services.posts_set(agency=tree.bureau, by=staff.officer, year=2027, channel="weibo", count=3)
    with pytest.raises(FactsError, match="参加人数9223372036854775807超过上限"):
        services.event_record(agency=tree.bureau, by=staff.officer, kind="open_day", title="x", held_on=D(2026, 5, 1),
                              participants=9223372036854775807)  # fmt: skip
    assert year_facts(agency=tree.bureau, year=2026).posts_by_channel == {}
    assert year_facts(agency=tree.bureau, year=2026).open_days == 0


def test_facts_are_dated_between_the_regulations_and_today(
    tree: Tree, staff: Staff, today_is: TodayIs
) -> None:
    today_is(D(2026, 11, 28))
    with pytest.raises(FactsError, match="活动日期2027-05-01晚于今天（2026-11-28）"):
        services.event_record(
            agency=tree.bureau, by=staff.officer, kind="open_day", title="x", held_on=D(2027, 5, 1)
        )
    with pytest.raises(FactsError, match="活动日期2001-05-01早于2008年5月1日"):
        services.event_record(
            agency=tree.bureau, by=staff.officer, kind="open_day", title="x", held_on=D(2001, 5, 1)
        )
    with pytest.raises(FactsError, match="公开日期2027-09-01晚于今天"):
        services.proposal_record(agency=tree.bureau, by=staff.officer, kind="npc", title="x",
                                 answered_on=D(2026, 9, 1), disclosed_on=D(2027, 9, 1))  # fmt: skip
    with pytest.raises(FactsError, match="答复日期2026-12-01晚于今天"):
        services.proposal_record(agency=tree.bureau, by=staff.officer, kind="npc", title="x",
                                 answered_on=D(2026, 12, 1))  # fmt: skip
    response = services.proposal_record(
        agency=tree.bureau, by=staff.officer, kind="npc", title="x", answered_on=D(2026, 9, 1)
    )
    with pytest.raises(FactsError, match="公开日期2026-12-01晚于今天"):
        services.proposal_disclose(response=response, by=staff.officer, on=D(2026, 12, 1))
    response.refresh_from_db()
    assert response.disclosed_on is None
    assert year_facts(agency=tree.bureau, year=2026).open_days == 0


def test_a_record_entered_on_a_year_s_page_belongs_to_that_year(tree: Tree, staff: Staff) -> None:
    with pytest.raises(
        FactsError, match="活动日期2024-05-15属于2024年度，不是正在录入的2026年度；请核对日期，或切换到2024"
    ):
        services.event_record(agency=tree.bureau, by=staff.officer, kind="open_day", title="x",
                              held_on=D(2024, 5, 15), year=2026)  # fmt: skip
    assert year_facts(agency=tree.bureau, year=2024).open_days == 0
    services.event_record(
        agency=tree.bureau, by=staff.officer, kind="open_day", title="x", held_on=D(2026, 5, 15), year=2026
    )
    with pytest.raises(FactsError, match="公开日期2025-02-01属于2025年度，不是正在录入的2026年度"):
        services.proposal_record(agency=tree.bureau, by=staff.officer, kind="npc", title="x",
                                 answered_on=D(2025, 1, 10), disclosed_on=D(2025, 2, 1), year=2026)  # fmt: skip
    # Answered late in one year and published early in the next: it belongs to both pages.
    services.proposal_record(agency=tree.bureau, by=staff.officer, kind="npc", title="x",
                             answered_on=D(2025, 12, 20), disclosed_on=D(2026, 1, 8), year=2026)  # fmt: skip
    assert year_facts(agency=tree.bureau, year=2026).npc_suggestions_disclosed == 1
