from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.core.disclosure import MAX_COUNT
from gongkai.web.common.forms import DateInput
from gongkai.web.facts.models import NEW_MEDIA_CHOICES, OutreachEvent, ProposalResponse

__all__ = ["EventForm", "PostsForm", "ProposalForm"]


class PostsForm(forms.Form):
    channel = forms.ChoiceField(label=_("渠道"), choices=NEW_MEDIA_CHOICES)
    account = forms.CharField(label=_("账号名称"), max_length=120, required=False)
    count = forms.IntegerField(label=_("本年发布信息条数"), min_value=0, max_value=MAX_COUNT)


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=ProposalResponse.Kind.choices)
    number = forms.CharField(label=_("建议或提案编号"), max_length=60, required=False)
    title = forms.CharField(label=_("标题"), max_length=300)
    answered_on = forms.DateField(label=_("答复日期"), widget=DateInput())
    disclosed_on = forms.DateField(label=_("公开日期"), widget=DateInput(), required=False,
                                   help_text=_("办理答复按主动公开属性公开的日期；尚未公开的留空。"))  # fmt: skip


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=OutreachEvent.Kind.choices)
    title = forms.CharField(label=_("名称"), max_length=200)
    held_on = forms.DateField(label=_("日期"), widget=DateInput())
    participants = forms.IntegerField(label=_("参加人数"), min_value=0, max_value=MAX_COUNT, required=False)
    description = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
