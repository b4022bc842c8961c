"""Hostile text through the normaliser, the fingerprint and the aligner: arbitrary Unicode
(combining marks, right-to-left scripts, emoji, NUL, lone surrogates as broken JSON escapes
leave them) and one 10 MB run of a single character. Each either gives a result within
bounds or refuses with the documented EmptyTextError; none crashes or hangs (hypothesis'
deadline bounds each example)."""

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wirecopy.errors import EmptyTextError
from wirecopy.fingerprint import fingerprint
from wirecopy.normalize import normalize
from wirecopy.params import FingerprintParams
from wirecopy.passages import align

PARAMS = FingerprintParams()
HOSTILE = st.sampled_from(
    ["\u0301", "\u05d0", "\u0627", "\u200f", "\U0001f642", "\x00", "\ud800", "\udfff", " ",
     "\n", "a", "B", "9", ".", "\ufeff", "\u0e01", "\u4e2d"]
)  # fmt: skip
TEXTS = st.lists(st.one_of(HOSTILE, st.text(max_size=8)), max_size=300).map("".join)
BOUND = settings(max_examples=150, deadline=timedelta(seconds=2))


@BOUND
@given(TEXTS)
def test_normalize_gives_text_for_any_unicode(text: str) -> None:
    assert isinstance(normalize(text), str)


@BOUND
@given(TEXTS)
def test_fingerprint_gives_a_signature_or_refuses_an_empty_text(text: str) -> None:
    try:
        found = fingerprint(text, PARAMS)
    except EmptyTextError:
        return
    assert found.shingle_count >= 1
    assert len(found.signature) == PARAMS.num_perm


@BOUND
@given(TEXTS, TEXTS)
def test_align_gives_passages_inside_both_texts(a: str, b: str) -> None:
    found = align(a, b)
    for p in found.passages:
        assert 0 <= p.a_start < p.a_end <= len(a)
        assert 0 <= p.b_start < p.b_end <= len(b)
    assert 0.0 <= found.coverage_a <= 1.0
    assert 0.0 <= found.coverage_b <= 1.0


@pytest.mark.parametrize(
    ("char", "is_word"),
    [("a", True), ("\u4e2d", True), ("\u0301", False), ("\U0001f642", False), ("\x00", False),
     ("\ud800", False)],
)  # fmt: skip
def test_ten_megabytes_of_one_character(char: str, is_word: bool) -> None:
    text = char * 10_000_000
    assert isinstance(normalize(text), str)
    if is_word:
        assert fingerprint(text, PARAMS).shingle_count == 1  # one word, repeated: one shingle
    else:
        with pytest.raises(EmptyTextError):  # no word in it: refused (the API answers 422)
            fingerprint(text, PARAMS)
    assert align(text[:200_000], "a b c").coverage_b <= 1.0
