"""Reads of import jobs: a job for the person who started it, with its live progress."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import cache

from gongkai.web.imports.models import ImportJob
from gongkai.web.imports.services import ImportProgress, progress_key

__all__ = ["STALE_AFTER", "JobView", "import_job_for", "recent_import_jobs"]

# A queued or running job reports at least every 5 s (see services); one silent for this long had its process
# stopped under it, and its transaction was rolled back with the process.
STALE_AFTER = 120.0

_OPEN = (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)


@dataclass(frozen=True)
class JobView:
    job: ImportJob
    progress: ImportProgress | None
    interrupted: bool

    @property
    def finished(self) -> bool:
        return self.job.status not in _OPEN or self.interrupted

    @property
    def ok(self) -> bool:
        return self.job.status == ImportJob.Status.DONE and not self.job.errors


def import_job_for(user: User | AnonymousUser, job_id: uuid.UUID) -> JobView | None:
    """The job, only for the user who started it (anyone else gets None, as for a job that does not exist)."""
    if not isinstance(user, User):
        return None
    job = ImportJob.objects.select_related("agency").filter(pk=job_id, created_by=user).first()
    if job is None:
        return None
    if job.status not in _OPEN:
        return JobView(job, None, interrupted=False)
    stored = cache.get(progress_key(job.pk))
    progress = ImportProgress(**stored) if stored else None
    last_sign_of_life = progress.at if progress is not None else job.created_at.timestamp()
    return JobView(job, progress, interrupted=time.time() - last_sign_of_life > STALE_AFTER)


def recent_import_jobs(user: User, *, limit: int = 5) -> list[ImportJob]:
    return list(ImportJob.objects.select_related("agency").filter(created_by=user)[:limit])
