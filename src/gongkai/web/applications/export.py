"""A queue as an XLSX workbook (no applicant personal data: the export leaves the access-checked pages)."""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.utils import get_column_letter

from gongkai.core.cases import APPLICANT_KINDS, STATE_LABELS, ApplicantKind, State, answer_type
from gongkai.core.office import set_cell_text
from gongkai.web.applications.models import Application

__all__ = ["applications_xlsx"]


def applications_xlsx(applications: QuerySet[Application], *, title: str) -> tuple[bytes, int]:
    """The workbook's bytes and the number of cases in it. Every cell holds a value, never a formula: the
    description is what an applicant typed, and "=HYPERLINK(...)" must stay text in Excel and WPS."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31] or "cases")
    headers = [
        _("申请编号"),
        _("办理机关"),
        _("状态"),
        _("申请人类型"),
        _("申请渠道"),
        _("收到申请日期"),
        _("答复期限"),
        _("答复期限为暂定"),
        _("承办人"),
        _("答复类型"),
        _("办结（答复）日期"),
        _("申请内容"),
    ]
    widths = [18, 24, 16, 12, 14, 14, 14, 10, 12, 30, 16, 60]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append(headers)
    count = 0
    for application in applications.select_related("agency", "assigned_to"):
        officer = application.assigned_to
        values = [
            application.number,
            application.agency.name,
            _(STATE_LABELS[State(application.status)]),
            _(APPLICANT_KINDS[ApplicantKind(application.applicant_kind)]),
            application.get_channel_display(),
            application.received_on,
            application.reply_due,
            _("暂定") if application.reply_due and application.reply_due_still_provisional else "",
            (officer.get_full_name() or officer.get_username()) if officer else "",
            _(answer_type(application.answer).label) if application.answer else "",
            application.outcome_on,
            application.description,
        ]
        sheet.append([set_cell_text(WriteOnlyCell(sheet), value) for value in values])
        count += 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), count
