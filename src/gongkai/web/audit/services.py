"""The one helper every service calls to write the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import models

from gongkai.web.audit.models import AuditEvent

__all__ = ["audit_record"]


def audit_record(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model | None = None,
    agency: Any = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit event. `action` is a stable dotted code, e.g. "application.register", "applicant.view"."""
    user = actor if isinstance(actor, User) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_name=user.get_username() if user is not None else "",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        agency=agency,
        details=details or {},
    )
