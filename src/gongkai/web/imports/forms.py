from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportForm(forms.Form):
    agency = forms.ChoiceField(label=_("办理机关"))
    file = forms.FileField(label=_("文件（.xlsx、.xls 或 .csv）"))
    dry_run = forms.BooleanField(label=_("试导入（只检查，不写入）"), required=False, initial=True)

    def __init__(self, *args: Any, agencies: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["agency"]).choices = [(str(pk), name) for pk, name in agencies]
