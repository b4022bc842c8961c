"""The compiled word scan finds the very words, hashes and sentence marks of the regex path."""

import numpy as np
import xxhash
from factories import make_article, rewrite
from hypothesis import given, settings
from hypothesis import strategies as st

from wirecopy.passages.scan import scan
from wirecopy.passages.units import _scan_by_regex, split_units
from wirecopy.passages.vocabulary import Vocabulary


def _assert_paths_agree(text: str) -> None:
    compiled, regex = scan(text), _scan_by_regex(text)
    assert compiled is not None, ascii(text)
    for field in ("starts", "ends", "hashes", "breaks"):
        assert np.array_equal(getattr(compiled, field), getattr(regex, field)), (field, ascii(text))


def test_agree_on_articles_and_rewrites() -> None:
    article = make_article()
    for text in [article.text] + [rewrite(article, level).text for level in ("light", "heavy")]:
        _assert_paths_agree(text)


def test_agree_on_hard_cases() -> None:
    for text in [
        "",
        "...",
        "Straße İstanbul ΣΑΣ ﬁne ǅemal Ｆｕｌｌ",  # expanding and title-case folds
        "古巴宣布 32 名军官. ภาษาไทย 日本語のテキスト",  # words of one character
        "𠀀𠀁 extension B! x_y a.b?c",  # CJK outside the BMP; the underscore splits
        "lone \ud800 surrogate",
        "Share\nBy Jane Doe\n“Quoted” — text… REUTERS/Jane Roe",
    ]:
        _assert_paths_agree(text)


def test_hashes_are_xxh64_of_the_case_folded_words() -> None:
    text = "  ＣＵＢＡ said: “Officers’ deaths” — Straße"
    scanned = scan(text)
    assert scanned is not None
    words = [text[s:e].casefold() for s, e in zip(scanned.starts, scanned.ends, strict=True)]
    assert words == ["ｃｕｂａ", "said", "officers", "deaths", "strasse"]
    assert scanned.hashes.tolist() == [xxhash.xxh64_intdigest(w.encode()) for w in words]


def test_characters_outside_the_tables_take_the_regex_path() -> None:
    text = "𝐁old math 😀 emoji"
    assert scan(text) is None
    units = split_units(text, Vocabulary())
    assert [text[s:e] for s, e in zip(units.starts, units.ends, strict=True)] == [
        "𝐁old", "math", "emoji",
    ]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0xFFFF)))
def test_agree_on_any_text_of_the_basic_plane(text: str) -> None:
    _assert_paths_agree(text)
