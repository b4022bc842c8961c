import importlib

import numpy as np
import pytest
from factories import make_article

from wirecopy.errors import EmptyTextError
from wirecopy.fingerprint import MIN_CHUNK, fingerprint, fingerprint_texts
from wirecopy.params import FingerprintParams

fingerprint_module = importlib.import_module("wirecopy.fingerprint")  # the name is shadowed

PARAMS = FingerprintParams()


def test_fingerprint_carries_its_params_id_and_count() -> None:
    result = fingerprint(make_article().text, PARAMS)
    assert result.params_id == PARAMS.id
    assert result.signature.shape == (PARAMS.num_perm,)
    assert result.shingle_count > 100


@pytest.mark.parametrize("text", ["", "   \n\t", "Share\nPrint\n|"])
def test_nothing_to_fingerprint_is_a_clear_error(text: str) -> None:
    with pytest.raises(EmptyTextError, match="send the article's body text"):
        fingerprint(text, PARAMS)


def test_same_result_with_one_or_two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fingerprint_module, "PARALLEL_FROM", 0)
    texts = [make_article().text for _ in range(MIN_CHUNK * 5 + 7)]
    one = fingerprint_texts(texts, PARAMS, processes=1)
    two = fingerprint_texts(texts, PARAMS, processes=2)
    assert np.array_equal(one.signatures, two.signatures)
    assert np.array_equal(one.shingle_counts, two.shingle_counts)


def test_progress_counts_every_text() -> None:
    seen: list[int] = []
    fingerprint_texts(["a b c d e f"] * 5, PARAMS, progress=seen.append)
    assert sum(seen) == 5


def test_empty_batch() -> None:
    batch = fingerprint_texts([], PARAMS)
    assert len(batch) == 0
    assert batch.signatures.shape == (0, PARAMS.num_perm)
