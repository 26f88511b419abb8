"""The application form (Art. 29), shared by the public portal and the staff back office."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinLengthValidator
from django.utils.translation import gettext_lazy as _

from gongkai.core.cases import APPLICANT_KINDS
from gongkai.web.applications.models import Applicant, Delivery, RequestedForm
from gongkai.web.common import clock, validators
from gongkai.web.common.uploads import check_upload, upload_help_text

__all__ = ["ApplicationForm", "DateInput", "EmailTextField", "TextField"]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class TextField(forms.CharField):
    """A CharField for what people type: control characters refused, zero-width and bidi characters dropped
    (before the required and length checks, so a text of only invisible characters is an empty one), and
    length messages that name the field. `normalise_width`: full-width ASCII as ASCII (numbers, codes)."""

    def __init__(self, *, normalise_width: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.normalise_width = normalise_width
        # Lengths are checked in `validate`, with messages naming the field (its label may be set later).
        self.validators = [
            v for v in self.validators if not isinstance(v, MaxLengthValidator | MinLengthValidator)
        ]

    def _field_name(self) -> str:
        return str(self.label or _("此项"))

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            character = validators.forbidden_character(value)
            if character is not None:
                raise ValidationError(
                    _("%(field)s含有不允许的字符（%(code_point)s），请删除后重新填写。"),
                    code="forbidden_character",
                    params={"field": self._field_name(), "code_point": f"U+{ord(character):04X}"},
                )
            value = validators.without_invisible_characters(value)
            if self.normalise_width:
                value = validators.normalise_width(value)
        return super().to_python(value)

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value in self.empty_values:
            return
        length = len(value)
        params = {"field": self._field_name(), "count": length}
        if self.max_length is not None and length > self.max_length:
            raise ValidationError(
                _("%(field)s不能超过%(limit)s个字（现为%(count)s个）。"),
                code="max_length",
                params={**params, "limit": self.max_length},
            )
        if self.min_length is not None and length < self.min_length:
            raise ValidationError(
                _("%(field)s至少要%(limit)s个字（现为%(count)s个）。"),
                code="min_length",
                params={**params, "limit": self.min_length},
            )


class EmailTextField(TextField, forms.EmailField):
    """An e-mail address typed as text is: full-width letters and “＠” normalised, then checked."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("error_messages", {"invalid": _("请填写有效的电子邮箱，例如 name@example.com。")})
        super().__init__(normalise_width=True, **kwargs)


_PERSONAL_IDS = frozenset(
    {Applicant.IdType.RESIDENT_ID, Applicant.IdType.PASSPORT, Applicant.IdType.OTHER_PERSONAL}
)


class ApplicationForm(forms.Form):
    """Art. 29: name, identity proof, contact details, a description of the information, form and delivery."""

    applicant_kind = forms.ChoiceField(
        label=_("申请人类型"),
        choices=[(k.value, _(v)) for k, v in APPLICANT_KINDS.items()],
        initial="natural",
    )
    name = TextField(label=_("姓名或名称"), max_length=120)
    id_type = forms.ChoiceField(label=_("证件类型"), choices=Applicant.IdType.choices)
    id_number = TextField(label=_("证件号码"), max_length=40, normalise_width=True)
    contact_name = TextField(
        label=_("联系人"), max_length=60, required=False, help_text=_("法人或其他组织申请时填写。")
    )
    phone = TextField(label=_("联系电话"), max_length=30, normalise_width=True)
    # The model's column holds 254 characters (Django's EmailField allows 320).
    email = EmailTextField(label=_("电子邮箱"), max_length=254, required=False)
    address = TextField(label=_("通信地址"), max_length=200)
    postal_code = TextField(label=_("邮政编码"), max_length=6, required=False, normalise_width=True)
    description = TextField(
        label=_("所需政府信息的名称、文号或者便于查询的其他特征性描述"),
        widget=forms.Textarea(attrs={"rows": 5}),
        min_length=5,
        max_length=4000,
    )
    requested_form = forms.ChoiceField(label=_("信息的指定提供形式"), choices=RequestedForm.choices)
    delivery = forms.ChoiceField(label=_("获取信息的方式"), choices=Delivery.choices)
    assistance = TextField(
        label=_("需要的帮助"),
        max_length=200,
        required=False,
        help_text=_(
            "如您阅读或视听有困难，需要工作人员提供帮助（条例第四十三条），请在此说明，例如“请电话告知办理进展”。"
        ),
    )
    id_proof = forms.FileField(
        label=_("身份证明"),
        help_text=upload_help_text(
            _("身份证件或营业执照等的扫描件或照片：%(formats)s，不超过%(limit)s MB。")
        ),
    )

    def __init__(self, *args: Any, id_proof_required: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id_proof"].required = id_proof_required
        for field in self.fields.values():
            field.error_messages["required"] = _("此项为必填项。")

    def clean_id_number(self) -> str:
        number: str = self.cleaned_data["id_number"].upper()
        id_type = self.cleaned_data.get("id_type")
        if id_type == Applicant.IdType.RESIDENT_ID:
            validators.check_resident_id(number, today=clock.today())
        elif id_type == Applicant.IdType.CREDIT_CODE:
            validators.check_credit_code(number)
        elif id_type == Applicant.IdType.PASSPORT:
            validators.check_passport_number(number)
        elif id_type in (Applicant.IdType.OTHER_PERSONAL, Applicant.IdType.OTHER_ORG):
            validators.check_other_document_number(number)
        return number

    def clean_phone(self) -> str:
        phone: str = self.cleaned_data["phone"]
        validators.check_phone(phone)
        return phone

    def clean_postal_code(self) -> str:
        code: str = self.cleaned_data["postal_code"]
        if code:
            validators.check_postal_code(code)
        return code

    def clean_id_proof(self) -> Any:
        upload = self.cleaned_data.get("id_proof")
        if upload:
            check_upload(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("applicant_kind")
        id_type = data.get("id_type")
        if kind == "natural" and id_type and id_type not in _PERSONAL_IDS:
            self.add_error("id_type", _("自然人请选择个人身份证件。"))
        if kind and kind != "natural":
            if id_type and id_type in _PERSONAL_IDS:
                self.add_error("id_type", _("法人或其他组织请选择统一社会信用代码或其他组织机构证明。"))
            if not data.get("contact_name"):
                self.add_error("contact_name", _("法人或其他组织申请须填写联系人。"))
        # Only an empty address: an invalid one has its own message.
        if data.get("delivery") == Delivery.EMAIL and not data.get("email") and not self.has_error("email"):
            self.add_error("email", _("选择电子邮件获取时须填写电子邮箱。"))
        return data
