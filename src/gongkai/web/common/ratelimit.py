"""Rate limits for public forms, per client address and scope, counted in Django's cache.

Configured in settings.GONGKAI_RATE_LIMITS as "N/s", "N/m", "N/h", "N/d" or "off" (environment:
GONGKAI_RATE_APPLY, GONGKAI_RATE_STATUS, GONGKAI_RATE_LOGIN …).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

__all__ = ["client_address", "limit_reached", "parse_rate", "rate_limited", "too_many_requests"]

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
# The scopes of the public's forms: their 429 page points to the agency's guide for help.
_PUBLIC_FORMS = frozenset({"apply", "apply_attempt", "status"})


def parse_rate(rate: str) -> tuple[int, int] | None:
    """ "10/h" → (10, 3600); "off" → None."""
    rate = rate.strip().lower()
    if rate in {"", "off", "none", "0"}:
        return None
    count, _, period = rate.partition("/")
    return int(count), _PERIODS[period[:1] or "m"]


def client_address(request: HttpRequest) -> str:
    if settings.GONGKAI_TRUST_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded.split(",")[0].strip())
    return str(request.META.get("REMOTE_ADDR", ""))


def _key(request: HttpRequest, scope: str, period: int) -> str:
    return f"ratelimit:{scope}:{client_address(request)}:{int(time.time()) // period}"


def limit_reached(request: HttpRequest, scope: str) -> bool:
    """True when the client has already used up the scope's limit in the current window; counts nothing (the
    login counts only failed attempts: staff behind one office address must not lock each other out)."""
    parsed = parse_rate(settings.GONGKAI_RATE_LIMITS.get(scope, "off"))
    if parsed is None:
        return False
    limit, period = parsed
    return int(cache.get(_key(request, scope, period), 0)) >= limit


def rate_limited(request: HttpRequest, scope: str) -> bool:
    """Count this request; True when the client has gone over the scope's limit in the current window."""
    parsed = parse_rate(settings.GONGKAI_RATE_LIMITS.get(scope, "off"))
    if parsed is None:
        return False
    limit, period = parsed
    key = _key(request, scope, period)
    # Counting first and creating the counter only when it is missing is one cache operation per request after
    # the window's first (the file cache: one read and one write instead of two reads and a write).
    try:
        count = cache.incr(key)
    except ValueError:
        if cache.add(key, 1, timeout=period + 1):
            return False
        count = cache.incr(key)  # another process created it in between
    default_timeout = cache.default_timeout
    if default_timeout is not None and period + 1 > default_timeout:
        # The file and database caches implement incr() as get() + set() with the default timeout (300 s), which
        # would let an hourly counter expire after a pause of five minutes and start again from zero.
        cache.touch(key, timeout=period + 1)
    return count > limit


def too_many_requests(request: HttpRequest, scope: str) -> HttpResponse:
    """The 429 page, with when to try again (also as Retry-After): the end of the scope's current window."""
    parsed = parse_rate(settings.GONGKAI_RATE_LIMITS.get(scope, "off"))
    period = parsed[1] if parsed is not None else 60
    wait = period - int(time.time()) % period
    context = {"retry_minutes": max(1, -(-wait // 60)), "public_form": scope in _PUBLIC_FORMS}
    response = render(request, "portal/rate_limited.html", context, status=429)
    response["Retry-After"] = str(wait)
    return response
