"""The English catalogue is complete and compiled (the .mo file ships in the repository)."""

from __future__ import annotations

import gettext
from pathlib import Path

import gongkai.web

LOCALE = Path(gongkai.web.__file__).parent / "locale"


def _po_entries(path: Path) -> dict[str, str]:
    """msgid → msgstr of a .po file (plural forms: the first msgstr). A message with a context is keyed as gettext
    keys it, "context\x04msgid" (what `GNUTranslations.gettext` of that key finds)."""
    entries: dict[str, str] = {}
    context: str | None = None
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None
    fuzzy = False

    def flush() -> None:
        if msgid is not None and msgstr is not None and "".join(msgid) and not fuzzy:
            key = "".join(msgid) if context is None else f"{context}\x04{''.join(msgid)}"
            entries[key] = "".join(msgstr)

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("msgctxt "):
            flush()
            context, msgid, msgstr, current = _unquote(line[8:]), None, None, None
        elif line.startswith("msgid "):
            if msgid is not None:
                flush()
                context = None
            msgid, msgstr, fuzzy = [], None, fuzzy
            current = msgid
            current.append(_unquote(line[6:]))
        elif line.startswith("msgid_plural "):
            current = None
        elif line.startswith(("msgstr ", "msgstr[0] ")):
            msgstr = []
            current = msgstr
            current.append(_unquote(line.split(" ", 1)[1]))
        elif line.startswith("msgstr["):
            current = None
        elif line.startswith('"') and current is not None:
            current.append(_unquote(line))
        elif not line.strip():
            flush()
            context, msgid, msgstr, current, fuzzy = None, None, None, None, False
    flush()
    return entries


def _unquote(text: str) -> str:
    return text.strip()[1:-1].encode("raw_unicode_escape").decode("unicode_escape")


def test_every_message_has_an_english_translation_and_the_mo_file_matches() -> None:
    po = LOCALE / "en" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    entries = _po_entries(po)
    assert len(entries) > 200
    untranslated = [k for k, v in entries.items() if not v]
    assert untranslated == []
    assert "fuzzy" not in po.read_text(encoding="utf-8").split("\n\n", 1)[1]
    catalogue = gettext.GNUTranslations(mo.open("rb"))
    stale = [k for k, v in entries.items() if "%(" not in k and catalogue.gettext(k) != v]
    assert stale == []


def test_core_labels_are_in_the_catalogue() -> None:
    from gongkai.core.cases import ANSWERS, APPLICANT_KINDS, STATE_LABELS, TRANSITIONS

    entries = _po_entries(LOCALE / "en" / "LC_MESSAGES" / "django.po")
    labels = [
        *STATE_LABELS.values(),
        *APPLICANT_KINDS.values(),
        *(t.label for t in TRANSITIONS.values()),
        *(a.label for a in ANSWERS),
    ]
    assert [label for label in labels if label not in entries] == []


def test_the_generated_core_messages_module_is_up_to_date() -> None:
    from gongkai.web.common import core_labels

    assert core_labels.TARGET.read_text(encoding="utf-8") == core_labels.render()


def test_every_field_the_admin_shows_has_a_chinese_label() -> None:
    """The admin labels a field by its verbose name; without one it shows the raw English field name."""
    from django.contrib import admin
    from django.utils import translation

    registered = {model.__name__ for model in admin.site._registry}
    assert {"Application", "ReportVersion", "RegisterItem"} <= registered
    unnamed = []
    with translation.override("zh-hans"):
        for model in admin.site._registry:
            if not model.__module__.startswith("gongkai."):
                continue
            if str(model._meta.verbose_name) == model.__name__.lower():
                unnamed.append(model.__name__)
            for field in model._meta.get_fields():
                if field.auto_created or not hasattr(field, "verbose_name"):
                    continue
                label = str(field.verbose_name)
                if label.isascii() and label != "SHA-256":
                    unnamed.append(f"{model.__name__}.{field.name}: {label}")
    assert unnamed == []
