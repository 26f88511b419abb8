"""Template helpers: labels from the core (translated), masking of personal data, Chinese dates."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import template
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from gongkai.core.cases import (
    APPLICANT_KINDS,
    CONSULTATION_RESPONSES,
    STATE_LABELS,
    TRANSITIONS,
    answer_type,
)
from gongkai.core.errors import TransitionError

register = template.Library()


# Keyed by the stored string, so that a label is one dictionary lookup on pages that show many of them.
_STATE_LABELS: dict[str, str] = {state.value: label for state, label in STATE_LABELS.items()}
_KIND_LABELS: dict[str, str] = {kind.value: label for kind, label in APPLICANT_KINDS.items()}


@register.filter
def state_label(value: str) -> str:
    label = _STATE_LABELS.get(value)
    return _(label) if label else value


@register.filter
def kind_label(value: str) -> str:
    label = _KIND_LABELS.get(value)
    return _(label) if label else value


_RESPONSE_LABELS: dict[str, str] = {
    response.value: label for response, label in CONSULTATION_RESPONSES.items()
}


@register.filter
def consultation_response_label(value: str) -> str:
    label = _RESPONSE_LABELS.get(value)
    return _(label) if label else value


@register.filter
def answer_label(value: str) -> str:
    if not value:
        return ""
    try:
        return _(answer_type(value).label)
    except TransitionError:
        return value


@register.filter
def mask(value: Any) -> str:
    """Personal data for someone who may know a case exists but not who asked: "张**", "138****5678"."""
    text = str(value or "")
    if not text:
        return ""
    if len(text) <= 1:
        return "*"
    if text.isdigit() or len(text) >= 7:
        keep = max(1, len(text) // 4)
        return text[:keep] + "*" * (len(text) - 2 * keep) + text[-keep:]
    return text[0] + "*" * (len(text) - 1)


_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_ARTICLE_PART = re.compile(r"第([零一二三四五六七八九十百]+)(条|款|项)")
_ARTICLE_PART_EN = {"条": "Art. {}", "款": "para. {}", "项": "item {}"}


def _cn_number(text: str) -> int:
    """一 … 九十九, 一百 …: the numbers of the Regulations' articles."""
    total, current = 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGITS[char]
    return total + current


@register.filter
def article_label(article: str) -> str:
    """An article of the Regulations as cited: 《条例》第三十三条 in Chinese, "Art. 33" in English."""
    if not article:
        return ""
    if (get_language() or "").startswith("zh"):
        return f"《条例》{article}"
    english = _ARTICLE_PART.sub(
        lambda m: " " + _ARTICLE_PART_EN[m.group(2)].format(_cn_number(m.group(1))), article
    )
    return "Regulations," + english.replace("、", ",")


@register.simple_tag
def colon() -> str:
    """The colon after a label, as the page's language writes it: full width in Chinese, ": " in English."""
    return "：" if (get_language() or "").startswith("zh") else ": "


@register.filter
def cn_date(value: dt.date | str | None) -> str:
    """A date as 2026年3月2日 (English: 2026-03-02); also an ISO date kept as text in an event's data."""
    if not value:
        return "—"
    if isinstance(value, str):
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            return value
    else:
        day = value
    if (get_language() or "").startswith("zh"):
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.simple_tag(takes_context=True)
def query_with(context: Any, **changes: Any) -> str:
    """The current query string with some parameters replaced (for tabs and pagination links)."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    encoded: str = query.urlencode()
    return f"?{encoded}" if encoded else ""


_EXTRA_EVENTS = {
    "submit": gettext_noop("提交申请"),
    "import": gettext_noop("导入历史案件"),
    "assign": gettext_noop("分配承办人"),
    "reissue_code": gettext_noop("重新生成查询码"),
    "email_notice": gettext_noop("通过电子邮件发送文书"),
    "applicant_reply": gettext_noop("申请人在线提交补正或理由说明"),
    "withdrawal_request": gettext_noop("申请人在线要求撤回申请"),
}
_EVENT_LABELS: dict[str, str] = {
    **{action.value: transition.label for action, transition in TRANSITIONS.items()},
    **_EXTRA_EVENTS,
}
_DEADLINES = {
    "reply": gettext_noop("答复期限"),
    "correction_notice": gettext_noop("告知补正期限"),
    "third_party_reply": gettext_noop("第三方提出意见期限"),
    "fee_payment": gettext_noop("缴费期限"),
}


@register.filter
def event_label(action: str) -> str:
    label = _EVENT_LABELS.get(action)
    return _(label) if label else action


# The audit log's codes for what was done to a case, beside the case's own steps ("application.<event>").
_AUDIT_LABELS = {
    "application.view": gettext_noop("查看案件"),
    "attachment.view": gettext_noop("下载材料"),
    "notice.view": gettext_noop("下载文书"),
    "audit_log.view": gettext_noop("查看访问和操作记录"),
    "application.create": gettext_noop("创建申请"),
    "application.note": gettext_noop("添加备注"),
    "application.deadlines_recalculated": gettext_noop("节假日安排调整后重算期限"),
    "attachment.add": gettext_noop("上传材料"),
    "notice.issue": gettext_noop("出具文书"),
    "notice.email": gettext_noop("通过电子邮件发送文书"),
}


@register.filter
def audit_label(action: str) -> str:
    label = _AUDIT_LABELS.get(action)
    if label is None and action.startswith("application."):
        label = _EVENT_LABELS.get(action.removeprefix("application."))
    return _(label) if label else action


@register.filter
def deadline_label(name: str) -> str:
    return _(_DEADLINES.get(name, name))
