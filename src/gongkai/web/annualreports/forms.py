"""Forms of the annual-report workflow: the narrative (and figures the records leave blank), and notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.core.report.formats import PARSE_SUFFIXES
from gongkai.core.report.model import MAX_CELL_VALUE, CellValue
from gongkai.core.report.templates import get_template
from gongkai.core.report.workflow import publication_date_problem
from gongkai.web.common.forms import DateInput

__all__ = ["ImportPublishedForm", "NarrativeForm", "NoteForm", "cell_field_name"]

_SECTIONS = (
    ("preamble", _("开头说明"), 3),
    ("overview", _("一、总体情况"), 14),
    ("problems", _("五、存在的主要问题及改进情况"), 6),
    ("other", _("六、其他需要报告的事项"), 4),
)


def cell_field_name(cell_id: str) -> str:
    return "cell__" + cell_id.replace(".", "__")


# Our own messages for the figures (Django's end in an English full stop and speak of "digits").
_NUMBER_MESSAGES = {
    "invalid": _("请填写数字。"),
    "min_value": _("不能小于%(limit_value)s。"),
    "max_value": _("不能大于%(limit_value)s。"),
}
_AMOUNT_MESSAGES = {
    **_NUMBER_MESSAGES,
    "max_digits": _("数字不能超过%(max)s位。"),
    "max_decimal_places": _("小数不能超过%(max)s位。"),
    "max_whole_digits": _("整数部分不能超过%(max)s位。"),
}
_COUNT_MESSAGES = {**_NUMBER_MESSAGES, "invalid": _("请填写整数（件数）。")}


class NarrativeForm(forms.Form):
    """One text area per narrative part (one paragraph per line) and one field per editable cell."""

    def __init__(
        self,
        *args: Any,
        template: str,
        sections: Mapping[str, Sequence[str]],
        editable: Sequence[str],
        manual: Mapping[str, CellValue],
        revision: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # The draft the form was opened on (`selectors.version_revision`): saving over a newer one is refused.
        self.fields["revision"] = forms.CharField(
            required=False, widget=forms.HiddenInput, initial=revision, max_length=64
        )
        help_text = _("每段一行。【请……】是待填写的提示，须改写为实际情况后才能通过校验。")
        for key, label, rows in _SECTIONS:
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": rows}),
                initial="\n".join(sections.get(key, ())),
                help_text=help_text if key == "overview" else "",
                max_length=20000,
            )
        spec = get_template(template)
        self.cell_ids = list(editable)
        for cell_id in editable:
            cell = spec.cell(cell_id)
            field: forms.Field
            if cell.kind == "amount":
                field = forms.DecimalField(
                    min_value=Decimal(0), max_value=Decimal(MAX_CELL_VALUE), max_digits=16, decimal_places=6,
                    error_messages=_AMOUNT_MESSAGES,
                )  # fmt: skip
            else:
                field = forms.IntegerField(
                    min_value=0, max_value=MAX_CELL_VALUE, error_messages=_COUNT_MESSAGES
                )
            field.label = cell.label
            field.required = False
            field.initial = manual.get(cell_id)
            field.help_text = (
                _("办理记录中没有此项数据，可手工填写（单位：万元）。") if cell.kind == "amount" else ""
            )
            self.fields[cell_field_name(cell_id)] = field

    def rebased(self, revision: str) -> NarrativeForm:
        """The form as sent, now based on the draft saved meanwhile: sent again, it is saved over it."""
        data = QueryDict(mutable=True)
        data.update(self.data)
        data["revision"] = revision
        self.data = data
        return self

    def sections(self) -> dict[str, list[str]]:
        return {key: self.cleaned_data[key].splitlines() for key, _label, _rows in _SECTIONS}

    def manual(self) -> dict[str, CellValue]:
        return {cell_id: self.cleaned_data.get(cell_field_name(cell_id)) for cell_id in self.cell_ids}

    def cell_fields(self) -> list[forms.BoundField]:
        return [self[cell_field_name(c)] for c in self.cell_ids]

    def section_fields(self) -> list[forms.BoundField]:
        return [self[key] for key, _label, _rows in _SECTIONS]


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("说明"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, strip=True
    )

    def __init__(self, *args: Any, label: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["note"].label = label
        self.fields["note"].error_messages["required"] = _("此项为必填项。")


class ImportPublishedForm(forms.Form):
    """The file of a report the agency published before it used the platform, and the day it published it."""

    file = forms.FileField(
        label=_("已发布的年度报告文件"),
        help_text=_(
            "本机关在使用本平台之前发布的年度报告：网页（HTML 或 .mhtml）、PDF、Word（.docx、.doc、.rtf 或 Word 2003 XML）、WPS 文字（.wps）、"
            "Excel（.xlsx 或 .xls）、文本（.txt）或 JSON。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(PARSE_SUFFIXES)}),
    )
    published_on = forms.DateField(
        label=_("发布日期"),
        widget=DateInput(),
        help_text=_("报告在政府网站上发布的日期，用于判断是否按时发布。"),
    )

    def __init__(self, *args: Any, year: int, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        self.today = today
        for field in self.fields.values():
            field.error_messages["required"] = _("此项为必填项。")
        self.fields["published_on"].error_messages["invalid"] = _("请填写有效的日期。")

    def clean_published_on(self) -> dt.date:
        published_on: dt.date = self.cleaned_data["published_on"]
        if publication_date_problem(self.year, published_on, today=self.today) is not None:
            raise ValidationError(
                gettext(
                    "发布日期应在%(next)s年1月1日（年度结束后）至今天（%(today)s）之间，而不是%(given)s。"
                )
                % {
                    "next": self.year + 1,
                    "today": self.today.isoformat(),
                    "given": published_on.isoformat(),
                },
                code="out_of_range",
            )
        return published_on

    def clean_file(self) -> UploadedFile[Any]:
        upload: UploadedFile[Any] = self.cleaned_data["file"]
        limit: int = settings.UPLOAD_MAX_BYTES
        if (upload.size or 0) > limit:
            raise ValidationError(
                gettext("文件超过%(limit)s MB 的上限。") % {"limit": limit // (1024 * 1024)}, code="too_large"
            )
        return upload
