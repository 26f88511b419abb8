"""Template filters: the core's appeal labels, translated."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gongkai.core.appeals import KIND_LABELS, OUTCOME_LABELS, AppealKind, Outcome

register = template.Library()

_EVENTS = {
    "register": gettext_noop("登记"),
    "update": gettext_noop("修改"),
    "extend": gettext_noop("延长审理期限"),
    "conclude": gettext_noop("审结"),
    "correct": gettext_noop("更正审理结果"),
}


@register.filter
def appeal_kind_label(value: str) -> str:
    try:
        return _(KIND_LABELS[AppealKind(value)])
    except ValueError:
        return str(value)


@register.filter
def outcome_label(value: str) -> str:
    try:
        return _(OUTCOME_LABELS[Outcome(value)])
    except ValueError:
        return str(value)


@register.filter
def appeal_event_label(value: str) -> str:
    return _(_EVENTS.get(value, value))
