"""The English catalogues of the register, catalogue, appeals and facts apps are complete and compiled."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

import gongkai.web
from tests.web.test_i18n import _po_entries

APPS = ("disclosure", "catalogue", "appeals", "facts")
WEB = Path(gongkai.web.__file__).parent


@pytest.mark.parametrize("app", APPS)
def test_every_message_is_translated_and_compiled(app: str) -> None:
    po = WEB / app / "locale" / "en" / "LC_MESSAGES" / "django.po"
    entries = _po_entries(po)
    assert len(entries) > 40
    assert [k for k, v in entries.items() if not v] == []
    assert "fuzzy" not in po.read_text(encoding="utf-8")
    catalogue = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
    assert [k for k, v in entries.items() if "%(" not in k and catalogue.gettext(k) != v] == []


def test_the_core_labels_are_in_the_catalogue_and_the_generated_module_is_current() -> None:
    from gongkai.web.disclosure import core_labels

    entries = _po_entries(WEB / "disclosure" / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert [label for label in core_labels.labels() if label not in entries] == []
    assert core_labels.TARGET.read_text(encoding="utf-8") == core_labels.render()
