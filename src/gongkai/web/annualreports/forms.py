"""Forms of the annual-report workflow: the narrative (and figures the records leave blank), and notes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.core.report.formats import PARSE_SUFFIXES
from gongkai.core.report.model import CellValue
from gongkai.core.report.templates import get_template
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


class NarrativeForm(forms.Form):
    """One text area per narrative part (one paragraph per line) and one field per editable cell."""

    def __init__(
        self,
        *args: Any,
        template: str,
        sections: Mapping[str, Sequence[str]],
        editable: Sequence[str],
        manual: Mapping[str, CellValue],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
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
                field = forms.DecimalField(min_value=Decimal(0), max_digits=16, decimal_places=6)
            else:
                field = forms.IntegerField(min_value=0, max_value=10**9)
            field.label = cell.label
            field.required = False
            field.initial = manual.get(cell_id)
            field.help_text = (
                _("办理记录中没有此项数据，可手工填写（单位：万元）。") if cell.kind == "amount" else ""
            )
            self.fields[cell_field_name(cell_id)] = field

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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = _("此项为必填项。")
        self.fields["published_on"].error_messages["invalid"] = _("请填写有效的日期。")

    def clean_file(self) -> UploadedFile[Any]:
        upload: UploadedFile[Any] = self.cleaned_data["file"]
        limit: int = settings.UPLOAD_MAX_BYTES
        if (upload.size or 0) > limit:
            raise ValidationError(
                gettext("文件超过%(limit)s MB 的上限。") % {"limit": limit // (1024 * 1024)}, code="too_large"
            )
        return upload
