"""Writes `core_messages.py`: the labels of `gongkai.core.disclosure` and `gongkai.core.appeals` wrapped in
gettext_noop, so that `makemessages` puts them in this app's catalogue (the core never imports Django). Run after
changing a label there:

    .venv/bin/python -m gongkai.web.disclosure.core_labels
"""

from __future__ import annotations

from pathlib import Path

from gongkai.core import appeals, disclosure
from gongkai.web.common.core_labels import render_messages

TARGET = Path(__file__).with_name("core_messages.py")


def labels() -> list[str]:
    found = [
        *(text for c in disclosure.CATEGORIES.values() for text in (c.article, c.label, c.text)),
        *disclosure.CHANNEL_LABELS.values(),
        *disclosure.ATTRIBUTE_LABELS.values(),
        *disclosure.GROUND_LABELS.values(),
        *disclosure.ITEM_STATE_LABELS.values(),
        *disclosure.ROLE_LABELS.values(),
        *(t.label for t in disclosure.ITEM_TRANSITIONS.values()),
        *disclosure.DOCUMENT_KIND_LABELS.values(),
        *disclosure.DOCUMENT_EVENT_LABELS.values(),
        *disclosure.VALIDITY_LABELS.values(),
        *disclosure.TIMELINESS_LABELS.values(),
        *disclosure.EDIT_REFUSALS.values(),
        *appeals.KIND_LABELS.values(),
        *appeals.OUTCOME_LABELS.values(),
    ]
    return list(dict.fromkeys(found))


def render() -> str:
    return render_messages(labels(), generator=__spec__.name if __spec__ else __name__)


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
