"""A password rule beyond Django's: letters and digits and one more kind of character."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class CharacterClassValidator:
    def validate(self, password: str, user: Any = None) -> None:
        classes = [
            any(c.isalpha() and c.isupper() for c in password),
            any(c.isalpha() and c.islower() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        if sum(classes) < 3:
            raise ValidationError(
                _("密码须至少包含大写字母、小写字母、数字、符号中的三类。"), code="password_too_simple"
            )

    def get_help_text(self) -> str:
        return _("密码须至少包含大写字母、小写字母、数字、符号中的三类。")
