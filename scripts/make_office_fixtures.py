"""Makes the test fixtures in the formats older office software writes — Word 97–2003 (.doc) in
tests/fixtures/doc/, RTF in tests/fixtures/rtf/, Word 2003 XML in tests/fixtures/wordml/, Excel 97–2003 (.xls)
in tests/fixtures/xls/ — run by hand, never by the tests.

    .venv/bin/python scripts/make_office_fixtures.py [--soffice PATH]

Needs LibreOffice (Debian: `apt-get install libreoffice-writer-nogui libreoffice-calc-nogui`), which is not a
dependency of Gongkai: each report is rendered to DOCX or XLSX by our own renderer, then LibreOffice saves it
as "MS Word 97", "Rich Text Format", "MS Word 2003 XML" or "MS Excel 97" — the formats Word, Excel and WPS
write, with the same table structure (merged cells, table rows) a file from an agency has. (LibreOffice's Word
2003 XML leaves out the cells a vertical merge continues, which Word writes as `<w:vmerge/>`: the reports read
all the same, and the tests' own Word-style example has them.)

Word (.doc; .rtf the same but the generated ones, whose blank cells and decimal amounts the real ones have too;
Word 2003 XML the two real reports):
- the two real reports of the corpus (as `tests/core/report/reports.py` holds them) and the blank official
  template;
- `huaian-messy`: the Huai'an report with what real documents add — a HYPERLINK field in a heading, a manual
  line break and a page break inside a paragraph, and a layout table holding another table;
- `huaian-tracked` (.doc and .rtf; `--only-tracked` makes just these): the Huai'an report with a figure's old
  value deleted with changes tracked (修订) and a hidden note — text Word keeps in the file and does not show;
- `generated-2019` and `generated-2021`: reports drawn by the tests' hypothesis strategy (blank cells,
  decimal fee amounts), each beside its JSON, which the tests compare the .doc with.
Excel:
- `huaian-city-government-2024`: our own workbook (its `报告` and `cells` sheets) saved as .xls;
- `wuzhong-foreign`: the Wuzhong report as an agency's own workbook — a cover sheet with the title and section
  一, a sheet with 五 and 六, then the table sheets, no `报告` or `cells` sheet.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from io import BytesIO
from pathlib import Path

import docx
import openpyxl
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.core.report.parse.office import make_foreign_workbook  # noqa: E402
from tests.core.report.reports import huaian_2024, wuzhong_2021  # noqa: E402
from tests.core.report.strategies import reports  # noqa: E402

from gongkai.core.report.io import render  # noqa: E402

OUT = ROOT / "tests" / "fixtures" / "doc"
RTF_OUT = ROOT / "tests" / "fixtures" / "rtf"
WORDML_OUT = ROOT / "tests" / "fixtures" / "wordml"
XLS_OUT = ROOT / "tests" / "fixtures" / "xls"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"


def _run(tag: str, attributes: dict[str, str] | None = None, text: str | None = None) -> OxmlElement:
    run, element = OxmlElement("w:r"), OxmlElement(tag)
    for name, value in (attributes or {}).items():
        element.set(qn(name), value)
    if text is not None:
        element.text = text
        element.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    run.append(element)
    return run


def _messy(source: Path, target: Path) -> None:
    document = docx.Document(str(source))
    heading, paragraph = document.paragraphs[2], document.paragraphs[3]
    heading._p.append(_run("w:fldChar", {"w:fldCharType": "begin"}))
    heading._p.append(_run("w:instrText", text=' HYPERLINK "http://www.huaian.gov.cn/" '))
    heading._p.append(_run("w:fldChar", {"w:fldCharType": "separate"}))
    heading._p.append(_run("w:t", text="（详见淮安市人民政府网站）"))
    heading._p.append(_run("w:fldChar", {"w:fldCharType": "end"}))
    paragraph._p.append(_run("w:br"))
    paragraph._p.append(_run("w:t", text="（续）"))
    paragraph._p.append(_run("w:br", {"w:type": "page"}))
    layout = document.add_table(rows=1, cols=2)
    layout.cell(0, 0).text = "附注"
    inner = layout.cell(0, 1).add_table(rows=2, cols=2)
    for (row, column), text in {(0, 0): "甲", (0, 1): "乙", (1, 0): "1", (1, 1): "2"}.items():
        inner.cell(row, column).text = text
    paragraph._p.addnext(layout._tbl)
    document.save(str(target))


def _tracked(source: Path, target: Path) -> None:
    """The Huai'an report as a document sent round with 修订 on and published without accepting the changes:
    t3.new.total's old figure deleted with changes tracked and a hidden note after the figure."""
    document = docx.Document(str(source))
    figure = next(t for t in document.element.body.iter(qn("w:t")) if (t.text or "").strip() == "3119")
    run = figure.getparent()
    deletion = OxmlElement("w:del")
    for name, value in {"w:id": "901", "w:author": "审核人", "w:date": "2025-01-10T09:00:00Z"}.items():
        deletion.set(qn(name), value)
    deletion.append(_run("w:delText", text="8888"))
    run.addprevious(deletion)
    hidden = _run("w:t", text="（待核）")
    properties = OxmlElement("w:rPr")
    properties.append(OxmlElement("w:vanish"))
    hidden.insert(0, properties)
    run.addnext(hidden)
    document.save(str(target))


def _foreign_workbook(data: bytes) -> bytes:
    book = openpyxl.load_workbook(BytesIO(data))
    make_foreign_workbook(book)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _convert(soffice: str, target: str, inputs: list[Path], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    command = [soffice, "--headless", "--convert-to", target, "--outdir", str(out), *map(str, sorted(inputs))]
    subprocess.run(command, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--soffice", default=shutil.which("soffice") or "soffice")
    parser.add_argument(
        "--only-tracked",
        action="store_true",
        help="make only huaian-tracked.doc/.rtf (the others, with their drawn examples, stay as they are)",
    )
    args = parser.parse_args()
    if args.only_tracked:
        with tempfile.TemporaryDirectory() as work_dir:
            work = Path(work_dir)
            (work / "huaian.docx").write_bytes(render(huaian_2024(), "docx"))
            _tracked(work / "huaian.docx", work / "huaian-tracked.docx")
            _convert(args.soffice, "doc", [work / "huaian-tracked.docx"], OUT)
            _convert(args.soffice, "rtf", [work / "huaian-tracked.docx"], RTF_OUT)
        for path in (OUT / "huaian-tracked.doc", RTF_OUT / "huaian-tracked.rtf"):
            print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")
        return
    with tempfile.TemporaryDirectory() as work_dir:
        work = Path(work_dir)
        docx_files = {
            "wuzhong-approval-bureau-2021": render(wuzhong_2021(), "docx"),
            "huaian-city-government-2024": render(huaian_2024(), "docx"),
            "template-2021-blank": (CORPUS / "template-2021-blank.docx").read_bytes(),
        }
        for template in ("2019", "2021"):
            report = reports(template_id=template).example()
            docx_files[f"generated-{template}"] = render(report, "docx")
            (OUT / f"generated-{template}.json").write_bytes(render(report, "json"))
        for name, data in docx_files.items():
            (work / f"{name}.docx").write_bytes(data)
        _messy(work / "huaian-city-government-2024.docx", work / "huaian-messy.docx")
        _tracked(work / "huaian-city-government-2024.docx", work / "huaian-tracked.docx")
        _convert(args.soffice, "doc", list(work.glob("*.docx")), OUT)
        real = [path for path in work.glob("*.docx") if not path.name.startswith("generated-")]
        _convert(args.soffice, "rtf", real, RTF_OUT)
        corpus = [
            path
            for path in real
            if path.stem in ("wuzhong-approval-bureau-2021", "huaian-city-government-2024")
        ]
        _convert(args.soffice, "xml:MS Word 2003 XML", corpus, WORDML_OUT)
        xlsx_files = {
            "huaian-city-government-2024": render(huaian_2024(), "xlsx"),
            "wuzhong-foreign": _foreign_workbook(render(wuzhong_2021(), "xlsx")),
        }
        for name, data in xlsx_files.items():
            (work / f"{name}.xlsx").write_bytes(data)
        _convert(args.soffice, "xls", list(work.glob("*.xlsx")), XLS_OUT)
    for path in sorted(
        [*OUT.glob("*.doc"), *RTF_OUT.glob("*.rtf"), *WORDML_OUT.glob("*.xml"), *XLS_OUT.glob("*.xls")]
    ):
        print(f"{path.relative_to(ROOT)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
