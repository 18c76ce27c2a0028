"""scripts/make_corpus.py's parts, one module per job; make_corpus.py's docstring describes the corpus.

- ``tables``: the made-up parts (provinces, resolutions, templates, labels, URL pieces);
- ``sources``: the real sentences, read from ../shared/corpus-raw into pools;
- ``planning``: one article's plan (topic, filled templates, body, title, paragraphs);
- ``writing``: its text in the corpus layout, its URL, the files and the truth lines.

scripts/ is not a package: make_corpus.py puts its own folder on ``sys.path``
first, which makes ``corpuskit`` importable (as scripts/benchkit is for bench.py).
"""
