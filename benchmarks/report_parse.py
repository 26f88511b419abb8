"""Parse throughput: reports per second, per format, for the corpus files and for generated reports.

    .venv/bin/python -m benchmarks.report_parse [--count 1000] [--budget 30] [--formats txt,html]

For every format of `formats.RENDER_FORMATS` whose renderer and reader both exist (the others are skipped, and
the run says so), `--count` generated reports (both templates, blank cells, Decimal amounts, real-looking
narrative) are rendered to the format, then parsed, then parsed and validated. Each figure is compared with a
baseline measured on the same bytes in the same run: the least any reader of that format must do (text: decode
and split into lines and cells; JSON: `json.loads`; HTML: lxml parsing the page; DOCX/XLSX: unzipping and
parsing the main XML part; PDF: pdfplumber opening the file and listing its pages).

Slow formats (DOCX, XLSX, PDF take 0.2–0.6 s to render one report) stop rendering after `--budget` CPU seconds
and are measured on the reports rendered by then (the count is printed), with fewer than three runs when the
runs already took longer than the budget. The corpus files — and the two real reports saved as Word 97–2003
documents, as RTF and as Word 2003 XML, and the Huai'an one as an Excel 97–2003 workbook (no renderer writes
those formats; baselines: olefile opening the file and reading the WordDocument stream, the RTF tokenizer alone,
lxml parsing the XML, xlrd opening the workbook) — are parsed repeatedly as they are. Times are the CPU time of this process pinned to one core, best of three runs. Aim: ≥ 200 reports/s for text and HTML.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import random
import time
import zipfile
from collections.abc import Callable, Sequence
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from gongkai.core.report.formats import PARSE_FORMATS, RENDER_FORMATS
from gongkai.core.report.io import parse_bytes, render
from gongkai.core.report.model import NARRATIVE_KEYS, CellValue, Report
from gongkai.core.report.rules import validate
from gongkai.core.report.templates import TEMPLATES

__all__ = ["generate_reports", "main"]

CORPUS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "corpus"
# Text extracted from a corpus file as agencies and supervisors get it (`pdftotext -layout` of the Huai'an PDF).
EXTRACTED = CORPUS.parent / "extracted"
# The two real reports saved as Word 97–2003 documents, as RTF and as Word 2003 XML, and the Huai'an one as an
# Excel 97–2003 workbook (scripts/make_office_fixtures.py).
_REAL = ("wuzhong-approval-bureau-2021", "huaian-city-government-2024")
OFFICE_FILES = [
    *(CORPUS.parent / "doc" / f"{name}.doc" for name in _REAL),
    *(CORPUS.parent / "rtf" / f"{name}.rtf" for name in _REAL),
    *(CORPUS.parent / "wordml" / f"{name}.xml" for name in _REAL),
    CORPUS.parent / "xls" / "huaian-city-government-2024.xls",
]
AIM = {"txt": 200.0, "html": 200.0}
RUNS = 3

_SENTENCES = (
    "依据《中华人民共和国政府信息公开条例》第五十条之规定，制作本报告。",
    "本年度坚持以公开为常态、不公开为例外，推动便民利企政策信息主动公开。",
    "在门户网站主动公开部门文件 2 条，在政务微博和微信公众号发布信息 246 条。",
    "畅通依申请公开受理渠道、精准规范答复意见，进一步提升依申请公开办理水平。",
    "执行规范性文件公开及报送政府公报程序，严抓发布前审核，做好公开时机的研判。",
    "一是进一步规范政务信息的管理流程；二是主动向社会公开可以公开的信息。",
    "发布信息多为转载，反映本部门工作的信息少，信息公开的时效性有待进一步加强。",
    "本年度未收取信息处理费。",
)
_AGENCIES = (
    "吴忠市审批服务管理局",
    "淮安市人民政府",
    "盐池县人民政府办公室",
    "青铜峡市教育局",
    "银川市自然资源局",
)


def generate_reports(count: int, *, seed: int = 2021) -> list[Report]:
    """Reports of both templates with realistic narrative; about one cell in twenty blank."""
    rng = random.Random(seed)
    templates = sorted(TEMPLATES)
    reports: list[Report] = []
    for index in range(count):
        template = TEMPLATES[templates[index % len(templates)]]
        cells: dict[str, CellValue] = {}
        for cell in template.cells:
            if rng.random() < 0.05:
                cells[cell.id] = None
            elif cell.kind == "amount":
                cells[cell.id] = Decimal(rng.randint(0, 10**7)).scaleb(-rng.randint(0, 4))
            else:
                cells[cell.id] = rng.choice((0, 0, rng.randint(0, 60), rng.randint(0, 5000)))
        sections = {
            key: tuple(rng.sample(_SENTENCES, rng.randint(0 if key == "preamble" else 1, 4)))
            for key in NARRATIVE_KEYS
        }
        reports.append(
            Report(
                template=template.id,
                agency=rng.choice(_AGENCIES),
                year=rng.randint(2019, 2030),
                cells=cells,
                sections=sections,
            )
        )
    return reports


# -- baselines: the least a reader of each format must do ----------------------------------------------------


def _baseline_text(data: bytes) -> object:
    return [line.split("\t") for line in data.decode("utf-8").splitlines()]


def _baseline_json(data: bytes) -> object:
    return json.loads(data)


def _baseline_html(data: bytes) -> object:
    import lxml.html

    return lxml.html.document_fromstring(data)


def _baseline_zip(part: str) -> Callable[[bytes], object]:
    def baseline(data: bytes) -> object:
        from lxml import etree

        with zipfile.ZipFile(BytesIO(data)) as archive:
            return etree.fromstring(archive.read(part))

    return baseline


def _baseline_doc(data: bytes) -> object:
    import olefile

    with olefile.OleFileIO(BytesIO(data)) as ole:
        return ole.openstream("WordDocument").read()


def _baseline_xls(data: bytes) -> object:
    import xlrd

    return xlrd.open_workbook(file_contents=data, formatting_info=True).sheet_names()


def _baseline_rtf(data: bytes) -> object:
    from gongkai.core.report.parse.rtf_reader import _TOKEN

    return sum(1 for _ in _TOKEN.finditer(data))


def _baseline_xml(data: bytes) -> object:
    from lxml import etree

    return etree.fromstring(data)


def _baseline_pdf(data: bytes) -> object:
    import pdfplumber

    with pdfplumber.open(BytesIO(data)) as pdf:
        return [page.page_number for page in pdf.pages]


BASELINES: dict[str, tuple[str, Callable[[bytes], object]]] = {
    "txt": ("decode + split lines and cells", _baseline_text),
    "json": ("json.loads", _baseline_json),
    "html": ("lxml parses the page", _baseline_html),
    "docx": ("unzip + parse word/document.xml", _baseline_zip("word/document.xml")),
    "xlsx": ("unzip + parse xl/workbook.xml", _baseline_zip("xl/workbook.xml")),
    "pdf": ("pdfplumber opens the file and lists its pages", _baseline_pdf),
    "doc": ("olefile opens the file and reads its WordDocument stream", _baseline_doc),
    "xls": ("xlrd opens the workbook", _baseline_xls),
    "rtf": ("the RTF reader's tokenizer alone, over the file", _baseline_rtf),
    "wordml": ("lxml parses the XML", _baseline_xml),
}


# -- measuring -----------------------------------------------------------------------------------------------


def _available(fmt: str) -> str | None:
    """None when `fmt` can be rendered and read, else why not."""
    for kind, formats in (("render", RENDER_FORMATS), ("parse", PARSE_FORMATS)):
        if fmt not in formats:
            return f"no {kind} support registered"
    for module in (f"gongkai.core.report.render.{fmt}_renderer", f"gongkai.core.report.parse.{fmt}_reader"):
        if importlib.util.find_spec(module) is None:
            return f"{module} does not exist yet"
    return None


def _rate(work: Callable[[bytes], object], inputs: Sequence[bytes], budget: float = float("inf")) -> float:
    """Reports per second, best of `RUNS` runs — fewer when the runs so far took longer than `budget` seconds."""
    best = float("inf")
    spent = 0.0
    for _ in range(RUNS):
        start = time.process_time()
        for data in inputs:
            work(data)
        elapsed = time.process_time() - start
        best = min(best, elapsed)
        spent += elapsed
        if spent > budget:
            break
    return len(inputs) / best if best > 0 else float("inf")


def _parse_and_validate(fmt: str) -> Callable[[bytes], object]:
    def work(data: bytes) -> object:
        return validate(parse_bytes(data, fmt=fmt).report)

    return work


def _parse(fmt: str) -> Callable[[bytes], object]:
    def work(data: bytes) -> object:
        return parse_bytes(data, fmt=fmt)

    return work


def _render_pool(reports: Sequence[Report], fmt: str, budget: float) -> tuple[list[bytes], list[Report]]:
    rendered: list[bytes] = []
    start = time.process_time()
    for report in reports:
        rendered.append(render(report, fmt))
        if time.process_time() - start > budget:
            break
    return rendered, list(reports[: len(rendered)])


def _pin_to_one_core() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to CPU {core}"
    return "not pinned (no sched_setaffinity)"


def _corpus_rows() -> list[tuple[str, str, float, float]]:
    rows = []
    for path in [*sorted(CORPUS.iterdir()), *sorted(EXTRACTED.iterdir()), *OFFICE_FILES]:
        data = path.read_bytes()
        try:
            result = parse_bytes(data, name=path.name)
        except Exception as error:  # report it, keep measuring the others
            rows.append((path.name, f"error: {error}", 0.0, 0.0))
            continue
        fmt = result.format
        repeats = max(1, min(200, int(1.0 / max(_one_time(_parse(fmt), data), 1e-6))))
        parse_rate = _rate(_parse(fmt), [data] * repeats, budget=3.0)
        baseline = BASELINES.get(fmt)
        base_rate = _rate(baseline[1], [data] * repeats, budget=3.0) if baseline else 0.0
        rows.append((path.name, fmt, parse_rate, base_rate))
    return rows


def _one_time(work: Callable[[bytes], object], data: bytes) -> float:
    start = time.process_time()
    work(data)
    return time.process_time() - start


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.report_parse", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--count", type=int, default=1000, help="generated reports per format (default 1000)")
    parser.add_argument(
        "--budget",
        type=float,
        default=30.0,
        help="CPU seconds per format for rendering, and for repeating runs",
    )
    parser.add_argument("--formats", default=",".join(RENDER_FORMATS), help="comma-separated formats")
    args = parser.parse_args(argv)
    pinned = _pin_to_one_core()

    print(f"Report parsing throughput (reports/s, CPU time, {pinned})")
    print(f"\nCorpus files, parsed as they are (best of {RUNS} runs):")
    print(f"  {'file':<52} {'format':<7} {'parse':>10} {'baseline':>10}")
    for name, fmt, parse_rate, base_rate in _corpus_rows():
        print(f"  {name:<52} {fmt:<7} {parse_rate:>10,.1f} {base_rate:>10,.1f}")

    reports = generate_reports(args.count)
    print(
        f"\n{args.count} generated reports (2021 and 2019 formats) rendered to each format, best of {RUNS} runs:"
    )
    header = (
        f"  {'format':<7} {'reports':>7} {'parse':>10} {'parse+validate':>15} {'baseline':>10}  baseline is"
    )
    print(header)
    for fmt in [f.strip() for f in args.formats.split(",") if f.strip()]:
        missing = _available(fmt)
        if missing is not None:
            print(f"  {fmt:<7} skipped: {missing}")
            continue
        inputs, rendered_reports = _render_pool(reports, fmt, args.budget)
        exact = sum(
            parse_bytes(d, fmt=fmt).report == r for d, r in zip(inputs, rendered_reports, strict=True)
        )
        parse_rate = _rate(_parse(fmt), inputs, args.budget)
        full_rate = _rate(_parse_and_validate(fmt), inputs, args.budget)
        label, baseline = BASELINES[fmt]
        base_rate = _rate(baseline, inputs, args.budget)
        aim = AIM.get(fmt)
        verdict = "" if aim is None else (f"  (aim ≥ {aim:.0f}: {'met' if parse_rate >= aim else 'NOT met'})")
        print(
            f"  {fmt:<7} {len(inputs):>7} {parse_rate:>10,.1f} {full_rate:>15,.1f} {base_rate:>10,.1f}  "
            f"{label}; read back exactly: {exact}/{len(inputs)}{verdict}"
        )


if __name__ == "__main__":
    main()
