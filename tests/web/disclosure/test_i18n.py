"""The English catalogues of the register, catalogue, appeals and facts apps are complete and compiled."""

from __future__ import annotations

import gettext
from itertools import pairwise
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
    contexts = _contexts(po)
    stale = [
        k
        for k, v in entries.items()
        if "%(" not in k
        and (catalogue.pgettext(contexts[k], k) if k in contexts else catalogue.gettext(k)) != v
    ]
    assert stale == []


def _contexts(po: Path) -> dict[str, str]:
    """msgid → msgctxt of the entries that have a context (e.g. 文号 of a document, not of a notice)."""
    lines = po.read_text(encoding="utf-8").splitlines()
    return {
        after[7:-1]: line[9:-1]
        for line, after in pairwise(lines)
        if line.startswith('msgctxt "') and after.startswith('msgid "')
    }


def test_the_core_labels_are_in_the_catalogue_and_the_generated_module_is_current() -> None:
    from gongkai.web.disclosure import core_labels

    entries = _po_entries(WEB / "disclosure" / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert [label for label in core_labels.labels() if label not in entries] == []
    assert core_labels.TARGET.read_text(encoding="utf-8") == core_labels.render()
