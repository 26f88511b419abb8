from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgenciesConfig(AppConfig):
    name = "gongkai.web.agencies"
    label = "agencies"
    verbose_name = _("机关与人员")
