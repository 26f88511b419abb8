from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.disclosure import CATEGORIES

__all__ = ["SearchForm"]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("关键词"), max_length=100, required=False)
    category = forms.ChoiceField(
        label=_("类别"),
        required=False,
        choices=[("", _("全部类别")), *((c.id, f"{c.article} {c.label}") for c in CATEGORIES.values())],
    )
    year = forms.IntegerField(label=_("发布年度"), required=False, min_value=2000, max_value=2100)
