"""The catalogue's full-text index: an inverted index of segmented words, kept by `catalogue.services`.

Only items the public may see (published, 主动公开) are indexed. `SearchTerm.documents` is the number of indexed
items containing the term (document frequency); `IndexState.documents` the number of indexed items, and
`IndexedAgency.documents` each agency's (the catalogue's home lists them without counting every item). A `Posting`
says one term occurs in one item with a weight (索引号, 文号 > title > body, see `gongkai.core.search.WEIGHTS`); its
primary key (term, item) is the index every query walks, and `agency` and `published_on` are copied from the item
so that an agency's catalogue is searched, and a term's postings read newest first, without touching the item
table. See docs/web.md for why this design.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchTerm(models.Model):
    text = models.CharField(_("词"), max_length=40, unique=True)
    documents = models.PositiveIntegerField(_("包含该词的信息数"), default=0)

    class Meta:
        verbose_name = _("检索词")
        verbose_name_plural = _("检索词")

    def __str__(self) -> str:
        return self.text


class Posting(models.Model):
    pk = models.CompositePrimaryKey("term_id", "item_id")
    # No separate indexes: the primary key (term, item) serves every lookup; removal goes by `IndexedItem`.
    term = models.ForeignKey(
        SearchTerm, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    item = models.ForeignKey(
        "disclosure.RegisterItem",
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    agency_id = models.BigIntegerField()
    weight = models.PositiveSmallIntegerField()
    # The item's publication date: ties in the ranking go to the later publication (then the higher id).
    published_on = models.DateField()

    class Meta:
        verbose_name = _("索引项")
        verbose_name_plural = _("索引项")
        # The impact index: a term's postings by weight, then newest first (the ranking's tie order), so a query
        # reads a common term's best postings first. An agency's catalogue is searched through its own postings.
        indexes = (
            models.Index(fields=["term", "weight", "published_on", "item"], name="posting_impact"),
            models.Index(
                fields=["agency_id", "term", "weight", "published_on", "item"], name="posting_agency"
            ),
        )

    def __str__(self) -> str:
        return f"{self.term_id}@{self.item_id}"


class IndexedItem(models.Model):
    """An item in the index and the terms it was indexed under: removing it deletes exactly those postings by
    their primary key (no second index over the postings), even after the dictionary changed."""

    item = models.OneToOneField(
        "disclosure.RegisterItem",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        db_constraint=False,
    )
    term_ids = models.JSONField(default=list)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("已索引信息")
        verbose_name_plural = _("已索引信息")

    def __str__(self) -> str:
        return str(self.item_id)


class IndexState(models.Model):
    """One row: how many items are indexed (the N of the ranking's inverse document frequency)."""

    documents = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("索引状态")
        verbose_name_plural = _("索引状态")

    def __str__(self) -> str:
        return str(self.documents)


class IndexedAgency(models.Model):
    """How many of an agency's items are indexed, that is public: kept with the index, so that the catalogue's home
    lists every agency with its count without counting a whole province's items on every visit."""

    agency = models.OneToOneField(
        "agencies.Agency",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("机关"),
    )
    documents = models.PositiveIntegerField(_("公开信息数"), default=0)

    class Meta:
        verbose_name = _("机关索引计数")
        verbose_name_plural = _("机关索引计数")

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.documents}"
