from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

__all__ = ["NoticeForm"]

# A notice is a page of text; far more is not a notice.
MAX_NOTICE_CHARS = 20_000


class NoticeForm(forms.Form):
    text = forms.CharField(
        label=_("通知全文"),
        help_text=_("从中国政府网复制“国务院办公厅关于某年部分节假日安排的通知”的全文，粘贴在此。"),
        max_length=MAX_NOTICE_CHARS,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={
            "required": _("请粘贴通知全文。"),
            "max_length": _("文字过长（最多%(limit_value)d字），请只粘贴通知本身。"),
        },
    )
    replace = forms.BooleanField(label=_("替换已载入的同一年安排"), required=False)
    incomplete = forms.BooleanField(
        label=_("通知中缺少部分节日的安排，仍然载入"),
        required=False,
        help_text=_("国务院办公厅的通知每年都安排元旦、春节、清明节、劳动节、端午节、中秋节和国庆节。"),
    )
