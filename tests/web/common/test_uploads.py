"""Files stored by an action that fails are removed with it; nested actions hand theirs to the outer one."""

from __future__ import annotations

import contextlib

import pytest
from django.db import DatabaseError

from gongkai.web.applications.models import Application, Attachment
from gongkai.web.common.uploads import files_removed_on_failure, store_file
from tests.web.conftest import FileApplication


def _store(application: Application, name: str, into: list[Attachment]) -> None:
    attachment = Attachment(application=application, kind="request", sha256=name * 16)
    store_file(attachment.file, f"{name}.txt", b"content")
    into.append(attachment)


@files_removed_on_failure()
def _action(application: Application, name: str, into: list[Attachment], *, fail: bool = False) -> None:
    _store(application, name, into)
    if fail:
        raise DatabaseError("database is locked")


@files_removed_on_failure()
def _outer_action(
    application: Application, into: list[Attachment], *, inner_fails: bool, fails: bool
) -> None:
    _store(application, "outer", into)
    with contextlib.suppress(DatabaseError):
        _action(application, "inner", into, fail=inner_fails)
    if fails:
        raise DatabaseError("the outer action failed")


def _exists(attachment: Attachment) -> bool:
    return attachment.file.storage.exists(attachment.file.name or "")


def test_a_failing_action_removes_its_files_and_a_successful_one_keeps_them(
    file_application: FileApplication,
) -> None:
    application, _ = file_application()
    kept: list[Attachment] = []
    _action(application, "a", kept)
    lost: list[Attachment] = []
    with pytest.raises(DatabaseError):
        _action(application, "b", lost, fail=True)
    assert [_exists(a) for a in kept + lost] == [True, False]


def test_an_outer_failure_removes_what_a_nested_action_stored(file_application: FileApplication) -> None:
    application, _ = file_application()
    stored: list[Attachment] = []
    with pytest.raises(DatabaseError):
        _outer_action(application, stored, inner_fails=False, fails=True)
    assert [_exists(a) for a in stored] == [False, False]


def test_a_nested_failure_the_outer_action_survives_removes_only_its_own_files(
    file_application: FileApplication,
) -> None:
    application, _ = file_application()
    stored: list[Attachment] = []
    _outer_action(application, stored, inner_fails=True, fails=False)
    assert [_exists(a) for a in stored] == [True, False]
