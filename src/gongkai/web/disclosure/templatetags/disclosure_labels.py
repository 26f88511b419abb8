"""Template filters: the core's register labels, translated, and amounts as the report prints them."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gongkai.core.disclosure import (
    ATTRIBUTE_LABELS,
    CATEGORIES,
    CHANNEL_LABELS,
    DOCUMENT_EVENT_LABELS,
    DOCUMENT_KIND_LABELS,
    GROUND_LABELS,
    ITEM_STATE_LABELS,
    ITEM_TRANSITIONS,
    TIMELINESS_LABELS,
    VALIDITY_LABELS,
    DisclosureAttribute,
    DocumentEventKind,
    DocumentKind,
    DocumentValidity,
    ItemAction,
    ItemState,
    PublicationChannel,
    PublicationTimeliness,
    WithholdingGround,
)
from gongkai.web.disclosure.selectors import plain_amount

register = template.Library()
register.filter("plain_amount", plain_amount)

_EXTRA_EVENTS = {
    "create": gettext_noop("登记"),
    "update": gettext_noop("修改"),
    "import": gettext_noop("导入"),
}


def _label(labels: Mapping[StrEnum, str], kind: type[StrEnum], value: object) -> str:
    try:
        return _(labels[kind(str(value))])
    except (ValueError, KeyError):
        return str(value or "")


@register.filter
def item_state_label(value: str) -> str:
    return _label(ITEM_STATE_LABELS, ItemState, value)  # type: ignore[arg-type]


@register.filter
def attribute_label(value: str) -> str:
    return _label(ATTRIBUTE_LABELS, DisclosureAttribute, value)  # type: ignore[arg-type]


@register.filter
def ground_label(value: str) -> str:
    return _label(GROUND_LABELS, WithholdingGround, value)  # type: ignore[arg-type]


@register.filter
def channel_label(value: str) -> str:
    return _label(CHANNEL_LABELS, PublicationChannel, value)  # type: ignore[arg-type]


@register.filter
def document_kind_label(value: str) -> str:
    return _label(DOCUMENT_KIND_LABELS, DocumentKind, value)  # type: ignore[arg-type]


@register.filter
def document_event_label(value: str) -> str:
    return _label(DOCUMENT_EVENT_LABELS, DocumentEventKind, value)  # type: ignore[arg-type]


@register.filter
def validity_label(value: str | None) -> str:
    return _label(VALIDITY_LABELS, DocumentValidity, value)  # type: ignore[arg-type]


@register.filter
def timeliness_label(value: str | None) -> str:
    return _label(TIMELINESS_LABELS, PublicationTimeliness, value)  # type: ignore[arg-type]


@register.filter
def category_label(value: str) -> str:
    category = CATEGORIES.get(str(value))
    return f"{_(category.article)} {_(category.label)}" if category else str(value or "")


@register.filter
def category_short(value: str) -> str:
    category = CATEGORIES.get(str(value))
    return _(category.label) if category else str(value or "")


@register.filter
def item_event_label(value: str) -> str:
    try:
        return _(ITEM_TRANSITIONS[ItemAction(value)].label)
    except ValueError:
        return _(_EXTRA_EVENTS.get(value, value))
