"""The supervision sums: a subtree of 2 000 agencies × 5 years of published annual reports summed cell by cell
into five `Aggregate` values (the government's own figures per year, blanks counted), on SQLite and PostgreSQL,
timed beside the bare SQL SUM over the stored figures it rests on.

    .venv/bin/python -m benchmarks.web_supervision_aggregate [--agencies N] [--backend sqlite|postgres|both]

Each backend runs in its own process (Django is configured once per process). The database is built once and
reused: var/bench/supervision.sqlite3, and the PostgreSQL database `gongkai_bench_supervision` at
127.0.0.1:5432 (user postgres). The tree: one city government over 20 counties, each with its departments; every
agency has a published report for 2021–2025 (consistent tables; 1 in 50 leaves a cell blank), stored as the
workflow stores a published version (the version's cells as JSON and its row of figures). Figures are the median
of 5 runs. Aim: the five years' sums ≤ 1 s. For comparison, the same sums computed in Python from the versions'
JSON (what storing a JSON column only would cost) are timed once, and so is the open-data file of every published
report (`annualreports/open_data.py`), built from the same versions.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time
from typing import Any

from benchmarks._web import (
    BENCH_DIR,
    ensure_postgres_database,
    main_per_backend,
    postgres_url,
    setup_django,
)

__all__ = ["main"]

POSTGRES_DB = "gongkai_bench_supervision"
POSTGRES = postgres_url(POSTGRES_DB)
YEARS = (2021, 2022, 2023, 2024, 2025)
RUNS = 5
COUNTIES = 20


def _code(index: int) -> str:
    letters = ""
    for _ in range(5):
        index, digit = divmod(index, 26)
        letters = chr(ord("A") + digit) + letters
    return "S" + letters


def _tree(count: int) -> Any:
    """The city (the subtree's top) and `count - 1` agencies below it: counties, then departments."""
    from gongkai.web.agencies.models import Agency
    from gongkai.web.agencies.services import agency_create

    top = Agency.objects.filter(code="SBENCH").first()
    if top is not None:
        return top
    top = agency_create(name="基准市人民政府", level="city", code="SBENCH", notice_prefix="基准公开")
    counties = Agency.objects.bulk_create(
        Agency(name=f"基准县{i + 1}人民政府", level="county", code=_code(i), notice_prefix="基准", parent=top)
        for i in range(COUNTIES)
    )
    for county in counties:
        county.path = f"{top.path}{county.pk}/"
    Agency.objects.bulk_update(counties, ["path"])
    departments = Agency.objects.bulk_create(
        Agency(
            name=f"基准县{i % COUNTIES + 1}第{i // COUNTIES + 1}局",
            level="department",
            code=_code(COUNTIES + i),
            notice_prefix="基准",
            parent=counties[i % COUNTIES],
        )
        for i in range(count - 1 - COUNTIES)
    )
    for department in departments:
        assert department.parent is not None
        department.path = f"{department.parent.path}{department.pk}/"
    Agency.objects.bulk_update(departments, ["path"], batch_size=500)
    return top


def _populate(count: int) -> Any:
    from django.db import connection, transaction

    from gongkai.core.report.model import Report
    from gongkai.web.agencies.models import Agency
    from gongkai.web.annualreports.codec import encode_cells, figure_values
    from gongkai.web.annualreports.models import AnnualReport, ReportFigures, ReportVersion
    from gongkai.web.supervision.demo import external_report

    with transaction.atomic():
        top = _tree(count)
        agencies = list(Agency.objects.filter(path__startswith=top.path).order_by("path"))
        if ReportFigures.objects.filter(agency__in=agencies).count() == len(agencies) * len(YEARS):
            return top
        print(
            f"  populating {len(agencies):,} agencies × {len(YEARS)} years of published reports …", flush=True
        )
        AnnualReport.objects.filter(agency__in=agencies).delete()
        rng = random.Random(2_000)
        for year in YEARS:
            values: list[Report] = []
            for agency in agencies:
                size = 40 if agency.level == "county" else rng.choice((0, 1, 3, 8, 20))
                value = external_report(agency.name, year, size=size, carried_over={}, rng=rng)
                if rng.random() < 0.02:
                    value = value.with_cells(**{rng.choice(list(value.cells)).replace(".", "__"): None})
                values.append(value)
            reports = AnnualReport.objects.bulk_create(
                AnnualReport(agency=a, subject=a.name, year=year, newest_status="published",
                             first_published_on=dt.date(year + 1, 1, 20))
                for a in agencies
            )  # fmt: skip
            versions = ReportVersion.objects.bulk_create(
                ReportVersion(report=r, number=1, status="published", record_cells=encode_cells(v.cells),
                              sections={k: list(p) for k, p in v.sections.items()},
                              published_on=dt.date(year + 1, 1, 20))
                for r, v in zip(reports, values, strict=True)
            )  # fmt: skip
            ReportFigures.objects.bulk_create(
                (
                    ReportFigures(version=ver, agency=a, year=year, current=True, **figure_values(v))
                    for ver, a, v in zip(versions, agencies, values, strict=True)
                ),
                batch_size=200,
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return top


def _median_seconds(run: Any) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def _python_sums(top: Any) -> dict[int, Any]:
    """The alternative: every current version's JSON read back into a Report and summed by the core."""
    from gongkai.core.report.aggregate import aggregate
    from gongkai.web.annualreports.models import ReportVersion
    from gongkai.web.annualreports.selectors import version_report

    by_year: dict[int, list[Any]] = {year: [] for year in YEARS}
    versions = ReportVersion.objects.filter(
        figures__current=True, report__agency__path__startswith=top.path, report__year__in=YEARS
    ).select_related("report")
    for version in versions:
        by_year[version.report.year].append(version_report(version))
    return {year: aggregate(reports, agency=top.name, year=year) for year, reports in by_year.items()}


def _child(backend: str, count: int) -> None:
    url = f"sqlite:///{BENCH_DIR / 'supervision.sqlite3'}" if backend == "sqlite" else POSTGRES
    if backend == "postgres" and not ensure_postgres_database(POSTGRES_DB):
        return
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    setup_django(url)
    from gongkai.web.annualreports.selectors import figures_bare_sums, figures_sums
    from gongkai.web.common.clock import today
    from gongkai.web.supervision.selectors import subtree_rows

    top = _populate(count)
    sums_s, sums = _median_seconds(lambda: figures_sums(top, YEARS, name=top.name))
    bare_s, bare = _median_seconds(lambda: figures_bare_sums(top, YEARS))
    rows_s, rows = _median_seconds(lambda: subtree_rows(top, YEARS[-1], today=today()))
    started = time.perf_counter()
    python = _python_sums(top)
    python_s = time.perf_counter() - started
    from gongkai.web.annualreports import open_data

    started = time.perf_counter()
    published = open_data.open_reports_count()
    chunks = open_data.json_chunks(
        open_data.open_reports(), count=published, links=lambda r: {}, today=today()
    )
    size = sum(len(chunk) for chunk in chunks)
    open_s = time.perf_counter() - started
    for year in YEARS:
        assert dict(python[year].report.cells) == dict(sums[year].aggregate.report.cells), year
        assert dict(python[year].blanks) == dict(sums[year].aggregate.blanks), year
    assert len(bare) == len(YEARS)
    reports = sum(s.aggregate.count for s in sums.values())
    last = sums[YEARS[-1]].aggregate
    print(
        f"{backend:<9} {len(rows):,} agencies × {len(YEARS)} years ({reports:,} reports)\n"
        f"          five yearly sums (Aggregate values) {sums_s * 1000:8.1f} ms   "
        f"bare SQL SUM {bare_s * 1000:8.1f} ms   ratio {sums_s / bare_s:4.2f}×\n"
        f"          statuses of the subtree for {YEARS[-1]} {rows_s * 1000:8.1f} ms   "
        f"same sums in Python from the JSON {python_s * 1000:8.1f} ms (once)\n"
        f"          open data of every published report (/annual-reports/data.json, streamed): {published:,} "
        f"reports, {size / 1e6:.1f} MB in {open_s * 1000:.0f} ms (once)\n"
        f"          {YEARS[-1]}: {last.report['t3.new.total']:,} applications received, "
        f"{sum(1 for n in last.blanks.values() if n)} cells with blanks behind them",
        flush=True,
    )


def main(argv: list[str] | None = None) -> None:
    main_per_backend(
        argv,
        module="benchmarks.web_supervision_aggregate",
        description=__doc__,
        size_option="agencies",
        default_size=2_000,
        heading=lambda size: (
            f"Sums over a subtree, {YEARS[0]}–{YEARS[-1]}, median of {RUNS} runs (aim: the five years' sums ≤ 1 s)"
        ),
        child=_child,
    )


if __name__ == "__main__":
    main()
