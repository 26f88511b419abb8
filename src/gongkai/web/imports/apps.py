from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "gongkai.web.imports"
    label = "imports"
    verbose_name = _("导入")
