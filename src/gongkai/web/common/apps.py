from __future__ import annotations

from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "gongkai.web.common"
    label = "common"
    verbose_name = "公共组件"
