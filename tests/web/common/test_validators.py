"""The checks of typed text and of identity document numbers, phone numbers and postal codes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.web.common import validators

TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("张\x07\x1b[31m三\x0b", "\x07"),
        ("\x00", "\x00"),
        ("地址\x7f", "\x7f"),
        ("地址\x85", "\x85"),
        ("\ud800", "\ud800"),
        ("\uffff", "\uffff"),
    ],
)
def test_control_characters_surrogates_and_noncharacters_are_found(text: str, found: str) -> None:
    assert validators.forbidden_character(text) == found


def test_tab_and_line_breaks_and_ordinary_text_are_allowed() -> None:
    assert validators.forbidden_character("第一行\r\n第二行\t（附表）") is None


def test_zero_width_and_bidi_characters_are_removed_and_nothing_else() -> None:
    invisible = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff"
    assert validators.without_invisible_characters(f"马{invisible}建国 ") == "马建国 "


def test_full_width_ascii_is_normalised() -> None:
    assert (
        validators.normalise_width("１３９９５３００００１ ｍａ＠ｅｘａｍｐｌｅ．ｃｏｍ")
        == "13995300001 ma@example.com"
    )


@pytest.mark.parametrize(
    "number",
    [
        "640302198001010011",  # 宁夏吴忠, born 1 January 1980
        "640302200002290019",  # born on a leap day
        "11010519491231002X",  # check digit X
    ],
)
def test_a_resident_id_with_a_province_a_real_birth_date_and_its_check_digit_passes(number: str) -> None:
    validators.check_resident_id(number, today=TODAY)


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("640302198001010018", "bad_id"),  # wrong check digit
        ("64030219800101001", "bad_id"),  # 17 characters
        ("640302198013010019", "bad_id_birth_date"),  # month 13
        ("640302198002300010", "bad_id_birth_date"),  # 30 February
        ("640302209901010018", "bad_id_birth_date"),  # born in 2099
        ("640302189912310010", "bad_id_birth_date"),  # born in 1899
        ("000000198001010013", "bad_id_region"),  # no region
        ("160302198001010017", "bad_id_region"),  # 16 is no province
    ],
)
def test_a_resident_id_with_a_valid_check_digit_is_still_refused_when_it_cannot_exist(
    number: str, code: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        validators.check_resident_id(number, today=TODAY)
    assert refused.value.code == code


def test_a_birth_date_is_judged_against_the_today_passed_in() -> None:
    born_today = "640302202611280018"
    assert validators.resident_id_check_digit_correct(born_today)
    validators.check_resident_id(born_today, today=TODAY)
    with pytest.raises(ValidationError):
        validators.check_resident_id(born_today, today=TODAY - dt.timedelta(days=1))


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91440300708461136T", "91110000802100433B"])
def test_credit_codes_with_their_gb_32100_check_character_pass(code: str) -> None:
    assert validators.credit_code_check_character_correct(code)
    validators.check_credit_code(code)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("91350100M000100Y44", "bad_code_check"),
        ("91440300708461136X", "bad_code_check"),
        ("91350100M000100Y4", "bad_code"),
        ("91350100M000100YI3", "bad_code"),  # I is not in the alphabet
    ],
)
def test_credit_codes_with_a_wrong_check_character_or_letter_are_refused(code: str, error: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validators.check_credit_code(code)
    assert refused.value.code == error


@pytest.mark.parametrize("number", ["E12345678", "G1234567", "AB-123456"])
def test_passport_numbers_of_letters_and_digits_pass(number: str) -> None:
    validators.check_passport_number(number)


@pytest.mark.parametrize(
    "number", ["1", "😀<SCRIPT>", "", "-----", "ABCDEFG", "E1234\u200b5678", "军字第12345号"]
)
def test_passport_numbers_that_are_too_short_or_not_letters_and_digits_are_refused(number: str) -> None:
    with pytest.raises(ValidationError):
        validators.check_passport_number(number)


@pytest.mark.parametrize(
    "number", ["H12345678", "12345678", "南字第012345号", "12345678-9", "(2024)第0012号"]
)
def test_other_documents_may_hold_chinese_characters_and_brackets(number: str) -> None:
    validators.check_other_document_number(number)


@pytest.mark.parametrize("number", ["1", "😀<SCRIPT>", "证明材料一份", "<12345>", "A" * 31 + "1"])
def test_other_document_numbers_need_a_digit_and_no_symbols(number: str) -> None:
    with pytest.raises(ValidationError):
        validators.check_other_document_number(number)


@pytest.mark.parametrize("phone", ["13995300001", "0953-2012345", "+86 (953) 2012345"])
def test_phone_numbers_with_seven_digits_or_more_pass(phone: str) -> None:
    validators.check_phone(phone)


@pytest.mark.parametrize(
    "phone", ["-------", "() () ()", "123456", "１３９９５３０００１", "١٣٩٩٥٣٠٠٠٠١", "139 9530 0001 转 8"]
)
def test_phone_numbers_without_seven_ascii_digits_are_refused(phone: str) -> None:
    with pytest.raises(ValidationError):
        validators.check_phone(phone)


def test_a_postal_code_is_six_ascii_digits() -> None:
    validators.check_postal_code("751100")
    for code in ("７５１１００", "75110", "7511000", "٧٥١١٠٠"):
        with pytest.raises(ValidationError):
            validators.check_postal_code(code)
