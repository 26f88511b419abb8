"""The pure-Python core: the law as data and functions. Never imports Django, the web layer or the CLI."""
