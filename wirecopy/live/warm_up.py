"""Load the compiled kernels an indexing batch runs before the first batch arrives.

numba loads each kernel from its on-disk cache the first time it is called, which cost a
worker's first batch about 0.3 s (a worker runs a dozen kernels: words, shingles, MinHash,
bucket appends and matches). `Worker.run` calls :func:`warm_up` as it starts (the
`wirecopy worker` command and the worker inside `wirecopy serve` alike), so that cost is
paid before it reads the stream, not by the articles of its first batch.
"""

import time

import numpy as np

from wirecopy.fingerprint import fingerprint_texts
from wirecopy.live.layout import BucketLayout, low_bits
from wirecopy.params import FingerprintParams

SAMPLE = (
    "Dock workers walked out at the port on Monday, halting ships for a second day. "
    "The union said the strike would go on until the talks on pay resumed."
)


def warm_up(params: FingerprintParams | None = None) -> float:
    """Run each kernel of an indexing batch once on a two-article sample; the seconds it took."""
    started = time.perf_counter()
    batch = fingerprint_texts([SAMPLE, SAMPLE + " Talks resume."], params or FingerprintParams())
    signatures16 = low_bits(batch.signatures)
    ids = np.arange(1, len(signatures16) + 1, dtype=np.int64)
    layout = BucketLayout()
    layout.append_calls(signatures16, ids)
    groups, _ = layout.place(signatures16, ids)
    bands, _, cells = layout.distinct_buckets(groups)
    layout.matches_many(signatures16, [None] * len(bands), cells, ids)
    return time.perf_counter() - started
