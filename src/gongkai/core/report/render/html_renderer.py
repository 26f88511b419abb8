"""The annual report as a standalone, publishable HTML page.

One UTF-8 file with its CSS inline (screen and print: A4, tables never split inside a row, header rows
repeated on a new page), `lang="zh-CN"`, the title (agency + year), the six sections with their official
headings, the narrative paragraphs and tables 二/三/四 in the official layout with the merged cells of the
official template (`render/layout.py`). Tables are accessible: a `<caption>`, `<th scope>` on every heading
cell, and `headers=""` on every figure naming all the headings that describe it. Each figure carries
`data-cell="<cell id>"` (the open-data id); a blank cell (None) is an empty cell. When findings are passed,
they are listed after the report and the cells they name are marked.

Everything is read from the template declaration; no label is spelled here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from gongkai.core.office import xml_safe
from gongkai.core.report.model import SEVERITY_LABELS, Finding, Report, Severity
from gongkai.core.report.render.layout import LayoutCell, TableLayout, table_layout, value_text
from gongkai.core.report.template import Section, Template

__all__ = ["render"]


_CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f4f1; color: #111;
  font-family: "FangSong", "仿宋", "STFangsong", "FangSong_GB2312", "AR PL UMing CN", serif;
  font-size: 16px; line-height: 1.9; }
main.report { max-width: 60rem; margin: 2rem auto; padding: 3rem 3.5rem; background: #fff;
  box-shadow: 0 1px 4px rgba(0, 0, 0, .12); }
h1 { font-family: "SimSun", "宋体", "Songti SC", "AR PL UMing CN", serif; font-size: 1.7rem; font-weight: bold;
  text-align: center; line-height: 1.5; margin: 0 0 2rem; }
h2 { font-family: "SimHei", "黑体", "Heiti SC", "WenQuanYi Micro Hei", sans-serif; font-size: 1.1rem;
  font-weight: bold; margin: 1.6rem 0 .6rem; }
p { text-indent: 2em; margin: 0 0 .4rem; text-align: justify; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1.2rem; table-layout: fixed;
  font-family: "SimSun", "宋体", "Songti SC", "AR PL UMing CN", serif; font-size: .8rem; line-height: 1.4; }
th, td { border: 1px solid #000; padding: .3rem .25rem; vertical-align: middle; word-break: break-all; }
th { font-weight: normal; text-align: center; background: #fff; }
th.heading { text-align: left; background: #dde7f3; font-weight: bold; }
th.corner { font-size: .75rem; }
th.row { text-align: left; }
th.group { text-align: center; }
td { text-align: center; font-variant-numeric: tabular-nums; }
td.has-error { background: #fde2e1; outline: 2px solid #c0392b; outline-offset: -2px; }
td.has-warning { background: #fff4d6; }
.visually-hidden { position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
aside.findings { margin-top: 2.5rem; padding-top: 1rem; border-top: 2px solid #333; font-size: .9rem; }
aside.findings li { margin: .3rem 0; }
aside.findings .severity { display: inline-block; min-width: 3em; font-weight: bold; }
aside.findings .error .severity { color: #b42318; }
aside.findings .warning .severity { color: #9a6700; }
aside.findings code { font-size: .8rem; color: #444; }
@page { size: A4; margin: 2.5cm 2.2cm; }
@media print {
  body { background: #fff; font-size: 12pt; }
  main.report { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  thead { display: table-header-group; }
  tr, th, td { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  td.has-error, td.has-warning { outline: none; }
}
"""

_SPACE_RUN = re.compile(r"(?<= ) ")


def _text(text: str) -> str:
    """Escaped text; a run of spaces keeps its width (HTML would fold it into one)."""
    return _SPACE_RUN.sub("&#160;", escape(xml_safe(text), quote=False))


def _attr(text: str) -> str:
    return escape(xml_safe(text), quote=True)


def render(report: Report, *, findings: Sequence[Finding] = ()) -> bytes:
    """The report as a complete HTML page, UTF-8 encoded."""
    template = report.spec
    marks = _cell_marks(findings)
    out: list[str] = [
        "<!DOCTYPE html>\n",
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n',
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="generator" content="Gongkai">\n',
        f"<title>{_text(report.title)}</title>\n",
        f"<style>{_CSS}</style>\n</head>\n<body>\n",
        f'<main class="report" data-template="{_attr(template.id)}" data-year="{report.year}">\n',
        f"<h1>{_text(report.title)}</h1>\n",
    ]
    out.extend(_paragraphs(report.sections.get("preamble", ())))
    for section in template.sections:
        out.append(_section(report, template, section, marks))
    if findings:
        out.append(_findings(template, findings))
    out.append("</main>\n</body>\n</html>\n")
    return "".join(out).encode("utf-8")


def _paragraphs(paragraphs: Sequence[str]) -> list[str]:
    return [f"<p>{_text(p)}</p>\n" for p in paragraphs]


def _section(report: Report, template: Template, section: Section, marks: dict[str, str]) -> str:
    anchor = f"section-{section.id}"
    parts = [
        f'<section id="{anchor}" aria-labelledby="{anchor}-heading">\n',
        f'<h2 id="{anchor}-heading">{_text(section.heading)}</h2>\n',
    ]
    if section.narrative:
        parts.extend(_paragraphs(report.sections.get(section.id, ())))
    if section.table is not None:
        parts.append(_table(report, table_layout(template.table(section.table)), marks))
    parts.append("</section>\n")
    return "".join(parts)


def _table(report: Report, layout: TableLayout, marks: dict[str, str]) -> str:
    table = layout.table
    prefix = f"{table.id}-"
    total = sum(layout.column_weights)
    parts = [
        f'<table id="table-{table.id}" class="report-table" data-table="{table.id}">\n',
        f'<caption class="visually-hidden">{_text(table.title)}</caption>\n<colgroup>',
    ]
    parts.extend(f'<col style="width:{100 * w / total:.2f}%">' for w in layout.column_weights)
    parts.append("</colgroup>\n")
    rows = layout.rows()
    single_head = len(table.blocks) == 1
    in_head = False
    if single_head and rows and 0 in layout.header_rows:
        parts.append("<thead>\n")
        in_head = True
    else:
        parts.append("<tbody>\n")
    for index, row in enumerate(rows):
        if in_head and index not in layout.header_rows:
            parts.append("</thead>\n<tbody>\n")
            in_head = False
        parts.append("<tr>")
        parts.extend(_cell(report, cell, prefix, marks) for cell in row)
        parts.append("</tr>\n")
    parts.append("</thead>\n</table>\n" if in_head else "</tbody>\n</table>\n")
    return "".join(parts)


def _cell(report: Report, cell: LayoutCell, prefix: str, marks: dict[str, str]) -> str:
    spans = ""
    if cell.rowspan > 1:
        spans += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        spans += f' colspan="{cell.colspan}"'
    if cell.role == "value":
        assert cell.cell is not None
        cell_id = cell.cell.id
        headers = " ".join(f"{prefix}r{r}c{c}" for r, c in cell.headers)
        mark = marks.get(cell_id)
        css = f' class="{mark}"' if mark else ""
        return (
            f'<td{spans}{css} data-cell="{cell_id}" headers="{headers}">'
            f"{_text(value_text(report.cells[cell_id]))}</td>"
        )
    ident = f' id="{prefix}r{cell.row}c{cell.column}"'
    if cell.role == "heading":
        return f'<th{spans}{ident} class="heading" scope="colgroup">{_text(cell.text)}</th>'
    if cell.role == "corner":
        return f'<th{spans}{ident} class="corner">{_text(cell.text)}</th>'
    if cell.role == "column":
        scope = "colgroup" if cell.colspan > 1 else "col"
        return f'<th{spans}{ident} class="column" scope="{scope}">{_text(cell.text)}</th>'
    css = "row group" if cell.rowspan > 1 else "row"
    return f'<th{spans}{ident} class="{css}" scope="row">{_text(cell.text)}</th>'


def _cell_marks(findings: Sequence[Finding]) -> dict[str, str]:
    marks: dict[str, str] = {}
    for finding in findings:
        mark = {Severity.ERROR: "has-error", Severity.WARNING: "has-warning"}.get(finding.severity)
        if mark is None:
            continue
        for cell_id in finding.cells:
            if marks.get(cell_id) != "has-error":
                marks[cell_id] = mark
    return marks


def _findings(template: Template, findings: Sequence[Finding]) -> str:
    parts = [
        '<aside class="findings" aria-labelledby="findings-heading">\n',
        f'<h2 id="findings-heading">检查结果（{len(findings)}项）</h2>\n<ol>\n',
    ]
    for finding in findings:
        labels = "、".join(template.cell(c).label if template.has_cell(c) else c for c in finding.cells)
        cells = (
            f' <code title="{_attr(labels)}">{_text(" ".join(finding.cells))}</code>' if finding.cells else ""
        )
        parts.append(
            f'<li class="{finding.severity.value}" data-code="{_attr(finding.code)}">'
            f'<span class="severity">{SEVERITY_LABELS[finding.severity]}</span>'
            f"{_text(finding.message)}{cells}</li>\n"
        )
    parts.append("</ol>\n</aside>\n")
    return "".join(parts)
