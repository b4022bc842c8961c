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


_LINES = [
    "Share", "By Jane Doe", "© Photo Agency", "5 January 2026", "|", "", "   ", "\u3000",
    "The council met on Monday and voted to close the old bridge for repairs.",
    "Council votes to close bridge", "Straße gesperrt", "古巴宣布", "“Quoted”, she said.",
    "x" * 170, "é" * 170, "Image caption: a bridge", "REUTERS/Jane Roe",
    "©" + " x" * 79 + "x", "©" + " é" * 79 + "éé",  # debris of 160 characters, and of 161
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(_LINES), max_size=8).map("\n".join),
        max_size=5,
    ),
    st.sampled_from(["\n", "\r\n", "\r", "\u2028", "\x85", "\f", "\n\r"]),
)
def test_agree_on_texts_of_debris_and_prose_lines(texts: list[str], newline: str) -> None:
    _assert_paths_agree([text.replace("\n", newline) for text in texts])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=80), max_size=5))
def test_agree_on_arbitrary_unicode(texts: list[str]) -> None:
    _assert_paths_agree(texts)
