"""Seeds: shared word n-grams and sentence pairs of high word overlap."""

from wirecopy.passages.seeds import TermWeights, seed_pairs, shared_shingles, shingle_hashes
from wirecopy.passages.units import Units, split_units
from wirecopy.passages.vocabulary import Vocabulary

SENTENCES = [
    "Dock workers at Kessling stopped work on Tuesday over remote cranes.",
    "The port authority said talks would resume on Friday morning.",
    "Freight firms began sending their cargo to northern harbours instead.",
]


def units_of(text_a: str, text_b: str) -> tuple[Units, Units]:
    vocabulary = Vocabulary()
    return split_units(text_a, vocabulary), split_units(text_b, vocabulary)


def test_a_shingle_needs_two_content_words() -> None:
    a, b = units_of("of the port of the", "of the port cranes stopped")
    assert len(shingle_hashes(a)[0]) == 0  # one content word (port) in each run of four
    hashes, firsts = shingle_hashes(b)
    assert firsts.tolist() == [0, 1]  # "of the port cranes", "the port cranes stopped"
    assert len(set(hashes.tolist())) == 2


def test_shared_shingles_point_at_the_same_words_in_both_texts() -> None:
    a, b = units_of(
        "So: the port authority said talks resume.", "Talks? The port authority said so."
    )
    left, right = shared_shingles(a, b)
    assert len(left) == 1
    assert a.words[left[0] : left[0] + 4] == b.words[right[0] : right[0] + 4]


def test_reworded_sentences_seed_with_their_counterpart() -> None:
    reworded = [
        "Kessling dock workers stopped working Tuesday over the remote cranes.",
        "Talks would resume Friday morning, the port authority said.",
        "Cargo firms began sending freight to harbours in the north instead.",
    ]
    a, b = units_of(" ".join(SENTENCES), " ".join(reversed(reworded)))
    seeds = seed_pairs(a, b, TermWeights.of(a, b), shared_shingles(a, b))
    assert sorted(zip(*(s.tolist() for s in seeds), strict=True)) == [(0, 2), (1, 1), (2, 0)]


def test_a_sentence_repeated_in_b_seeds_with_one_copy_only_when_weaker() -> None:
    a, b = units_of(SENTENCES[0], f"{SENTENCES[0]} {SENTENCES[1]} {SENTENCES[0][:-10]}.")
    seeds = seed_pairs(a, b, TermWeights.of(a, b), shared_shingles(a, b))
    assert 0 in seeds[1].tolist()
    assert 1 not in seeds[1].tolist()


def test_no_sentences_no_seeds() -> None:
    a, b = units_of("", SENTENCES[0])
    seeds = seed_pairs(a, b, TermWeights.of(a, b), shared_shingles(a, b))
    assert len(seeds[0]) == len(seeds[1]) == 0
