"""Public reads: the 政府信息公开目录 of an agency (published 主动公开 items only) by category and year, one item,
and the full-text search.

Search: the query is cut into words (`gongkai.core.search.query_terms`); every word must occur in an item, through
the first of its forms whose terms are all indexed (a long word by its character pairs, then itself, then the
dictionary words inside it). The rarest term drives, read in weight slices through the impact index until nothing
unread can enter the page (`search_ranked_ids`); each other term is one primary-key probe per candidate. The score is Σ weight × idf over the query's terms (idf = ln(1 + N / documents
containing the term)); ties go to the later publication, then the higher id. The count is exact up to
`COUNT_CAP` and shown as "more than" beyond it. The same SQL runs on SQLite and PostgreSQL. A search without words
but with a category, a year or an agency lists those items, newest first.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear

from gongkai.core.disclosure import (
    ARTICLE_21,
    DisclosureAttribute,
    DocumentValidity,
    ItemState,
    categories_for_level,
)
from gongkai.core.search import QueryTerm, query_terms
from gongkai.web.agencies.models import Agency
from gongkai.web.catalogue.models import IndexedAgency, IndexState, Posting, SearchTerm
from gongkai.web.disclosure.models import ItemChannel, RegisterItem
from gongkai.web.disclosure.selectors import item_validity

__all__ = [
    "COUNT_CAP",
    "CategoryCount",
    "GuideFacts",
    "SearchPlan",
    "SearchResult",
    "catalogue_agencies",
    "catalogue_browse",
    "catalogue_categories",
    "catalogue_items",
    "catalogue_search",
    "catalogue_years",
    "guide_facts",
    "highlight_terms",
    "item_channels",
    "public_item",
    "public_items",
    "public_validity",
    "search_count",
    "search_matching_ids",
    "search_plan",
    "search_ranked_ids",
    "search_ranked_ids_in_one_statement",
]

COUNT_CAP = 1000
_LOCAL_CATEGORIES = frozenset(c.id for c in ARTICLE_21)


def public_items() -> QuerySet[RegisterItem]:
    return RegisterItem.objects.filter(
        state=ItemState.PUBLISHED.value, attribute=DisclosureAttribute.PROACTIVE.value
    )


def catalogue_agencies() -> list[tuple[Agency, int]]:
    """Agencies with at least one public item, with their counts (kept with the search index), in tree order."""
    indexed = IndexedAgency.objects.filter(documents__gt=0)
    counts = dict(indexed.values_list("agency_id", "documents"))
    agencies = Agency.objects.filter(pk__in=indexed.values("agency_id")).only("name", "code", "path")
    return [(agency, counts[agency.pk]) for agency in agencies.order_by("path") if agency.pk in counts]


def public_item(agency: Agency, pk: int) -> RegisterItem | None:
    return public_items().filter(agency=agency, pk=pk).select_related("agency").first()


def item_channels(item: RegisterItem) -> list[str]:
    return list(ItemChannel.objects.filter(item=item).values_list("channel", flat=True))


def public_validity(item: RegisterItem, *, today: dt.date) -> DocumentValidity | None:
    """In force, amended, repealed or expired — for rules and normative documents (有效性)."""
    return item_validity(item, list(item.document_events.all()), on=today)


@dataclass(frozen=True)
class CategoryCount:
    id: str
    article: str
    label: str
    count: int


def catalogue_categories(agency: Agency, *, year: int | None = None) -> list[CategoryCount]:
    """The categories that apply at the agency's level, with the number of public items in each."""
    items = public_items().filter(agency=agency)
    if year:
        items = items.filter(published_on__year=year)
    counts = Counter(dict(items.values("category").annotate(n=Count("id")).values_list("category", "n")))
    applicable = categories_for_level(agency.level)
    if any(c.id in _LOCAL_CATEGORIES for c in applicable):  # as `catalogue_items` lists them
        for local, main in items.exclude(local_categories=[]).values_list("local_categories", "category"):
            counts.update(set(local) - {main})
    return [CategoryCount(c.id, c.article, c.label, counts[c.id]) for c in applicable]


def catalogue_years(agency: Agency) -> list[tuple[int, int]]:
    rows = (
        public_items()
        .filter(agency=agency)
        .annotate(y=ExtractYear("published_on"))
        .values("y")
        .annotate(n=Count("id"))
        .order_by("-y")
        .values_list("y", "n")
    )
    return [(int(y), n) for y, n in rows if y is not None]


def catalogue_items(
    agency: Agency | None, *, category: str = "", year: int | None = None
) -> QuerySet[RegisterItem]:
    """Public items of the agency (of every agency if None), of the category and year if given, newest first."""
    items = public_items() if agency is None else public_items().filter(agency=agency)
    if category in _LOCAL_CATEGORIES:
        items = items.filter(Q(category=category) | Q(local_categories__icontains=f'"{category}"'))
    elif category:  # only Art. 21's matters are ever an item's additional, local categories
        items = items.filter(category=category)
    if year:
        items = items.filter(published_on__year=year)
    return items.order_by("-published_on", "-id")


@dataclass(frozen=True)
class GuideFacts:
    """What the 指南 says about proactive disclosure, from the agency's own data."""

    categories: list[CategoryCount]
    channels: list[str]
    items: int
    latest: dt.date | None


def guide_facts(agency: Agency) -> GuideFacts:
    items = public_items().filter(agency=agency)
    channels = (
        ItemChannel.objects.filter(item__in=items)
        .values_list("channel", flat=True)
        .distinct()
        .order_by("channel")
    )
    latest = items.order_by("-published_on").values_list("published_on", flat=True).first()
    return GuideFacts(catalogue_categories(agency), list(channels), items.count(), latest)


# --- search -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchPlan:
    """The terms a query resolved to, rarest first, with their idf; `missing` are words found nowhere."""

    words: tuple[str, ...]
    terms: tuple[tuple[int, str, float], ...]  # (term id, text, idf)
    missing: tuple[str, ...]
    documents: Mapping[int, int] = field(default_factory=dict)  # term id → indexed items containing it

    @property
    def searchable(self) -> bool:
        return bool(self.terms) and not self.missing


def search_plan(text: str) -> SearchPlan:
    words = query_terms(text)
    if not words:
        return SearchPlan((), (), ())
    wanted = {part for word in words for form in word.forms() for part in form}
    known = {
        t: (pk, n)
        for t, pk, n in SearchTerm.objects.filter(text__in=wanted, documents__gt=0).values_list(
            "text", "id", "documents"
        )
    }
    chosen: dict[str, tuple[int, int]] = {}
    missing: list[str] = []
    for word in words:
        form = _first_indexed(word, known)
        if form is None:
            missing.append(word.text)
            continue
        for part in form:
            chosen[part] = known[part]
    state = IndexState.objects.filter(pk=1).values_list("documents", flat=True).first() or 1
    terms = sorted(
        ((pk, text, math.log(1 + max(state, n) / n)) for text, (pk, n) in chosen.items()),
        key=lambda t: -t[2],  # rarest (highest idf) first: it drives the walk
    )
    documents = dict(chosen.values())
    return SearchPlan(tuple(w.text for w in words), tuple(terms), tuple(missing), documents)


def _first_indexed(word: QueryTerm, known: dict[str, tuple[int, int]]) -> tuple[str, ...] | None:
    for form in word.forms():
        if all(part in known for part in form):
            return form
    return None


@dataclass(frozen=True)
class _Query:
    body: str  # FROM … WHERE …
    params: list[Any]
    score: str  # the score expression of the SELECT list
    score_params: list[float]


def _item_conditions(*, category: str, year: int | None) -> tuple[list[str], list[Any]]:
    """The search's conditions on the items (joined as `i`) of a category and year, as `catalogue_items` has them."""
    where: list[str] = []
    params: list[Any] = []
    if category in _LOCAL_CATEGORIES:
        as_text = "i.local_categories::text" if connection.vendor == "postgresql" else "i.local_categories"
        where.append(f"(i.category = %s OR {as_text} LIKE %s)")
        params.extend([category, f'%"{category}"%'])
    elif category:
        where.append("i.category = %s")
        params.append(category)
    if year:
        where.append("i.published_on >= %s AND i.published_on <= %s")
        params.extend([dt.date(year, 1, 1), dt.date(year, 12, 31)])
    return where, params


def _query(plan: SearchPlan, *, agency_id: int | None, category: str, year: int | None) -> _Query:
    quote = connection.ops.quote_name
    postings = quote(Posting._meta.db_table)
    items = quote(RegisterItem._meta.db_table)
    (first_id, _text, first_idf), *others = plan.terms
    joins: list[str] = []
    join_params: list[Any] = []
    score = ["p0.weight * %s"]
    score_params = [first_idf]
    for n, (term_id, _t, idf) in enumerate(others, start=1):
        # "+ 0" keeps the planner from borrowing p0's item range to scan another term's postings: without
        # statistics SQLite may otherwise drive the join from a common term.
        joins.append(f"JOIN {postings} p{n} ON p{n}.term_id = %s AND p{n}.item_id = p0.item_id + 0")
        join_params.append(term_id)
        score.append(f"p{n}.weight * %s")
        score_params.append(idf)
    where = ["p0.term_id = %s"]
    where_params: list[Any] = [first_id]
    if agency_id is not None:
        where.append("p0.agency_id = %s")
        where_params.append(agency_id)
    if category or year:
        joins.append(f"JOIN {items} i ON i.id = p0.item_id")
        conditions, params = _item_conditions(category=category, year=year)
        where.extend(conditions)
        where_params.extend(params)
    body = f"FROM {postings} p0 {' '.join(joins)} WHERE {' AND '.join(where)}"
    return _Query(body, [*join_params, *where_params], " + ".join(score), score_params)


def _max_weight(cursor: Any, term_id: int, *, below: int | None = None) -> int | None:
    """The highest weight of a term's postings (below `below`): one seek at the end of the impact index."""
    table = connection.ops.quote_name(Posting._meta.db_table)
    if below is None:
        cursor.execute(f"SELECT MAX(weight) FROM {table} WHERE term_id = %s", [term_id])
    else:
        cursor.execute(
            f"SELECT MAX(weight) FROM {table} WHERE term_id = %s AND weight < %s", [term_id, below]
        )
    row = cursor.fetchone()
    return int(row[0]) if row and row[0] is not None else None


_FIRST_CHUNK = 500
# Where a term's postings of one weight are read from, newest first: (publication date, item id) — the tie order.
_NEWEST = (dt.date(9999, 12, 31), 1 << 62)
_OLDEST = (dt.date(1, 1, 1), 0)


def _day(value: object) -> dt.date:
    """A date column as read by the raw cursor (SQLite may give its ISO text)."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def _tie_order(hit: tuple[float, dt.date, int]) -> tuple[float, int, int]:
    """Best first: the higher score, then the later publication, then the higher id."""
    score, published_on, pk = hit
    return (-score, -published_on.toordinal(), -pk)


def search_ranked_ids(
    plan: SearchPlan,
    *,
    agency_id: int | None = None,
    category: str = "",
    year: int | None = None,
    limit: int = 20,
    offset: int = 0,
) -> list[tuple[int, float]]:
    """(item id, score) of one page of results, best first (ties: the later publication, then the higher id) —
    exact, without ranking every match.

    The rarest term's postings are read one weight at a time, highest first (the impact index (term, weight,
    published_on, item)), and within a weight newest first, in chunks (500 postings, then doubling); each chunk is
    joined with the other terms and ranked in SQL. Reading stops as soon as nothing unread can enter the page:
    within a weight, once the page's last score reaches the best score that weight allows (later chunks hold older
    items, which lose ties); between weights, once it beats the best score the next weight allows (the next weight
    of the rarest term plus each other term's highest weight, times their idf). A common word thus costs what its
    first few hundred postings cost, not all of them.
    """
    if not plan.searchable:
        return []
    need = offset + limit
    query = _query(plan, agency_id=agency_id, category=category, year=year)
    table = connection.ops.quote_name(Posting._meta.db_table)
    (first_id, _text, first_idf), *others = plan.terms
    scope, scope_params = ("AND agency_id = %s", [agency_id]) if agency_id is not None else ("", [])
    boundary_sql = (
        f"SELECT published_on, item_id FROM {table} WHERE term_id = %s {scope} AND weight = %s "
        "AND (published_on, item_id) < (%s, %s) ORDER BY published_on DESC, item_id DESC LIMIT 1 OFFSET %s"
    )
    chunk_sql = (
        f"SELECT p0.item_id, p0.published_on, {query.score} AS score {query.body} AND p0.weight = %s "
        "AND (p0.published_on, p0.item_id) >= (%s, %s) AND (p0.published_on, p0.item_id) < (%s, %s) "
        "ORDER BY score DESC, p0.published_on DESC, p0.item_id DESC LIMIT %s"
    )
    found: list[tuple[float, dt.date, int]] = []

    def settled(best: float, unread_below: tuple[dt.date, int] | None) -> bool:
        """Nothing unread can enter the page: every unread item scores at most `best`, and (if given) those of
        them that tie come before `unread_below` in (publication date, id) and so lose the tie."""
        if len(found) < need:
            return False
        score, published_on, item = found[need - 1]
        if score > best + 1e-9:
            return True
        return unread_below is not None and score >= best - 1e-9 and (published_on, item) >= unread_below

    with connection.cursor() as cursor:
        rest = 0.0
        for term_id, _t, idf in others:
            rest += (_max_weight(cursor, term_id) or 0) * idf
        weight = _max_weight(cursor, first_id)
        while weight is not None:
            upper, size = _NEWEST, _FIRST_CHUNK
            while True:
                cursor.execute(boundary_sql, [first_id, *scope_params, weight, *upper, size - 1])
                row = cursor.fetchone()
                lower = (_day(row[0]), int(row[1])) if row else _OLDEST
                cursor.execute(chunk_sql, [*query.score_params, *query.params, weight, *lower, *upper, need])
                found.extend((float(score), _day(day), int(pk)) for pk, day, score in cursor.fetchall())
                found = sorted(found, key=_tie_order)[:need]
                if row is None:
                    break  # this weight is read to the end
                # Later weights score below this one by at least the rarest term's idf: only this weight's older
                # postings could still tie or beat the page.
                if settled(weight * first_idf + rest, lower):
                    return [(pk, score) for score, _day_, pk in found[offset:need]]
                upper, size = lower, size * 2
            weight = _max_weight(cursor, first_id, below=weight)
            if weight is not None and settled(weight * first_idf + rest, None):
                break
    return [(pk, score) for score, _day_, pk in found[offset:need]]


def search_ranked_ids_in_one_statement(
    plan: SearchPlan, *, agency_id: int | None = None, limit: int = 20
) -> list[tuple[int, float]]:
    """The same page by one SQL statement ranking every match (a benchmark baseline)."""
    if not plan.searchable:
        return []
    query = _query(plan, agency_id=agency_id, category="", year=None)
    sql = (
        f"SELECT p0.item_id, {query.score} AS score {query.body} "
        "ORDER BY score DESC, p0.published_on DESC, p0.item_id DESC LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*query.score_params, *query.params, limit])
        return [(int(pk), float(score)) for pk, score in cursor.fetchall()]


def search_matching_ids(plan: SearchPlan, *, agency_id: int | None = None, limit: int = 20) -> list[int]:
    """The first `limit` items containing every term, unranked: the bare index lookup (a benchmark baseline)."""
    if not plan.searchable:
        return []
    query = _query(plan, agency_id=agency_id, category="", year=None)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT p0.item_id {query.body} LIMIT %s", [*query.params, limit])
        return [int(pk) for (pk,) in cursor.fetchall()]


def search_count(
    plan: SearchPlan, *, agency_id: int | None = None, category: str = "", year: int | None = None
) -> int:
    """The number of matching items, exact up to COUNT_CAP (COUNT_CAP + 1 means "more").

    One word over every agency: its document frequency, already known. Otherwise the rarest term's postings,
    each other term checked with EXISTS (a semi-join stops at the first posting), until COUNT_CAP + 1 are found.
    """
    if not plan.searchable:
        return 0
    (first_id, _text, _idf), *others = plan.terms
    if not others and agency_id is None and not category and not year:
        return min(plan.documents.get(first_id, 0), COUNT_CAP + 1)
    quote = connection.ops.quote_name
    postings = quote(Posting._meta.db_table)
    where = ["p0.term_id = %s"]
    params: list[Any] = [first_id]
    joins = ""
    if agency_id is not None:
        where.append("p0.agency_id = %s")
        params.append(agency_id)
    if category or year:
        joins = f"JOIN {quote(RegisterItem._meta.db_table)} i ON i.id = p0.item_id"
        conditions, item_params = _item_conditions(category=category, year=year)
        where.extend(conditions)
        params.extend(item_params)
    for n, (term_id, _t, _i) in enumerate(others, start=1):
        where.append(
            f"EXISTS (SELECT 1 FROM {postings} p{n} WHERE p{n}.term_id = %s AND p{n}.item_id = p0.item_id)"
        )
        params.append(term_id)
    sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {postings} p0 {joins} WHERE {' AND '.join(where)} LIMIT %s) AS matched"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, COUNT_CAP + 1])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


@dataclass(frozen=True)
class SearchResult:
    query: str
    plan: SearchPlan
    items: list[RegisterItem] = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = 20

    @property
    def browsing(self) -> bool:
        """No words were asked for: the items of a category, year or agency, newest first."""
        return not self.query.strip()

    @property
    def first_number(self) -> int:
        """The number of the page's first result in the whole list."""
        return (self.page - 1) * self.per_page + 1

    @property
    def more_than_cap(self) -> bool:
        return self.total > COUNT_CAP

    @property
    def shown_total(self) -> int:
        return min(self.total, COUNT_CAP)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.shown_total / self.per_page))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _in_order(ids: Sequence[int]) -> list[RegisterItem]:
    by_id = RegisterItem.objects.select_related("agency").in_bulk(list(ids))
    return [by_id[i] for i in ids if i in by_id]


def catalogue_search(
    text: str,
    *,
    agency: Agency | None = None,
    category: str = "",
    year: int | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchResult:
    """One page of the ranked results of a Chinese full-text query over the public items. A page past the end is the
    last page."""
    if not text.strip():
        return catalogue_browse(agency=agency, category=category, year=year, page=page, per_page=per_page)
    plan = search_plan(text)
    if not plan.searchable:
        return SearchResult(text, plan, page=1, per_page=per_page)
    agency_id = agency.pk if agency is not None else None
    total = search_count(plan, agency_id=agency_id, category=category, year=year)
    page = _page_within(page, total, per_page)
    ranked = search_ranked_ids(
        plan, agency_id=agency_id, category=category, year=year, limit=per_page, offset=(page - 1) * per_page
    )
    return SearchResult(text, plan, _in_order([pk for pk, _ in ranked]), total, page, per_page)


def _page_within(page: int, total: int, per_page: int) -> int:
    pages = max(1, math.ceil(min(total, COUNT_CAP) / per_page))
    return min(max(page, 1), pages)


def catalogue_browse(
    *,
    agency: Agency | None = None,
    category: str = "",
    year: int | None = None,
    page: int = 1,
    per_page: int = 20,
) -> SearchResult:
    """A search without words: one page of the public items of the agency (or every agency), category and year,
    newest first; counted like a search (exact up to COUNT_CAP)."""
    items = catalogue_items(agency, category=category, year=year)
    total = items[: COUNT_CAP + 1].count()
    page = _page_within(page, total, per_page)
    start = (page - 1) * per_page
    found = list(items.select_related("agency")[start : start + per_page])
    return SearchResult("", SearchPlan((), (), ()), found, total, page, per_page)


def highlight_terms(result: SearchResult) -> Iterable[str]:
    """The words to mark in titles, longest first: the query's words and the terms they were found by."""
    words = {text for _pk, text, _idf in result.plan.terms} | set(result.plan.words)
    return sorted(words, key=len, reverse=True)
