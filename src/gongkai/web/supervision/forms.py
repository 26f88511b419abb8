"""The supervision forms: the subtree and year shown, and a batch of report files to import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.core.report.formats import PARSE_SUFFIXES

__all__ = ["MAX_FILES", "ImportForm"]

MAX_FILES = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ",".join(PARSE_SUFFIXES)}),
        )
        # An empty file is listed with the others and its reason, not refused with the whole batch.
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[Any]]:
        one = super().clean
        if isinstance(data, list | tuple):
            return [one(d, initial) for d in data]
        return [one(data, initial)]


class ImportForm(forms.Form):
    under = forms.ChoiceField(
        label=_("归入机关"), help_text=_("平台外机关的报告归入此机关名下，计入其汇总。")
    )
    reports = MultipleFileField(
        label=_("年度报告文件"),
        help_text=_(
            "可一次选择多个文件：网页（HTML，或浏览器另存的单个文件 .mhtml）、PDF、Word（.docx、.doc、.rtf 或 Word 2003 XML）、WPS 文字（.wps）、Excel（.xlsx 或 .xls）、文本（.txt）或 JSON。"
        ),
    )

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["under"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(pk), name) for pk, name in agencies]
        for f in self.fields.values():
            f.error_messages["required"] = _("此项为必填项。")
        # Django's message echoes the raw value ("pending 不在可用的选项中").
        field.error_messages["invalid_choice"] = _("请从列表中选择一个您监督的机关。")

    def clean_reports(self) -> list[UploadedFile[Any]]:
        files: list[UploadedFile[Any]] = self.cleaned_data["reports"]
        if len(files) > MAX_FILES:
            raise ValidationError(gettext("一次最多导入%(n)s个文件。") % {"n": MAX_FILES}, code="too_many")
        limit: int = settings.UPLOAD_MAX_BYTES
        for upload in files:
            if (upload.size or 0) > limit:
                raise ValidationError(
                    gettext("文件“%(name)s”超过%(limit)s MB 的上限。")
                    % {"name": upload.name, "limit": limit // (1024 * 1024)},
                    code="too_large",
                )
        return files
