"""Public pages of the 政府信息公开目录: the agencies, an agency's catalogue by category and year, an item, and the
Chinese full-text search (across agencies or within one)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gongkai.core.disclosure import CATEGORIES
from gongkai.web.agencies.selectors import agency_by_code, agency_chain
from gongkai.web.catalogue import open_data, selectors
from gongkai.web.catalogue.forms import SearchForm
from gongkai.web.common.clock import today
from gongkai.web.common.downloads import open_data_response
from gongkai.web.common.params import int_param, year_param
from gongkai.web.common.ratelimit import rate_limited


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/rate_limited.html", status=429)


def home(request: HttpRequest) -> HttpResponse:
    if request.GET.get("q"):  # a search typed or linked to the catalogue's own address is the search
        return redirect(f"{reverse('catalogue:search')}?{request.GET.urlencode()}")
    return render(
        request,
        "catalogue/home.html",
        {"agencies": selectors.catalogue_agencies(), "form": SearchForm()},
    )


def _search(request: HttpRequest, form: SearchForm, agency: Any = None) -> selectors.SearchResult | None:
    if not form.is_valid() or not form.cleaned_data["q"].strip():
        return None
    data = form.cleaned_data
    return selectors.catalogue_search(
        data["q"],
        agency=agency,
        category=data["category"] or "",
        year=data["year"],
        page=int_param(request.GET.get("page"), low=1, high=10_000) or 1,
    )


def search(request: HttpRequest) -> HttpResponse:
    if request.GET.get("q") and rate_limited(request, "search"):
        return _too_many(request)
    agency = agency_by_code(request.GET.get("agency", "")) if request.GET.get("agency") else None
    form = SearchForm(request.GET or None)
    result = _search(request, form, agency)
    return render(request, "catalogue/search.html", {"form": form, "result": result, "agency": agency})


def agency_catalogue(request: HttpRequest, code: str) -> HttpResponse:
    agency = agency_by_code(code)
    if agency is None:
        raise Http404
    if request.GET.get("q") and rate_limited(request, "search"):
        return _too_many(request)
    category = request.GET.get("category", "")
    if category not in CATEGORIES:
        category = ""
    year = year_param(request.GET.get("year"))
    form = SearchForm(request.GET or None)
    result = _search(request, form, agency)
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
    if code := request.GET.get("agency", "").strip():
        agency = agency_by_code(code)
        if agency is None:
            raise Http404
        agency_id = agency.pk
    year = None
    if text := request.GET.get("year", "").strip():
        if not (text.isascii() and text.isdigit() and 1900 <= int(text) <= 2100):
            return HttpResponseBadRequest(
                "年度应为四位数字，例如 2025。".encode(), content_type="text/plain; charset=utf-8"
            )
        year = int(text)
    if rate_limited(request, "open_data"):
        return render(request, "portal/rate_limited.html", status=429)
    # The item page's URL with placeholders: one reverse() for the whole file, not one per item.
    item_url = request.build_absolute_uri(reverse("catalogue:item", args=["CODE", 1]))
    item_url = item_url.replace("/CODE/", "/{code}/").replace("/items/1/", "/items/{pk}/")
    filters = open_data.Filters(agency_id=agency_id, year=year)
    records = open_data.catalogue_records(filters, today=today(), item_url=item_url)
    chunks = open_data.csv_chunks(records) if fmt == "csv" else open_data.jsonl_chunks(records)
    name = "-".join(part for part in ("gongkai-catalogue", code, text) if part)
    return open_data_response(chunks, content_type=_OPEN_DATA_TYPES[fmt], filename=f"{name}.{fmt}")
