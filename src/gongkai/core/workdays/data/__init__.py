"""The official working-day calendar, one TOML file per year (generated for 2004–2026 by
scripts/generate_calendar.py from `chinesecalendar`; later years added from the State Council's notice)."""
