from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.cases import ApplicantReply
from gongkai.web.common.forms import TextField
from gongkai.web.common.uploads import check_upload, upload_help_text


class StatusForm(forms.Form):
    number = TextField(
        label=_("申请编号"),
        max_length=32,
        normalise_width=True,
        help_text=_("例如 WZSP-2026-0042"),
        error_messages={"required": _("请填写申请编号。")},
    )
    code = TextField(
        label=_("查询码"),
        max_length=20,
        normalise_width=True,
        help_text=_("提交申请时页面上显示的8位查询码"),
        error_messages={"required": _("请填写查询码。")},
    )


class ApplicantReplyForm(forms.Form):
    """The correction (Art. 30) or the reasons (Art. 35) the agency is waiting for, sent online."""

    text = TextField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=4000,
        error_messages={"required": _("此项为必填项。")},
    )
    file = forms.FileField(
        label=_("附件（可选）"),
        required=False,
        help_text=upload_help_text(_("%(formats)s，不超过%(limit)s MB。")),
    )

    def __init__(self, *args: Any, expected: ApplicantReply, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["text"].label = (
            _("补正的内容") if expected is ApplicantReply.CORRECTION else _("申请理由的说明")
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            check_upload(upload)
        return upload


class WithdrawalForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("我确认撤回本申请"),
        error_messages={"required": _("请勾选确认后再提交。")},
    )
    reason = TextField(
        label=_("撤回的原因（可选）"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
