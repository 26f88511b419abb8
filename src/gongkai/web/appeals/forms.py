"""Forms of the appeals ledger."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.core.appeals import KIND_LABELS, OUTCOME_LABELS, Outcome
from gongkai.web.common.forms import DateInput

__all__ = ["AppealForm", "ConcludeForm", "CorrectForm", "ExtendForm"]

_CONCLUDED = [(o.value, _(label)) for o, label in OUTCOME_LABELS.items() if o is not Outcome.PENDING]
_ALL_OUTCOMES = [(o.value, _(label)) for o, label in OUTCOME_LABELS.items()]


def _not_future(day: dt.date | None) -> dt.date | None:
    if day is not None and day > timezone.localdate():
        raise ValidationError(_("日期不能晚于今天。"), code="future")
    return day


class AppealForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=[(k.value, _(v)) for k, v in KIND_LABELS.items()])
    appellant = forms.CharField(label=_("申请人或原告"), max_length=120)
    body = forms.CharField(label=_("复议机关或人民法院"), max_length=200)
    case_number = forms.CharField(label=_("案号"), max_length=100, required=False)
    application_number = forms.CharField(
        label=_("相关申请编号"),
        max_length=32,
        required=False,
        help_text=_("例如 WZSP-2025-0012；平台上线前的案件可不填。"),
    )
    previous = forms.ChoiceField(label=_("前序复议案件（复议后起诉）"), required=False)
    subject = forms.CharField(label=_("争议事项"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    filed_on = forms.DateField(label=_("提出（起诉）日期"), widget=DateInput())
    accepted_on = forms.DateField(label=_("受理（立案）日期"), widget=DateInput(), required=False)
    outcome = forms.ChoiceField(
        label=_("审理结果"), choices=_ALL_OUTCOMES, initial=Outcome.PENDING.value,
        help_text=_("已审结的历史案件可在登记时一并填写结果和审结日期。"),
    )  # fmt: skip
    concluded_on = forms.DateField(label=_("审结日期"), widget=DateInput(), required=False)
    outcome_summary = forms.CharField(
        label=_("结果摘要"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, previous: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["previous"]).choices = [("", "—"), *previous]

    def clean_filed_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("filed_on"))

    def clean_accepted_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("accepted_on"))

    def clean_concluded_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("concluded_on"))


class ExtendForm(forms.Form):
    on = forms.DateField(label=_("延长决定日期"), widget=DateInput())
    note = forms.CharField(label=_("理由或通知文号"), widget=forms.Textarea(attrs={"rows": 2}))

    def clean_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("on"))


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("审理结果"), choices=_CONCLUDED, widget=forms.RadioSelect)
    concluded_on = forms.DateField(label=_("审结日期"), widget=DateInput())
    summary = forms.CharField(label=_("结果摘要"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_concluded_on(self) -> dt.date | None:
        return _not_future(self.cleaned_data.get("concluded_on"))


class CorrectForm(forms.Form):
    outcome = forms.ChoiceField(label=_("更正后的结果"), choices=_ALL_OUTCOMES)
    concluded_on = forms.DateField(label=_("审结日期"), widget=DateInput(), required=False)
    reason = forms.CharField(label=_("更正理由"), widget=forms.Textarea(attrs={"rows": 2}))
