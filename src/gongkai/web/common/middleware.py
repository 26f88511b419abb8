"""Chinese first: every page is in 简体中文 unless the visitor chose another language with the switch."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

__all__ = ["ChineseFirstLocaleMiddleware"]


class ChineseFirstLocaleMiddleware:
    """The language is the one chosen with the switch (Django's language cookie), else `LANGUAGE_CODE`.

    Django's own LocaleMiddleware would follow the browser's Accept-Language, so a clerk on a machine set up in
    English, or a test browser, would get the English interface without asking for it. Here English is
    available, never imposed: the official texts of the Regulations and of the report are Chinese.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ("Cookie",))  # a shared cache must not serve one language for another
        translation.deactivate()
        return response
