"""SQLite statistics for indexes added after the database was analysed (run after every migrate)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from gongkai.web.audit.models import AuditEvent
from gongkai.web.common.dbstats import analyze_new_indexes

pytestmark = pytest.mark.django_db


def _statistics() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL gathers its own statistics")
def test_an_index_added_after_analyze_gets_statistics() -> None:
    table = AuditEvent._meta.db_table
    for n in range(5):
        AuditEvent.objects.create(action=f"test.{n}", object_type="test", object_id=str(n))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    assert analyze_new_indexes() == []  # never analysed: every index keeps the planner's defaults
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
        cursor.execute(f"CREATE INDEX test_audit_action ON {connection.ops.quote_name(table)} (action)")
    assert "test_audit_action" not in _statistics()
    assert "test_audit_action" in analyze_new_indexes()
    assert "test_audit_action" in _statistics()
    assert "test_audit_action" not in analyze_new_indexes()  # once is enough
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE INDEX test_audit_object ON {connection.ops.quote_name(table)} (object_id)")
    call_command("migrate", verbosity=0)  # nothing to apply; its post_migrate signal still runs
    assert "test_audit_object" in _statistics()


@pytest.mark.skipif(connection.vendor == "sqlite", reason="the PostgreSQL case")
def test_postgresql_is_left_alone() -> None:
    assert analyze_new_indexes() == []
