"""Planner statistics on SQLite for the indexes a migration added.

SQLite plans with the statistics of `ANALYZE` (the `sqlite_stat1` table) once a database has any: an index a
later migration added has none and is then weighed by defaults against its neighbours' measured figures — on the
catalogue at a million items that made SQLite pick the wrong index for a category's list. After every `migrate`
(`CommonConfig.ready` connects it) each index without statistics is analysed, on a database that was analysed
before; one that never was keeps the defaults for every index alike, which plan consistently. PostgreSQL gathers
its own statistics (autovacuum), so nothing is done there.
"""

from __future__ import annotations

from django.db import connections

__all__ = ["analyze_new_indexes"]


def analyze_new_indexes(using: str = "default") -> list[str]:
    """ANALYZE each index with no statistics on an analysed SQLite database; the names of those analysed."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return []
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND name NOT IN (SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL) ORDER BY name"
        )
        names = [name for (name,) in cursor.fetchall()]
        for name in names:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(name)}")
    return names
