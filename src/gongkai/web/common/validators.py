"""Checks of what people type into the forms: the characters a text may hold, and the numbers of identity
documents (居民身份证 GB 11643, 统一社会信用代码 GB 32100, passports and other documents), phone numbers and
postal codes.

Text is checked character by character because what a browser sends is stored, shown to staff and written into
notices (DOCX, PDF): a control character there breaks the XML of a Word file, and zero-width or bidi-override
characters make a name look like another. Full-width ASCII (“１３９…”, “ｍａ＠…”) is what a Chinese input method
types; ID numbers, phone numbers, postal codes and e-mail addresses are normalised (NFKC) before they are
checked, and stored normalised.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

__all__ = [
    "INVISIBLE_CHARACTERS",
    "PROVINCE_CODES",
    "check_credit_code",
    "check_other_document_number",
    "check_passport_number",
    "check_phone",
    "check_postal_code",
    "check_resident_id",
    "credit_code_check_character_correct",
    "forbidden_character",
    "normalise_width",
    "resident_id_check_digit_correct",
    "without_invisible_characters",
]

# Zero-width characters, direction marks and bidi overrides/isolates, and the byte-order mark: invisible, and
# able to make one name look like another. Removed from every text.
INVISIBLE_CHARACTERS = frozenset(
    [*range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0xFEFF]
)
_WITHOUT_INVISIBLE = dict.fromkeys(INVISIBLE_CHARACTERS)

# Tab, line feed and carriage return are the only control characters a text may hold.
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def _forbidden(code_point: int) -> bool:
    return (
        code_point < 0x20  # C0 controls, NUL among them
        or 0x7F <= code_point <= 0x9F  # DEL and the C1 controls
        or 0xD800 <= code_point <= 0xDFFF  # surrogates: never a character on their own
        or code_point in (0xFFFE, 0xFFFF)  # noncharacters XML refuses
    )


def forbidden_character(text: str) -> str | None:
    """The first character of `text` no form accepts (a control character other than tab and line breaks, a
    lone surrogate, U+FFFE/U+FFFF), or None."""
    for character in text:
        if character not in _ALLOWED_CONTROLS and _forbidden(ord(character)):
            return character
    return None


def without_invisible_characters(text: str) -> str:
    return text.translate(_WITHOUT_INVISIBLE)


def normalise_width(text: str) -> str:
    """Full-width letters, digits and signs as their ASCII selves (NFKC): “１３９” → “139”, “＠” → “@”."""
    return unicodedata.normalize("NFKC", text)


# ---- 居民身份证 (GB 11643-1999) ---------------------------------------------------------------------------

_RESIDENT_ID = re.compile(r"[0-9]{17}[0-9X]")
_RESIDENT_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_RESIDENT_ID_CHECK_DIGITS = "10X98765432"
# The first two digits of the address code: the provinces, autonomous regions and municipalities of GB/T 2260,
# 71 台湾, 81 香港, 82 澳门 (residence permits), 91 (foreigners' permanent residence).
PROVINCE_CODES = frozenset(
    {
        *(11, 12, 13, 14, 15),
        *(21, 22, 23),
        *(31, 32, 33, 34, 35, 36, 37),
        *(41, 42, 43, 44, 45, 46),
        *(50, 51, 52, 53, 54),
        *(61, 62, 63, 64, 65),
        *(71, 81, 82, 91),
    }
)
# Nobody born before this date applies for anything.
_EARLIEST_BIRTH_DATE = dt.date(1900, 1, 1)


def resident_id_check_digit_correct(number: str) -> bool:
    """18 characters, the last the GB 11643 check digit of the other 17."""
    if not _RESIDENT_ID.fullmatch(number):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _RESIDENT_ID_WEIGHTS, strict=True))
    return _RESIDENT_ID_CHECK_DIGITS[total % 11] == number[17]


def _birth_date(digits: str) -> dt.date | None:
    try:
        return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def check_resident_id(number: str, *, today: dt.date) -> None:
    """A resident ID number (upper case, ASCII) as GB 11643 writes it: a province's address code, a birth date
    that happened, the check digit."""
    if not resident_id_check_digit_correct(number):
        raise ValidationError(_("居民身份证号码应为18位，且校验位正确。"), code="bad_id")
    if int(number[:2]) not in PROVINCE_CODES:
        raise ValidationError(
            _("居民身份证号码前6位的地址码（%(code)s）不是有效的行政区划代码。") % {"code": number[:6]},
            code="bad_id_region",
        )
    born = _birth_date(number[6:14])
    if born is None or not _EARLIEST_BIRTH_DATE <= born <= today:
        raise ValidationError(
            _("居民身份证号码第7至14位的出生日期（%(digits)s）不成立，请核对。") % {"digits": number[6:14]},
            code="bad_id_birth_date",
        )


# ---- 统一社会信用代码 (GB 32100-2015) -------------------------------------------------------------------

_CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")
_CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_check_character_correct(code: str) -> bool:
    """The 18th character is the GB 32100 check character (mod 31) of the other 17."""
    if not _CREDIT_CODE.fullmatch(code):
        return False
    total = sum(
        _CREDIT_CODE_ALPHABET.index(character) * weight
        for character, weight in zip(code[:17], _CREDIT_CODE_WEIGHTS, strict=True)
    )
    return _CREDIT_CODE_ALPHABET[(31 - total % 31) % 31] == code[17]


def check_credit_code(code: str) -> None:
    if not _CREDIT_CODE.fullmatch(code):
        raise ValidationError(_("统一社会信用代码应为18位数字或大写字母。"), code="bad_code")
    if not credit_code_check_character_correct(code):
        raise ValidationError(_("统一社会信用代码的校验码（第18位）不正确，请核对。"), code="bad_code_check")


# ---- passports and other documents --------------------------------------------------------------------------

# Passport numbers are Latin letters and digits (a hyphen in a few countries' numbers).
_PASSPORT = re.compile(r"[A-Z0-9][A-Z0-9-]{3,28}[A-Z0-9]")
# Other documents: 港澳台居民通行证, 外国人永久居留身份证, but also 军官证 (“南字第012345号”) and organisations'
# certificates, whose numbers hold Chinese characters and brackets.
_OTHER_DOCUMENT = re.compile(r"[A-Z0-9\u4e00-\u9fff()][A-Z0-9\u4e00-\u9fff()-]{3,28}[A-Z0-9\u4e00-\u9fff()]")
_HAS_DIGIT = re.compile(r"[0-9]")


def check_passport_number(number: str) -> None:
    if not (_PASSPORT.fullmatch(number) and _HAS_DIGIT.search(number)):
        raise ValidationError(
            _("护照号码应为5至30位英文字母或数字（可含连字符），且至少含一位数字。"), code="bad_passport"
        )


def check_other_document_number(number: str) -> None:
    if not (_OTHER_DOCUMENT.fullmatch(number) and _HAS_DIGIT.search(number)):
        raise ValidationError(
            _("证件号码应为5至30位字母、数字或汉字（可含连字符、括号），且至少含一位数字。"),
            code="bad_document_number",
        )


# ---- phone and postal code ----------------------------------------------------------------------------------

_PHONE = re.compile(r"[0-9+\-() ]+")
_PHONE_MIN_DIGITS = 7
_PHONE_MAX_DIGITS = 20
_POSTAL_CODE = re.compile(r"[0-9]{6}")


def check_phone(phone: str) -> None:
    """Digits (ASCII, after normalisation), spaces and + - ( ); at least 7 digits."""
    digits = sum(character in "0123456789" for character in phone)
    if not _PHONE.fullmatch(phone) or not _PHONE_MIN_DIGITS <= digits <= _PHONE_MAX_DIGITS:
        raise ValidationError(
            _("请填写有效的联系电话：7至20位数字，可含空格和 + - ( )。"),
            code="bad_phone",
        )


def check_postal_code(code: str) -> None:
    if not _POSTAL_CODE.fullmatch(code):
        raise ValidationError(_("邮政编码应为6位数字。"), code="bad_postal_code")
