import pytest

from wirecopy.normalize import ALL_STEPS, STEPS, normalize


def test_all_steps_fold_unicode_case_quotes_dashes_and_space() -> None:
    text = "Share\n“Ｃａｆé” — it’s ﬁne…\t\u00a0ok"
    assert normalize(text) == '"café" - it\'s fine... ok'


def test_each_step_can_be_switched_off() -> None:
    text = "Share\nThe “Quote”"
    assert normalize(text, ALL_STEPS - {"casefold"}) == 'The "Quote"'
    assert normalize(text, ALL_STEPS - {"debris"}) == 'share the "quote"'
    assert normalize(text, ALL_STEPS - {"punctuation"}) == "the “quote”"
    assert normalize(text, frozenset()) == text


def test_casefold_is_unicode_aware() -> None:
    assert normalize("STRASSE") == normalize("Straße")


def test_unknown_step_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="choose from"):
        normalize("x", frozenset({"stemming"}))


def test_is_pure_and_idempotent() -> None:
    text = "By Jane Doe\n“A” – b"
    once = normalize(text)
    assert normalize(once) == once
    assert text == "By Jane Doe\n“A” – b"
    assert len(STEPS) == len(ALL_STEPS)
