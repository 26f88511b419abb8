"""The catalogue's template helpers: search words marked in titles and in a result's excerpt of its body, and the proactive-disclosure part of an agency's
政府信息公开指南 (included in the portal's guide page, generated from the agency's data)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gongkai.core import search
from gongkai.web.catalogue import selectors

register = template.Library()


def _marked_html(parts: search.Parts) -> str:
    return "".join(f"<mark>{escape(part)}</mark>" if marked else escape(part) for part, marked in parts)


@register.filter
def mark_terms(title: str, result: selectors.SearchResult) -> SafeString:
    """The title, escaped, with the query's words and terms in <mark> (adjacent marks joined: a word found by its
    character pairs is marked as one)."""
    return mark_safe(_marked_html(search.marked_parts(str(title), selectors.highlight_terms(result))))


@register.filter
def excerpt(item: Any, result: selectors.SearchResult) -> SafeString:
    """The part of a result's body with the most of the query's words (after the title, when the body repeats it),
    escaped, the words in <mark>, an ellipsis where text was left out; empty when there is nothing more to show."""
    found = search.excerpt(item.body, selectors.highlight_terms(result), title=item.title)
    if not found.parts:
        return mark_safe("")
    return mark_safe(
        ("…" if found.cut_before else "") + _marked_html(found.parts) + ("…" if found.cut_after else "")
    )


@register.inclusion_tag("catalogue/guide_section.html")
def catalogue_guide(agency: Any) -> dict[str, Any]:
    return {"guide": selectors.guide_facts(agency), "agency": agency}


@register.inclusion_tag("catalogue/nav.html", takes_context=True)
def catalogue_nav(context: Any) -> dict[str, Any]:
    """The main navigation's links: the public catalogue, and the register for staff."""
    return {"is_staff_member": context.get("is_staff_member", False)}
