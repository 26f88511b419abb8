"""What every page needs: whether the visitor is staff (for the navigation)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gongkai.web.agencies.selectors import visible_agencies


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    is_staff_member = bool(user is not None and user.is_authenticated and visible_agencies(user).exists())
    return {"is_staff_member": is_staff_member}
