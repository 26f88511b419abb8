"""A queue as an XLSX workbook (no applicant personal data: the export leaves the access-checked pages)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from gongkai.core.cases import APPLICANT_KINDS, STATE_LABELS, ApplicantKind, State, answer_type
from gongkai.web.applications.models import Application

__all__ = ["applications_xlsx"]


def applications_xlsx(applications: Iterable[Application], *, title: str) -> tuple[bytes, int]:
    """The workbook's bytes and the number of cases in it."""
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
        _("答复类型"),
        _("办结（答复）日期"),
        _("申请内容"),
    ]
    widths = [18, 24, 16, 12, 14, 14, 14, 30, 16, 60]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append(headers)
    count = 0
    for application in applications:
        sheet.append(
            [
                application.number,
                application.agency.name,
                _(STATE_LABELS[State(application.status)]),
                _(APPLICANT_KINDS[ApplicantKind(application.applicant_kind)]),
                application.get_channel_display(),
                application.received_on,
                application.reply_due,
                _(answer_type(application.answer).label) if application.answer else "",
                application.outcome_on,
                application.description,
            ]
        )
        count += 1
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), count
