"""`gongkai web …` through the real entry point, with its exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from gongkai.cli import main
from gongkai.web.applications.models import Application
from gongkai.web.imports.workbook import CASE_SHEET
from tests.web.conftest import staff, tree  # noqa: F401  (fixtures used by name)
from tests.web.imports.test_imports import GOOD, xlsx


@pytest.fixture
def cases_file(tmp_path: Path) -> Path:
    path = tmp_path / "cases.xlsx"
    path.write_bytes(xlsx([*GOOD, ["填表人：王芳"]]))
    return path


@pytest.mark.usefixtures("tree", "staff")
def test_import_cases_dry_run_then_real(cases_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["web", "import-cases", str(cases_file), "--agency", "WZSP", "--user", "officer", "--dry-run"])
        == 0
    )
    out = capsys.readouterr().out
    assert "第5行是签署行，已跳过：填表人：王芳" in out
    assert "检查通过，可导入3件" in out
    assert not Application.objects.exists()
    assert main(["web", "import-cases", str(cases_file), "--agency", "wzsp", "--user", "officer"]) == 0
    assert "已导入3件" in capsys.readouterr().out
    assert Application.objects.count() == 3


@pytest.mark.usefixtures("tree", "staff")
def test_import_cases_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([["x", "2023-02-30", "当面", "自然人", "某", "", "1", "2", "3", "4", "", "", ""]]))
    assert main(["web", "import-cases", str(bad), "--agency", "WZSP", "--user", "officer"]) == 1
    err = capsys.readouterr().err
    assert "第2行“收到日期”列" in err
    assert "未导入任何案件" in err
    assert (
        main(["web", "import-cases", str(tmp_path / "none.xlsx"), "--agency", "WZSP", "--user", "officer"])
        == 2
    )
    assert "找不到文件" in capsys.readouterr().err
    assert main(["web", "import-cases", str(bad), "--agency", "NOPE", "--user", "officer"]) == 2
    assert "没有简码为“NOPE”的机关" in capsys.readouterr().err


def test_web_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["web", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for command in ("serve", "demo", "import-cases", "import-template", "recalc-deadlines", "manage"):
        assert command in out


def test_import_template_writes_the_workbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "模板.xlsx"
    assert main(["web", "import-template", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    assert load_workbook(out).sheetnames[0] == CASE_SHEET
    assert main(["web", "import-template", str(tmp_path / "no-such-dir" / "t.xlsx")]) == 2
    assert "无法写入" in capsys.readouterr().err


@pytest.mark.usefixtures("tree", "staff")
def test_recalc_deadlines_recomputes_cases_and_register_items(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["web", "recalc-deadlines"]) == 0
    out = capsys.readouterr().out
    assert "共0件案件的期限发生变化" in out
    assert "公开期限有变化的信息：0条" in out
