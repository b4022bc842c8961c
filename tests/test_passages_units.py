"""Words with their spans in the original text, stems, and sentences."""

from hypothesis import given
from hypothesis import strategies as st

from wirecopy.passages.units import split_units
from wirecopy.passages.vocabulary import Vocabulary


def test_words_keep_their_offsets_in_the_text_as_given() -> None:
    text = "  ＣＵＢＡ said: “Officers’ deaths” — 32\r\nin all."
    units = split_units(text, Vocabulary())
    assert [text[s:e] for s, e in zip(units.starts, units.ends, strict=True)] == [
        "ＣＵＢＡ", "said", "Officers", "deaths", "32", "in", "all",
    ]  # fmt: skip
    assert units.words[0] == "ｃｕｂａ"  # case-folded, not rewritten


def test_stems_are_shared_through_the_vocabulary() -> None:
    vocabulary = Vocabulary()
    a = split_units("The officers were killed", vocabulary)
    b = split_units("an officer killing", vocabulary)
    assert a.terms[1] == b.terms[1]  # officers / officer
    assert a.terms[3] == b.terms[2]  # killed / killing
    assert not a.content[0]
    assert a.content[1]


def test_short_sentences_join_the_one_before_and_a_short_first_one_the_next() -> None:
    text = "Strike. Dockers walked out at dawn in Kessling. Cranes idle! Ships wait offshore now."
    units = split_units(text, Vocabulary())
    firsts = [text[units.starts[i] :].split(maxsplit=1)[0] for i in units.sentences[:-1]]
    assert firsts == ["Strike.", "Ships"]  # "Strike." joins the next, "Cranes idle!" the one before
    assert units.sentences[-1] == len(units.words)


def test_line_breaks_end_sentences() -> None:
    units = split_units(
        "Port of Kessling closed today\nShips wait offshore until Monday", Vocabulary()
    )
    assert units.sentence_count == 2


@given(st.text())
def test_any_text_splits_into_words_within_it(text: str) -> None:
    units = split_units(text, Vocabulary())
    assert all(0 <= s < e <= len(text) for s, e in zip(units.starts, units.ends, strict=True))
    assert units.sentences[0] == 0
    assert units.sentences[-1] == len(units.words)
    assert list(units.sentences) == sorted(set(units.sentences.tolist()))
