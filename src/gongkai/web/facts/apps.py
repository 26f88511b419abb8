from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactsConfig(AppConfig):
    name = "gongkai.web.facts"
    label = "facts"
    verbose_name = _("年报其他事项")
