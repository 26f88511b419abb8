"""The test suite: fast password hashing, files in a temporary directory, a shared file-based test database.

The SQLite test database is a file (not memory) so that a real HTTP server started by a test (the concurrency
test) can open the same database with the same locking as production.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from gongkai.web.settings.base import *  # noqa: F403
from gongkai.web.settings.base import CACHES, DATABASES, STATIC_ROOT, VAR_DIR

DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(os.environ.get("GONGKAI_TEST_MEDIA") or tempfile.mkdtemp(prefix="gongkai-test-files-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {
    **CACHES,
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gongkai-test"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}

WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
