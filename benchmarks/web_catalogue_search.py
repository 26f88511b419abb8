"""Catalogue full-text search over 1 000 000 published register items, on SQLite and on PostgreSQL, timed beside the
bare SQL of the index lookup it rests on.

    .venv/bin/python -m benchmarks.web_catalogue_search [--items N] [--backend sqlite|postgres|both]

The corpus is generated once, when a database needs it (var/bench/catalogue-N-vV/: items, postings, terms), from
realistic titles, 文号 and bodies of 2 000 agencies over 2015–2026, segmented by the application's own
`gongkai.core.search.index_terms` (4 to 15 minutes for 1 000 000 items on one core, by the machine's load); each
backend then loads it once into its database (var/bench/catalogue-N.sqlite3; PostgreSQL `gongkai_bench_catalogue`
at 127.0.0.1:5432) and reuses it. Each backend runs in its own process. The corpus is deliberately repetitive — 40
topics and 28 body sentences; besides each item's own 索引号, a few thousand distinct terms and 50 million postings —
so common words have posting lists of 100 000 to 400 000 items: harder for the search than real text.

Measured, per query: `catalogue_search` — segmenting the query, resolving its terms, the capped count, the ranked
first page and fetching its 20 items — across all agencies, and within one agency's catalogue; and the ranked
lookup alone (`search_ranked_ids`, terms already resolved). Baselines, the bare SQL: the index lookup of 20
matching items without ranking (`search_matching_ids`), and one statement ranking every match
(`search_ranked_ids_in_one_statement`, whose page the ranked lookup must equal — checked for every query).
Figures are p50 / p95 / max over every query of QUERIES, each run REPEATS times after a warm-up pass.

Browsing without words is measured too, as the public pages ask for it: the catalogue's home (every agency with its
number of items, kept with the index; its baseline counts the items instead); the whole catalogue newest first (its
first page and its last, page 50); each category and each year across all agencies (`catalogue_browse`; an Art. 21
matter is also looked for in the items' additional, local categories, read off the newest-first index); and one agency's
catalogue page (`catalogue_items` paginated, with its category and year counts). Baseline: the bare SQL of each
page's 20 ids (checked equal to what the selector lists).
Aim: p95 ≤ 100 ms.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import statistics
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks._web import (
    BENCH_DIR,
    ensure_postgres_database,
    main_per_backend,
    postgres_url,
    setup_django,
)

__all__ = ["QUERIES", "main"]

POSTGRES_DB = "gongkai_bench_catalogue"
POSTGRES = postgres_url(POSTGRES_DB)
AGENCIES = 2000
AGENCY_ID_BASE = 1_000_000
REPEATS = 5

QUERIES = (
    "营商环境", "优化营商环境 措施", "行政许可", "政府信息公开 年度报告", "部门预算", "疫情防控", "公开招聘 公告",
    "食品经营许可证", "工程建设项目 审批", "乡村振兴", "安全生产 监督检查", "政府采购", "道路运输", "养老服务",
    "吴政发〔2023〕12号", "国土空间规划 公示", "社会救助", "医疗保障 政策", "行政处罚 决定", "突发事件 应急预案",
    "公务员 录用", "统计公报", "征收 补偿", "就业创业 补贴", "双随机一公开", "证照分离", "政务服务 好差评",
    "义务教育 招生", "城市供热", "危险化学品 经营许可",
)  # fmt: skip

_PLACES = ["吴忠", "银川", "石嘴山", "固原", "中卫", "青铜峡", "灵武", "利通", "红寺堡", "同心", "盐池", "西吉",
           "隆德", "泾源", "彭阳", "海原", "沙坡头", "中宁", "永宁", "贺兰"]  # fmt: skip
_UNITS = ["人民政府", "发展和改革委员会", "教育局", "科学技术局", "工业和信息化局", "公安局", "民政局", "司法局",
          "财政局", "人力资源和社会保障局", "自然资源局", "生态环境局", "住房和城乡建设局", "交通运输局", "水务局",
          "农业农村局", "商务局", "文化旅游广电局", "卫生健康委员会", "应急管理局", "审计局", "市场监督管理局",
          "统计局", "医疗保障局", "审批服务管理局", "林业和草原局", "退役军人事务局", "信访局", "能源局", "体育局",
          "乡村振兴局", "行政审批服务局", "数据局", "机关事务管理局", "地方金融监督管理局", "国有资产监督管理委员会",
          "粮食和物资储备局", "人民防空办公室", "城市管理局", "园林局", "供销合作社", "残疾人联合会", "气象局",
          "消防救援支队", "税务局", "档案局", "地震局", "公共资源交易中心", "政务服务中心", "投资促进局",
          "住房公积金管理中心", "疾病预防控制中心", "公路管理局", "水利工程管理处", "农机推广站", "畜牧水产技术推广服务中心",
          "不动产登记中心", "社会保险事业管理局", "就业创业服务中心", "医疗保险服务中心", "防汛抗旱指挥部办公室",
          "食品药品检验所", "产品质量检验所", "计量测试所", "环境监测站", "气象台", "文物管理所", "图书馆", "博物馆",
          "科技馆", "体育中心", "广播电视台", "融媒体中心", "党校", "职业技术学校", "中心医院", "中医医院",
          "妇幼保健院", "疾控中心", "血站", "120急救中心", "城投公司", "交投公司", "水投公司", "供排水公司",
          "热力公司", "公交公司", "环卫所", "市政设施管理所", "路灯管理所", "殡仪馆", "福利院", "救助站",
          "敬老院", "社区卫生服务中心"]  # fmt: skip
_TOPICS = [
    ("a20.11", "进一步优化营商环境若干措施"), ("a20.5", "行政许可事项清单"), ("a20.7", "{y}年部门预算"),
    ("a20.7", "{y0}年部门决算"), ("a20.15", "{y0}年政府信息公开工作年度报告"), ("a20.12", "疫情防控工作"),
    ("a20.14", "{y}年事业单位公开招聘工作人员"), ("a20.5", "食品经营许可证核发结果"), ("a20.5", "工程建设项目审批制度改革"),
    ("a20.11", "巩固拓展脱贫攻坚成果同乡村振兴有效衔接"), ("a20.13", "安全生产监督检查情况"), ("a20.9", "政府集中采购目录及标准"),
    ("a20.5", "道路运输经营许可"), ("a20.11", "养老服务体系建设"), ("a20.3", "国土空间总体规划"), ("a21.7", "社会救助资金发放情况"),
    ("a20.11", "医疗保障待遇政策调整"), ("a20.6", "行政处罚决定"), ("a20.12", "突发事件总体应急预案"),
    ("a20.14", "{y}年考试录用公务员拟录用人员"), ("a20.4", "{y0}年国民经济和社会发展统计公报"), ("a21.4", "集体土地征收补偿安置方案"),
    ("a20.11", "就业创业补贴申领"), ("a20.6", "双随机一公开抽查结果"), ("a20.5", "证照分离改革全覆盖"), ("a20.5", "政务服务好差评情况"),
    ("a20.11", "义务教育阶段学校招生入学工作"), ("a21.2", "城市供热保障"), ("a20.5", "危险化学品经营许可证"), ("a20.10", "重大建设项目批准和实施情况"),
    ("a20.8", "行政事业性收费目录清单"), ("a20.13", "环境保护督察整改情况"), ("a20.13", "食品安全抽检信息"), ("a20.2", "机构职能"),
    ("a20.11", "城乡居民基本医疗保险参保缴费"), ("a20.11", "农村低保和特困人员救助供养"), ("a21.1", "老旧小区改造计划"),
    ("a20.1", "规范性文件清理结果"), ("a20.3", "国民经济和社会发展第十四个五年规划纲要"), ("a20.12", "防汛抗旱应急预案"),
]  # fmt: skip
_KINDS = ["关于印发{t}的通知", "关于{t}的公告", "{t}", "关于{t}的公示", "关于做好{t}的通知", "关于{t}的实施意见",
          "{t}工作方案", "关于公布{t}的通知"]  # fmt: skip
_SENTENCES = [
    "为深入贯彻落实党中央、国务院决策部署，进一步深化放管服改革，结合本地实际，制定本方案。",
    "各县（市、区）人民政府、各部门要高度重视，加强组织领导，确保各项任务落到实处。",
    "本通知自印发之日起施行，有效期五年。", "现将有关事项公告如下。", "请各单位结合实际认真贯彻执行。",
    "公示期间，如有异议，请以书面形式向我单位反映。", "对在公示期内无异议的，按程序办理相关手续。",
    "进一步压缩审批时限，推行容缺受理和告知承诺制，提升政务服务便利化水平。",
    "严格落实安全生产责任制，开展隐患排查治理，坚决遏制重特大事故发生。",
    "加强食品安全监督抽检，依法查处违法违规行为，保障人民群众饮食安全。",
    "统筹做好疫情防控和经济社会发展，落实常态化防控措施。",
    "资金实行专户管理、专款专用，任何单位和个人不得截留、挤占、挪用。",
    "申请人可通过政务服务网或政务服务大厅窗口提交申请材料。", "本预算包括一般公共预算收支和政府性基金预算收支。",
    "招聘工作坚持公开、平等、竞争、择优的原则。", "拟录用人员名单予以公示，公示期为五个工作日。",
    "持续优化营商环境，激发市场主体活力。", "对抽查发现的问题，督促相关单位限期整改。",
    "建立健全应急管理体系，提高突发事件应对能力。", "加大社会救助力度，保障困难群众基本生活。",
    "落实义务教育免试就近入学政策，规范招生行为。", "完善养老服务体系，发展居家社区养老服务。",
    "推进城乡居民基本医疗保险制度整合，提高保障水平。", "加强耕地保护，严格土地征收程序，保障被征地农民合法权益。",
    "报告期内，全市地区生产总值稳步增长，居民收入持续提高。", "收费项目、标准和依据以本清单为准，清单之外一律不得收费。",
    "本规划期限为2021年至2035年，近期至2025年。", "项目总投资、建设规模和建设工期见附件。",
]  # fmt: skip
_PREFIXES = [
    "政发",
    "政办发",
    "政规发",
    "发改发",
    "教发",
    "财发",
    "人社发",
    "自然资发",
    "住建发",
    "审批发",
    "市监发",
]


def _agency_name(index: int) -> str:
    place = _PLACES[index % len(_PLACES)]
    unit = _UNITS[index // len(_PLACES) % len(_UNITS)]
    return f"{place}市{unit}" if index < len(_PLACES) * len(_UNITS) else f"{place}县{unit}{index}"


def _agency_code(index: int) -> str:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    code, n = "", index
    for _ in range(3):
        code, n = letters[n % 26] + code, n // 26
    return f"BQ{code}"


# Bump when `index_terms` changes what it produces, so an older corpus is not loaded.
CORPUS_VERSION = 3  # 3: titles indexed by every character and pair, the 索引号; postings dated


def _corpus_dir(count: int) -> Path:
    return BENCH_DIR / f"catalogue-{count}-v{CORPUS_VERSION}"


def generate(count: int) -> Path:
    """Write the corpus (items, postings, terms, indexed) once; later runs reuse it."""
    from gongkai.core.search import index_terms

    folder = _corpus_dir(count)
    if (folder / "done").exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20_260_101)
    terms: dict[str, int] = {}
    documents: dict[int, int] = {}
    started = time.perf_counter()
    print(f"  generating and segmenting {count:,} items …", flush=True)
    with (
        (folder / "items.tsv").open("w", encoding="utf-8", newline="") as items_file,
        (folder / "postings.tsv").open("w", encoding="utf-8") as postings_file,
        (folder / "indexed.tsv").open("w", encoding="utf-8") as indexed_file,
    ):
        items = csv.writer(items_file, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        for item_id in range(1, count + 1):
            agency = rng.randrange(AGENCIES)
            year = rng.randint(2015, 2026)
            category, topic = rng.choice(_TOPICS)
            title = rng.choice(_KINDS).format(t=topic.format(y=year, y0=year - 1))
            if rng.random() < 0.5:
                title = _agency_name(agency) + title
            doc_number = ""
            if rng.random() < 0.6:
                place = _PLACES[agency % len(_PLACES)][0]
                doc_number = f"{place}{rng.choice(_PREFIXES)}〔{year}〕{rng.randint(1, 200)}号"
            body = "".join(rng.sample(_SENTENCES, rng.randint(2, 5)))
            formed = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 330))
            published = formed + dt.timedelta(days=rng.randint(1, 25))
            items.writerow([item_id, AGENCY_ID_BASE + agency, f"BQ/{item_id:08d}", title, doc_number, body, category,
                            formed.isoformat(), published.isoformat()])  # fmt: skip
            weights = index_terms(
                title=title, body=body, doc_number=doc_number, index_number=f"BQ/{item_id:08d}"
            )
            ids = []
            for text, weight in weights.items():
                term_id = terms.setdefault(text, len(terms) + 1)
                documents[term_id] = documents.get(term_id, 0) + 1
                ids.append(term_id)
                postings_file.write(f"{term_id}\t{item_id}\t{AGENCY_ID_BASE + agency}\t{weight}\n")
            indexed_file.write(f"{item_id}\t{json.dumps(sorted(ids))}\n")
            if item_id % 100_000 == 0:
                print(f"    {item_id:,} items, {time.perf_counter() - started:.0f} s", flush=True)
    with (folder / "terms.tsv").open("w", encoding="utf-8") as terms_file:
        for text, term_id in terms.items():
            terms_file.write(f"{term_id}\t{text}\t{documents[term_id]}\n")
    elapsed = time.perf_counter() - started
    (folder / "done").write_text(f"{count} items, {len(terms)} terms, {elapsed:.0f} s\n")
    print(
        f"  segmented {count:,} items in {elapsed:.0f} s ({count / elapsed:,.0f} items/s), {len(terms):,} terms"
    )
    return folder


def _rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        yield from csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)


def _load(count: int) -> None:
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.web.agencies.models import Agency
    from gongkai.web.catalogue.models import IndexedAgency, IndexedItem, IndexState, Posting, SearchTerm
    from gongkai.web.disclosure.models import RegisterItem

    state = IndexState.objects.filter(pk=1).first()
    if state is not None and state.documents == count and RegisterItem.objects.count() == count:
        if not IndexedAgency.objects.exists():  # loaded before the index kept each agency's count
            _count_agencies()
        return
    folder = generate(count)
    print(f"  loading {count:,} items into {connection.vendor} …", flush=True)
    started = time.perf_counter()
    quote = connection.ops.quote_name
    postgres = connection.vendor == "postgresql"
    with transaction.atomic():
        for model in (Posting, IndexedItem, IndexedAgency, SearchTerm, IndexState, RegisterItem):
            with connection.cursor() as cursor:
                cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")
        Agency.objects.filter(pk__gte=AGENCY_ID_BASE).delete()
        Agency.objects.bulk_create(
            Agency(
                pk=AGENCY_ID_BASE + i,
                name=_agency_name(i),
                level="department",
                code=_agency_code(i),
                notice_prefix="基准",
                path=f"/{AGENCY_ID_BASE + i}/",
            )
            for i in range(AGENCIES)
        )
    now = timezone.now()
    item_sql = (
        f"INSERT INTO {quote(RegisterItem._meta.db_table)} (id, agency_id, index_number, title, doc_number, "
        "issuing_agency, body, category, local_categories, attribute, withholding_ground, withholding_reason, "
        "formed_on, publication_due_provisional, state, published_on, published_late, document_kind, created_at, "
        "updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '[]', 'proactive', '', '', %s, false, 'published', "
        "%s, false, '', %s, %s)"
    )

    def item_rows() -> Iterator[tuple[Any, ...]]:
        for item_id, agency, index, title, number, body, category, formed, published in _rows(
            folder / "items.tsv"
        ):
            yield (int(item_id), int(agency), index, title, number, "基准机关", body, category, formed, published,
                   now, now)  # fmt: skip

    _batched(item_sql, item_rows())
    terms_table, postings_table = quote(SearchTerm._meta.db_table), quote(Posting._meta.db_table)
    _batched(
        f"INSERT INTO {terms_table} (id, text, documents) VALUES (%s, %s, %s)",
        ((int(i), t, int(n)) for i, t, n in _rows(folder / "terms.tsv")),
    )
    _batched(
        f"INSERT INTO {quote(IndexedItem._meta.db_table)} (item_id, term_ids, indexed_at) VALUES (%s, %s, %s)",
        ((int(i), ids, now) for i, ids in _rows(folder / "indexed.tsv")),
    )
    # One transaction: a load cut short leaves the postings' keys and indexes as they were.
    with transaction.atomic(), connection.cursor() as cursor:
        if postgres:
            _postgres_postings(cursor, folder / "postings.tsv", postings_table)
        else:
            _sqlite_postings(cursor, folder / "postings.tsv", postings_table)
        cursor.execute(
            f"INSERT INTO {quote(IndexState._meta.db_table)} (id, documents) VALUES (1, %s)", [count]
        )
        if postgres:
            for table in (RegisterItem._meta.db_table, SearchTerm._meta.db_table, IndexState._meta.db_table):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
                )
    _count_agencies()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if postgres else "ANALYZE")
    print(f"  loaded in {time.perf_counter() - started:.0f} s", flush=True)


def _count_agencies() -> None:
    """Each agency's count of indexed items, as `catalogue.services` keeps it."""
    from django.db import connection, transaction

    from gongkai.web.catalogue.models import IndexedAgency

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {IndexedAgency._meta.db_table}")
        cursor.execute(
            f"INSERT INTO {IndexedAgency._meta.db_table} (agency_id, documents) "
            f"SELECT agency_id, COUNT(*) FROM {_ITEMS} GROUP BY agency_id"
        )


def _batched(sql: str, rows: Iterator[tuple[Any, ...]], size: int = 20_000) -> None:
    from django.db import connection, transaction

    batch: list[tuple[Any, ...]] = []
    with transaction.atomic(), connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) == size:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


_ITEMS = '"disclosure_registeritem"'


def _sqlite_postings(cursor: Any, path: Path, table: str) -> None:
    """Into a plain staging table first, then copied in primary-key order (one sort instead of random inserts),
    each posting dated with its item's publication (the ranking's tie order), while the secondary indexes are
    away; they are built again once each, as the migrations define them."""
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
        [table.strip('"')],
    )
    indexes = cursor.fetchall()
    for index, _definition in indexes:
        cursor.execute(f'DROP INDEX "{index}"')
    cursor.execute(
        "CREATE TEMP TABLE staging (term_id INTEGER, item_id INTEGER, agency_id INTEGER, weight INTEGER)"
    )
    _batched(
        "INSERT INTO staging VALUES (%s, %s, %s, %s)",
        ((int(t), int(i), int(a), int(w)) for t, i, a, w in _rows(path)),
        size=100_000,
    )
    cursor.execute(
        f"INSERT INTO {table} (term_id, item_id, agency_id, weight, published_on) "
        f"SELECT s.term_id, s.item_id, s.agency_id, s.weight, i.published_on FROM staging s "
        f"JOIN {_ITEMS} i ON i.id = s.item_id ORDER BY s.term_id, s.item_id"
    )
    cursor.execute("DROP TABLE staging")
    for _index, definition in indexes:
        cursor.execute(definition)


def _postgres_postings(cursor: Any, path: Path, table: str) -> None:
    """COPY into a staging table, then into the postings (dated with their items' publication) while they have no
    index, then the primary key and the indexes built once each, as the migrations define them (maintaining three
    B-trees row by row over 50 million rows takes hours)."""
    raw = cursor.cursor
    raw.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        f"WHERE conrelid = '{table}'::regclass AND contype = 'p'"
    )
    name, definition = raw.fetchone()
    raw.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname <> %s",
        [table.strip('"'), name],
    )
    indexes = raw.fetchall()
    raw.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    for index, _definition in indexes:
        raw.execute(f'DROP INDEX "{index}"')
    raw.execute(
        "CREATE TEMP TABLE staging (term_id bigint, item_id bigint, agency_id bigint, weight smallint)"
    )
    with path.open("rb") as handle, raw.copy("COPY staging FROM STDIN") as copy:
        while chunk := handle.read(1 << 20):
            copy.write(chunk)
    raw.execute(
        f"INSERT INTO {table} (term_id, item_id, agency_id, weight, published_on) "
        f"SELECT s.term_id, s.item_id, s.agency_id, s.weight, i.published_on FROM staging s "
        f"JOIN {_ITEMS} i ON i.id = s.item_id"
    )
    raw.execute("DROP TABLE staging")
    raw.execute("SET maintenance_work_mem = '1GB'")
    raw.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
    for _index, index_definition in indexes:
        raw.execute(index_definition)


def _percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * len(ordered)) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  max {ordered[-1] * 1000:7.1f} ms"


def _time(work: Callable[[str], Any]) -> tuple[list[float], dict[str, Any]]:
    results = {q: work(q) for q in QUERIES}  # warm-up: caches, jieba, the OS page cache
    times: list[float] = []
    for _ in range(REPEATS):
        for query in QUERIES:
            started = time.perf_counter()
            work(query)
            times.append(time.perf_counter() - started)
    return times, results


_Browse = tuple[str, str, Callable[[], list[int]], str, list[Any]]


def _browse_cases(agency: Any) -> list[_Browse]:
    """(group, label, the selector's page of ids, the bare SQL of that page, its parameters) for each browse."""
    from django.core.paginator import Paginator
    from django.db import connection

    from gongkai.web.catalogue.selectors import (
        catalogue_agencies,
        catalogue_browse,
        catalogue_categories,
        catalogue_items,
        catalogue_years,
    )

    def browse_ids(**filters: Any) -> list[int]:
        return [item.pk for item in catalogue_browse(**filters).items]

    items = connection.ops.quote_name("disclosure_registeritem")
    public = f"SELECT id FROM {items} WHERE state = 'published' AND attribute = 'proactive'"
    newest = "ORDER BY published_on DESC, id DESC LIMIT 20"
    cases: list[_Browse] = [
        (
            "home",
            "agencies",
            lambda: sorted(agency.pk for agency, _count in catalogue_agencies()),
            f"SELECT agency_id FROM {items} WHERE state = 'published' AND attribute = 'proactive' "
            "GROUP BY agency_id ORDER BY agency_id",
            [],
        ),
        ("whole", "newest", browse_ids, f"{public} {newest}", []),
        ("whole", "page 50", partial(browse_ids, page=50), f"{public} {newest} OFFSET 980", []),
    ]
    local_text = "local_categories::text" if connection.vendor == "postgresql" else "local_categories"
    for category in sorted({c for c, _ in _TOPICS}):
        local = category.startswith("a21")
        cases.append((
            "local" if local else "filtered",
            f"category {category}",
            partial(browse_ids, category=category),
            f"{public} AND (category = %s OR {local_text} LIKE %s) {newest}" if local
            else f"{public} AND category = %s {newest}",
            [category, f'%"{category}"%'] if local else [category],
        ))  # fmt: skip
    for year in range(2015, 2027):
        cases.append((
            "filtered",
            f"year {year}",
            partial(browse_ids, year=year),
            f"{public} AND published_on BETWEEN %s AND %s {newest}",
            [f"{year}-01-01", f"{year}-12-31"],
        ))  # fmt: skip

    def agency_page() -> list[int]:
        page = Paginator(catalogue_items(agency), 20).get_page(1)
        catalogue_categories(agency)
        catalogue_years(agency)
        return [i.pk for i in page.object_list]

    cases.append(("agency", "one agency", agency_page, f"{public} AND agency_id = %s {newest}", [agency.pk]))
    return cases


def _time_browse(agency: Any) -> dict[str, list[float]]:
    """Times by group (home, whole, filtered, local, agency), of the bare SQL of the home (home_bare) and of every
    other page (bare)."""
    from django.db import connection

    cases = _browse_cases(agency)
    times: dict[str, list[float]] = {
        "home": [], "home_bare": [], "whole": [], "filtered": [], "local": [], "agency": [], "bare": []
    }  # fmt: skip
    with connection.cursor() as cursor:
        for (
            _group,
            label,
            page,
            sql,
            params,
        ) in cases:  # warm-up; the selector must list what the bare SQL lists
            cursor.execute(sql, params)
            assert page() == [row[0] for row in cursor.fetchall()], label
        for _ in range(REPEATS):
            for group, _label, page, sql, params in cases:
                started = time.perf_counter()
                page()
                times[group].append(time.perf_counter() - started)
                started = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                times["home_bare" if group == "home" else "bare"].append(time.perf_counter() - started)
    return times


def _child(backend: str, count: int) -> None:
    url = f"sqlite:///{BENCH_DIR / f'catalogue-{count}.sqlite3'}" if backend == "sqlite" else POSTGRES
    if backend == "postgres" and not ensure_postgres_database(POSTGRES_DB):
        return
    setup_django(url)
    from gongkai.web.agencies.models import Agency
    from gongkai.web.catalogue.selectors import (
        catalogue_search,
        search_matching_ids,
        search_plan,
        search_ranked_ids,
        search_ranked_ids_in_one_statement,
    )
    from gongkai.web.common.dbstats import analyze_new_indexes

    _load(count)
    analyze_new_indexes()  # indexes a migration added after the load: planned as well as the rest
    agency = Agency.objects.get(pk=AGENCY_ID_BASE + 24)  # one of the generated agencies (≈ 500 items)
    plans = {q: search_plan(q) for q in QUERIES}
    # The page-by-slices ranking must give exactly the page that ranking every match gives.
    for query, plan in plans.items():
        for scope in (None, agency.pk):
            fast = search_ranked_ids(plan, agency_id=scope)
            slow = search_ranked_ids_in_one_statement(plan, agency_id=scope)
            assert fast == slow, (query, scope, fast, slow)
    full, results = _time(lambda q: catalogue_search(q))
    local, local_results = _time(lambda q: catalogue_search(q, agency=agency))
    ranked, _ = _time(lambda q: search_ranked_ids(plans[q]))
    bare, _ = _time(lambda q: search_matching_ids(plans[q]))
    naive, _ = _time(lambda q: search_ranked_ids_in_one_statement(plans[q]))
    ranked_local, _ = _time(lambda q: search_ranked_ids(plans[q], agency_id=agency.pk))
    bare_local, _ = _time(lambda q: search_matching_ids(plans[q], agency_id=agency.pk))
    naive_local, _ = _time(lambda q: search_ranked_ids_in_one_statement(plans[q], agency_id=agency.pk))
    empty = [q for q, r in results.items() if not r.items]
    assert len(empty) <= len(QUERIES) // 5, (
        empty
    )  # a small corpus may lack a rare 文号; most queries must match
    hits = statistics.median(r.total for r in results.values())
    local_hits = statistics.median(r.total for r in local_results.values())
    n = len(QUERIES) * REPEATS
    print(
        f"{backend:<9} {count:,} items, {len(QUERIES)} queries × {REPEATS} (n = {n} each); rankings checked equal"
    )
    for label, rows in (
        (f"all agencies (median matches {hits:,.0f}, counted up to 1 000)", (full, ranked, bare, naive)),
        (f"one agency (median matches {local_hits:,.0f})", (local, ranked_local, bare_local, naive_local)),
    ):
        print(f"  {label}")
        print(f"    catalogue_search (whole page)      {_percentiles(rows[0])}")
        print(f"    ranked lookup (page by slices)     {_percentiles(rows[1])}")
        print(f"    baseline: bare index lookup        {_percentiles(rows[2])}   (20 matches, unranked)")
        print(
            f"    baseline: one ranking statement    {_percentiles(rows[3])}   (ranks every match)",
            flush=True,
        )
    browse = _time_browse(agency)
    print("  browsing without words (pages checked equal to the bare SQL's)")
    print(f"    catalogue home, agencies counted   {_percentiles(browse['home'])}")
    print(f"    baseline: counting the items       {_percentiles(browse['home_bare'])}   (GROUP BY agency)")
    print(f"    whole catalogue, pages 1 and 50    {_percentiles(browse['whole'])}")
    print(f"    an Art. 20 category or a year      {_percentiles(browse['filtered'])}")
    print(
        f"    an Art. 21 matter (main or local)  {_percentiles(browse['local'])}   (local ones read off the index entries)"
    )
    print(
        f"    one agency's catalogue page        {_percentiles(browse['agency'])}   (list, count, categories, years)"
    )
    print(f"    baseline: bare SQL of each list    {_percentiles(browse['bare'])}", flush=True)


def main(argv: list[str] | None = None) -> None:
    main_per_backend(
        argv,
        module="benchmarks.web_catalogue_search",
        description=__doc__,
        size_option="items",
        default_size=1_000_000,
        heading=lambda size: f"Catalogue search over {size:,} published items (aim: p95 ≤ 100 ms)",
        child=_child,
    )


if __name__ == "__main__":
    main()
