"""Forms of the register: an item, each review and publication step, a document's lifecycle step, the yearly
figures and their import, and the Art. 44 conversion."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gongkai.core.disclosure import (
    ARTICLE_21,
    ATTRIBUTE_LABELS,
    CHANNEL_LABELS,
    DOCUMENT_EVENT_LABELS,
    DOCUMENT_KIND_LABELS,
    EARLIEST_RECORD_DATE,
    GROUND_LABELS,
    ITEM_STATE_LABELS,
    MAX_COUNT,
    MAX_FEES_AMOUNT,
    ItemAction,
    categories_for_level,
)
from gongkai.web.common.forms import DateInput

__all__ = [
    "ACTION_FORMS",
    "Art44Form",
    "DocumentEventForm",
    "FiguresForm",
    "FiguresImportForm",
    "ItemFilterForm",
    "ItemForm",
]

CHANNEL_CHOICES = [(c.value, _(label)) for c, label in CHANNEL_LABELS.items()]


def _category_choices(level: str) -> list[tuple[str, Any]]:
    return [(c.id, f"{c.article} {c.label}") for c in categories_for_level(level) if c.id.startswith("a20.")]


def _local_choices(level: str) -> list[tuple[str, Any]]:
    return [(c.id, _(c.label)) for c in ARTICLE_21 if level in c.levels]


class _NotFuture(forms.Form):
    on = forms.DateField(label=_("日期"), widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()

    def clean_on(self) -> dt.date:
        on: dt.date = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise ValidationError(_("日期不能晚于今天。"), code="future")
        return on


class ItemForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=300)
    doc_number = forms.CharField(
        label=pgettext_lazy("document", "文号"),
        max_length=100,
        required=False,
        help_text=_("例如：吴审批发〔2021〕12号。"),
    )
    issuing_agency = forms.CharField(
        label=_("发布机构"),
        max_length=200,
        required=False,
        help_text=_("留空为本机关；联合发文请写明各机关。"),
    )
    formed_on = forms.DateField(
        label=_("形成或者变更日期"),
        widget=DateInput(),
        help_text=_("条例第二十六条：自该日起20个工作日内公开。"),
    )
    category = forms.ChoiceField(label=_("主动公开类别（条例第二十条）"))
    local_categories = forms.MultipleChoiceField(
        label=_("本地主动公开事项（条例第二十一条）"), required=False, widget=forms.CheckboxSelectMultiple
    )
    document_kind = forms.ChoiceField(
        label=_("文件类型"),
        required=False,
        choices=[
            ("", _("不是规章或规范性文件")),
            *((k.value, _(v)) for k, v in DOCUMENT_KIND_LABELS.items()),
        ],
    )
    attribute = forms.ChoiceField(
        label=_("公开属性"),
        choices=[(a.value, _(v)) for a, v in ATTRIBUTE_LABELS.items()],
        widget=forms.RadioSelect,
        help_text=_("在起草时确定。不予公开的，须选择依据并写明理由。"),
    )
    withholding_ground = forms.ChoiceField(
        label=_("不予公开依据"),
        required=False,
        choices=[("", "—"), *((g.value, _(v)) for g, v in GROUND_LABELS.items())],
    )
    withholding_reason = forms.CharField(
        label=_("不予公开理由"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    channels = forms.MultipleChoiceField(
        label=_("拟公开渠道"), required=False, choices=CHANNEL_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    body = forms.CharField(
        label=_("正文或内容概要"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )

    def __init__(self, *args: Any, level: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = _category_choices(level)
        local = _local_choices(level)
        if local:
            cast(forms.ChoiceField, self.fields["local_categories"]).choices = local
        else:
            del self.fields["local_categories"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("attribute") == "withheld":
            if not data.get("withholding_ground"):
                self.add_error("withholding_ground", _("不予公开的，须选择依据。"))
            if not (data.get("withholding_reason") or "").strip():
                self.add_error("withholding_reason", _("不予公开的，须写明理由。"))
        elif data.get("withholding_ground"):
            data["withholding_ground"] = ""
        if data.get("document_kind") and data.get("category") != "a20.1":
            self.add_error("category", _("规章和行政规范性文件应归入“第二十条第（一）项 法规文件”。"))
        return data


class SubmitReviewForm(_NotFuture):
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReturnDraftForm(_NotFuture):
    note = forms.CharField(label=_("退回理由和修改意见"), widget=forms.Textarea(attrs={"rows": 4}))


class PassReviewForm(_NotFuture):
    note = forms.CharField(
        label=_("审查意见"),
        required=False,
        initial=_("经审查，不涉及国家秘密、商业秘密、个人隐私，同意公开。"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PublishForm(_NotFuture):
    channels = forms.MultipleChoiceField(
        label=_("公开渠道"), choices=CHANNEL_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].label = _("发布日期")


class RetractForm(_NotFuture):
    note = forms.CharField(label=_("撤下理由"), widget=forms.Textarea(attrs={"rows": 3}))


ACTION_FORMS: dict[ItemAction, type[forms.Form]] = {
    ItemAction.SUBMIT_REVIEW: SubmitReviewForm,
    ItemAction.RETURN_DRAFT: ReturnDraftForm,
    ItemAction.PASS_REVIEW: PassReviewForm,
    ItemAction.PUBLISH: PublishForm,
    ItemAction.RETRACT: RetractForm,
}


class DocumentEventForm(_NotFuture):
    kind = forms.ChoiceField(
        label=_("事项"), choices=[(k.value, _(v)) for k, v in DOCUMENT_EVENT_LABELS.items()]
    )
    instrument = forms.CharField(
        label=_("依据文件或文号"),
        max_length=200,
        required=False,
        help_text=_("制发：本文件文号；修改、废止：作出决定的文件名称或文号。"),
    )
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ("kind", "on", "instrument", "note")


class FiguresForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=EARLIEST_RECORD_DATE.year, max_value=2100)
    licensing_decisions = forms.IntegerField(
        label=_("行政许可处理决定数"), min_value=0, max_value=MAX_COUNT, required=False
    )
    penalty_decisions = forms.IntegerField(
        label=_("行政处罚处理决定数"), min_value=0, max_value=MAX_COUNT, required=False
    )
    coercion_decisions = forms.IntegerField(
        label=_("行政强制处理决定数"), min_value=0, max_value=MAX_COUNT, required=False
    )
    fees_amount = forms.DecimalField(
        label=_("行政事业性收费金额（万元）"),
        min_value=0,
        max_value=MAX_FEES_AMOUNT,
        max_digits=14,
        decimal_places=4,
        required=False,
        help_text=_("单位：万元。信息处理费不在此填报（见年报第六部分）。"),
    )


class FiguresImportForm(forms.Form):
    file = forms.FileField(label=_("文件（.xlsx、.xls 或 .csv）"))
    dry_run = forms.BooleanField(label=_("试导入（只检查，不写入）"), required=False, initial=True)


class Art44Form(forms.Form):
    application = forms.ChoiceField(label=_("申请"))
    title = forms.CharField(label=_("标题"), max_length=300)
    category = forms.ChoiceField(label=_("主动公开类别（条例第二十条）"))
    doc_number = forms.CharField(label=pgettext_lazy("document", "文号"), max_length=100, required=False)
    body = forms.CharField(
        label=_("正文或内容概要"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    channels = forms.MultipleChoiceField(
        label=_("拟公开渠道"), required=False, choices=CHANNEL_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, level: str, applications: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["application"]).choices = applications
        cast(forms.ChoiceField, self.fields["category"]).choices = _category_choices(level)


class ItemFilterForm(forms.Form):
    q = forms.CharField(label=_("标题、文号或索引号"), required=False)
    category = forms.ChoiceField(label=_("类别"), required=False)
    attribute = forms.ChoiceField(
        label=_("公开属性"),
        required=False,
        choices=[("", _("全部")), *((a.value, _(v)) for a, v in ATTRIBUTE_LABELS.items())],
    )
    state = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), *((s.value, _(v)) for s, v in ITEM_STATE_LABELS.items())],
    )
    year = forms.IntegerField(label=_("形成年度"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, level: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["category"]).choices = [
            ("", _("全部")),
            *_category_choices(level),
        ]
