"""Numbers in links: a year or an id that cannot be one is a 404 or the page's default, never a server error."""

from __future__ import annotations

import pytest
from django.test import Client
from hypothesis import given
from hypothesis import strategies as st

from gongkai.web.agencies.models import Agency
from gongkai.web.common.params import (
    FIRST_YEAR,
    LAST_YEAR,
    YearConverter,
    int_param,
    object_param,
    year_param,
)
from tests.web.conftest import Staff, Tree


@pytest.mark.parametrize(
    "raw", ["²", "٣", "２０２６", "-1", "1e3", "", " ", "20 26", None, ["2026"], "9" * 40]
)
def test_what_is_not_ascii_digits_in_range_is_no_year(raw: object) -> None:
    assert year_param(raw) is None


def test_a_year_in_range_is_read_and_the_bounds_hold() -> None:
    assert year_param("2026") == 2026
    assert year_param(" 2025 ") == 2025
    assert year_param(str(FIRST_YEAR - 1)) is None
    assert year_param(str(LAST_YEAR + 1)) is None
    assert year_param("2027", last=2026) is None


@given(st.text(max_size=30))
def test_int_param_never_raises_and_stays_in_its_bounds(raw: str) -> None:
    value = int_param(raw, low=1, high=10_000)
    assert value is None or 1 <= value <= 10_000


@pytest.mark.parametrize("text", ["0000", "0999", "1999", "2101", "9999"])
def test_the_year_converter_refuses_years_out_of_range(text: str) -> None:
    with pytest.raises(ValueError, match=text):
        YearConverter().to_python(text)


@pytest.mark.django_db
def test_object_param_finds_only_among_the_given_objects(tree: Tree) -> None:
    departments = Agency.objects.filter(level="department")
    assert object_param(departments, str(tree.bureau.pk)) == tree.bureau
    assert object_param(departments, str(tree.city.pk)) is None
    assert object_param(departments, "9" * 30) is None
    assert object_param(departments, "²") is None


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["0", "0000", "1999", "2147483648", "9223372036854775808", "99999"])
def test_a_table_cell_link_with_an_impossible_year_is_not_found(staff: Staff, year: str) -> None:
    client = Client()
    client.force_login(staff.officer)
    assert client.get(f"/office/reports/table3/{year}/granted/natural/").status_code == 404
    assert client.get(f"/annual-reports/WZSP/{year}/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/office/reports/table3/",
        "/office/disclosure/",
        "/office/appeals/",
        "/office/facts/",
        "/office/supervision/",
        "/catalogue/search/",
    ],
)
@pytest.mark.parametrize("raw", ["²", "٣", "9" * 30, "-1"])
def test_a_query_year_or_agency_that_is_no_number_shows_the_default(
    staff: Staff, path: str, raw: str
) -> None:
    client = Client()
    client.force_login(staff.supervisor)
    params = {"year": raw, "page": raw}
    if path != "/office/supervision/":  # there ?agency= is an agency code, and an unknown one is a 404
        params["agency"] = raw
    assert client.get(path, params).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("pk", ["0", "2147483648", "9223372036854775808", "9" * 25])
def test_an_id_too_large_for_the_database_is_not_found(staff: Staff, pk: str) -> None:
    client = Client()
    client.force_login(staff.officer)
    for path in (f"/office/cases/{pk}/", f"/office/cases/{pk}/files/{pk}/", f"/office/cases/1/files/{pk}/"):
        assert client.get(path).status_code == 404, path
