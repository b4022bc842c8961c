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
from wirecopy.shingles import U32Array, U64Array, shingle_hashes_into, word_hashes
from wirecopy.tokens import tokenize

I64Array = npt.NDArray[np.int64]
CHUNK = 2_000  # texts per task handed to a process


@dataclass(frozen=True)
class Fingerprint:
    """One text's signature, distinct shingle count and the parameters that made them."""

    signature: U32Array
    shingle_count: int
    params_id: str


@dataclass(frozen=True)
class FingerprintBatch:
    """Fingerprints of many texts, row i for text i; a count of 0 marks an empty text."""

    signatures: npt.NDArray[np.uint32]
    shingle_counts: I64Array
    params_id: str

    def __len__(self) -> int:
        return len(self.shingle_counts)

    def __getitem__(self, i: int) -> Fingerprint:
        return Fingerprint(self.signatures[i], int(self.shingle_counts[i]), self.params_id)


@njit(cache=True)
def _distinct(values: U32Array) -> int:
    if len(values) == 0:
        return 0
    ordered = np.sort(values)
    return 1 + int(np.count_nonzero(ordered[1:] != ordered[:-1]))


@njit(cache=True)
def _fingerprint_words(
    words: U64Array,
    offsets: I64Array,
    k: int,
    a: U32Array,
    b: U32Array,
    signatures: npt.NDArray[np.uint32],
    counts: I64Array,
) -> None:
    longest = 1
    for d in range(len(offsets) - 1):
        longest = max(longest, offsets[d + 1] - offsets[d])
    scratch = np.empty(longest, np.uint32)
    for d in range(len(offsets) - 1):
        n = shingle_hashes_into(words[offsets[d] : offsets[d + 1]], k, scratch)
        signature_into(scratch[:n], a, b, signatures[d])
        counts[d] = _distinct(scratch[:n])


def _fingerprint_chunk(
    texts: Sequence[str], params: FingerprintParams, steps: frozenset[str]
) -> tuple[npt.NDArray[np.uint32], I64Array]:
    words = [tokenize(normalize(text, steps)) for text in texts]
    offsets = np.zeros(len(texts) + 1, np.int64)
    np.cumsum([len(w) for w in words], out=offsets[1:])
    flat = word_hashes([word for text_words in words for word in text_words])
    signatures = np.empty((len(texts), params.num_perm), np.uint32)
    counts = np.empty(len(texts), np.int64)
    a, b = permutations(params.num_perm, params.seed)
    _fingerprint_words(flat, offsets, params.shingle_size, a, b, signatures, counts)
    return signatures, counts


def fingerprint_texts(
    texts: Sequence[str],
    params: FingerprintParams,
    *,
    processes: int | None = 1,
    steps: frozenset[str] = ALL_STEPS,
    progress: Callable[[int], None] | None = None,
) -> FingerprintBatch:
    """Fingerprint every text; `processes=None` uses every core.

    `progress`, if given, is called with the number of texts done after each chunk.
    """
    processes = os.cpu_count() or 1 if processes is None else processes
    chunks = [texts[i : i + CHUNK] for i in range(0, len(texts), CHUNK)]
    parts: list[tuple[npt.NDArray[np.uint32], I64Array]] = []
    if processes <= 1 or len(chunks) <= 1:
        for chunk in chunks:
            parts.append(_fingerprint_chunk(chunk, params, steps))
            if progress:
                progress(len(chunk))
    else:
        context = multiprocessing.get_context("forkserver")
        with context.Pool(min(processes, len(chunks))) as pool:
            tasks = [(chunk, params, steps) for chunk in chunks]
            for chunk, part in zip(chunks, pool.imap(_run_chunk, tasks), strict=True):
                parts.append(part)
                if progress:
                    progress(len(chunk))
    if not parts:
        return FingerprintBatch(
            np.empty((0, params.num_perm), np.uint32), np.empty(0, np.int64), params.id
        )
    return FingerprintBatch(
        np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]), params.id
    )


def _run_chunk(
    task: tuple[Sequence[str], FingerprintParams, frozenset[str]],
) -> tuple[npt.NDArray[np.uint32], I64Array]:
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
