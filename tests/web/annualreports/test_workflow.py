"""The annual report from draft to publication: every step, every refusal (in Chinese), the lock after
publication, corrections as new visible versions, and the published files parsing back to the same cells."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User

from gongkai.core.errors import ReportValueError, ReportWorkflowError
from gongkai.core.report import io
from gongkai.web.annualreports import selectors, services
from gongkai.web.annualreports.models import AnnualReport, ReportFigures, ReportFile, ReportVersion
from gongkai.web.disclosure import services as disclosure_services
from tests.web.conftest import FileApplication, Staff, Tree

YEAR = 2025
TODAY = dt.date(2026, 1, 20)


def written(version: ReportVersion) -> dict[str, list[str]]:
    """The narrative with every 【请…】 prompt replaced by real text."""
    return {
        key: [re.sub(r"【请[^】]*】", "本机关已按要求完成相关工作", p) for p in paragraphs]
        for key, paragraphs in version.sections.items()
    }


def fill_in(version: ReportVersion, by: User) -> ReportVersion:
    """Write the narrative and enter 0 for every figure the records leave blank."""
    manual = dict.fromkeys(services.editable_cells(version), 0)
    return services.report_edit(version=version, by=by, sections=written(version), manual=manual)


def published(tree: Tree, staff: Staff, year: int = YEAR) -> ReportVersion:
    version = services.report_create(agency=tree.bureau, year=year, by=staff.officer, today=TODAY)
    version = fill_in(version, staff.officer)
    assert services.report_check(version=version, by=staff.officer).passed
    version = services.report_approve(version=version, by=staff.approver, on=TODAY)
    return services.report_publish(version=version, by=staff.approver, on=TODAY)


def test_the_draft_takes_table_three_from_the_records_and_states_the_facts(
    tree: Tree, staff: Staff, file_application: FileApplication
) -> None:
    file_application(arrived_on=dt.date(YEAR, 3, 3))
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    value = selectors.version_report(version)
    assert value["t3.new.natural"] == 1
    assert value["t3.carried_forward.total"] == 1
    assert value["t3.total.total"] == 0
    assert value.agency == "吴忠市审批服务管理局"
    overview = "".join(value.sections["overview"])
    assert f"{YEAR}年全年收到政府信息公开申请1件" in overview
    assert "结转下年度继续办理1件" in overview
    assert version.status == "draft"
    assert AnnualReport.objects.get().newest_status == "draft"
    codes = {f["code"] for f in version.findings}
    assert "draft.placeholder" in codes
    assert "workflow.no_previous" in codes
    assert [e.action for e in selectors.report_history(version.report)] == ["annual_report.create"]


def test_the_draft_takes_tables_two_and_four_from_the_register_and_the_ledger(
    tree: Tree, staff: Staff
) -> None:
    disclosure_services.figures_save(
        agency=tree.bureau, year=YEAR, by=staff.officer, licensing_decisions=120, penalty_decisions=3,
        coercion_decisions=None, fees_amount=Decimal("1.25"),
    )  # fmt: skip
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    value = selectors.version_report(version)
    assert (value["t2.licensing.decisions"], value["t2.penalty.decisions"]) == (120, 3)
    assert value["t2.fees.amount"] == Decimal("1.25")
    assert value["t2.coercion.decisions"] is None
    assert (value["t2.rules.issued"], value["t2.normative.in_force"]) == (0, 0)
    assert all(
        value[f"t4.{g}.total"] == 0 for g in ("reconsideration", "litigation_direct", "litigation_after")
    )
    assert services.editable_cells(version) == ["t2.coercion.decisions"]


def test_only_an_officer_creates_and_only_once_and_only_after_the_year(tree: Tree, staff: Staff) -> None:
    with pytest.raises(ReportWorkflowError, match="须由承办人办理"):
        services.report_create(agency=tree.bureau, year=YEAR, by=staff.approver, today=TODAY)
    with pytest.raises(ReportWorkflowError, match="年尚未结束"):
        services.report_create(agency=tree.bureau, year=2026, by=staff.officer, today=TODAY)
    with pytest.raises(ReportWorkflowError, match="须由承办人办理"):
        services.report_create(agency=tree.bureau, year=YEAR, by=staff.other_officer, today=TODAY)
    services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    with pytest.raises(ReportWorkflowError, match="当前为“草稿”，不能“由办理记录生成草稿”"):
        services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)


def test_a_draft_with_errors_is_not_checked_and_the_findings_name_their_cells(
    tree: Tree, staff: Staff
) -> None:
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    result = services.report_check(version=version, by=staff.officer)
    assert not result.passed
    version.refresh_from_db()
    assert version.status == "draft"
    assert version.error_count == len(result.blocking) > 0
    blank = [f for f in version.findings if f["code"] == "cell.blank"]
    assert blank, "table 四 is blank until the appeals ledger or the officer fills it"
    assert all(f["cells"] for f in blank)
    with pytest.raises(ReportWorkflowError, match="当前为“草稿”，不能“审批同意”"):
        services.report_approve(version=version, by=staff.approver, on=TODAY)


def test_draft_to_published_and_the_files_parse_back_to_the_same_cells(tree: Tree, staff: Staff) -> None:
    version = published(tree, staff)
    assert version.status == "published"
    report = version.report
    report.refresh_from_db()
    assert (report.newest_status, report.first_published_on) == ("published", TODAY)
    value = selectors.version_report(version)
    files = {f.fmt: bytes(f.content) for f in ReportFile.objects.filter(version=version)}
    assert sorted(files) == ["docx", "html", "json", "pdf"]
    for fmt, content in files.items():
        parsed = io.parse_bytes(content, name=f"report.{fmt}")
        assert dict(parsed.report.cells) == dict(value.cells), fmt
        assert (parsed.report.agency, parsed.report.year) == (value.agency, value.year), fmt
    assert json.loads(files["json"])["cells"]["t3.new.total"] == 0
    figures = ReportFigures.objects.get(version=version)
    assert figures.current
    assert figures.t3_new_total == 0  # type: ignore[attr-defined]
    actions = list(reversed([e.action for e in selectors.report_history(report)]))
    assert actions == [
        "annual_report.create",
        "annual_report.edit",
        "annual_report.check",
        "annual_report.approve",
        "annual_report.publish",
    ]


def test_a_published_version_is_locked(tree: Tree, staff: Staff) -> None:
    version = published(tree, staff)
    with pytest.raises(ReportWorkflowError, match="当前为“已发布”，不能“修改草稿”"):
        services.report_edit(version=version, by=staff.officer, sections={})
    with pytest.raises(ReportWorkflowError, match="不能“按最新记录重新生成表格”"):
        services.report_refresh(version=version, by=staff.officer)
    with pytest.raises(ReportWorkflowError, match="不能“放弃本次更正”"):
        services.report_discard(version=version, by=staff.officer)


def test_a_correction_is_a_new_version_and_the_earlier_stays_visible(tree: Tree, staff: Staff) -> None:
    first = published(tree, staff)
    with pytest.raises(ReportWorkflowError, match="请写明更正的原因"):
        services.report_correct(report=first.report, by=staff.officer, note="  ")
    second = services.report_correct(report=first.report, by=staff.officer, note="表二行政许可数量填写有误。")
    assert (second.number, second.status, second.change_note) == (2, "draft", "表二行政许可数量填写有误。")
    manual = dict(second.manual_cells, **{"t2.licensing.decisions": 12})
    second = services.report_edit(version=second, by=staff.officer, sections=second.sections, manual=manual)
    assert services.report_check(version=second, by=staff.officer).passed
    second = services.report_approve(version=second, by=staff.approver, on=TODAY)
    # While the correction is under way the public still reads version 1.
    assert selectors.published_version(first.report) == first
    second = services.report_publish(version=second, by=staff.approver, on=TODAY + dt.timedelta(days=3))
    first.refresh_from_db()
    assert first.status == "superseded"
    assert [v.number for v in selectors.published_versions(first.report)] == [2, 1]
    figures = {f.version.number: f for f in ReportFigures.objects.select_related("version")}
    assert figures[1].current is False
    assert figures[2].current is True
    assert figures[2].t2_licensing_decisions == 12  # type: ignore[attr-defined]
    report = AnnualReport.objects.get()
    assert report.first_published_on == TODAY


def test_an_unpublished_correction_can_be_discarded(tree: Tree, staff: Staff) -> None:
    first = published(tree, staff)
    second = services.report_correct(report=first.report, by=staff.officer, note="误操作。")
    services.report_discard(version=second, by=staff.officer)
    report = AnnualReport.objects.get()
    assert report.newest_status == "published"
    assert list(report.versions.values_list("number", flat=True)) == [1]


def test_refresh_takes_new_records_and_keeps_the_narrative(
    tree: Tree, staff: Staff, file_application: FileApplication
) -> None:
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    version = fill_in(version, staff.officer)
    sections = version.sections
    file_application(arrived_on=dt.date(YEAR, 6, 2))
    version, changed = services.report_refresh(version=version, by=staff.officer)
    assert {
        "t3.new.natural",
        "t3.new.total",
        "t3.carried_forward.natural",
        "t3.carried_forward.total",
    } <= set(changed)
    assert version.sections == sections
    assert selectors.version_report(version)["t3.new.total"] == 1


def test_table_three_cannot_be_typed_in_and_figures_cannot_be_negative(tree: Tree, staff: Staff) -> None:
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    with pytest.raises(ReportWorkflowError, match="数据来自办理记录，不能手工填写"):
        services.report_edit(version=version, by=staff.officer, sections={}, manual={"t3.new.total": 4})
    editable = services.editable_cells(version)
    assert editable
    assert all(c.startswith(("t2.", "t4.")) for c in editable)
    with pytest.raises(ReportValueError, match="不能为负数"):
        services.report_edit(version=version, by=staff.officer, sections={}, manual={editable[0]: -1})


def test_editing_a_checked_draft_sends_it_back_to_draft(tree: Tree, staff: Staff) -> None:
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    version = fill_in(version, staff.officer)
    assert services.report_check(version=version, by=staff.officer).passed
    version.refresh_from_db()
    version = services.report_edit(version=version, by=staff.officer, sections=version.sections)
    assert version.status == "draft"
    assert version.checked_at is None


def test_the_approver_returns_with_a_reason(tree: Tree, staff: Staff) -> None:
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    version = fill_in(version, staff.officer)
    services.report_check(version=version, by=staff.officer)
    version.refresh_from_db()
    with pytest.raises(ReportWorkflowError, match="写明退回的理由"):
        services.report_return(version=version, by=staff.approver, note="")
    with pytest.raises(ReportWorkflowError, match="须由负责人办理"):
        services.report_return(version=version, by=staff.officer, note="x")
    version = services.report_return(version=version, by=staff.approver, note="第五部分过于简单。")
    assert (version.status, version.return_note) == ("draft", "第五部分过于简单。")


def test_last_years_published_report_is_the_previous_of_the_rules(tree: Tree, staff: Staff) -> None:
    earlier = published(tree, staff, year=YEAR - 1)
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    codes = {f["code"] for f in version.findings}
    assert "workflow.no_previous" not in codes
    assert selectors.previous_report(version.report) == selectors.version_report(earlier)


def test_views_of_a_draft_are_only_for_the_agency_and_its_supervisors(
    tree: Tree, staff: Staff, client: Any
) -> None:
    services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    url = f"/office/annual-reports/WZSP/{YEAR}/"
    client.force_login(staff.other_officer)
    assert client.get(url).status_code == 404
    client.force_login(staff.supervisor)
    page = client.get(url)
    assert page.status_code == 200
    assert "只读" in page.content.decode()
    assert 'data-action="check"' not in page.content.decode()
    client.force_login(staff.officer)
    page = client.get(url)
    assert 'data-action="check"' in page.content.decode()
    # The public page does not exist before publication.
    assert client.get(f"/annual-reports/WZSP/{YEAR}/").status_code == 404


def test_a_correction_that_changes_nothing_is_neither_checked_nor_published(tree: Tree, staff: Staff) -> None:
    first = published(tree, staff)
    second = services.report_correct(report=first.report, by=staff.officer, note="更正表二数据。")
    with pytest.raises(ReportWorkflowError, match="本次更正与第1版的内容完全相同"):
        services.report_check(version=second, by=staff.officer)
    # Approved before the content was put back as it was: publishing is refused too, and nothing is written.
    manual = dict(second.manual_cells, **{"t2.licensing.decisions": 9})
    second = services.report_edit(version=second, by=staff.officer, sections=second.sections, manual=manual)
    assert services.report_check(version=second, by=staff.officer).passed
    second = services.report_approve(
        version=ReportVersion.objects.get(pk=second.pk), by=staff.approver, on=TODAY
    )
    ReportVersion.objects.filter(pk=second.pk).update(manual_cells=first.manual_cells)
    second = ReportVersion.objects.get(pk=second.pk)
    with pytest.raises(ReportWorkflowError, match="完全相同"):
        services.report_publish(version=second, by=staff.approver, on=TODAY)
    assert ReportVersion.objects.get(pk=second.pk).status == "approved"
    assert not ReportFile.objects.filter(version=second).exists()
    assert ReportFigures.objects.filter(current=True).get().version_id == first.pk


def test_a_draft_is_only_made_for_an_ended_year_in_the_2021_format(tree: Tree, staff: Staff) -> None:
    with pytest.raises(ReportWorkflowError, match="2020年度报告采用2019年试行格式"):
        services.report_create(agency=tree.bureau, year=2020, by=staff.officer, today=TODAY)
    with pytest.raises(ReportWorkflowError, match="2026年尚未结束"):
        services.report_create(agency=tree.bureau, year=2026, by=staff.officer, today=TODAY)
    assert not AnnualReport.objects.exists()


def test_a_hand_entered_figure_beyond_the_bound_is_refused(tree: Tree, staff: Staff) -> None:
    version = services.report_create(agency=tree.bureau, year=YEAR, by=staff.officer, today=TODAY)
    with pytest.raises(ReportValueError, match="不能超过1000000000"):
        services.report_edit(
            version=version, by=staff.officer, sections=version.sections,
            manual={"t2.licensing.decisions": 10**30},
        )  # fmt: skip
