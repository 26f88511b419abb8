"""The catalogue's template helpers: search words marked in titles, and the proactive-disclosure part of an agency's
政府信息公开指南 (included in the portal's guide page, generated from the agency's data)."""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gongkai.web.catalogue import selectors

register = template.Library()


@register.filter
def mark_terms(title: str, result: selectors.SearchResult) -> SafeString:
    """The title, escaped, with the query's words and terms in <mark> (adjacent marks joined: a word found by its
    character pairs is marked as one)."""
    words = [w for w in selectors.highlight_terms(result) if w]
    text = str(title)
    if not words:
        return mark_safe(escape(text))
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out).replace("</mark><mark>", ""))


@register.inclusion_tag("catalogue/guide_section.html")
def catalogue_guide(agency: Any) -> dict[str, Any]:
    return {"guide": selectors.guide_facts(agency), "agency": agency}


@register.inclusion_tag("catalogue/nav.html", takes_context=True)
def catalogue_nav(context: Any) -> dict[str, Any]:
    """The main navigation's links: the public catalogue, and the register for staff."""
    return {"is_staff_member": context.get("is_staff_member", False)}
