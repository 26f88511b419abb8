"""Three more notices: Art. 35 (要求说明理由通知书, 延迟答复告知书) and Art. 32 (决定公开告知书 to a third
party whose objection is overridden): their kinds and built-in wording."""

from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

from gongkai.web.notices.defaults import DEFAULT_TEMPLATES

NEW_KINDS = ("reasons", "deferral", "third_party")


def add_defaults(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    NoticeTemplate = apps.get_model("notices", "NoticeTemplate")
    for kind in NEW_KINDS:
        title, body = DEFAULT_TEMPLATES[kind]
        NoticeTemplate.objects.get_or_create(kind=kind, agency=None, defaults={"title": title, "body": body})


def remove_defaults(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    apps.get_model("notices", "NoticeTemplate").objects.filter(kind__in=NEW_KINDS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0003_alter_noticetemplate_body"),
    ]

    operations = [
        migrations.AlterField(
            model_name="noticetemplate",
            name="body",
            field=models.TextField(
                help_text="Django 模板语法，可用变量：notice_number、date、agency_name、agency_address、agency_phone、application_number、applicant_name、received_on、description、answer_label、answer_basis、decision_text、correction_due、reply_due、items、days、reason、amount、method、pages、explanation、reasons_due、reply_on、party、public_interest",
                verbose_name="正文",
            ),
        ),
        migrations.AlterField(
            model_name="noticetemplate",
            name="kind",
            field=models.CharField(
                choices=[
                    ("decision", "政府信息公开申请答复告知书"),
                    ("correction", "补正申请告知书"),
                    ("extension", "延期答复告知书"),
                    ("fee", "收费通知书"),
                    ("reasons", "要求说明理由通知书"),
                    ("deferral", "延迟答复告知书"),
                    ("third_party", "决定公开告知书（第三方）"),
                ],
                max_length=12,
                verbose_name="文书类型",
            ),
        ),
        migrations.RunPython(add_defaults, remove_defaults),
    ]
