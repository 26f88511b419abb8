"""The built-in wording of the four notices, as editable rows (agency blank = every agency's default)."""

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from gongkai.web.notices.defaults import DEFAULT_TEMPLATES


def add_defaults(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    NoticeTemplate = apps.get_model("notices", "NoticeTemplate")
    for kind, (title, body) in DEFAULT_TEMPLATES.items():
        NoticeTemplate.objects.get_or_create(kind=kind, agency=None, defaults={"title": title, "body": body})


def remove_defaults(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("notices", "NoticeTemplate").objects.filter(agency__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
