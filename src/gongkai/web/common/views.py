from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import LoginView, LogoutView, PasswordChangeView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.web.audit.services import audit_record
from gongkai.web.common.ratelimit import limit_reached, rate_limited, too_many_requests


def _login_limited(login: Callable[[], HttpResponse], request: HttpRequest) -> HttpResponse:
    """A login attempt under the `login` limit: refused once the address has used it up; only a failed attempt
    counts (a password guesser is stopped, colleagues logging in from one office address are not)."""
    if request.method != "POST":
        return login()
    if limit_reached(request, "login"):
        return too_many_requests(request, "login")
    response = login()
    if not request.user.is_authenticated:
        rate_limited(request, "login")
    return response


class RateLimitedLoginView(LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return _login_limited(
            lambda: super(RateLimitedLoginView, self).post(request, *args, **kwargs), request
        )


def admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    """The configuration site's login, under the same limit as the back office's: its accounts are the most
    powerful, so its password may not be guessed without end either."""
    return _login_limited(lambda: admin.site.login(request, extra_context), request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused for its missing or stale security token (CSRF): the site's own page, saying what to do."""
    return render(request, "403_csrf.html", status=403)


class OwnPasswordChangeView(PasswordChangeView):
    """Any member of staff changes their own password (the old one first, then the policy of settings); the
    change is an audit event. Other accounts' passwords are the system administrator's, in the admin."""

    template_name = "registration/password_change_form.html"

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        audit_record(actor=form.user, action="user.password_change", obj=form.user)
        return response


class ConfirmingLogoutView(LogoutView):
    """Logging out is a POST (a link cannot log anyone out); a GET — a bookmark, an old link, the address typed —
    shows a page with the button instead of a bare 405."""

    http_method_names = ["get", "post", "options"]  # noqa: RUF012 (Django's own attribute, a list)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return render(request, "registration/logout_confirm.html")
