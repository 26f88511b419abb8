"""One case per agency, kind and case number (案号): a case registered twice counted twice in table 四.

Cases without a number are not compared. A ledger that already holds the same case twice is not changed silently:
the migration stops and names the duplicates, to be corrected (or their 案号 told apart) in /admin/ first.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models


def refuse_duplicates(apps: Any, schema_editor: Any) -> None:
    case = apps.get_model("appeals", "AppealCase")
    duplicates = (
        case.objects.exclude(case_number="")
        .values("agency_id", "kind", "case_number")
        .annotate(n=models.Count("id"))
        .filter(n__gt=1)
        .order_by("agency_id", "kind", "case_number")
    )
    found = [f"机关 {d['agency_id']} · {d['kind']} · {d['case_number']}（{d['n']}件）" for d in duplicates]
    if found:
        raise RuntimeError(
            "行政复议、行政诉讼台账中同一机关、同一类型、同一案号的案件登记了多次，请先在管理后台更正或删除重复的"
            "案件，再运行迁移：" + "；".join(found)
        )


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]

    operations = [
        migrations.RunPython(refuse_duplicates, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="appealcase",
            constraint=models.UniqueConstraint(
                condition=models.Q(("case_number", ""), _negated=True),
                fields=("agency", "kind", "case_number"),
                name="unique_appeal_case_number",
            ),
        ),
    ]
