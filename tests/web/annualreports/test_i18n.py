"""The English catalogues of the annual-report and supervision apps are complete and compiled."""

from __future__ import annotations

import gettext
from pathlib import Path

import pytest

from gongkai.core.report.workflow import STATUS_LABELS, TRANSITIONS, VERSION_LABELS
from gongkai.web.annualreports.labels import WORKFLOW_LABELS
from tests.web.test_i18n import _po_entries

WEB = Path(__file__).resolve().parents[3] / "src" / "gongkai" / "web"


@pytest.mark.parametrize("app", ["annualreports", "supervision"])
def test_every_message_is_translated_and_the_mo_file_matches(app: str) -> None:
    po = WEB / app / "locale" / "en" / "LC_MESSAGES" / "django.po"
    entries = _po_entries(po)
    assert len(entries) > 20
    assert [k for k, v in entries.items() if not v] == []
    assert "fuzzy" not in po.read_text(encoding="utf-8").split("\n\n", 1)[1]
    with po.with_suffix(".mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    assert [k for k, v in entries.items() if "%(" not in k and catalogue.gettext(k) != v] == []


def test_the_workflow_labels_reach_the_catalogue() -> None:
    labels = (
        {t.label for t in TRANSITIONS.values()} | set(STATUS_LABELS.values()) | set(VERSION_LABELS.values())
    )
    assert labels == set(WORKFLOW_LABELS)
    entries = _po_entries(WEB / "annualreports" / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert [label for label in labels if label not in entries] == []


def test_the_severity_labels_reach_the_catalogue() -> None:
    from gongkai.core.report.model import SEVERITY_LABELS as CORE_SEVERITY_LABELS
    from gongkai.web.annualreports.labels import SEVERITY_LABELS

    assert set(SEVERITY_LABELS) == set(CORE_SEVERITY_LABELS.values())
    entries = _po_entries(WEB / "annualreports" / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert [entries.get(label) for label in SEVERITY_LABELS] == ["Error", "Warning", "Note"]
