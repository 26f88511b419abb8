from __future__ import annotations

import datetime as dt
import time
import uuid
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.web.applications.models import Application
from gongkai.web.imports import services as import_services
from gongkai.web.imports.models import ImportJob
from gongkai.web.imports.selectors import STALE_AFTER, import_job_for
from gongkai.web.imports.services import (
    COLUMNS,
    import_cases,
    import_job_create,
    import_job_run,
    progress_key,
    read_table,
)
from tests.web.conftest import Staff, Tree, xlsx_bytes

GOOD = [
    [
        "2023-001",
        "2023-03-06",
        "当面",
        "自然人",
        "马建国",
        "",
        "640302198001010011",
        "13995300001",
        "吴忠市",
        "规划许可",
        "予以公开，提供信息或告知获取方式、途径和时间",
        "",
        "2023-03-20",
    ],
    [
        "2023-002",
        "2023-11-20",
        "挂号",
        "商业企业",
        "某公司",
        "",
        "91640300MA76XXXX1Y",
        "0953-1",
        "吴忠市",
        "环评",
        "",
        "撤回",
        "2023-12-01",
    ],
    [
        "2023-003",
        "2023年12月28日",
        "网上",
        "法律服务机构",
        "某律所",
        "",
        "31640000MD0000000X",
        "0953-2",
        "吴忠市",
        "预算",
        "",
        "",
        "",
    ],
]


def xlsx(rows: list[list[str]]) -> bytes:
    return xlsx_bytes([list(COLUMNS), *rows])


def csv_bytes(rows: list[list[str]]) -> bytes:
    lines = [",".join(COLUMNS), *(",".join(r) for r in rows)]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def test_a_dry_run_checks_everything_and_writes_nothing(tree: Tree, staff: Staff) -> None:
    result = import_cases(
        agency=tree.bureau, by=staff.officer, rows=read_table(xlsx(GOOD), "a.xlsx"), dry_run=True
    )
    assert result.ok
    assert (result.rows, result.imported) == (3, 3)
    assert not Application.objects.exists()


def test_the_real_import_writes_every_row(tree: Tree, staff: Staff) -> None:
    progress: list[int] = []
    result = import_cases(
        agency=tree.bureau,
        by=staff.officer,
        rows=read_table(csv_bytes(GOOD), "a.csv"),
        dry_run=False,
        progress=progress.append,
    )
    assert result.ok
    assert result.imported == 3
    assert progress == [1, 2, 3]
    by_legacy = {a.legacy_number: a for a in Application.objects.all()}
    assert by_legacy["2023-001"].outcome_row == "granted"
    assert by_legacy["2023-002"].outcome_row == "other_other"
    assert by_legacy["2023-003"].status == "processing"
    assert str(by_legacy["2023-003"].received_on) == "2023-12-28"


def test_cases_closed_without_an_answer_are_imported_as_they_ended(tree: Tree, staff: Staff) -> None:
    closed = [
        [f"C-{i}", "2023-03-06", "当面", "自然人", "马建国", "", "640302198001010011", "13995300001", "吴忠市",
         "规划许可", "", closing, "2023-04-20"]
        for i, closing in enumerate(["撤回", "逾期未补正", "逾期未缴费"])
    ]  # fmt: skip
    result = import_cases(
        agency=tree.bureau, by=staff.officer, rows=read_table(xlsx(closed), "c.xlsx"), dry_run=False
    )
    assert result.ok, result.errors
    ended = {a.legacy_number: (a.status, a.outcome_row) for a in Application.objects.all()}
    assert ended == {
        "C-0": ("withdrawn", "other_other"),
        "C-1": ("abandoned", "other_no_correction"),
        "C-2": ("fee_unpaid", "other_fee_unpaid"),
    }


def test_row_errors_are_listed_and_nothing_is_written(tree: Tree, staff: Staff) -> None:
    bad = [
        GOOD[0],
        ["x", "2023-02-30", "飞鸽", "外星人", "", "", "1", "2", "3", "4", "胡说", "", ""],
        ["y", "2023-05-05", "当面", "自然人", "某人", "", "1", "2", "3", "4", "", "", "2023-04-01"],
    ]
    result = import_cases(
        agency=tree.bureau, by=staff.officer, rows=read_table(xlsx(bad), "b.xlsx"), dry_run=False
    )
    assert not result.ok
    errors = {(e.row, e.column) for e in result.errors}
    assert {(3, "收到日期"), (3, "渠道"), (3, "申请人类型"), (3, "申请人"), (3, "答复类型")} <= errors
    assert (4, "答复类型") in errors  # a date without an answer
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e.message) for e in result.errors)
    assert not Application.objects.exists()


def test_a_ledger_as_offices_keep_it_imports(tree: Tree, staff: Staff) -> None:
    """A title above the column names, the names other ledgers use (受理日期, 申请方式, 身份证号码…), names with
    a required-mark or a line break, a blank row, dates as clerks type them — and an error names the row of
    the sheet, counted as the clerk sees it."""
    headers = ["登记编号", "受理日期*", "申请方式", "申请人身份", "申请人姓名（名称）", "身份证号码", "联系\n电话",
               "通讯地址", "申请公开的内容", "答复结果", "办结时间", "备注", "备注"]  # fmt: skip
    ledger = [
        ["2023年政府信息公开申请登记台账", *[""] * 12],
        ["填报单位：吴忠市审批服务管理局", *[""] * 12],
        headers,
        ["L-1", "2023.3.6", "当面", "自然人", "马建国", "640302198001010011", "13995300001", "吴忠市", "规划许可",
         "予以公开，提供信息或告知获取方式、途径和时间", "2023年3月20日 16:30", "", ""],
        [""] * 13,
        ["L-2", "20231120", "网上", "自然人", "马建国", "640302198001010011", "13995300001", "吴忠市", "预算",
         "", "", "复核", "二次"],
        ["合计", "", "", "", "", "", "", "", "2件", "", "", "", ""],
        ["填表人：王芳", "", "", "", "", "审核人：李明", "", "", "", "", "", "", ""],
    ]  # fmt: skip
    rows = read_table(xlsx_bytes(ledger), "台账.xlsx")
    assert [row.number for row in rows] == [4, 6]
    assert [(s.number, s.reason) for s in rows.skipped] == [(7, "合计行"), (8, "签署行")]
    result = import_cases(agency=tree.bureau, by=staff.officer, rows=rows, dry_run=False)
    assert result.ok, result.errors
    imported = {a.legacy_number: a for a in Application.objects.all()}
    assert (str(imported["L-1"].received_on), imported["L-1"].outcome_row) == ("2023-03-06", "granted")
    assert (str(imported["L-2"].received_on), imported["L-2"].channel) == ("2023-11-20", "online")

    ledger[3][0], ledger[5][0] = (
        "L-3",
        "L-4",
    )  # other cases (the same ones again would be refused as imported)
    ledger[5][1] = "2023-02-30"
    result = import_cases(
        agency=tree.bureau, by=staff.officer, rows=read_table(xlsx_bytes(ledger), "台账.xlsx"), dry_run=True
    )
    assert [(e.row, e.column) for e in result.errors] == [(6, "收到日期")]


def test_two_columns_that_mean_the_same_are_refused() -> None:
    data = xlsx_bytes([[*COLUMNS, "手机"], ["x"] * (len(COLUMNS) + 1)])
    with pytest.raises(ValidationError, match="“联系电话”和“手机”两列都是“联系电话”"):
        read_table(data, "a.xlsx")


def test_unreadable_files_are_refused_in_chinese() -> None:
    with pytest.raises(ValidationError, match="只能导入"):
        read_table(b"x", "a.pdf")
    with pytest.raises(ValidationError, match="缺少必需的列"):
        read_table(b"a,b\n1,2\n", "a.csv")
    with pytest.raises(ValidationError, match="无法读取"):
        read_table(b"PK\x03\x04 broken", "a.xlsx")


def _wait_until_finished(client: Client, job_url: str) -> dict[str, object]:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        progress: dict[str, object] = client.get(job_url + "progress/").json()
        if progress["finished"]:
            return progress
        time.sleep(0.1)
    raise AssertionError("the import did not finish in 60 s")


@pytest.mark.django_db(transaction=True)
def test_the_upload_page_runs_the_import_in_the_background_and_shows_its_result(
    tree: Tree, staff: Staff
) -> None:
    client = Client()
    client.force_login(staff.officer)
    upload = SimpleUploadedFile("cases.xlsx", xlsx([*GOOD, ["合计：3件", *[""] * (len(COLUMNS) - 1)]]))
    response = client.post(
        reverse("imports:upload"), {"agency": tree.bureau.pk, "file": upload, "dry_run": "on"}
    )
    assert response.status_code == 302
    job_url = response["Location"]
    progress = _wait_until_finished(client, job_url)
    assert progress["total"] == 3
    page = client.get(job_url).content.decode()
    assert "检查通过" in page
    assert "1行不是记录" in page
    assert "<td>5</td><td>合计行</td><td>合计：3件</td>" in page
    assert "import-progress" not in page  # finished: no poller left on the page
    assert not Application.objects.exists()

    upload = SimpleUploadedFile("cases.xlsx", xlsx(GOOD))
    job_url = client.post(reverse("imports:upload"), {"agency": tree.bureau.pk, "file": upload})["Location"]
    _wait_until_finished(client, job_url)
    assert "已导入3件" in client.get(job_url).content.decode()
    assert Application.objects.count() == 3
    job = ImportJob.objects.get(dry_run=False)
    assert (job.status, job.imported, job.errors) == ("done", 3, [])
    assert "cases.xlsx" in client.get(reverse("imports:upload")).content.decode()  # the recent jobs

    other = Client()
    other.force_login(staff.officer2)  # same agency, not the one who started it
    assert other.get(job_url).status_code == 404
    assert other.get(job_url + "progress/").status_code == 404
    supervisor = Client()
    supervisor.force_login(staff.supervisor)
    assert supervisor.get(reverse("imports:upload")).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_row_errors_from_the_background_job_are_listed_and_nothing_is_written(
    tree: Tree, staff: Staff
) -> None:
    client = Client()
    client.force_login(staff.officer)
    bad = [GOOD[0], ["x", "2023-02-30", "飞鸽", "外星人", "", "", "1", "2", "3", "4", "胡说", "", ""]]
    upload = SimpleUploadedFile("bad.csv", csv_bytes(bad))
    job_url = client.post(reverse("imports:upload"), {"agency": tree.bureau.pk, "file": upload})["Location"]
    _wait_until_finished(client, job_url)
    page = client.get(job_url).content.decode()
    assert "未导入任何案件" in page
    assert "无法识别的渠道“飞鸽”" in page
    assert not Application.objects.exists()


def test_a_job_reports_its_progress_while_it_writes(
    tree: Tree, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    twelve = [
        [f"{row[0]}-{n}", *row[1:]] for n in range(4) for row in GOOD
    ]  # twelve cases, each its own 原编号
    rows = read_table(xlsx(twelve), "a.xlsx")
    job = import_job_create(agency=tree.bureau, by=staff.officer, filename="a.xlsx", rows=rows, dry_run=False)
    reports: list[tuple[str, int, int]] = []
    report = import_services._report

    def recorded(job_id: uuid.UUID, stage: str, done: int, total: int) -> None:
        reports.append((stage, done, total))
        report(job_id, stage, done, total)

    monkeypatch.setattr(import_services, "_report", recorded)
    finished = import_job_run(job_id=job.pk, rows=rows)
    assert reports[0] == ("checking", 0, 12)
    assert reports[-1] == ("writing", 12, 12)
    written = [done for stage, done, _total in reports if stage == "writing"]
    assert written == sorted(written)
    assert (finished.status, finished.imported, finished.errors) == ("done", 12, [])
    assert cache.get(progress_key(job.pk)) is None  # finished: the result is on the job's row


def test_a_failure_in_the_database_is_recorded_and_nothing_is_written(tree: Tree, staff: Staff) -> None:
    # A case numbered outside the agency's counter (e.g. a database restored from an older backup): the import's
    # second case gets the same number, which the database refuses halfway through the writes.
    Application.objects.create(
        agency=tree.bureau,
        number="WZSP-2023-0002",
        year=2023,
        seq=2,
        query_digest="x",
        status="submitted",
        channel="online",
        applicant_kind="natural",
        description="已有案件",
        requested_form="paper",
        delivery="post",
        submitted_at=timezone.now(),
        arrived_on=dt.date(2023, 1, 3),
    )
    rows = read_table(xlsx(GOOD), "a.xlsx")
    job = import_job_create(agency=tree.bureau, by=staff.officer, filename="a.xlsx", rows=rows, dry_run=False)
    finished = import_job_run(job_id=job.pk, rows=rows)
    assert finished.status == "failed"
    assert "IntegrityError" in finished.failure
    assert list(Application.objects.values_list("number", flat=True)) == ["WZSP-2023-0002"]
    client = Client()
    client.force_login(staff.officer)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "导入出错，未导入任何案件" in page


def test_a_job_whose_process_stopped_is_shown_as_interrupted(tree: Tree, staff: Staff) -> None:
    job = ImportJob.objects.create(
        agency=tree.bureau,
        created_by=staff.officer,
        filename="a.xlsx",
        dry_run=False,
        rows=10,
        status="running",
    )
    cache.set(progress_key(job.pk), {"stage": "writing", "done": 4, "total": 10, "at": time.time()})
    view = import_job_for(staff.officer, job.pk)
    assert view is not None
    assert not view.finished
    cache.set(
        progress_key(job.pk),
        {"stage": "writing", "done": 4, "total": 10, "at": time.time() - STALE_AFTER - 1},
    )
    view = import_job_for(staff.officer, job.pk)
    assert view is not None
    assert view.finished
    assert view.interrupted
    client = Client()
    client.force_login(staff.officer)
    page = client.get(reverse("imports:job", args=[job.pk])).content.decode()
    assert "导入被中断" in page
    assert import_job_for(staff.officer2, job.pk) is None


def write(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "cases.xlsx"
    path.write_bytes(xlsx(rows))
    return path


_CELL = st.one_of(
    st.sampled_from(
        [
            "",
            "2024-03-05",
            "2024年3月5日",
            "2024/2/30",
            "当面",
            "自然人",
            "撤回",
            "予以公开，提供信息或告知获取方式、途径和时间",
        ]
    ),
    st.text(max_size=30),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.lists(_CELL, min_size=len(COLUMNS), max_size=len(COLUMNS)), min_size=1, max_size=4))
def test_any_row_is_imported_or_refused_with_row_errors_never_a_crash(
    tree: Tree, staff: Staff, rows: list[list[str]]
) -> None:
    result = import_cases(
        agency=tree.bureau,
        by=staff.officer,
        rows=[dict(zip(COLUMNS, row, strict=True)) for row in rows],
        dry_run=True,
    )
    assert result.ok or all(2 <= e.row <= len(rows) + 1 and e.message for e in result.errors)
    assert not Application.objects.exists()


def test_a_ledger_kept_in_excel_97_imports(tree: Tree, staff: Staff) -> None:
    xls = Path(__file__).parents[2] / "fixtures" / "spreadsheets" / "legacy-cases-excel97.xls"
    result = import_cases(
        agency=tree.bureau, by=staff.officer, rows=read_table(xls.read_bytes(), xls.name), dry_run=False
    )
    assert result.ok, result.errors
    imported = {
        a.legacy_number: (str(a.received_on), a.status, a.outcome_row) for a in Application.objects.all()
    }
    assert imported == {
        "2019-007": ("2019-03-06", "closed", "granted"),
        "2019-008": ("2019-11-20", "withdrawn", "other_other"),
        "2019-009": ("2019-12-27", "processing", ""),
    }


def test_a_ledger_imported_twice_or_dated_in_the_future_is_refused_row_by_row(
    tree: Tree, staff: Staff
) -> None:
    first = import_cases(
        agency=tree.bureau, by=staff.officer, rows=read_table(xlsx(GOOD), "a.xlsx"), dry_run=False
    )
    assert first.ok
    again = import_cases(agency=tree.bureau, by=staff.officer, rows=read_table(xlsx(GOOD), "a.xlsx"))
    assert {(e.row, e.column) for e in again.errors} == {(2, "原编号"), (3, "原编号"), (4, "原编号")}
    assert "已经导入过" in again.errors[0].message
    future = [
        ["n-1", "2099-05-05", *GOOD[0][2:]],
        ["n-2", "1900-01-01", *GOOD[0][2:]],
        ["n-3", *GOOD[0][1:12], "2099-01-01"],
        ["n-3", *GOOD[0][1:10], "胡说", "", ""],
    ]
    checked = import_cases(agency=tree.bureau, by=staff.officer, rows=read_table(xlsx(future), "b.xlsx"))
    messages = {(e.row, e.column): e.message for e in checked.errors}
    assert "晚于今天" in messages[(2, "收到日期")]
    assert "早于政府信息公开条例施行之日" in messages[(3, "收到日期")]
    assert "晚于今天" in messages[(4, "答复日期")]
    assert "与第4行重复" in messages[(5, "原编号")]
    assert "可填：" in messages[(5, "答复类型")]
    assert Application.objects.count() == len(GOOD)


def test_a_value_the_database_refuses_is_reported_under_its_column(tree: Tree, staff: Staff) -> None:
    too_long = [[*GOOD[0][:4], "名" * 121, *GOOD[0][5:]]]
    result = import_cases(agency=tree.bureau, by=staff.officer, rows=read_table(xlsx(too_long), "c.xlsx"))
    assert [e.column for e in result.errors] == ["申请人"]
    assert Application.objects.count() == 0
