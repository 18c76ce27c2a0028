"""``make bench`` (scripts/bench.py), one module per job; scripts/bench.py's docstring describes the run.

- ``cli``: the options, the loop over sizes, report.json and report.md;
- ``run``: one size, every step in order, each timed as a phase;
- ``corpus``: the generated corpus of each size, cached, and its working copy;
- ``setu_steps``: Setu's builds, cold start, latency, load and false links;
- ``lucene_steps``: Lucene 8's indexing rounds, query mix and Setu's documents;
- ``targets``: the goals, the figures they judge and the ratios to Lucene;
- ``table``: report.md, the table with each target's verdict;
- ``machine``: the machine, and the CPU other processes took during each phase.

scripts/ is not a package: a script that uses benchkit puts its own folder on
``sys.path`` first (as scripts/bench.py does), which makes both ``benchkit``
and the sibling scripts it drives (bench_index, bench_search, ...) importable.
"""
