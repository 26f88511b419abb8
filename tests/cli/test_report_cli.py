from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from gongkai.cli import main
from gongkai.core.report.io import parse_file, render
from gongkai.core.report.model import Report
from tests.core.report.reports import huaian_2024, wuzhong_2021

CORPUS = Path(__file__).parents[1] / "fixtures" / "corpus"
WUZHONG = CORPUS / "wuzhong-approval-bureau-2021.txt"
RECONSIDERATION = [f"t4.reconsideration.{c}" for c in ("upheld", "corrected", "other", "pending", "total")]


def _write(tmp_path: Path, name: str, report: Report, fmt: str) -> Path:
    path = tmp_path / name
    path.write_bytes(render(report, fmt))
    return path


def test_parse_prints_a_readable_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "parse", str(WUZHONG)]) == 0
    out = capsys.readouterr().out
    assert "机关：吴忠市审批服务管理局" in out
    assert "年度：2021" in out
    assert "（2021）" in out
    assert "表三 收到和处理政府信息公开申请情况" in out
    assert "三、本年度办理结果 / （三）不予公开 / 3.危及“三安全一稳定”\t0\t0\t0\t0\t0\t0\t0" in out
    assert "读取时发现的问题：0 个" in out
    assert "\x1b[" not in out  # piped: plain text, no colour codes


def test_parse_json_is_the_open_data_form(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "parse", str(WUZHONG), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["template"], document["agency"], document["year"]) == (
        "2021",
        "吴忠市审批服务管理局",
        2021,
    )
    assert [document["cells"][c] for c in RECONSIDERATION] == [None] * 5
    assert document["cells"]["t4.litigation_after.total"] == 0
    assert document["sections"]["other"] == ["无。"]


def test_validate_wuzhong_fails_on_exactly_the_five_blank_reconsideration_cells(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["report", "validate", str(WUZHONG), "--json"]) == 1
    [checked] = json.loads(capsys.readouterr().out)
    assert checked["status"] == 1
    errors = [f for f in checked["findings"] if f["severity"] == "error"]
    assert sorted(c for f in errors for c in f["cells"]) == sorted(RECONSIDERATION)
    assert all("第83行文字" in " ".join(f["sources"]) for f in errors)


def test_validate_prints_findings_with_their_location(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "validate", str(WUZHONG)]) == 1
    out = capsys.readouterr().out
    assert out.count("[错误]") == 5
    assert "第3个表格 第4行第1列 第83行文字" in out
    assert "有错误" in out
    assert "5 个错误" in out


def test_a_consistent_report_validates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "huaian.json", huaian_2024(), "json")
    assert main(["report", "validate", str(path)]) == 0
    assert "通过" in capsys.readouterr().out


def test_validate_many_files_reports_the_worst_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = _write(tmp_path, "huaian.txt", huaian_2024(), "txt")
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(bytes(range(256)) * 8)
    assert main(["report", "validate", str(good), str(WUZHONG)]) == 1
    out = capsys.readouterr().out
    assert f"通过  {good}" in out
    assert f"有错误  {WUZHONG}" in out
    assert main(["report", "validate", str(good), str(garbage), str(WUZHONG)]) == 2
    captured = capsys.readouterr()
    assert f"无法读取  {garbage}" in captured.out
    assert "report.unreadable" in captured.err


def test_validate_against_last_years_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    this_year = huaian_2024()
    last_year = replace(this_year, year=2023)
    current = _write(tmp_path, "2024.json", this_year, "json")
    previous = _write(tmp_path, "2023.json", last_year, "json")
    # Last year carried 103 applications forward; this year says 34 were carried over.
    assert main(["report", "validate", str(current), "--previous", str(previous), "--json"]) == 1
    [checked] = json.loads(capsys.readouterr().out)
    assert any(
        f["severity"] == "error" and "t3.carried_over.natural" in f["cells"] for f in checked["findings"]
    )
    assert main(["report", "validate", str(current), "--previous", str(tmp_path / "none.json")]) == 2


def test_unreadable_files_exit_2_with_a_chinese_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.txt"
    assert main(["report", "parse", str(missing)]) == 2
    assert "找不到文件" in capsys.readouterr().err
    not_a_report = tmp_path / "notice.txt"
    not_a_report.write_text("关于开展政务公开工作的通知\n各单位：现将有关事项通知如下。\n", encoding="utf-8")
    assert main(["report", "validate", str(not_a_report)]) == 2
    assert "不是政府信息公开工作年度报告" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["txt", "json", "html"])
def test_render_converts_and_the_result_reads_back(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / f"wuzhong.{fmt}"
    assert main(["report", "render", str(WUZHONG), "--to", fmt, "-o", str(output)]) == 0
    assert str(output) in capsys.readouterr().out
    assert parse_file(output).report.cells == wuzhong_2021().cells


def test_render_with_findings_and_to_an_unwritable_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "wuzhong.json"
    assert main(["report", "render", str(WUZHONG), "--to", "json", "-o", str(output), "--findings"]) == 0
    findings = json.loads(output.read_text(encoding="utf-8"))["findings"]
    assert {c for f in findings if f["severity"] == "error" for c in f["cells"]} == set(RECONSIDERATION)
    capsys.readouterr()
    assert (
        main(["report", "render", str(WUZHONG), "--to", "txt", "-o", str(tmp_path / "no" / "dir.txt")]) == 2
    )
    assert "无法写入" in capsys.readouterr().err


def test_diff_lists_changes_and_cross_year_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    this_year = huaian_2024()
    last_year = replace(this_year, year=2023).with_cells(t3__new__natural=2900, t2__rules__in_force=10)
    old = _write(tmp_path, "2023.txt", last_year, "txt")
    new = _write(tmp_path, "2024.txt", this_year, "txt")
    assert main(["report", "diff", str(old), str(new)]) == 1
    out = capsys.readouterr().out
    assert "t3.new.natural" in out
    assert "2900 → 3001" in out
    assert "+101" in out
    assert "跨年度核对" in out
    assert main(["report", "diff", str(old), str(new), "--json"]) == 1
    document = json.loads(capsys.readouterr().out)
    changed = {c["cell"]: c for c in document["changes"]}
    assert changed["t3.new.natural"]["delta"] == 101
    assert any(
        f["code"] == "carry_over" or "t3.carried_over.natural" in f["cells"] for f in document["findings"]
    )


def test_diff_of_a_report_with_itself_a_year_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    this_year = huaian_2024()
    carried = {
        f"t3__carried_forward__{c.split('.')[-1]}": this_year[c]
        for c in this_year.cells
        if ".carried_over." in c
    }
    last_year = replace(this_year, year=2023).with_cells(**carried)
    old = _write(tmp_path, "2023.json", last_year, "json")
    new = _write(tmp_path, "2024.json", this_year, "json")
    status = main(["report", "diff", str(old), str(new), "--json"])
    document = json.loads(capsys.readouterr().out)
    assert status == 0
    assert not [f for f in document["findings"] if f["severity"] == "error"]


def _gongkai() -> str:
    import sys

    return str(Path(sys.executable).parent / "gongkai")


@pytest.mark.parametrize("command", ["parse", "validate"])
def test_a_reader_that_stops_early_ends_the_command_quietly(command: str) -> None:
    import subprocess

    process = subprocess.Popen(
        [_gongkai(), "report", command, str(WUZHONG)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()  # like `| head -0`: nobody reads what it writes
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == 141
    assert "Traceback" not in err
    assert "BrokenPipeError" not in err


def test_validate_checks_the_year_against_today(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, "2026.json", replace(huaian_2024(), year=2026), "json")
    assert main(["report", "validate", str(path), "--today", "2026-11-28"]) == 1
    out = capsys.readouterr().out
    assert "[错误] report.year：2026年尚未结束" in out
    assert main(["report", "validate", str(path), "--today", "2027-01-05"]) == 0
    assert "0 个错误，0 个警告，0 个提示" in capsys.readouterr().out


def test_diff_and_validate_say_when_the_reports_are_of_two_agencies(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    this_year = huaian_2024()
    other = replace(this_year, agency="吴忠市人民政府", year=2023)
    new = _write(tmp_path, "2024.json", this_year, "json")
    old = _write(tmp_path, "2023.json", other, "json")
    assert main(["report", "diff", str(old), str(new)]) == 0
    assert "[警告] 所给的上年报告是“吴忠市人民政府”的" in capsys.readouterr().out
    assert main(["report", "validate", str(new), "--previous", str(old), "--today", "2026-11-28"]) == 0
    assert "[警告] previous.other_agency：" in capsys.readouterr().out


def _mutated(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_mutated_files_exit_with_the_status_of_what_was_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Damaged copies of real files: refused with status 2, read with findings (1), or read cleanly (0)."""
    docx = render(huaian_2024(), "docx")
    cut_docx = _mutated(tmp_path, "cut.docx", docx[: len(docx) // 2])
    assert main(["report", "parse", str(cut_docx)]) == 2
    assert main(["report", "validate", str(cut_docx)]) == 2
    captured = capsys.readouterr()
    assert "无法" in captured.err or "无法读取" in captured.out
    assert "Traceback" not in captured.err

    flipped = bytearray(render(huaian_2024(), "pdf"))
    flipped[len(flipped) // 3 : len(flipped) // 3 + 64] = b"\x00" * 64
    damaged_pdf = _mutated(tmp_path, "damaged.pdf", bytes(flipped))
    assert main(["report", "parse", str(damaged_pdf)]) in (0, 2)
    assert "Traceback" not in capsys.readouterr().err

    # Cut in the middle of its last character: read, with a warning, and its figures still checked.
    cut_txt = _mutated(tmp_path, "cut.txt", WUZHONG.read_bytes().rstrip()[:-1])
    assert main(["report", "parse", str(cut_txt)]) == 0
    assert "parse.damaged_text" in capsys.readouterr().out
    assert (
        main(["report", "validate", str(cut_txt)]) == 1
    )  # the five blank 行政复议 cells, as in the original
    assert "5 个错误" in capsys.readouterr().out

    # A figure merged over two columns of an HTML table: read, with an error naming both cells.
    html = render(huaian_2024(), "html").decode()
    html = re.sub(r'<td[^>]*data-cell="t3.new.commercial"[^>]*>[^<]*</td>', "", html, count=1)
    html = html.replace('data-cell="t3.new.natural"', 'colspan="2" data-cell="t3.new.natural"', 1)
    merged = _mutated(tmp_path, "merged.html", html.encode())
    assert main(["report", "validate", str(merged), "--json"]) == 1
    [checked] = json.loads(capsys.readouterr().out)
    merged_findings = [f for f in checked["findings"] if f["code"] == "parse.merged_value"]
    assert [sorted(f["cells"]) for f in merged_findings] == [["t3.new.commercial", "t3.new.natural"]]

    utf16 = _mutated(tmp_path, "utf16.txt", WUZHONG.read_text(encoding="utf-8").encode("utf-16-le"))
    assert main(["report", "parse", str(utf16), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["agency"] == "吴忠市审批服务管理局"
