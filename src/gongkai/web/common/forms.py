"""The application form (Art. 29), shared by the public portal and the staff back office."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from gongkai.core.cases import APPLICANT_KINDS
from gongkai.web.applications.models import Applicant, Delivery, RequestedForm
from gongkai.web.common.uploads import check_upload

__all__ = ["ApplicationForm", "DateInput", "resident_id_valid"]

_RESIDENT_ID = re.compile(r"^\d{17}[\dX]$")
_CREDIT_CODE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")
_PHONE = re.compile(r"^[\d\-+() ]{7,20}$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def resident_id_valid(number: str) -> bool:
    """GB 11643 check digit of an 18-digit resident ID."""
    if not _RESIDENT_ID.match(number):
        return False
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True))
    return "10X98765432"[total % 11] == number[17]


class ApplicationForm(forms.Form):
    """Art. 29: name, identity proof, contact details, a description of the information, form and delivery."""

    applicant_kind = forms.ChoiceField(
        label=_("申请人类型"),
        choices=[(k.value, _(v)) for k, v in APPLICANT_KINDS.items()],
        initial="natural",
    )
    name = forms.CharField(label=_("姓名或名称"), max_length=120)
    id_type = forms.ChoiceField(label=_("证件类型"), choices=Applicant.IdType.choices)
    id_number = forms.CharField(label=_("证件号码"), max_length=40)
    contact_name = forms.CharField(
        label=_("联系人"), max_length=60, required=False, help_text=_("法人或其他组织申请时填写。")
    )
    phone = forms.CharField(label=_("联系电话"), max_length=30)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    address = forms.CharField(label=_("通信地址"), max_length=200)
    postal_code = forms.RegexField(label=_("邮政编码"), regex=r"^\d{6}$", required=False)
    description = forms.CharField(
        label=_("所需政府信息的名称、文号或者便于查询的其他特征性描述"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=5,
        max_length=4000,
    )
    requested_form = forms.ChoiceField(label=_("信息的指定提供形式"), choices=RequestedForm.choices)
    delivery = forms.ChoiceField(label=_("获取信息的方式"), choices=Delivery.choices)
    assistance = forms.CharField(
        label=_("需要的帮助"),
        max_length=200,
        required=False,
        help_text=_(
            "如您阅读或视听有困难，需要工作人员提供帮助（条例第四十三条），请在此说明，例如“请电话告知办理进展”。"
        ),
    )
    id_proof = forms.FileField(
        label=_("身份证明"),
        help_text=_("身份证件或营业执照等的扫描件或照片：PDF、JPG、PNG，不超过10 MB。"),
    )

    def __init__(self, *args: Any, id_proof_required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id_proof"].required = id_proof_required
        for field in self.fields.values():
            field.error_messages.setdefault("required", _("此项为必填项。"))
            field.error_messages["required"] = _("此项为必填项。")

    def clean_id_number(self) -> str:
        number: str = self.cleaned_data["id_number"].strip().upper()
        id_type = self.cleaned_data.get("id_type")
        if id_type == Applicant.IdType.RESIDENT_ID and not resident_id_valid(number):
            raise ValidationError(_("居民身份证号码应为18位，且校验位正确。"), code="bad_id")
        if id_type == Applicant.IdType.CREDIT_CODE and not _CREDIT_CODE.match(number):
            raise ValidationError(_("统一社会信用代码应为18位数字或大写字母。"), code="bad_code")
        return number

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"].strip()
        if not _PHONE.match(phone):
            raise ValidationError(_("请填写有效的联系电话。"), code="bad_phone")
        return phone

    def clean_id_proof(self) -> Any:
        upload = self.cleaned_data.get("id_proof")
        if upload:
            check_upload(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("applicant_kind")
        id_type = data.get("id_type")
        personal = {Applicant.IdType.RESIDENT_ID, Applicant.IdType.PASSPORT, Applicant.IdType.OTHER_PERSONAL}
        if kind == "natural" and id_type and id_type not in personal:
            self.add_error("id_type", _("自然人请选择个人身份证件。"))
        if kind and kind != "natural":
            if id_type and id_type in personal:
                self.add_error("id_type", _("法人或其他组织请选择统一社会信用代码或其他组织机构证明。"))
            if not data.get("contact_name"):
                self.add_error("contact_name", _("法人或其他组织申请须填写联系人。"))
        if data.get("delivery") == Delivery.EMAIL and not data.get("email"):
            self.add_error("email", _("选择电子邮件获取时须填写电子邮箱。"))
        return data
