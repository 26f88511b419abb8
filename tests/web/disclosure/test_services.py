"""The register's services: every step of review and publication, every refused step with its Chinese message,
the document lifecycle, the yearly figures and their import, and Art. 44."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib.auth.models import User

from gongkai.core.disclosure import MAX_COUNT, MAX_FEES_AMOUNT, ItemState
from gongkai.core.errors import DisclosureError
from gongkai.web.applications.models import Application
from gongkai.web.audit.models import AuditEvent
from gongkai.web.catalogue.models import IndexedItem
from gongkai.web.catalogue.selectors import catalogue_search
from gongkai.web.common.spreadsheets import read_rows
from gongkai.web.disclosure import selectors, services
from gongkai.web.disclosure.models import RegisterItem, YearlyFigures
from tests.web.conftest import FileApplication, Staff, TodayIs, Tree, xlsx_bytes
from tests.web.disclosure.conftest import DUE, FORMED, MakeItem, grant_review

Publish = Callable[..., RegisterItem]
# The web layer's today in the tests about dates that have not come yet (the demo's today at QA).
TODAY = dt.date(2026, 11, 28)


def audit_actions(item: RegisterItem) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="disclosure.registeritem", object_id=str(item.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_a_new_item_is_a_draft_with_an_index_number_and_its_art26_deadline(make_item: MakeItem) -> None:
    item = make_item()
    assert item.state == ItemState.DRAFT
    assert item.index_number == "WZSP/2026-00001"
    assert make_item(title="第二条").index_number == "WZSP/2026-00002"
    assert item.publication_due == DUE
    assert item.publication_due_provisional is False
    assert item.issuing_agency == "吴忠市审批服务管理局"
    assert list(item.channels.values_list("channel", flat=True)) == ["portal"]
    assert audit_actions(item) == ["register_item.create"]
    assert selectors.item_deadline(item) is not None


def test_the_whole_path_from_draft_to_the_public_catalogue(
    make_item: MakeItem, staff: Staff, reviewer: User
) -> None:
    item = make_item()
    item = services.item_submit_review(item=item, by=staff.officer, on=FORMED)
    assert item.state == ItemState.IN_REVIEW
    item = services.item_pass_review(item=item, by=reviewer, on=FORMED + dt.timedelta(days=1))
    assert item.state == ItemState.APPROVED
    assert item.reviewed_by == reviewer
    assert not IndexedItem.objects.filter(item_id=item.pk).exists()
    item = services.item_publish(item=item, by=staff.officer, on=DUE, channels=["portal", "wechat"])
    assert item.state == ItemState.PUBLISHED
    assert item.published_on == DUE
    assert item.published_late is False  # the last day still counts
    assert sorted(item.channels.values_list("channel", flat=True)) == ["portal", "wechat"]
    assert audit_actions(item) == [
        "register_item.create", "register_item.submit_review", "register_item.pass_review", "register_item.publish",
    ]  # fmt: skip
    assert [e.action for e in item.events.all()] == ["create", "submit_review", "pass_review", "publish"]
    assert [i.pk for i in catalogue_search("营商环境").items] == [item.pk]


def test_returned_for_changes_then_edited_then_passed(
    make_item: MakeItem, staff: Staff, reviewer: User
) -> None:
    item = services.item_submit_review(item=make_item(), by=staff.officer, on=FORMED)
    with pytest.raises(DisclosureError, match="正在保密审查中，不能修改；如需修改，请保密审查人退回"):
        services.item_update(item=item, by=staff.officer, on=FORMED, title="改")
    with pytest.raises(DisclosureError, match="“退回修改”须写明理由"):
        services.item_return_draft(item=item, by=reviewer, on=FORMED, note=" ")
    item = services.item_return_draft(item=item, by=reviewer, on=FORMED, note="第三条涉及企业名称，请删除。")
    assert item.state == ItemState.DRAFT
    item = services.item_update(
        item=item, by=staff.officer, on=FORMED, body="已删除企业名称。", formed_on=FORMED
    )
    assert item.body == "已删除企业名称。"
    item = services.item_submit_review(item=item, by=staff.officer, on=FORMED)
    item = services.item_pass_review(item=item, by=reviewer, on=FORMED)
    assert item.state == ItemState.APPROVED
    assert "register_item.update" in audit_actions(item)


def test_changing_the_formed_date_moves_the_deadline(make_item: MakeItem, staff: Staff) -> None:
    item = services.item_update(item=make_item(), by=staff.officer, on=FORMED, formed_on=dt.date(2026, 3, 9))
    assert item.publication_due == dt.date(2026, 4, 7)  # 20 working days, Qingming (04-04…06) off


@pytest.mark.parametrize(
    ("who", "action", "message"),
    [
        ("officer", "pass", "“保密审查通过”须由保密审查人办理"),
        ("approver", "pass", "须由保密审查人办理"),
        ("drafter_reviewer", "pass", "不能审查本人起草"),
        ("reviewer", "publish", "当前状态为“保密审查中”，不能执行“发布”"),
        ("other", "pass", "须由保密审查人办理"),
    ],
)
def test_refused_review_steps(
    make_item: MakeItem, staff: Staff, reviewer: User, tree: Tree, who: str, action: str, message: str
) -> None:
    drafter = grant_review(staff.officer2) if who == "drafter_reviewer" else staff.officer
    item = services.item_submit_review(item=make_item(by=drafter), by=drafter, on=FORMED)
    acting = {
        "officer": staff.officer, "approver": staff.approver, "drafter_reviewer": drafter, "reviewer": reviewer,
        "other": grant_review(staff.other_officer),
    }[who]  # fmt: skip
    step = services.item_pass_review if action == "pass" else services.item_publish
    with pytest.raises(DisclosureError, match=message):
        step(item=item, by=acting, on=FORMED)
    assert RegisterItem.objects.get(pk=item.pk).state == ItemState.IN_REVIEW


def test_only_staff_who_draft_may_register(make_item: MakeItem, staff: Staff) -> None:
    for user in (staff.other_officer, staff.supervisor, staff.outsider, staff.approver):
        with pytest.raises(DisclosureError, match="须由本机关承办人或机关管理员办理"):
            make_item(by=user)
    assert make_item(by=staff.admin).created_by == staff.admin


def test_withheld_needs_a_ground_and_a_reason_and_never_enters_review(
    make_item: MakeItem, staff: Staff
) -> None:
    with pytest.raises(DisclosureError, match="须选择不予公开的依据"):
        make_item(attribute="withheld", withholding_reason="涉及国家秘密")
    with pytest.raises(DisclosureError, match="须写明不予公开的理由"):
        make_item(attribute="withheld", withholding_ground="state_secret")
    item = make_item(
        attribute="withheld", withholding_ground="process", withholding_reason="属于内部讨论记录。"
    )
    assert item.publication_due is None  # Art. 26 does not apply
    with pytest.raises(DisclosureError, match="不予公开”的信息不主动公开"):
        services.item_submit_review(item=item, by=staff.officer, on=FORMED)
    on_request = make_item(attribute="on_request")
    with pytest.raises(DisclosureError, match="依申请公开”的信息不主动公开"):
        services.item_submit_review(item=on_request, by=staff.officer, on=FORMED)
    # Marked proactive later, its clock starts from its formed date.
    on_request = services.item_update(item=on_request, by=staff.officer, on=FORMED, attribute="proactive")
    assert on_request.publication_due == DUE


def test_field_rules(make_item: MakeItem) -> None:
    with pytest.raises(DisclosureError, match="应归入“第二十条第（一）项"):
        make_item(category="a20.7", document_kind="normative")
    with pytest.raises(DisclosureError, match="不适用于本机关"):
        make_item(category="a21.t1")  # a township's item for a city department
    with pytest.raises(DisclosureError, match="未知的公开渠道"):
        make_item(channels=["carrier_pigeon"])
    assert make_item(category="a20.5", local_categories=["a21.2"]).local_categories == ["a21.2"]


def test_publication_needs_a_channel_and_a_date_not_before_formation(
    make_item: MakeItem, staff: Staff, reviewer: User
) -> None:
    item = make_item(channels=[])
    item = services.item_submit_review(item=item, by=staff.officer, on=FORMED)
    item = services.item_pass_review(item=item, by=reviewer, on=FORMED + dt.timedelta(days=2))
    with pytest.raises(DisclosureError, match="请至少选择一个公开渠道"):
        services.item_publish(item=item, by=staff.officer, on=FORMED + dt.timedelta(days=2))
    with pytest.raises(DisclosureError, match="早于信息形成日期"):
        services.item_publish(
            item=item, by=staff.officer, on=FORMED - dt.timedelta(days=1), channels=["portal"]
        )
    with pytest.raises(DisclosureError, match="早于该信息上一个步骤的日期"):
        services.item_publish(
            item=item, by=staff.officer, on=FORMED + dt.timedelta(days=1), channels=["portal"]
        )
    assert list(item.channels.all()) == []  # a refused step leaves nothing behind


def test_late_publication_is_recorded_and_queued(make_item: MakeItem, publish: Publish, tree: Tree) -> None:
    late = publish(make_item(), on=DUE + dt.timedelta(days=1))
    assert late.published_late is True
    pending = make_item(title="尚未公开的信息")
    today = DUE + dt.timedelta(days=3)
    assert list(selectors.queue(tree.bureau, "late", today=today)) == [late]
    assert list(selectors.queue(tree.bureau, "overdue", today=today)) == [pending]
    assert list(selectors.queue(tree.bureau, "overdue", today=DUE)) == []
    counts = selectors.queue_counts(tree.bureau, today=today)
    assert counts == {
        name: selectors.queue(tree.bureau, name, today=today).count()
        for name in selectors.QUEUES
        if name != "all"
    }
    assert (counts["late"], counts["overdue"], counts["published"], counts["drafts"]) == (1, 1, 1, 1)


def test_retraction_takes_the_item_out_of_the_catalogue(
    make_item: MakeItem, publish: Publish, staff: Staff
) -> None:
    item = publish(make_item())
    with pytest.raises(DisclosureError, match="须由负责人或机关管理员办理"):
        services.item_retract(item=item, by=staff.officer, on=FORMED, note="误发")
    with pytest.raises(DisclosureError, match="“撤下”须写明理由"):
        services.item_retract(item=item, by=staff.approver, on=FORMED, note="")
    item = services.item_retract(item=item, by=staff.approver, on=FORMED, note="附件含有个人信息，撤下处理。")
    assert item.state == ItemState.RETRACTED
    assert catalogue_search("营商环境").items == []
    assert not IndexedItem.objects.filter(item_id=item.pk).exists()


def test_deadlines_are_recomputed_after_a_calendar_change(make_item: MakeItem, tree: Tree) -> None:
    item = make_item()
    RegisterItem.objects.filter(pk=item.pk).update(publication_due=dt.date(2026, 3, 1))
    assert services.publication_deadlines_refresh() == 1
    assert RegisterItem.objects.get(pk=item.pk).publication_due == DUE
    assert services.publication_deadlines_refresh() == 0
    assert AuditEvent.objects.filter(action="register_item.deadline_recalculated").count() == 1


# --- documents ----------------------------------------------------------------------------------------------


def test_a_normative_document_is_issued_amended_and_repealed(make_item: MakeItem, staff: Staff) -> None:
    item = make_item(document_kind="normative", doc_number="", formed_on=dt.date(2024, 5, 6))
    services.document_record(
        item=item, by=staff.officer, kind="issued", on=dt.date(2024, 5, 6), instrument="吴审批规发〔2024〕1号"
    )
    item.refresh_from_db()
    assert item.issued_on == dt.date(2024, 5, 6)
    assert item.doc_number == "吴审批规发〔2024〕1号"
    services.document_record(
        item=item,
        by=staff.officer,
        kind="amended",
        on=dt.date(2025, 2, 3),
        instrument="吴审批规发〔2025〕2号",
    )
    services.document_record(
        item=item,
        by=staff.officer,
        kind="repealed",
        on=dt.date(2026, 1, 15),
        instrument="吴审批发〔2026〕1号",
    )
    item.refresh_from_db()
    assert item.ended_on == dt.date(2026, 1, 15)
    view_events = list(item.document_events.values_list("kind", flat=True))
    assert view_events == ["issued", "amended", "repealed"]
    assert AuditEvent.objects.filter(action="document.repealed", object_id=str(item.pk)).exists()
    with pytest.raises(DisclosureError, match="已于2026-01-15废止，不能再登记修改"):
        services.document_record(
            item=item, by=staff.officer, kind="amended", on=dt.date(2026, 2, 1), instrument="x"
        )


def test_refused_document_steps(make_item: MakeItem, staff: Staff) -> None:
    plain = make_item()
    with pytest.raises(DisclosureError, match="只有规章和行政规范性文件"):
        services.document_record(item=plain, by=staff.officer, kind="issued", on=FORMED, instrument="x")
    document = make_item(document_kind="rules")
    with pytest.raises(DisclosureError, match="尚未登记制发，不能登记废止"):
        services.document_record(item=document, by=staff.officer, kind="repealed", on=FORMED, instrument="x")
    with pytest.raises(DisclosureError, match="须由本机关承办人或机关管理员办理"):
        services.document_record(
            item=document, by=staff.other_officer, kind="issued", on=FORMED, instrument="x"
        )
    with pytest.raises(DisclosureError, match="未知的文件有效性事项"):
        services.document_record(item=document, by=staff.officer, kind="burned", on=FORMED, instrument="x")
    services.document_record(
        item=document, by=staff.officer, kind="issued", on=FORMED, instrument="吴政规1号"
    )
    with pytest.raises(DisclosureError, match="已登记制发的文件不能更改文件类型"):
        services.item_update(item=document, by=staff.officer, on=FORMED, document_kind="normative")


# --- yearly figures ---------------------------------------------------------------------------------------


def test_figures_are_blank_until_entered_and_amounts_keep_their_value(tree: Tree, staff: Staff) -> None:
    cells = selectors.table2_cells(agency=tree.bureau, year=2025)
    assert cells["t2.licensing.decisions"] is None
    assert cells["t2.fees.amount"] is None
    assert cells["t2.rules.in_force"] == 0
    services.figures_save(
        agency=tree.bureau, year=2025, by=staff.officer, licensing_decisions=1520, penalty_decisions=0,
        coercion_decisions=None, fees_amount=Decimal("12.3400"),
    )  # fmt: skip
    cells = selectors.table2_cells(agency=tree.bureau, year=2025)
    assert cells["t2.licensing.decisions"] == 1520
    assert cells["t2.penalty.decisions"] == 0
    assert cells["t2.coercion.decisions"] is None
    assert cells["t2.fees.amount"] == Decimal("12.34")
    assert str(cells["t2.fees.amount"]) == "12.34"
    services.figures_save(
        agency=tree.bureau, year=2025, by=staff.approver, licensing_decisions=1521, penalty_decisions=0,
        coercion_decisions=0, fees_amount=Decimal(0),
    )  # fmt: skip
    cells = selectors.table2_cells(agency=tree.bureau, year=2025)
    assert cells["t2.licensing.decisions"] == 1521
    assert str(cells["t2.fees.amount"]) == "0"
    assert YearlyFigures.objects.count() == 1
    assert AuditEvent.objects.filter(action="yearly_figures.save").count() == 2


def test_figures_refused(tree: Tree, staff: Staff) -> None:
    with pytest.raises(DisclosureError, match="不能为负数"):
        services.figures_save(
            agency=tree.bureau, year=2025, by=staff.officer, licensing_decisions=-1, penalty_decisions=None,
            coercion_decisions=None, fees_amount=None,
        )  # fmt: skip
    with pytest.raises(DisclosureError, match="须由本机关工作人员办理"):
        services.figures_save(
            agency=tree.bureau, year=2025, by=staff.other_officer, licensing_decisions=1, penalty_decisions=None,
            coercion_decisions=None, fees_amount=None,
        )  # fmt: skip
    with pytest.raises(DisclosureError, match="万元"):
        services.figures_save(
            agency=tree.bureau, year=2025, by=staff.officer, licensing_decisions=1, penalty_decisions=None,
            coercion_decisions=None, fees_amount=Decimal("-1"),
        )  # fmt: skip


@pytest.mark.parametrize(
    ("count", "fees", "message"),
    [
        (99999999999999999999, None, "行政许可处理决定数99999999999999999999超过上限1000000000"),
        (9223372036854775807, None, "行政许可处理决定数9223372036854775807超过上限"),
        (MAX_COUNT + 1, None, "超过上限1000000000"),
        (1, MAX_FEES_AMOUNT + 1, "万元超过上限1000000000万元"),
        (1, Decimal("99999999999999999999"), "超过上限"),
        (1, Decimal("1.23456"), "最多4位小数"),
    ],
)
def test_figures_beyond_any_agency_s_year_are_refused_before_the_database(
    tree: Tree, staff: Staff, count: int, fees: Decimal | None, message: str
) -> None:
    with pytest.raises(DisclosureError, match=message):
        services.figures_save(
            agency=tree.bureau, year=2025, by=staff.officer, licensing_decisions=count, penalty_decisions=None,
            coercion_decisions=None, fees_amount=fees,
        )  # fmt: skip
    assert not YearlyFigures.objects.exists()
    largest = services.figures_save(
        agency=tree.bureau, year=2025, by=staff.officer, licensing_decisions=MAX_COUNT, penalty_decisions=MAX_COUNT,
        coercion_decisions=MAX_COUNT, fees_amount=MAX_FEES_AMOUNT,
    )  # fmt: skip
    assert largest.licensing_decisions == MAX_COUNT


@pytest.mark.parametrize(("year", "message"), [(2027, "2027年度尚未开始"), (2099, "2099年度尚未开始"),
                                               (2005, "早于2008年")])  # fmt: skip
def test_figures_of_a_year_that_has_not_begun_are_refused(
    tree: Tree, staff: Staff, today_is: TodayIs, year: int, message: str
) -> None:
    today_is(TODAY)
    with pytest.raises(DisclosureError, match=message):
        services.figures_save(
            agency=tree.bureau, year=year, by=staff.officer, licensing_decisions=1, penalty_decisions=None,
            coercion_decisions=None, fees_amount=None,
        )  # fmt: skip
    assert not YearlyFigures.objects.exists()
    services.figures_save(
        agency=tree.bureau, year=2026, by=staff.officer, licensing_decisions=1, penalty_decisions=None,
        coercion_decisions=None, fees_amount=None,
    )  # fmt: skip
    assert list(YearlyFigures.objects.values_list("year", flat=True)) == [2026]


def test_the_figures_import_refuses_huge_numbers_and_future_years_row_by_row(
    tree: Tree, staff: Staff, today_is: TodayIs
) -> None:
    today_is(TODAY)
    csv = "\n".join([
        ",".join(map(str, HEADER)),
        "2025,WZSP,99999999999999999999,9223372036854775807,1,99999999999999999999",
        "2027,WZSP,1,1,1,1",
        "2099,WZSP,1,1,1,1",
    ]).encode()  # fmt: skip
    rows = read_rows(csv, "figures.csv", required=("年度", "机关"))
    result = services.figures_import(by=staff.officer, rows=rows, agencies=[tree.bureau], dry_run=True)
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "行政许可"), (2, "行政处罚"), (2, "行政事业性收费（万元）"), (3, "年度"), (4, "年度"),
    ]  # fmt: skip
    assert "超过上限1000000000" in result.errors[0].message
    assert "2027年度尚未开始" in result.errors[3].message
    assert not YearlyFigures.objects.exists()


@pytest.mark.parametrize(
    ("formed_on", "message"),
    [
        (dt.date(2027, 6, 1), "形成或者变更日期2027-06-01晚于今天（2026-11-28）"),
        (dt.date(2026, 11, 29), "形成或者变更日期2026-11-29晚于今天"),
        (dt.date(1900, 1, 1), "形成或者变更日期1900-01-01早于1949年10月1日"),
    ],
)
def test_an_item_is_formed_between_the_regulations_and_today(
    make_item: MakeItem, staff: Staff, today_is: TodayIs, formed_on: dt.date, message: str
) -> None:
    today_is(TODAY)
    with pytest.raises(DisclosureError, match=message):
        make_item(formed_on=formed_on)
    assert not RegisterItem.objects.exists()
    item = make_item(formed_on=TODAY)
    assert item.index_number == "WZSP/2026-00001"  # no number was taken by the refused ones
    with pytest.raises(DisclosureError, match=message):
        services.item_update(item=item, by=staff.officer, on=TODAY, formed_on=formed_on)
    item.refresh_from_db()
    assert item.formed_on == TODAY


def test_a_document_older_than_the_regulations_is_registered_without_an_art_26_deadline(
    make_item: MakeItem, today_is: TodayIs
) -> None:
    today_is(TODAY)
    item = make_item(formed_on=dt.date(1998, 3, 2))
    assert item.formed_on == dt.date(1998, 3, 2)
    assert item.publication_due is None  # the Regulations set no deadline for what was formed before them


def test_review_steps_are_not_dated_after_today(make_item: MakeItem, staff: Staff, today_is: TodayIs) -> None:
    today_is(TODAY)
    item = make_item()
    with pytest.raises(DisclosureError, match="提交保密审查日期2026-12-01晚于今天"):
        services.item_submit_review(item=item, by=staff.officer, on=dt.date(2026, 12, 1))
    item.refresh_from_db()
    assert item.state == ItemState.DRAFT


def test_a_document_is_not_issued_before_it_was_formed_nor_after_today(
    make_item: MakeItem, staff: Staff, today_is: TodayIs
) -> None:
    today_is(TODAY)
    item = make_item(document_kind="normative", doc_number="", formed_on=dt.date(2026, 11, 20))
    with pytest.raises(DisclosureError, match="制发日期2026-11-19早于该文件的形成日期2026-11-20"):
        services.document_record(
            item=item,
            by=staff.officer,
            kind="issued",
            on=dt.date(2026, 11, 19),
            instrument="吴审批规发〔2026〕9号",
        )
    with pytest.raises(DisclosureError, match="制发日期2026-11-30晚于今天"):
        services.document_record(
            item=item,
            by=staff.officer,
            kind="issued",
            on=dt.date(2026, 11, 30),
            instrument="吴审批规发〔2026〕9号",
        )
    assert not item.document_events.exists()
    services.document_record(
        item=item,
        by=staff.officer,
        kind="issued",
        on=dt.date(2026, 11, 20),
        instrument="吴审批规发〔2026〕9号",
    )
    with pytest.raises(DisclosureError, match="有效期届满失效日期2099-01-01晚于今天"):
        services.document_record(item=item, by=staff.officer, kind="expired", on=dt.date(2099, 1, 1))
    item.refresh_from_db()
    assert item.ended_on is None


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ("in_review", "正在保密审查中"),
        ("approved", "已通过保密审查、待发布"),
        ("published", "该信息已公开，不能修改"),
        ("retracted", "该信息已撤下，不能修改"),
    ],
)
def test_an_item_past_its_draft_is_not_edited_and_the_reason_fits_its_state(
    make_item: MakeItem, staff: Staff, state: str, message: str
) -> None:
    item = make_item()
    RegisterItem.objects.filter(pk=item.pk).update(state=state)
    with pytest.raises(DisclosureError, match=message) as refused:
        services.item_update(item=item, by=staff.officer, on=FORMED, title="改")
    if state != "in_review":
        assert "审查人退回" not in str(refused.value)
    assert RegisterItem.objects.get(pk=item.pk).title == item.title


HEADER: list[object] = ["年度", "机关", "行政许可", "行政处罚", "行政强制", "行政事业性收费（万元）"]


def test_figures_import_dry_run_then_real(tree: Tree, staff: Staff) -> None:
    data = xlsx_bytes(
        [HEADER, [2024, "WZSP", 1300, 2, 0, 15.5], [2025, "吴忠市审批服务管理局", 1450, None, 1, "0"]]
    )
    rows = read_rows(data, "figures.xlsx", required=("年度", "机关"))
    dry = services.figures_import(by=staff.officer, rows=rows, agencies=[tree.bureau], dry_run=True)
    assert dry.ok
    assert dry.imported == 2
    assert YearlyFigures.objects.count() == 0
    real = services.figures_import(by=staff.officer, rows=rows, agencies=[tree.bureau], dry_run=False)
    assert real.imported == 2
    cells = selectors.table2_cells(agency=tree.bureau, year=2024)
    assert cells["t2.licensing.decisions"] == 1300
    assert cells["t2.fees.amount"] == Decimal("15.5")
    assert selectors.table2_cells(agency=tree.bureau, year=2025)["t2.penalty.decisions"] is None
    assert YearlyFigures.objects.get(year=2025).source == "import"


def test_figures_import_reports_every_row_error_and_writes_nothing(tree: Tree, staff: Staff) -> None:
    csv = "\n".join([
        ",".join(map(str, HEADER)),
        "2024,WZSP,1300,2,0,15.5",
        "20x4,WZSP,1,1,1,1",
        "2025,WZZR,1,1,1,1",
        "2025,WZSP,1.5,-2,a,1.123456",
        "2024,吴忠市审批服务管理局,1,1,1,1",
    ]).encode("gb18030")  # fmt: skip
    rows = read_rows(csv, "figures.csv", required=("年度", "机关"))
    result = services.figures_import(by=staff.officer, rows=rows, agencies=[tree.bureau], dry_run=False)
    found = {(e.row, e.column) for e in result.errors}
    assert (3, "年度") in found
    assert (4, "机关") in found  # not an agency the user enters figures for
    assert {(5, "行政许可"), (5, "行政处罚"), (5, "行政强制"), (5, "行政事业性收费（万元）")} <= found
    assert (6, "年度") in found  # the same agency and year as row 2
    assert any("与第2行重复" in e.message for e in result.errors)
    assert result.imported == 0
    assert YearlyFigures.objects.count() == 0


# --- Art. 44 ----------------------------------------------------------------------------------------------


def _decide(file_application: FileApplication, staff: Staff, answer: str) -> Application:
    from gongkai.web.applications import services as application_services

    application, _code = file_application()
    on = application.received_on
    assert on is not None
    application = application_services.application_propose_decision(
        application=application, by=staff.officer, on=on, answer=answer, text="答复。"
    )
    return application_services.application_approve_decision(
        application=application, by=staff.approver, on=on
    )


def test_art44_turns_a_disclosed_application_into_a_linked_draft(
    file_application: FileApplication, staff: Staff, tree: Tree
) -> None:
    application = _decide(file_application, staff, "disclosed")
    assert list(selectors.art44_candidates(tree.bureau)) == [application]
    item = services.item_from_application(
        application=application, by=staff.officer, title="2025年度建设工程规划许可证核发情况", category="a20.5",
        on=FORMED, channels=["portal"],
    )  # fmt: skip
    assert item.source_application == application
    assert item.attribute == "proactive"
    assert item.state == ItemState.DRAFT
    assert item.publication_due == DUE
    assert list(selectors.art44_candidates(tree.bureau)) == []
    assert "register_item.from_application" in audit_actions(item)
    with pytest.raises(DisclosureError, match="已转为主动公开登记"):
        services.item_from_application(
            application=application, by=staff.officer, title="x", category="a20.5", on=FORMED
        )


def test_art44_refuses_information_that_was_not_disclosed(
    file_application: FileApplication, staff: Staff
) -> None:
    application = _decide(file_application, staff, "not_held")
    with pytest.raises(DisclosureError, match="不是予以公开或部分公开"):
        services.item_from_application(
            application=application, by=staff.officer, title="x", category="a20.5", on=FORMED
        )
