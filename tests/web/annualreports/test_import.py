"""An agency's own earlier report, published before it used the platform, imported from the file it published:
only by the approver, only its own and for the year asked, with the day it was published; then on the portal
with the official files and the original, and the `previous` the next year's report is checked against."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.core.errors import ReportImportError, ReportWorkflowError
from gongkai.core.report import io
from gongkai.core.report.workflow import ReportStatus
from gongkai.web.annualreports import selectors, services
from gongkai.web.annualreports.models import AnnualReport, ReportFile
from gongkai.web.audit.models import AuditEvent
from gongkai.web.supervision.services import import_batch
from tests.web.conftest import Staff, Tree

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
WUZHONG_DOC = FIXTURES / "doc" / "wuzhong-approval-bureau-2021.doc"
HUAIAN_DOC = FIXTURES / "doc" / "huaian-city-government-2024.doc"
PAGE = "/office/annual-reports/WZSP/2021/"
TODAY = dt.date(2026, 11, 28)


def _upload(client: Client, path: Path, published_on: str, page: str = PAGE):  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="application/msword")
    return client.post(page + "import/", {"file": upload, "published_on": published_on})


def _import(tree: Tree, staff: Staff, path: Path = WUZHONG_DOC, year: int = 2021, on: dt.date | None = None):  # type: ignore[no-untyped-def]
    content = path.read_bytes()
    return services.report_import_own(
        agency=tree.bureau, year=year, parsed=io.parse_bytes(content, name=path.name), name=path.name,
        content=content, published_on=on or dt.date(year + 1, 1, 20), by=staff.approver, today=TODAY,
    )  # fmt: skip


def test_the_approver_imports_the_report_from_its_page(client: Client, tree: Tree, staff: Staff) -> None:
    client.force_login(staff.approver)
    page = client.get(PAGE).content.decode()
    assert 'data-action="import"' in page
    assert 'data-action="create"' not in page
    form = client.get(PAGE + "import/").content.decode()
    assert 'type="file"' in form
    assert 'name="published_on"' in form
    response = _upload(client, WUZHONG_DOC, "2022-01-20")
    assert response.status_code == 302
    report = AnnualReport.objects.get(agency=tree.bureau, year=2021)
    assert (report.source, report.published_on_stated) == (AnnualReport.Source.IMPORTED, True)
    assert report.first_published_on == dt.date(2022, 1, 20)
    version = selectors.newest_version(report)
    assert version is not None
    assert version.error_count == 5  # the five blank 行政复议 cells of the real report
    assert selectors.version_report(version).cells["t4.litigation_direct.total"] == 0
    status = selectors.report_status_for(tree.bureau, 2021, report, today=TODAY)
    assert (status.status, status.published_late) == (ReportStatus.PUBLISHED, False)
    assert AuditEvent.objects.filter(action="annual_report.import").count() == 1
    followed = client.get(PAGE).content.decode()
    assert "校验发现5个错误" in followed


def test_the_portal_offers_the_official_files_and_the_original(
    client: Client, tree: Tree, staff: Staff
) -> None:
    _import(tree, staff)
    html = client.get("/annual-reports/WZSP/2021/").content.decode()
    assert "2022年1月20日" in html
    assert 'data-format="original"' in html
    assert "wuzhong-approval-bureau-2021.doc" in html
    for fmt in ("html", "docx", "pdf", "json"):
        assert client.get(f"/annual-reports/WZSP/2021/v1.{fmt}").status_code == 200
    original = client.get("/annual-reports/WZSP/2021/v1.original")
    assert original["Content-Type"] == "application/msword"
    assert original["Content-Disposition"].startswith("attachment;")
    assert original.content == WUZHONG_DOC.read_bytes()
    data = client.get("/annual-reports/WZSP/2021/v1.json").content
    assert io.parse_bytes(data, name="v1.json").report["t3.new.total"] == 0


def test_a_report_published_after_31_january_is_late(tree: Tree, staff: Staff) -> None:
    report = _import(tree, staff, on=dt.date(2022, 3, 1)).report
    assert selectors.report_status_for(tree.bureau, 2021, report, today=TODAY).published_late


def test_the_next_report_is_checked_against_the_imported_one(tree: Tree, staff: Staff) -> None:
    _import(tree, staff)
    draft = services.report_create(agency=tree.bureau, year=2022, by=staff.officer, today=TODAY)
    previous = selectors.previous_report(draft.report)
    assert previous is not None
    assert (previous.agency, previous.year) == ("吴忠市审批服务管理局", 2021)


def test_an_officer_may_not_import(client: Client, tree: Tree, staff: Staff) -> None:
    client.force_login(staff.officer)
    assert 'data-action="import"' not in client.get(PAGE).content.decode()
    page = _upload(client, WUZHONG_DOC, "2022-01-20").content.decode()
    assert "须由负责人办理" in page
    assert not AnnualReport.objects.filter(agency=tree.bureau).exists()


@pytest.mark.parametrize(
    ("path", "page", "published_on", "says"),
    [
        (WUZHONG_DOC, "/office/annual-reports/WZSP/2022/", "2023-01-20", "不是2022年度的"),
        (HUAIAN_DOC, "/office/annual-reports/WZSP/2024/", "2025-01-20", "不是本机关"),
        (WUZHONG_DOC, PAGE, "2021-12-31", "发布日期应在2022年1月1日"),
        (WUZHONG_DOC, PAGE, "2030-01-01", "发布日期应在2022年1月1日"),
    ],
)
def test_a_wrong_file_or_date_is_refused_and_nothing_is_kept(  # type: ignore[no-untyped-def]
    client: Client, tree: Tree, staff: Staff, path, page, published_on, says
) -> None:
    client.force_login(staff.approver)
    response = _upload(client, path, published_on, page)
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not AnnualReport.objects.exists()
    assert not ReportFile.objects.exists()


def test_a_file_that_is_not_a_report_is_refused_in_chinese(client: Client, tree: Tree, staff: Staff) -> None:
    client.force_login(staff.approver)
    upload = SimpleUploadedFile("报告.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    page = client.post(PAGE + "import/", {"file": upload, "published_on": "2022-01-20"}).content.decode()
    assert "旧格式" in page
    assert not AnnualReport.objects.exists()


def test_a_year_with_a_report_of_its_own_cannot_import(tree: Tree, staff: Staff) -> None:
    services.report_create(agency=tree.bureau, year=2021, by=staff.officer, today=TODAY)
    with pytest.raises(ReportWorkflowError, match="不能“导入已发布的报告”"):
        _import(tree, staff)
    with pytest.raises(ReportWorkflowError):
        _import(tree, staff)  # and twice is refused alike
    assert AnnualReport.objects.get(agency=tree.bureau, year=2021).source == AnnualReport.Source.PLATFORM


def test_importing_twice_is_refused(tree: Tree, staff: Staff) -> None:
    _import(tree, staff)
    with pytest.raises((ReportWorkflowError, ReportImportError)):
        _import(tree, staff)
    assert ReportFile.objects.filter(kind=ReportFile.Kind.ORIGINAL).count() == 1


def test_a_supervisors_import_for_a_platform_agency_is_on_the_portal_with_its_files(
    client: Client, tree: Tree, staff: Staff
) -> None:
    batch = import_batch(
        under=tree.city, files=[(WUZHONG_DOC.name, WUZHONG_DOC.read_bytes())], by=staff.supervisor, on=TODAY
    )
    assert batch.results[0]["external"] is False
    for fmt in ("html", "docx", "pdf", "json", "original"):
        assert client.get(f"/annual-reports/WZSP/2021/v1.{fmt}").status_code == 200
    report = AnnualReport.objects.get(agency=tree.bureau, year=2021)
    assert not report.published_on_stated  # the import date says nothing about lateness
    assert not selectors.report_status_for(tree.bureau, 2021, report, today=TODAY).published_late


@pytest.mark.parametrize("published_on", ["0001-01-01", "2021-12-31"])
def test_a_wrong_publication_date_is_said_at_the_date_field(
    client: Client, tree: Tree, staff: Staff, monkeypatch: pytest.MonkeyPatch, published_on: str
) -> None:
    monkeypatch.setattr("gongkai.web.annualreports.views.today", lambda: TODAY)
    client.force_login(staff.approver)
    response = _upload(client, WUZHONG_DOC, published_on)
    form = response.context["form"]
    assert form.errors.get("file") is None
    [message] = form.errors["published_on"]
    assert (
        message == f"发布日期应在2022年1月1日（年度结束后）至今天（2026-11-28）之间，而不是{published_on}。"
    )
    assert not AnnualReport.objects.exists()


def test_an_import_for_a_year_not_ended_or_before_2008_is_refused(tree: Tree, staff: Staff) -> None:
    with pytest.raises(ReportImportError, match="2026年尚未结束"):
        _import(tree, staff, year=2026)
    with pytest.raises(ReportImportError, match="早于《政府信息公开条例》施行"):
        _import(tree, staff, year=2005)
    assert not AnnualReport.objects.exists()


def test_the_agencys_name_with_stray_spaces_is_its_own(tree: Tree, staff: Staff) -> None:
    value = io.parse_bytes(WUZHONG_DOC.read_bytes(), name=WUZHONG_DOC.name)
    spaced = type(value)(
        report=type(value.report)(
            template=value.report.template, agency=" 吴忠市 审批服务管理局 ", year=2021, cells=value.report.cells,
            sections=value.report.sections,
        ),
        findings=value.findings, format=value.format,
    )  # fmt: skip
    version = services.report_import_own(
        agency=tree.bureau, year=2021, parsed=spaced, name="x.doc", content=WUZHONG_DOC.read_bytes(),
        published_on=dt.date(2022, 1, 20), by=staff.approver, today=TODAY,
    )  # fmt: skip
    assert version.report.subject == "吴忠市审批服务管理局"
