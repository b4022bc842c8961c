"""The built-in evaluation behind `wirecopy eval`: how well wirecopy does on labelled text.

One module per evaluation set (seeds, seed_quotes, clough, pan, bbc, alignment: the
passages), the measures in `metrics` and `plagdet`,
the corpus readers in `datasets`, the tables in `report`, and `runs` to run them.
Nothing in the core imports this package; the corpora are read where they live.

>>> from wirecopy.evaluation.runs import CHOICES
>>> CHOICES
('seeds', 'seed-quotes', 'clough', 'pan', 'bbc', 'passages', 'all')
"""
