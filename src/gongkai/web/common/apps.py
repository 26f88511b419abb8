from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _analyze_after_migrate(*, app_config: AppConfig, using: str = "default", **_kwargs: Any) -> None:
    # `migrate` sends post_migrate once per app with models, after every migration ran: act on the last one only.
    with_models = [config for config in apps.get_app_configs() if config.models_module is not None]
    if with_models and app_config is with_models[-1]:
        from gongkai.web.common.dbstats import analyze_new_indexes

        analyze_new_indexes(using)


class CommonConfig(AppConfig):
    name = "gongkai.web.common"
    label = "common"
    verbose_name = "公共组件"

    def ready(self) -> None:
        # After every `migrate`: the indexes it added get SQLite statistics (see common.dbstats).
        post_migrate.connect(_analyze_after_migrate, dispatch_uid="gongkai.common.analyze")
