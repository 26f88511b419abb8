"""Settings: `base` (everything shared, read from the environment), `dev`, `test`, `production`.

`DJANGO_SETTINGS_MODULE` picks one; `gongkai web …` defaults to `gongkai.web.settings.dev`.
"""
