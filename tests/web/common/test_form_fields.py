"""The shared form markup (templates/includes/form_fields.html): every id an input refers to exists, errors are
tied to their input, and the error summary's colon is the page language's."""

from __future__ import annotations

from html.parser import HTMLParser

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import translation

from gongkai.web.common.forms import ApplicationForm


class _RadioForm(forms.Form):
    choice = forms.ChoiceField(
        label="方式", choices=[("a", "甲"), ("b", "乙")], widget=forms.RadioSelect, help_text="选一个"
    )


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.described: dict[str, list[str]] = {}
        self.invalid: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        key = attributes.get("id") or attributes.get("name") or tag
        if attributes.get("id"):
            self.ids.add(attributes["id"] or "")
        if attributes.get("aria-describedby"):
            self.described[key] = (attributes["aria-describedby"] or "").split()
        if attributes.get("aria-invalid") == "true":
            self.invalid.add(key)


def _elements(html: str) -> _Elements:
    elements = _Elements()
    elements.feed(html)
    return elements


def _invalid_form() -> ApplicationForm:
    form = ApplicationForm(
        {"applicant_kind": "natural", "name": "", "id_type": "resident_id", "id_number": "1", "phone": "abc"},
        {"id_proof": SimpleUploadedFile("id.exe", b"MZ")},
    )
    assert not form.is_valid()
    return form


def test_every_aria_describedby_points_to_an_element_of_the_form() -> None:
    for form in (ApplicationForm(), _invalid_form()):
        elements = _elements(render_to_string("includes/form_fields.html", {"form": form}))
        assert elements.described
        dangling = {key: ids for key, ids in elements.described.items() if not set(ids) <= elements.ids}
        assert dangling == {}


def test_help_texts_describe_their_inputs() -> None:
    elements = _elements(render_to_string("includes/form_fields.html", {"form": ApplicationForm()}))
    assert elements.described["id_id_proof"] == ["id_id_proof_helptext"]
    assert elements.described["id_assistance"] == ["id_assistance_helptext"]
    assert elements.invalid == set()


def test_a_field_with_errors_is_invalid_and_described_by_its_errors() -> None:
    html = render_to_string("includes/form_fields.html", {"form": _invalid_form()})
    elements = _elements(html)
    assert {"id_name", "id_id_number", "id_phone", "id_id_proof", "id_address"} <= elements.invalid
    assert elements.described["id_name"] == ["id_name_error"]
    assert elements.described["id_id_proof"] == ["id_id_proof_helptext", "id_id_proof_error"]
    assert "id_requested_form" in elements.ids  # a radio group or select the summary's link can reach
    assert html.count('id="id_name_error"') == 1


def test_a_group_of_radio_buttons_is_described_on_its_fieldset() -> None:
    html = render_to_string("includes/form_fields.html", {"form": _RadioForm({})})
    elements = _elements(html)
    assert elements.described["fieldset"] == ["id_choice_helptext", "id_choice_error"]
    assert 'href="#id_choice"' in html


def test_the_error_summary_uses_the_colon_of_the_page_language() -> None:
    form = _invalid_form()
    assert "姓名或名称：此项为必填项。" in render_to_string("includes/form_fields.html", {"form": form})
    with translation.override("en"):
        english = render_to_string("includes/form_fields.html", {"form": _invalid_form()})
    assert "Name: This field is required." in english
    assert "：" not in english
