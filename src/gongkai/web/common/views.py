from __future__ import annotations

from typing import Any

from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.web.common.ratelimit import rate_limited, too_many_requests


class RateLimitedLoginView(LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if rate_limited(request, "login"):
            return too_many_requests(request, "login")
        return super().post(request, *args, **kwargs)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused for its missing or stale security token (CSRF): the site's own page, saying what to do."""
    return render(request, "403_csrf.html", status=403)
