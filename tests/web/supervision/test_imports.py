"""Importing a batch of mixed-format reports: the real corpus and reports rendered by the engine in every format,
each stored with its findings and counted in the sums; unreadable files listed with their Chinese reason and
nothing of them written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.core.errors import ReportImportError
from gongkai.core.report import io
from gongkai.core.report.aggregate import aggregate
from gongkai.core.report.model import Report
from gongkai.web.annualreports import selectors as reports
from gongkai.web.annualreports.models import AnnualReport, ReportFigures, ReportFile, ReportVersion
from gongkai.web.audit.models import AuditEvent
from gongkai.web.supervision.models import ImportBatch
from gongkai.web.supervision.services import import_batch
from tests.web.conftest import Staff, Tree

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus"
ON = dt.date(2026, 2, 10)


def generated(name: str, year: int, seed: int) -> Report:
    """A consistent report of an agency not on the platform, with figures derived from `seed`."""
    base = Report.blank("2021", agency=name, year=year)
    cells: dict[str, Any] = dict.fromkeys(base.cells, 0)
    granted, partial, forward = seed % 7 + 1, seed % 3, seed % 2
    cells.update(
        {
            "t3.new.natural": granted + partial + forward,
            "t3.new.total": granted + partial + forward,
            "t3.granted.natural": granted,
            "t3.granted.total": granted,
            "t3.partial.natural": partial,
            "t3.partial.total": partial,
            "t3.total.natural": granted + partial,
            "t3.total.total": granted + partial,
            "t3.carried_forward.natural": forward,
            "t3.carried_forward.total": forward,
            "t2.fees.amount": Decimal(seed) / 10,
            "t4.reconsideration.upheld": seed % 2,
            "t4.reconsideration.total": seed % 2,
        }
    )
    return Report(
        template="2021", agency=name, year=year, cells=cells,
        sections={"overview": (f"{year}年，本机关依法做好政府信息公开工作。",), "problems": ("信息更新不够及时。",),
                  "other": ("本年度未收取信息处理费。",)},
    )  # fmt: skip


def batch_files() -> list[tuple[str, bytes]]:
    files = [
        ("wuzhong-approval-bureau-2021.txt", (CORPUS / "wuzhong-approval-bureau-2021.txt").read_bytes()),
        ("huaian-city-government-2024.pdf", (CORPUS / "huaian-city-government-2024.pdf").read_bytes()),
        ("template-2021-blank.docx", (CORPUS / "template-2021-blank.docx").read_bytes()),
    ]
    agencies = [
        "吴忠市教育局",
        "吴忠市民政局",
        "吴忠市财政局",
        "吴忠市卫生健康委员会",
        "吴忠市交通运输局",
        "吴忠市林业和草原局",
    ]
    for seed, (fmt, agency) in enumerate(
        zip(["html", "docx", "xlsx", "json", "txt", "pdf"], agencies, strict=True)
    ):
        files.append((f"{agency}-2024.{fmt}", io.render(generated(agency, 2024, seed), fmt)))
    files.append(("损坏的文件.docx", b"PK\x03\x04 this is not really a zip archive"))
    files.append(("空文件.txt", b""))
    return files


@pytest.fixture
def batch(tree: Tree, staff: Staff) -> ImportBatch:
    return import_batch(under=tree.city, files=batch_files(), by=staff.supervisor, on=ON)


def test_every_file_is_listed_with_its_result(batch: ImportBatch) -> None:
    results = {r["name"]: r for r in batch.results}
    assert [r["name"] for r in batch.results] == [name for name, _ in batch_files()]
    assert (batch.imported, batch.failed) == (8, 3)
    assert results["template-2021-blank.docx"]["message"].startswith("文件中没有找到")
    assert "损坏" in results["损坏的文件.docx"]["message"]
    assert results["空文件.txt"]["message"] == "文件是空的，没有可读取的内容。"
    assert all(r["report_id"] is None for r in batch.results if not r["ok"])
    wuzhong = results["wuzhong-approval-bureau-2021.txt"]
    # The real report's five blank 行政复议 cells are errors of that report, kept with it.
    assert (wuzhong["ok"], wuzhong["errors"], wuzhong["external"]) == (True, 5, False)
    assert results["huaian-city-government-2024.pdf"]["errors"] == 0
    assert AuditEvent.objects.filter(action="supervision.import", object_id=str(batch.pk)).exists()


def test_nothing_of_a_failed_file_is_written(batch: ImportBatch) -> None:
    assert AnnualReport.objects.count() == 8
    assert ReportVersion.objects.count() == 8
    assert ReportFile.objects.filter(kind="original").count() == 8
    assert ReportFigures.objects.count() == 8
    assert not AnnualReport.objects.filter(subject="").exists()


def test_a_report_named_like_a_platform_agency_is_filed_as_its_report(batch: ImportBatch, tree: Tree) -> None:
    report = AnnualReport.objects.get(year=2021)
    assert (report.agency, report.external, report.source) == (tree.bureau, False, "imported")
    assert [f["code"] for f in reports.newest_version(report).findings].count("cell.blank") == 5  # type: ignore[union-attr]
    huaian = AnnualReport.objects.get(subject="淮安市人民政府")
    assert (huaian.agency, huaian.external) == (tree.city, True)


def test_the_stored_report_is_the_parsed_one_with_its_original_file(batch: ImportBatch) -> None:
    for report in AnnualReport.objects.all():
        version = reports.newest_version(report)
        assert version is not None
        original = reports.report_original(version)
        assert original is not None
        parsed = io.parse_bytes(bytes(original.content), name=original.name).report
        assert reports.version_report(version) == parsed


def test_imported_reports_are_summed_into_the_subtree(batch: ImportBatch, tree: Tree) -> None:
    imported = {r["name"] for r in batch.results if r["ok"] and r["year"] == 2024}
    parsed = [
        io.parse_bytes(content, name=name).report for name, content in batch_files() if name in imported
    ]
    assert len(parsed) == 7
    expected = aggregate(parsed, agency="汇总", year=2024)
    total = reports.figures_sums(tree.city, [2024], name="汇总")[2024].aggregate
    assert total.count == 7
    assert dict(total.report.cells) == dict(expected.report.cells)
    assert dict(total.blanks) == dict(expected.blanks)
    assert total.report["t2.fees.amount"] == expected.report["t2.fees.amount"]
    # Another subtree does not see them.
    assert reports.figures_sums(tree.other, [2024], name="x")[2024].aggregate.count == 0


def test_the_same_report_is_not_imported_twice(batch: ImportBatch, tree: Tree, staff: Staff) -> None:
    again = import_batch(under=tree.city, files=batch_files()[:2], by=staff.supervisor, on=ON)
    assert again.imported == 0
    assert [r["message"] for r in again.results] == [
        "已导入过吴忠市审批服务管理局2021年度的报告，未重复导入。",
        "已导入过淮安市人民政府2024年度的报告，未重复导入。",
    ]


def test_only_a_supervisor_of_the_agency_imports(tree: Tree, staff: Staff) -> None:
    with pytest.raises(ReportImportError, match="只有上级机关的监督人员"):
        import_batch(under=tree.city, files=batch_files()[:1], by=staff.officer, on=ON)
    assert AnnualReport.objects.count() == 0


def test_the_command_imports_a_folder_with_a_progress_bar_and_lists_each_file(
    tree: Tree, staff: Staff, tmp_path: Path, capsys: Any
) -> None:
    for name, content in batch_files():
        (tmp_path / name).write_bytes(content)
    with pytest.raises(CommandError) as failed:
        call_command("import_reports", str(tmp_path), "--under", "WZ", "--user", "supervisor")
    assert failed.value.returncode == 1
    out = capsys.readouterr().out
    assert "✓ huaian-city-government-2024.pdf：淮安市人民政府 2024年 已导入" in out
    assert "✗ 空文件.txt：文件是空的，没有可读取的内容。" in out
    assert "共11个文件：导入8个，未导入3个。" in out
    assert ImportBatch.objects.get().origin == "command"


def test_the_command_refuses_unknown_agencies_and_files(tree: Tree, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="没有简码为“XX”的机关") as error:
        call_command("import_reports", str(tmp_path), "--under", "XX")
    assert error.value.returncode == 2
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_reports", str(tmp_path / "nothing.pdf"), "--under", "WZ")


def test_a_portal_page_saved_by_a_browser_as_one_file_is_imported(tree: Tree, staff: Staff) -> None:
    saved = Path(__file__).resolve().parents[2] / "fixtures" / "html" / "yanchi-portal-2021.chromium.mhtml"
    batch = import_batch(
        under=tree.city,
        files=[("盐池县自然资源局2021.mhtml", saved.read_bytes())],
        by=staff.supervisor,
        on=ON,
    )
    [result] = batch.results
    # its five blank 行政诉讼 cells are errors of the report, as in the page
    assert (result["ok"], result["errors"], result["year"]) == (True, 5, 2021)
    report = AnnualReport.objects.get(subject="盐池县自然资源局")
    version = reports.newest_version(report)
    assert version is not None
    original = reports.report_original(version)
    assert original is not None
    assert original.name == "盐池县自然资源局2021.mhtml"
    parsed = io.parse_bytes(bytes(original.content), name=original.name)
    assert (parsed.format, reports.version_report(version)) == ("mhtml", parsed.report)


def test_word_and_excel_97_files_are_imported_with_their_findings(tree: Tree, staff: Staff) -> None:
    fixtures = Path(__file__).resolve().parents[2] / "fixtures"
    files = [
        ("淮安市人民政府2024年报告.doc", (fixtures / "doc" / "huaian-city-government-2024.doc").read_bytes()),
        ("吴忠市审批服务管理局2021年报告.xls", (fixtures / "xls" / "wuzhong-foreign.xls").read_bytes()),
    ]
    batch = import_batch(under=tree.city, files=files, by=staff.supervisor, on=ON)
    doc, xls = batch.results
    assert (doc["ok"], doc["errors"], doc["year"]) == (True, 0, 2024)
    assert (xls["ok"], xls["errors"], xls["year"]) == (True, 5, 2021)  # the five blank 行政复议 cells
    version = reports.newest_version(AnnualReport.objects.get(subject="淮安市人民政府"))
    assert version is not None
    report = reports.version_report(version)
    assert (report.cells["t3.new.total"], report.cells["t2.fees.amount"]) == (3119, Decimal("96171.6"))
    original = reports.report_original(version)
    assert original is not None
    assert io.parse_bytes(bytes(original.content), name=original.name).format == "doc"


@pytest.mark.parametrize(("folder", "suffix", "fmt"), [("rtf", "rtf", "rtf"), ("wordml", "xml", "wordml")])
def test_an_rtf_or_word_2003_xml_named_doc_is_imported_by_its_content(
    tree: Tree, staff: Staff, folder: str, suffix: str, fmt: str
) -> None:
    path = Path(__file__).resolve().parents[2] / "fixtures" / folder / f"huaian-city-government-2024.{suffix}"
    batch = import_batch(
        under=tree.city,
        files=[("淮安市人民政府2024年报告.doc", path.read_bytes())],
        by=staff.supervisor,
        on=ON,
    )
    [result] = batch.results
    assert (result["ok"], result["format"], result["errors"], result["year"]) == (True, fmt, 0, 2024)


# --- values no report can hold, impossible years, names spelled with spaces, invalid counts ---------------------


def _json(report: Report) -> bytes:
    return io.render(report, "json")


def _with(report: Report, **cells: Any) -> Report:
    """`report` with cells set as a badly extracted file gives them (no check: the core takes any integer)."""
    return report.with_cells(**cells)


def test_a_value_no_report_can_hold_is_refused_and_the_batch_is_recorded(tree: Tree, staff: Staff) -> None:
    good = generated("吴忠市教育局", 2024, 1)
    files = [
        ("教育局.json", _json(good)),
        ("民政局.json", _json(_with(generated("吴忠市民政局", 2024, 2), t3__new__natural=10**30))),
        ("财政局.json", _json(generated("吴忠市财政局", 2024, 3))),
    ]
    batch = import_batch(under=tree.city, files=files, by=staff.supervisor, on=ON)
    first, bad, last = batch.results
    assert (first["ok"], bad["ok"], last["ok"]) == (True, False, True)
    assert bad["message"].startswith("文件中的数据超出合理范围，未导入：")
    assert "“一、本年新收政府信息公开申请数量”行“自然人”列" in bad["message"]
    assert not AnnualReport.objects.filter(subject="吴忠市民政局").exists()
    assert AuditEvent.objects.filter(action="supervision.import", object_id=str(batch.pk)).exists()
    # Uploaded again, the good files are already there and the bad one is refused for the same reason.
    again = import_batch(under=tree.city, files=files, by=staff.supervisor, on=ON)
    assert [r["message"][:5] for r in again.results] == ["已导入过吴", "文件中的数", "已导入过吴"]
    assert ImportBatch.objects.count() == 2


def test_a_file_failing_unexpectedly_is_not_imported_and_the_batch_is_still_recorded(
    tree: Tree, staff: Staff, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongkai.web.annualreports import services as annual_services

    real = annual_services.report_import

    def failing(**kwargs: Any) -> ReportVersion:
        if kwargs["name"] == "民政局.json":
            raise OverflowError("Python int too large to convert to SQLite INTEGER")
        return real(**kwargs)

    monkeypatch.setattr(annual_services, "report_import", failing)
    files = [
        (f"{n}.json", _json(generated(f"吴忠市{n}", 2024, i))) for i, n in enumerate(["教育局", "民政局"])
    ]
    batch = import_batch(under=tree.city, files=files, by=staff.supervisor, on=ON)
    assert [r["ok"] for r in batch.results] == [True, False]
    assert "意外错误" in batch.results[1]["message"]
    assert AuditEvent.objects.filter(action="supervision.import", object_id=str(batch.pk)).exists()


def test_the_command_lists_a_value_out_of_range_as_not_imported(
    tree: Tree, staff: Staff, tmp_path: Path, capsys: Any
) -> None:
    bad = _with(generated("吴忠市民政局", 2024, 2), t3__new__natural=10**30)
    (tmp_path / "a.json").write_bytes(_json(generated("吴忠市教育局", 2024, 1)))
    (tmp_path / "b.json").write_bytes(_json(bad))
    with pytest.raises(CommandError) as failed:
        call_command("import_reports", str(tmp_path), "--under", "WZ", "--user", "supervisor")
    assert failed.value.returncode == 1
    out = capsys.readouterr().out
    assert "✗ b.json：文件中的数据超出合理范围，未导入" in out
    assert "共2个文件：导入1个，未导入1个。" in out
    assert ImportBatch.objects.get().failed == 1


@pytest.mark.parametrize(
    ("year", "says"),
    [(2030, "2030年尚未结束"), (2026, "2026年尚未结束"), (1990, "早于《政府信息公开条例》施行")],
)
def test_a_year_that_has_not_ended_or_cannot_exist_is_refused(
    tree: Tree, staff: Staff, year: int, says: str
) -> None:
    files = [(f"{year}.json", _json(generated("吴忠市教育局", year, 1)))]
    [result] = import_batch(
        under=tree.city, files=files, by=staff.supervisor, on=dt.date(2026, 11, 28)
    ).results
    assert not result["ok"]
    assert result["message"].startswith(f"文件中的报告是{year}年度的，未导入：")
    assert says in result["message"]
    assert not AnnualReport.objects.exists()


def test_a_name_with_stray_spaces_is_the_platform_agency_and_is_not_imported_twice(
    tree: Tree, staff: Staff
) -> None:
    spaced = generated(" 吴忠市 自然资源局 ", 2024, 1)
    [result] = import_batch(
        under=tree.city, files=[("spaced.json", _json(spaced))], by=staff.supervisor, on=ON
    ).results
    assert (result["ok"], result["external"], result["subject"]) == (True, False, "吴忠市自然资源局")
    assert AnnualReport.objects.get().agency == tree.other
    # An external agency: spaces and full/half width do not make another report.
    files = [
        ("a.json", _json(generated("吴忠市教育局（本级）", 2024, 1))),
        ("b.json", _json(generated("吴忠市 教育局(本级)", 2024, 1))),
        ("c.json", _json(generated("吴忠市自然资源局", 2024, 1))),
    ]
    a, b, c = import_batch(under=tree.city, files=files, by=staff.supervisor, on=ON).results
    assert a["ok"]
    assert not b["ok"]
    assert not c["ok"]
    assert b["message"] == "已导入过吴忠市教育局（本级）2024年度的报告，未重复导入。"
    assert c["message"] == "已导入过吴忠市自然资源局2024年度的报告，未重复导入。"
    assert reports.figures_sums(tree.city, [2024], name="汇总")[2024].aggregate.count == 2


def test_a_negative_count_is_kept_with_its_findings_and_left_out_of_the_sums(
    tree: Tree, staff: Staff
) -> None:
    negative = _with(generated("吴忠市民政局", 2024, 2), t3__new__natural=-5)
    files = [("a.json", _json(generated("吴忠市教育局", 2024, 1))), ("b.json", _json(negative))]
    batch = import_batch(under=tree.city, files=files, by=staff.supervisor, on=ON)
    assert [r["ok"] for r in batch.results] == [True, True]
    assert batch.results[1]["errors"] >= 1
    total = reports.figures_sums(tree.city, [2024], name="汇总")[2024].aggregate
    expected = aggregate([generated("吴忠市教育局", 2024, 1), negative], agency="汇总", year=2024)
    assert total.report["t3.new.natural"] == generated("吴忠市教育局", 2024, 1)["t3.new.natural"]
    assert dict(total.report.cells) == dict(expected.report.cells)
    assert total.blanks["t3.new.natural"] == 1


def test_control_characters_a_garbled_file_holds_are_dropped_not_fatal(tree: Tree, staff: Staff) -> None:
    """PostgreSQL stores no NUL at all: a text layer or a name that holds one must still import, without it."""
    report = generated("吴忠市教育局\x00", 2024, 1)
    report = Report(
        template=report.template, agency=report.agency, year=report.year, cells=report.cells,
        sections={**report.sections, "problems": ("信息更新\x00不够及时\x0c。",)},
    )  # fmt: skip
    batch = import_batch(
        under=tree.city, files=[("教育局\x00.json", io.render(report, "json"))], by=staff.supervisor, on=ON
    )
    assert [(r["name"], r["ok"]) for r in batch.results] == [("教育局.json", True)]
    stored = AnnualReport.objects.get()
    assert stored.subject == "吴忠市教育局"
    version = reports.newest_version(stored)
    assert version is not None
    assert reports.version_report(version).sections["problems"] == ("信息更新不够及时。",)
