"""The catalogue's search form: words, category, year and (across agencies) an agency code; every field optional.
Its choices are built per request, so the category labels follow the page's language."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gongkai.core.disclosure import CATEGORIES
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import agency_by_code
from gongkai.web.common.params import FIRST_YEAR, LAST_YEAR

__all__ = ["QUERY_MAX_LENGTH", "SearchForm"]

QUERY_MAX_LENGTH = 100


def category_choices() -> list[tuple[str, str]]:
    """Every category with its article, in the active language (the core's labels are translated by the
    disclosure app's catalogue)."""
    return [
        ("", gettext("全部类别")),
        *((c.id, f"{gettext(c.article)} {gettext(c.label)}") for c in CATEGORIES.values()),
    ]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("关键词"),
        max_length=QUERY_MAX_LENGTH,
        required=False,
        error_messages={"max_length": _("关键词最多 %(limit_value)d 个字，现有 %(show_value)d 个字。")},
    )
    category = forms.ChoiceField(
        label=_("类别"),
        required=False,
        choices=category_choices,
        error_messages={"invalid_choice": _("没有“%(value)s”这个类别，请从列表中选择。")},
    )
    year = forms.IntegerField(
        label=_("发布年度"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        error_messages={
            "invalid": _("发布年度应为四位数字，例如 2025。"),
            "min_value": _("发布年度应在 %(limit_value)s 年以后。"),
            "max_value": _("发布年度应在 %(limit_value)s 年以前。"),
        },
    )
    agency = forms.CharField(label=_("机关简码"), required=False, max_length=40, widget=forms.HiddenInput)

    def __init__(self, *args: Any, within: Agency | None = None, **kwargs: Any) -> None:
        """`within`: the agency whose catalogue the form searches (its page); then no agency is asked for."""
        super().__init__(*args, **kwargs)
        self.within = within
        if within is not None:
            del self.fields["agency"]

    def clean_agency(self) -> Agency | None:
        code = self.cleaned_data["agency"].strip()
        if not code:
            return None
        agency = agency_by_code(code)
        if agency is None:
            raise forms.ValidationError(_("没有简码为“%(code)s”的机关。"), params={"code": code})
        return agency

    def scope(self) -> Agency | None:
        """The agency searched: the page's, or the one asked for (None: every agency)."""
        if self.within is not None:
            return self.within
        return self.cleaned_data.get("agency") if self.is_bound and self.is_valid() else None

    def has_criteria(self) -> bool:
        """Valid, and asks for something: words, or a category, year or agency to list."""
        if not (self.is_bound and self.is_valid()):
            return False
        data = self.cleaned_data
        return bool(data["q"].strip() or data["category"] or data["year"] or data.get("agency"))

    def valid_filters(self) -> tuple[str, int | None]:
        """The category and year that are valid (an invalid one is left out and its error shown)."""
        if not self.is_bound:
            return "", None
        self.is_valid()
        data = self.cleaned_data
        return data.get("category") or "", data.get("year")
