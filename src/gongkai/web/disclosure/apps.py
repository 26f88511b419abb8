from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "gongkai.web.disclosure"
    label = "disclosure"
    verbose_name = _("主动公开")
