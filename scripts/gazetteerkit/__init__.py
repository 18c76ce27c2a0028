"""scripts/build_gazetteer.py's parts; build_gazetteer.py's docstring describes the sources and the output.

- ``tables``: the hand-curated tables (MT spellings per syllable and per name, drops, URL rules, reviewed single words).

scripts/ is not a package: build_gazetteer.py puts its own folder on ``sys.path``,
which makes ``gazetteerkit`` importable.
"""
