"""align(): the passages two texts share, with offsets into the texts as given."""

from dataclasses import replace

from factories import make_article, rewrite
from hypothesis import given, settings
from hypothesis import strategies as st

from wirecopy.passages import FAITHFULNESS, Alignment, align

QUOTES = [
    '"We will not load a single ship until the cranes are safe," said Marta Velez, the '
    "union's regional secretary.",
    '"Every day the port stays shut costs the region four million euros," the harbour '
    "master, Tomas Brede, told reporters.",
    '"I have driven these cranes for thirty years and never seen the ministry so deaf," '
    "said Joan Ekker, a crane operator.",
]
REPORT_A = (
    "Dock workers at Kessling stopped work on Tuesday over the new remote-controlled cranes.\n\n"
    f"{QUOTES[0]} The strike began at dawn and ships queued in the bay by noon.\n\n"
    f"Talks with the port authority broke down late in the evening. {QUOTES[1]}\n\n"
    f"Older workers fear the machines most. {QUOTES[2]}"
)
REPORT_B = (
    "A walkout shut the harbour of Kessling, the country's third port, for the whole of "
    f"Tuesday.\n\n{QUOTES[1]} Freight firms said they would divert cargo to the north.\n\n"
    f"Union leaders blamed the government for rushing the automation. {QUOTES[0]}\n\n"
    "Police reported no incidents. The ministry said it would answer on Friday. "
    f"{QUOTES[2]}"
)


def sides(text_a: str, text_b: str, found: Alignment) -> list[tuple[str, str]]:
    return [(text_a[p.a_start : p.a_end], text_b[p.b_start : p.b_end]) for p in found.passages]


def test_two_reports_around_the_same_quotes_share_exactly_the_quotes() -> None:
    found = align(REPORT_A, REPORT_B)
    shared = sides(REPORT_A, REPORT_B, found)
    assert len(shared) == 3
    for quote in QUOTES:
        words = quote.strip('"').split('," ')[0]  # the quoted words themselves
        holding = [(a, b) for a, b in shared if words in a and words in b]
        assert len(holding) == 1, quote
        a, b = holding[0]
        assert len(a) <= len(quote)
        assert len(b) <= len(quote)
    assert all(p.faithfulness == "verbatim" for p in found.passages)
    assert [p.a_start for p in found.passages] == sorted(p.a_start for p in found.passages)
    assert 0.5 < found.coverage_a < 0.9
    assert 0.4 < found.coverage_b < 0.8


def test_a_verbatim_copy_with_debris_is_one_passage_over_the_story() -> None:
    wire = make_article()
    copy = rewrite(wire, "verbatim", seed=2)
    (passage,) = align(wire.text, copy.text).passages
    assert passage.faithfulness in ("verbatim", "lightly edited")
    assert passage.similarity > 0.95
    letters = [i for i, c in enumerate(wire.text) if c.isalnum()]
    assert (passage.a_start, passage.a_end) == (letters[0], letters[-1] + 1)  # first to last word


def test_a_rewrite_with_reordered_sentences_and_changed_words_is_found() -> None:
    wire = make_article()
    # over the first 40 factory articles: light above 0.9 of both, heavy above 0.51
    for level, least in (("light", 0.9), ("heavy", 0.5)):
        copy = rewrite(wire, level, seed=4)
        found = align(wire.text, copy.text)
        assert found.coverage_a > least, level
        assert found.coverage_b > least, level
        assert all(p.faithfulness != "verbatim" for p in found.passages)


def test_dropped_and_inserted_words_keep_the_passage_and_its_offsets() -> None:
    sentence = (
        "The regional court in Havlin ruled on Thursday that the tender for the new "
        "Ostbrook bridge must be run again because two bidders saw the figures early."
    )
    edited = (
        "The regional court in Havlin ruled late on Thursday that the whole tender for the "
        "Ostbrook bridge must be run again because bidders saw the secret figures early."
    )
    a = f"Residents cheered outside. {sentence} The council will appeal."
    b = f"{edited} Lawyers for the council said they would study the ruling first."
    (p,) = align(a, b).passages
    assert a[p.a_start : p.a_end] == sentence[:-1]  # up to the last word, not the full stop
    assert b[p.b_start : p.b_end] == edited[:-1]
    assert p.faithfulness == "lightly edited"


def test_unrelated_stories_share_nothing_much() -> None:
    found = align(make_article().text, make_article().text)
    assert found.coverage_a < 0.1
    assert found.coverage_b < 0.1


def test_offsets_point_into_the_original_text_not_a_normalised_one() -> None:
    quote = "“Nobody on Mill Street voted for this twelve million bill,” said Anna Berg, a baker."
    a = f"ＣＯＵＮＣＩＬ  MEETS\r\n\r\n{quote}"
    b = f"Anger grew in Ostbrook.   {quote.upper()}"
    (p,) = align(a, b).passages
    assert a[p.a_start : p.a_end].startswith("Nobody on Mill Street")
    assert b[p.b_start : p.b_end].startswith("NOBODY ON MILL STREET")


def test_nothing_to_align_gives_no_passages() -> None:
    for a, b in [("", ""), ("", "words here"), ("   \n", "...")]:
        assert align(a, b) == Alignment((), 0.0, 0.0)


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text())
def test_any_two_texts_give_passages_within_bounds(a: str, b: str) -> None:
    found = align(a, b)
    for p in found.passages:
        assert 0 <= p.a_start < p.a_end <= len(a)
        assert 0 <= p.b_start < p.b_end <= len(b)
        assert p.faithfulness in FAITHFULNESS
        assert 0.0 <= p.similarity <= 1.0
    assert 0.0 <= found.coverage_a <= 1.0
    assert 0.0 <= found.coverage_b <= 1.0


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_a_text_against_itself_is_one_verbatim_passage_over_its_words(text: str) -> None:
    found = align(text, text)
    words = [i for i, c in enumerate(text) if c.isalnum()]
    if not found.passages:
        assert not words  # only a text without words aligns to nothing
        return
    (p,) = found.passages
    assert (p.a_start, p.a_end) == (p.b_start, p.b_end)
    assert p.faithfulness == "verbatim"
    assert p.similarity == 1.0
    assert text[p.a_start : p.a_end].strip() == text[p.a_start : p.a_end]


def test_one_word_texts_do_not_crash() -> None:
    assert align("Kessling", "Kessling").passages[0].faithfulness == "verbatim"
    assert align("Kessling", "Havlin").passages == ()
    wire = make_article()
    assert align(wire.text, replace(wire, text="Kessling").text).passages == ()
