"""The shared application form (public and staff): what its text fields accept, how numbers are normalised and
checked, and the messages it gives."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from gongkai.core.cases import ApplicantReply
from gongkai.web.applications.forms import StaffApplicationForm
from gongkai.web.common.forms import ApplicationForm
from gongkai.web.portal.forms import ApplicantReplyForm, StatusForm, WithdrawalForm
from tests.web.conftest import VALID_ID, application_fields, png_bytes

VALID_CREDIT_CODE = "91440300708461136T"


def _form(**changes: str) -> ApplicationForm:
    files = {"id_proof": SimpleUploadedFile("id.png", png_bytes(), content_type="image/png")}
    form = ApplicationForm(application_fields(**changes), files)
    form.is_valid()
    return form


def test_the_sample_application_is_valid() -> None:
    form = _form()
    assert form.errors == {}


def _text_fields(form: forms.Form) -> list[tuple[str, forms.CharField]]:
    return [(name, field) for name, field in form.fields.items() if isinstance(field, forms.CharField)]


FORMS_PEOPLE_TYPE_INTO: list[forms.Form] = [
    ApplicationForm(),
    StaffApplicationForm(),
    StatusForm(),
    ApplicantReplyForm(expected=ApplicantReply.CORRECTION),
    WithdrawalForm(),
]


@pytest.mark.parametrize("form", FORMS_PEOPLE_TYPE_INTO, ids=lambda f: type(f).__name__)
@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x0b", "\x7f", "\x85", "\ud83d"])
def test_every_text_field_refuses_control_characters_and_names_itself(
    form: forms.Form, character: str
) -> None:
    fields = _text_fields(form)
    assert fields
    for name, field in fields:
        with pytest.raises(ValidationError) as refused:
            field.clean(f"张{character}三")
        message = " ".join(refused.value.messages)
        assert str(field.label) in message, name
        assert f"U+{ord(character):04X}" in message, name
        assert "空字符" not in message  # Django's own garbled NUL message


def test_a_name_with_terminal_escapes_is_refused_with_a_clear_message() -> None:
    form = _form(name="张\x07\x1b[31m三\x0b", address="示例路\x001号")
    assert form.errors["name"] == ["姓名或名称含有不允许的字符（U+0007），请删除后重新填写。"]
    assert form.errors["address"] == ["通信地址含有不允许的字符（U+0000），请删除后重新填写。"]


def test_tabs_and_line_breaks_stay_in_a_description() -> None:
    form = _form(description="第一项：规划许可\r\n第二项：\t施工许可")
    assert form.cleaned_data["description"] == "第一项：规划许可\r\n第二项：\t施工许可"


def test_zero_width_and_bidi_characters_are_dropped_before_the_required_and_length_checks() -> None:
    form = _form(name="\u200b\u200b", description="\u200b" * 10, id_number="\u200b", id_type="passport")
    assert form.errors["name"] == ["此项为必填项。"]
    assert form.errors["description"] == ["此项为必填项。"]
    assert form.errors["id_number"] == ["此项为必填项。"]
    short = _form(description="\u200b" * 10 + "规划许")
    assert short.errors["description"] == [
        "所需政府信息的名称、文号或者便于查询的其他特征性描述至少要5个字（现为3个）。"
    ]
    hidden = _form(name="马\u202e建\u2066国\ufeff", address="\u200f示例路1号")
    assert (hidden.cleaned_data["name"], hidden.cleaned_data["address"]) == ("马建国", "示例路1号")


def test_full_width_numbers_codes_and_addresses_are_stored_normalised() -> None:
    form = _form(
        id_number="６４０３０２１９８００１０１００１１",
        phone="１３９９５３００００１",
        postal_code="７５１１００",
        email="ｍａ＠ｅｘａｍｐｌｅ．ｃｏｍ",
    )
    assert form.errors == {}
    data = form.cleaned_data
    assert (data["id_number"], data["phone"], data["postal_code"], data["email"]) == (
        VALID_ID,
        "13995300001",
        "751100",
        "ma@example.com",
    )


def test_a_name_keeps_its_full_width_punctuation() -> None:
    form = _form(applicant_kind="commercial", name="吴忠市（示例）有限公司", id_type="credit_code",
                 id_number=VALID_CREDIT_CODE, contact_name="马建国")  # fmt: skip
    assert form.errors == {}
    assert form.cleaned_data["name"] == "吴忠市（示例）有限公司"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"id_number": "640302198013010019"}, "出生日期（19801301）不成立"),
        ({"id_number": "640302198002300010"}, "出生日期（19800230）不成立"),
        ({"id_number": "640302209901010018"}, "出生日期（20990101）不成立"),
        ({"id_number": "000000198001010013"}, "地址码（000000）不是有效的行政区划代码"),
        ({"id_type": "passport", "id_number": "1"}, "护照号码应为5至30位"),
        ({"id_type": "passport", "id_number": "😀<script>"}, "护照号码应为5至30位"),
        ({"id_type": "other_personal", "id_number": "😀<script>"}, "证件号码应为5至30位"),
        ({"phone": "-------"}, "请填写有效的联系电话"),
        ({"phone": "() () ()"}, "请填写有效的联系电话"),
        ({"postal_code": "75110"}, "邮政编码应为6位数字"),
    ],
)
def test_identity_numbers_phones_and_postal_codes_that_cannot_exist_are_refused(
    changes: dict[str, str], message: str
) -> None:
    form = _form(**changes)
    field = "postal_code" if "postal_code" in changes else "phone" if "phone" in changes else "id_number"
    assert message in " ".join(map(str, form.errors[field]))


def test_a_credit_code_needs_its_check_character() -> None:
    organisation = {"applicant_kind": "commercial", "id_type": "credit_code", "contact_name": "马建国"}
    assert _form(**organisation, id_number=VALID_CREDIT_CODE).errors == {}
    wrong = _form(**organisation, id_number=VALID_CREDIT_CODE[:-1] + "U")
    assert wrong.errors["id_number"] == ["统一社会信用代码的校验码（第18位）不正确，请核对。"]


def test_an_invalid_email_gets_one_message_and_an_empty_one_the_delivery_message() -> None:
    invalid = _form(email="ma@", delivery="email")
    assert invalid.errors["email"] == ["请填写有效的电子邮箱，例如 name@example.com。"]
    empty = _form(email="", delivery="email")
    assert empty.errors["email"] == ["选择电子邮件获取时须填写电子邮箱。"]


def test_length_messages_name_the_field_and_the_limit_in_chinese_and_english() -> None:
    assert _form(name="张" * 121).errors["name"] == ["姓名或名称不能超过120个字（现为121个）。"]
    with translation.override("en"):
        assert _form(name="张" * 121).errors["name"] == ["Name may have at most 120 characters (it has 121)."]
        assert _form(name="张\x07").errors["name"] == [
            "Name contains a character that is not allowed (U+0007); please remove it and try again."
        ]


def test_an_email_longer_than_its_column_is_refused() -> None:
    address = "a" * 60 + "@" + ".".join(["b" * 60] * 4) + ".cn"
    assert len(address) > 254
    assert "不能超过254个字" in " ".join(map(str, _form(email=address).errors["email"]))


def test_the_id_proof_help_names_the_formats_the_upload_check_accepts() -> None:
    form: Any = ApplicationForm()
    assert "PDF、JPG、PNG、DOCX" in str(form.fields["id_proof"].help_text)
    assert "10 MB" in str(form.fields["id_proof"].help_text)
    with translation.override("en"):
        assert "PDF, JPG, PNG, DOCX, at most 10 MB" in str(form.fields["id_proof"].help_text)
        reply: Any = ApplicantReplyForm(expected=ApplicantReply.REASONS)
        assert str(reply.fields["file"].help_text) == "PDF, JPG, PNG, DOCX, at most 10 MB."
