"""One-time tokens for the forms that file something (an application, online or at the counter): the page carries
a fresh token, the service refuses a second record with the same token, and the view shows the first one instead.
A double click or a browser's retry then files one case, not two."""

from __future__ import annotations

import re
import uuid

from django.http import HttpRequest

__all__ = ["SUBMISSION_FIELD", "new_submission_token", "posted_submission_token"]

SUBMISSION_FIELD = "submission_token"
_TOKEN = re.compile(r"[0-9a-f]{32}")


def new_submission_token() -> str:
    return uuid.uuid4().hex


def posted_submission_token(request: HttpRequest) -> str:
    """The token the form was sent with; a missing or malformed one is a new token (nothing to match)."""
    value = request.POST.get(SUBMISSION_FIELD, "")
    return value if _TOKEN.fullmatch(value) else new_submission_token()
