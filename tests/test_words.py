"""The compiled path gives the very word hashes of the Python path, on any text."""

import numpy as np
from factories import make_article, rewrite
from hypothesis import given, settings
from hypothesis import strategies as st

from wirecopy.normalize import normalize
from wirecopy.shingles import word_hashes
from wirecopy.tokens import tokenize
from wirecopy.words import word_hashes_of_texts


def _python_path(text: str) -> np.ndarray:
    return word_hashes(tokenize(normalize(text)))


def _assert_paths_agree(texts: list[str]) -> None:
    hashes, offsets = word_hashes_of_texts(texts)
    assert len(offsets) == len(texts) + 1
    for i, text in enumerate(texts):
        assert np.array_equal(hashes[offsets[i] : offsets[i + 1]], _python_path(text)), text


def test_agree_on_articles_and_rewrites() -> None:
    article = make_article()
    texts = [article.text] + [rewrite(article, level).text for level in ("verbatim", "heavy")]
    _assert_paths_agree(texts)


def test_agree_on_hard_cases() -> None:
    _assert_paths_agree(
        [
            "",
            "Straße İstanbul ΣΑΣ ﬁne ǅemal Ｆｕｌｌ",  # expanding and title-case folds, NFKC
            "古巴宣布 32 名军官 ภาษาไทย 日本語のテキスト",  # words of one character
            "𝐁old math 😀 emoji 𠀀𠀁 extension B",  # outside the BMP
            "lone \ud800 surrogate",
            "Share\nBy Jane Doe\n“Quoted” — text… REUTERS/Jane Roe",
            "x" * 5000 + " tail",
        ]
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=5))
def test_agree_on_arbitrary_unicode(texts: list[str]) -> None:
    _assert_paths_agree(texts)
