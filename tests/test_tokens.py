from wirecopy.tokens import tokenize


def test_words_are_runs_of_letters_and_digits() -> None:
    assert tokenize("it's 32 officers, e-mail") == [b"it", b"s", b"32", b"officers", b"e", b"mail"]


def test_ascii_fast_path_agrees_with_unicode_path() -> None:
    text = "the council_met at 10:30 - a.m. (local)"
    assert tokenize(text) == tokenize(text + " é")[:-1]


def test_non_latin_words_keep_their_letters() -> None:
    assert tokenize("naïve straße москва") == [
        "naïve".encode(), "straße".encode(), "москва".encode()
    ]  # fmt: skip


def test_unspaced_scripts_give_one_token_per_character() -> None:
    assert len(tokenize("古巴宣布")) == 4
    assert len(tokenize("ภาษาไทย")) == 7
    assert len(tokenize("日本語のテキスト")) == 8


def test_nothing_but_punctuation_gives_no_tokens() -> None:
    assert tokenize("... -- !!") == []
