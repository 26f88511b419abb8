"""Public pages of the 政府信息公开目录: the agencies, an agency's catalogue by category and year, an item, and the
Chinese full-text search (across agencies or within one)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse

from gongkai.core.disclosure import CATEGORIES
from gongkai.web.agencies.models import Agency
from gongkai.web.agencies.selectors import agency_by_code, agency_chain
from gongkai.web.catalogue import open_data, selectors
from gongkai.web.catalogue.forms import SearchForm
from gongkai.web.common.clock import today
from gongkai.web.common.downloads import open_data_response
from gongkai.web.common.params import int_param
from gongkai.web.common.ratelimit import rate_limited, too_many_requests

# Past this, a page number only means "the last page" (a search shows at most COUNT_CAP results anyway).
_LAST_PAGE = 1_000_000


def _page_number(raw: object) -> int:
    """The page asked for: any page past the end is the last page (the selector caps it), anything that is not a
    positive number the first."""
    if not isinstance(raw, str) or not (raw.strip().isascii() and raw.strip().isdigit()):
        return 1
    return int_param(raw, low=1, high=_LAST_PAGE) or (_LAST_PAGE if raw.strip().lstrip("0") else 1)


def _canonical(request: HttpRequest, agency: Agency, code: str, name: str, *args: Any) -> HttpResponse | None:
    """A permanent redirect to the address spelled with the agency's own code (codes are matched in any case)."""
    if code == agency.code:
        return None
    url = reverse(name, args=[agency.code, *args])
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


def home(request: HttpRequest) -> HttpResponse:
    if any(request.GET.get(key) for key in ("q", "category", "year", "agency")):
        # A search typed or linked to the catalogue's own address is the search (a category or year alone lists).
        return redirect(f"{reverse('catalogue:search')}?{request.GET.urlencode()}")
    return render(
        request,
        "catalogue/home.html",
        {"agencies": selectors.catalogue_agencies(), "form": SearchForm()},
    )


def _search(request: HttpRequest, form: SearchForm) -> selectors.SearchResult | None:
    """The results the form asks for: ranked by its words, or (no words) the items of its category, year or
    agency; None when it asks for nothing or is invalid (its errors are shown)."""
    if not form.has_criteria():
        return None
    data = form.cleaned_data
    return selectors.catalogue_search(
        data["q"],
        agency=form.scope(),
        category=data["category"] or "",
        year=data["year"],
        page=_page_number(request.GET.get("page")),
    )


def search(request: HttpRequest) -> HttpResponse:
    if request.GET.get("q") and rate_limited(request, "search"):
        return too_many_requests(request, "search")
    form = SearchForm(request.GET or None)
    result = _search(request, form)
    return render(request, "catalogue/search.html", {"form": form, "result": result, "agency": form.scope()})


def agency_catalogue(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_by_code(code)
    if agency is None:
        raise Http404
    if canonical := _canonical(request, agency, code, "catalogue:agency"):
        return canonical
    if request.GET.get("q") and rate_limited(request, "search"):
        return too_many_requests(request, "search")
    form = SearchForm(request.GET or None, within=agency)
    result = _search(request, form) if form.has_criteria() and form.cleaned_data["q"].strip() else None
    # Browsing: an invalid category or year is shown as the form's error and left out of the list and its links.
    category, year = form.valid_filters()
    page = None
    if result is None:
        page = Paginator(selectors.catalogue_items(agency, category=category, year=year), 20).get_page(
            request.GET.get("page")
        )
    return render(
        request,
        "catalogue/agency.html",
        {
            "agency": agency,
            "chain": agency_chain(agency),
            "categories": selectors.catalogue_categories(agency, year=year),
            "years": selectors.catalogue_years(agency),
            "category": category,
            "category_spec": CATEGORIES.get(category),
            "year": year,
            "page": page,
            "form": form,
            "result": result,
        },
    )


def item(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    agency = agency_by_code(code)
    if agency is None:
        raise Http404
    if canonical := _canonical(request, agency, code, "catalogue:item", pk):
        return canonical
    found = selectors.public_item(agency, pk)
    if found is None:
        raise Http404
    return render(
        request,
        "catalogue/item.html",
        {
            "agency": agency,
            "item": found,
            "channels": selectors.item_channels(found),
            "validity": selectors.public_validity(found, today=today()),
        },
    )


_OPEN_DATA_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/jsonl; charset=utf-8"}


def open_data_download(request: HttpRequest, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """The public catalogue as open data (`open_data`), streamed; `?agency=CODE`, `?year=YYYY`."""
    if fmt not in _OPEN_DATA_TYPES:
        raise Http404
    agency_id = None
    code = ""
    if asked := request.GET.get("agency", "").strip():
        agency = agency_by_code(asked)
        if agency is None:
            raise Http404
        agency_id, code = agency.pk, agency.code  # the file is named by the agency's own code
    year = None
    if text := request.GET.get("year", "").strip():
        if not (text.isascii() and text.isdigit() and 1900 <= int(text) <= 2100):
            return HttpResponseBadRequest(
                "年度应为四位数字，例如 2025。".encode(), content_type="text/plain; charset=utf-8"
            )
        year = int(text)
    if rate_limited(request, "open_data"):
        return too_many_requests(request, "open_data")
    # The item page's URL with placeholders: one reverse() for the whole file, not one per item.
    item_url = request.build_absolute_uri(reverse("catalogue:item", args=["CODE", 1]))
    item_url = item_url.replace("/CODE/", "/{code}/").replace("/items/1/", "/items/{pk}/")
    filters = open_data.Filters(agency_id=agency_id, year=year)
    records = open_data.catalogue_records(filters, today=today(), item_url=item_url)
    chunks = open_data.csv_chunks(records) if fmt == "csv" else open_data.jsonl_chunks(records)
    name = "-".join(part for part in ("gongkai-catalogue", code, text) if part)
    return open_data_response(chunks, content_type=_OPEN_DATA_TYPES[fmt], filename=f"{name}.{fmt}")
