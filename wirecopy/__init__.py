"""wirecopy: find which news articles are rewrites of the same wire copy.

>>> from wirecopy import Article, dedup
>>> text = "The port will stay closed until the storm passes, officials said on Monday."
>>> [r.relation for r in dedup([Article("a", text), Article("b", text + " More soon.")]).reports]
['original', 'rewrite']
"""

from wirecopy.articles import Article
from wirecopy.dedup import ArticleReport, DedupResult, dedup
from wirecopy.fingerprint import Fingerprint, fingerprint, fingerprint_texts
from wirecopy.params import FingerprintParams
from wirecopy.relation import Relation, Thresholds, classify
from wirecopy.scoring import PairScores, estimate

__version__ = "0.1.0"

__all__ = [
    "Article",
    "ArticleReport",
    "DedupResult",
    "Fingerprint",
    "FingerprintParams",
    "PairScores",
    "Relation",
    "Thresholds",
    "__version__",
    "classify",
    "dedup",
    "estimate",
    "fingerprint",
    "fingerprint_texts",
]
