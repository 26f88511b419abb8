from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class StatusForm(forms.Form):
    number = forms.CharField(
        label=_("申请编号"),
        max_length=32,
        help_text=_("例如 WZSP-2026-0042"),
        error_messages={"required": _("请填写申请编号。")},
    )
    code = forms.CharField(
        label=_("查询码"),
        max_length=20,
        help_text=_("提交申请时页面上显示的8位查询码"),
        error_messages={"required": _("请填写查询码。")},
    )
