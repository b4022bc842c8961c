"""compare(): scores, relation and passages of two texts."""

from factories import make_article, rewrite

from wirecopy.comparison import compare, pair_scores
from wirecopy.relation import Relation


def test_a_rewrite_scores_as_dedup_scores_it_and_shows_its_passages() -> None:
    wire = make_article()
    copy = rewrite(wire, "light", seed=3)
    found = compare(wire.text, copy.text)
    assert found.relation == Relation.REWRITE
    assert found.scores == pair_scores(wire.text, copy.text)
    assert found.scores.containment_a_in_b > 0.3
    assert found.alignment.coverage_a > 0.9


def test_quotes_only_is_partial_and_its_passages_are_small() -> None:
    wire = make_article()
    found = compare(wire.text, rewrite(wire, "quotes_only", seed=1).text)
    assert found.relation == Relation.PARTIAL
    assert found.alignment.passages
    assert found.alignment.coverage_a < 0.75  # the quotes and a few phrases, not the story


def test_the_record_is_plain_json_fields() -> None:
    wire = make_article()
    record = compare(wire.text, wire.text).as_record()
    assert record["relation"] == "rewrite"
    assert record["jaccard"] == 1.0
    (passage,) = record["passages"]
    assert passage["faithfulness"] == "verbatim"
    assert set(passage) == {"a_start", "a_end", "b_start", "b_end", "faithfulness", "similarity"}


def test_unrelated_texts_are_unrelated() -> None:
    found = compare(make_article().text, make_article().text)
    assert found.relation == Relation.UNRELATED
