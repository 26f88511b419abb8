"""Template helpers for annual reports: a table in the official layout with the findings next to the cells they
name, status badges, and the office banner reminding of the 31 January deadline."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gongkai.core.report.model import SEVERITY_LABELS, Report, Severity
from gongkai.core.report.render.layout import LayoutCell, table_layout, value_text
from gongkai.core.report.workflow import (
    ACTION_LABELS,
    STATUS_LABELS,
    VERSION_LABELS,
    ReportAction,
    ReportStatus,
    StatusView,
    VersionStatus,
)
from gongkai.web.annualreports.selectors import office_agencies, user_reminders
from gongkai.web.common.clock import today
from gongkai.web.supervision.selectors import supervised_tops

register = template.Library()

_SEVERITY_CLASS = {"error": "has-error", "warning": "has-warning", "info": "has-info"}


def _marks(findings: Sequence[Mapping[str, Any]]) -> dict[str, list[tuple[int, str]]]:
    """cell id → [(finding number, severity)] for every finding naming the cell (numbers count from 1)."""
    marks: dict[str, list[tuple[int, str]]] = {}
    for number, finding in enumerate(findings, start=1):
        for cell in finding.get("cells", ()):
            marks.setdefault(cell, []).append((number, finding.get("severity", "info")))
    return marks


def _value_cell(
    report: Report,
    cell: LayoutCell,
    prefix: str,
    marks: Mapping[str, list[tuple[int, str]]],
    manual: Collection[str],
    blanks: Mapping[str, int],
) -> str:
    assert cell.cell is not None
    cell_id = cell.cell.id
    spans = _spans(cell)
    headers = " ".join(f"{prefix}r{r}c{c}" for r, c in cell.headers)
    found = marks.get(cell_id, [])
    classes = []
    severities = {severity for _n, severity in found}
    for severity in ("error", "warning", "info"):
        if severity in severities:
            classes.append(_SEVERITY_CLASS[severity])
            break
    if cell_id in manual:
        classes.append("manual")
    value = report.cells.get(cell_id)
    parts = [
        escape(value_text(value)) if value is not None else f'<span class="blank">{escape(_("空"))}</span>'
    ]
    if cell_id in manual:
        parts.append(f'<span class="manual-mark" title="{escape(_("手工填写"))}">✎</span>')
    missing = blanks.get(cell_id, 0)
    if missing:
        note = _("%(n)s份报告未填此项或所填数值无效，合计可能偏小") % {"n": missing}
        parts.append(f'<span class="blank-count" title="{escape(note)}">†{missing}</span>')
    for number, severity in found:
        label = _("见问题%(n)s") % {"n": number}
        parts.append(
            f'<a class="finding-ref {escape(severity)}" href="#finding-{number}" aria-label="{escape(label)}">'
            f"{number}</a>"
        )
    css = f' class="{" ".join(classes)}"' if classes else ""
    return (
        f'<td{spans}{css} id="cell-{escape(cell_id)}" data-cell="{escape(cell_id)}" headers="{headers}" '
        f'title="{escape(cell.cell.label)}">{"".join(parts)}</td>'
    )


def _spans(cell: LayoutCell) -> str:
    spans = ""
    if cell.rowspan > 1:
        spans += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        spans += f' colspan="{cell.colspan}"'
    return spans


def _heading_cell(cell: LayoutCell, prefix: str) -> str:
    ident = f' id="{prefix}r{cell.row}c{cell.column}"'
    spans = _spans(cell)
    text = escape(cell.text)
    if cell.role == "heading":
        return f'<th{spans}{ident} class="heading" scope="colgroup">{text}</th>'
    if cell.role == "corner":
        return f'<th{spans}{ident} class="corner">{text}</th>'
    if cell.role == "column":
        scope = "colgroup" if cell.colspan > 1 else "col"
        return f'<th{spans}{ident} class="column" scope="{scope}">{text}</th>'
    return f'<th{spans}{ident} class="row" scope="row">{text}</th>'


@register.simple_tag
def report_table(
    report: Report,
    table_id: str,
    findings: Sequence[Mapping[str, Any]] = (),
    manual: Collection[str] = (),
    blanks: Mapping[str, int] | None = None,
) -> SafeString:
    """A table of the report in the official layout (merged cells as in the template). Each cell named by a
    finding is marked and carries the finding's number, linked to it in the list below the tables; cells filled
    by hand carry ✎; `blanks` (for a sum) marks how many reports left a cell blank."""
    table = report.spec.table(table_id)
    layout = table_layout(table)
    marks = _marks(findings)
    prefix = f"{table.id}-"
    out = [
        f'<div class="table-scroll"><table class="official-table" id="table-{table.id}" data-table="{table.id}">',
        f'<caption class="visually-hidden">{escape(table.title)}</caption><tbody>',
    ]
    for row in layout.rows():
        out.append("<tr>")
        for cell in row:
            if cell.role == "value":
                out.append(_value_cell(report, cell, prefix, marks, manual, blanks or {}))
            else:
                out.append(_heading_cell(cell, prefix))
        out.append("</tr>")
    out.append("</tbody></table></div>")
    return mark_safe("".join(out))


@register.filter
def finding_cells(finding: Mapping[str, Any], report: Report) -> str:
    """The Chinese names of the cells a finding names."""
    spec = report.spec
    return "；".join(spec.cell(c).label if spec.has_cell(c) else c for c in finding.get("cells", ()))


_STATUS_CLASS = {
    ReportStatus.NOT_STARTED: "muted",
    ReportStatus.DRAFT: "open",
    ReportStatus.CHECKED: "open",
    ReportStatus.APPROVED: "warn",
    ReportStatus.PUBLISHED: "done",
    ReportStatus.LATE: "late",
    ReportStatus.BEFORE_PLATFORM: "muted",
}


@register.simple_tag
def status_badge(view: StatusView) -> SafeString:
    label = _(STATUS_LABELS[view.status])
    if view.status is ReportStatus.LATE:
        label = _("逾期未发布（%(stage)s）") % {"stage": _(STATUS_LABELS[view.stage])}
    extra = ""
    if view.published_late:
        extra += format_html(' <span class="badge late">{}</span>', _("逾期发布"))
    if view.correcting:
        extra += format_html(' <span class="badge warn">{}</span>', _("更正中"))
    return format_html(
        '<span class="badge {}" data-status="{}">{}</span>{}',
        _STATUS_CLASS[view.status],
        view.status.value,
        label,
        mark_safe(extra),
    )


@register.filter
def severity_label(severity: str) -> str:
    """A finding's stored severity ("error", "warning", "info") as the core's word for it, translated."""
    try:
        return _(SEVERITY_LABELS[Severity(severity)])
    except ValueError:
        return severity


@register.filter
def stage_label(stage: ReportStatus | None) -> str:
    """Where a report stands (未开始, 草稿, …), translated."""
    return "" if stage is None else _(STATUS_LABELS[ReportStatus(stage)])


@register.filter
def version_label(status: str) -> str:
    try:
        return _(VERSION_LABELS[VersionStatus(status)])
    except ValueError:
        return status


_HISTORY = {
    "annual_report.import": gettext_noop("导入外部报告"),
    "annual_report.publish": gettext_noop("发布"),
}


@register.filter
def history_label(action: str) -> str:
    """An audit action code of the workflow as its Chinese label."""
    if action in _HISTORY:
        return _(_HISTORY[action])
    try:
        return _(ACTION_LABELS[ReportAction(action.removeprefix("annual_report."))])
    except ValueError:
        return action


@register.filter
def paragraphs(sections: Mapping[str, Sequence[str]], key: str) -> Sequence[str]:
    return sections.get(key, ())


@register.inclusion_tag("annualreports/reminder_banner.html", takes_context=True)
def annual_report_reminder(context: Any) -> dict[str, Any]:
    """The banner on every office page: the reminders for the agencies whose report the user works on (from
    1 January until the year's report is published)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not request.path.startswith("/office/"):
        return {"reminders": []}
    return {"reminders": user_reminders(user, today=today())}


@register.filter
def section_title(key: str, report: Report) -> str:
    """A narrative key (overview, problems, other, preamble) as the section's heading."""
    if key == "preamble":
        return _("开头说明")
    try:
        return report.spec.section(key).heading
    except KeyError:
        return key


@register.inclusion_tag("annualreports/nav_items.html", takes_context=True)
def annual_report_nav(context: Any) -> dict[str, Any]:
    """The navigation entries of annual reports: the public list for everyone, the office pages for staff who
    work on reports, supervision for supervisors."""
    request = context.get("request")
    user = getattr(request, "user", None)
    works = supervises = False
    if user is not None and user.is_authenticated:
        works = office_agencies(user).exists()
        supervises = bool(supervised_tops(user))
    return {"works": works, "supervises": supervises}


@register.filter
def first_errors(findings: Sequence[Mapping[str, Any]], count: int = 3) -> dict[str, Any]:
    """The first `count` error messages of stored findings, and how many more there are (for list pages)."""
    errors = [f.get("message", "") for f in findings if f.get("severity") == "error"]
    return {"shown": errors[:count], "more": max(0, len(errors) - count)}
