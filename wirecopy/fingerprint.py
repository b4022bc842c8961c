"""Fingerprints: a text's MinHash signature and its count of distinct shingles.

The count is kept beside the signature so containment can be estimated from
signatures alone (see :mod:`wirecopy.scoring`). Corpora are fingerprinted in
chunks, vectorised in a compiled kernel and spread over all cores; the result does
not depend on the number of processes.

>>> from wirecopy.params import FingerprintParams
>>> batch = fingerprint_texts(["The council met on Monday.", ""], FingerprintParams())
>>> batch.signatures.shape, batch.shingle_counts.tolist()
((2, 256), [1, 0])
"""

import multiprocessing
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from numba import njit

from wirecopy.errors import EmptyTextError
from wirecopy.minhash import permutations, signature_into
from wirecopy.normalize import ALL_STEPS, normalize
from wirecopy.params import FingerprintParams
from wirecopy.shingle_sets import ShingleSets, count_distinct, sorted_distinct_into
from wirecopy.shingles import U32Array, U64Array, shingle_hashes_into, word_hashes
from wirecopy.tokens import tokenize
from wirecopy.words import word_hashes_of_texts

I64Array = npt.NDArray[np.int64]
CHUNK = 2_000  # texts per task handed to a process, at most
MIN_CHUNK = 200  # texts per task handed to a process, at least
PARALLEL_FROM = 20_000
"""Texts from which more processes pay for their start (about 0.7 s, some 20,000 texts)."""


@dataclass(frozen=True)
class Fingerprint:
    """One text's signature, distinct shingle count and the parameters that made them."""

    signature: U32Array
    shingle_count: int
    params_id: str


@dataclass(frozen=True)
class FingerprintBatch:
    """Fingerprints of many texts, row i for text i; a count of 0 marks an empty text.

    `shingles` holds each text's shingle set when it was asked for (`keep_shingles`).
    """

    signatures: npt.NDArray[np.uint32]
    shingle_counts: I64Array
    params_id: str
    shingles: ShingleSets | None = None

    def __len__(self) -> int:
        return len(self.shingle_counts)

    def __getitem__(self, i: int) -> Fingerprint:
        return Fingerprint(self.signatures[i], int(self.shingle_counts[i]), self.params_id)

    def select(self, rows: I64Array) -> "FingerprintBatch":
        """The fingerprints of `rows` only, in that order (shingle sets stay shared)."""
        sets = self.shingles
        if sets is not None:
            sets = ShingleSets(sets.values, sets.starts[rows], sets.counts[rows])
        return FingerprintBatch(
            self.signatures[rows], self.shingle_counts[rows], self.params_id, sets
        )


@njit(cache=True)
def _fingerprint_words(
    words: U64Array,
    offsets: I64Array,
    k: int,
    a: U32Array,
    b: U32Array,
    signatures: npt.NDArray[np.uint32],
    counts: I64Array,
    sets: U32Array,
) -> None:
    """Sign each text's words; with `sets` as long as `words`, also write each text's
    sorted distinct shingles at its words' offset (`sets` empty: no sets)."""
    longest = 1
    for d in range(len(offsets) - 1):
        longest = max(longest, offsets[d + 1] - offsets[d])
    scratch = np.empty(longest, np.uint32)
    size = 1
    while size < 2 * longest:
        size *= 2
    keys, stamps = np.empty(size, np.uint32), np.zeros(size, np.int64)
    for d in range(len(offsets) - 1):
        n = shingle_hashes_into(words[offsets[d] : offsets[d + 1]], k, scratch)
        signature_into(scratch[:n], a, b, signatures[d])
        if len(sets):
            counts[d] = sorted_distinct_into(scratch[:n], sets[offsets[d] : offsets[d + 1]])
        else:
            counts[d] = count_distinct(scratch[:n], keys, stamps, d + 1)


Part = tuple[npt.NDArray[np.uint32], I64Array, U32Array, I64Array]
"""One chunk's signatures, shingle counts, shingle sets (or nothing) and their offsets."""


def _fingerprint_chunk(
    texts: Sequence[str], params: FingerprintParams, steps: frozenset[str], keep_shingles: bool
) -> Part:
    if steps == ALL_STEPS:
        flat, offsets = word_hashes_of_texts(texts)
    else:  # other steps than the compiled path knows: the Python path, word by word
        per_text = [word_hashes(tokenize(normalize(text, steps))) for text in texts]
        offsets = np.zeros(len(texts) + 1, np.int64)
        np.cumsum([len(w) for w in per_text], out=offsets[1:])
        flat = np.concatenate(per_text) if per_text else np.empty(0, np.uint64)
    signatures = np.empty((len(texts), params.num_perm), np.uint32)
    counts = np.empty(len(texts), np.int64)
    a, b = permutations(params.num_perm, params.seed)
    sets = np.empty(len(flat) if keep_shingles else 0, np.uint32)
    _fingerprint_words(flat, offsets, params.shingle_size, a, b, signatures, counts, sets)
    return signatures, counts, sets, offsets[:-1]


def fingerprint_texts(
    texts: Sequence[str],
    params: FingerprintParams,
    *,
    processes: int | None = 1,
    steps: frozenset[str] = ALL_STEPS,
    progress: Callable[[int], None] | None = None,
    keep_shingles: bool = False,
) -> FingerprintBatch:
    """Fingerprint every text; `processes=None` uses every core.

    `progress`, if given, is called with the number of texts done after each chunk;
    `keep_shingles` keeps each text's shingle set, for exact scores.
    """
    processes = os.cpu_count() or 1 if processes is None else processes
    if len(texts) < PARALLEL_FROM:
        processes = 1
    # four tasks per process at least, so that one slow chunk does not leave a core idle
    size = max(MIN_CHUNK, min(CHUNK, -(-len(texts) // (4 * processes))))
    chunks = [texts[i : i + size] for i in range(0, len(texts), size)]
    parts: list[Part] = []
    if processes <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            parts.append(_fingerprint_chunk(chunk, params, steps, keep_shingles))
            if progress:
                progress(len(chunk))
    else:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["wirecopy.fingerprint"])  # import once, fork warm
        with context.Pool(min(processes, len(chunks))) as pool:
            tasks = [(chunk, params, steps, keep_shingles) for chunk in chunks]
            for chunk, part in zip(chunks, pool.imap(_run_chunk, tasks), strict=True):
                parts.append(part)
                if progress:
                    progress(len(chunk))
    if not parts:
        parts = [_fingerprint_chunk([], params, steps, keep_shingles)]
    counts = np.concatenate([p[1] for p in parts])
    sets = None
    if keep_shingles:
        shifts = np.cumsum([0] + [len(p[2]) for p in parts[:-1]])
        starts = np.concatenate([p[3] + shift for p, shift in zip(parts, shifts, strict=True)])
        sets = ShingleSets(np.concatenate([p[2] for p in parts]), starts.astype(np.int64), counts)
    return FingerprintBatch(np.concatenate([p[0] for p in parts]), counts, params.id, sets)


def _run_chunk(task: tuple[Sequence[str], FingerprintParams, frozenset[str], bool]) -> Part:
    return _fingerprint_chunk(*task)


def fingerprint(
    text: str, params: FingerprintParams, steps: frozenset[str] = ALL_STEPS
) -> Fingerprint:
    """Fingerprint one text; raise EmptyTextError if it has no words to fingerprint."""
    batch = fingerprint_texts([text], params, steps=steps)
    if batch.shingle_counts[0] == 0:
        raise EmptyTextError(
            "the text has no words left to fingerprint after normalisation "
            "(it is empty, white space, or only page debris): send the article's body text"
        )
    return batch[0]
