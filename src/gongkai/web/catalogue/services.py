"""Keeping the catalogue's search index: an item enters it when it is published as 主动公开 and leaves it when it is
taken down. Called by `disclosure.services` inside their transactions; `catalogue_rebuild` re-indexes everything
(after the dictionary of `gongkai.core.search` changed, or to repair)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F

from gongkai.core.disclosure import DisclosureAttribute, ItemState
from gongkai.core.search import index_terms
from gongkai.web.audit.services import audit_record
from gongkai.web.catalogue.models import IndexedAgency, IndexedItem, IndexState, Posting, SearchTerm
from gongkai.web.disclosure.models import RegisterItem

__all__ = ["catalogue_index_item", "catalogue_rebuild", "catalogue_unindex_item", "term_ids"]

_BATCH = 500


def _state() -> None:
    IndexState.objects.bulk_create([IndexState(pk=1, documents=0)], ignore_conflicts=True)


def _bump(delta: int, *, agency_id: int) -> None:
    _state()
    IndexState.objects.filter(pk=1).update(documents=F("documents") + delta)
    IndexedAgency.objects.bulk_create(
        [IndexedAgency(agency_id=agency_id, documents=0)], ignore_conflicts=True
    )
    IndexedAgency.objects.filter(pk=agency_id).update(documents=F("documents") + delta)


def term_ids(texts: Iterable[str]) -> dict[str, int]:
    """The ids of these terms, creating the missing ones (safe when two publications race)."""
    wanted = sorted(set(texts))
    found: dict[str, int] = {}
    for start in range(0, len(wanted), _BATCH):
        chunk = wanted[start : start + _BATCH]
        existing = dict(SearchTerm.objects.filter(text__in=chunk).values_list("text", "id"))
        missing = [t for t in chunk if t not in existing]
        if missing:
            SearchTerm.objects.bulk_create([SearchTerm(text=t) for t in missing], ignore_conflicts=True)
            existing.update(SearchTerm.objects.filter(text__in=missing).values_list("text", "id"))
        found.update(existing)
    return found


def _remove(item: RegisterItem) -> bool:
    indexed = IndexedItem.objects.filter(item_id=item.pk).first()
    if indexed is None:
        return False
    ids = list(indexed.term_ids)
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        Posting.objects.filter(item_id=item.pk, term_id__in=chunk).delete()
        SearchTerm.objects.filter(id__in=chunk).update(documents=F("documents") - 1)
    indexed.delete()
    _bump(-1, agency_id=item.agency_id)
    return True


def _is_public(item: RegisterItem) -> bool:
    return item.state == ItemState.PUBLISHED.value and item.attribute == DisclosureAttribute.PROACTIVE.value


@transaction.atomic
def catalogue_index_item(*, item: RegisterItem) -> int:
    """(Re-)index the item if the public may see it, else make sure it is not indexed. The number of terms."""
    _remove(item)
    if not _is_public(item):
        return 0
    weights = index_terms(
        title=item.title, body=item.body, doc_number=item.doc_number, index_number=item.index_number
    )
    ids = term_ids(weights)
    published_on = item.published_on or item.formed_on
    Posting.objects.bulk_create(
        [
            Posting(
                term_id=ids[t], item_id=item.pk, agency_id=item.agency_id, weight=w, published_on=published_on
            )
            for t, w in weights.items()
        ],
        batch_size=_BATCH,
    )
    id_list = sorted(ids[t] for t in weights)
    for start in range(0, len(id_list), _BATCH):
        SearchTerm.objects.filter(id__in=id_list[start : start + _BATCH]).update(documents=F("documents") + 1)
    IndexedItem.objects.create(item_id=item.pk, term_ids=id_list)
    _bump(+1, agency_id=item.agency_id)
    return len(weights)


@transaction.atomic
def catalogue_unindex_item(*, item: RegisterItem) -> bool:
    """Take the item out of the index (it was taken down). True if it was indexed."""
    return _remove(item)


def catalogue_rebuild(*, by: User | None = None, progress: Callable[[int, int], None] | None = None) -> int:
    """Empty the index and index every public item again. The number of items indexed."""
    with transaction.atomic():
        Posting.objects.all().delete()
        IndexedItem.objects.all().delete()
        SearchTerm.objects.all().delete()
        IndexState.objects.all().delete()
        IndexedAgency.objects.all().delete()
        items = RegisterItem.objects.filter(
            state=ItemState.PUBLISHED.value, attribute=DisclosureAttribute.PROACTIVE.value
        ).order_by("id")
        total = items.count()
        done = 0
        for item in items.iterator(chunk_size=1000):
            catalogue_index_item(item=item)
            done += 1
            if progress is not None:
                progress(done, total)
        audit_record(actor=by, action="catalogue.rebuild", details={"items": done})
    return done
