"""scripts/eval_alignment.py's parts, one module per job; eval_alignment.py's docstring describes the evaluation.

- ``corpus``: the test corpus, NTREX-128 documents as perturbed Bengali/Hindi pairs, and distractors;
- ``scoring``: links, sentence links and beads against the NTREX truth, and the timings.

scripts/ is not a package: eval_alignment.py puts its own folder on ``sys.path``
first, which makes ``alignkit`` and the helpers it shares with other scripts
(alignment_flag, ntrex_split, reference_links) importable.
"""
