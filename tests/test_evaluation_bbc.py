from pathlib import Path

from evaluation_factories import write_data

from wirecopy.evaluation.bbc import bands, run_bbc, twin_groups


def test_twins_share_a_story_and_other_rewrites_are_listed_once(tmp_path: Path) -> None:
    result = run_bbc(write_data(tmp_path), processes=1)
    assert (result.with_twin, result.exact_duplicates, result.floor_met) == (1, 1, True)
    # 003 rewrites 001, whose twin 004 is not listed again
    assert [(p.a, p.b) for p in result.other_rewrites] == [("bbc-tech-001", "bbc-tech-003")]
    pair = result.other_rewrites[0]
    assert 0.3 < pair.jaccard < 1.0
    assert pair.headline_a
    assert pair.headline_b
    assert (result.stories, result.largest_story, result.rewrite_articles) == (1, 3, 2)
    assert sum(result.by_jaccard.values()) == 1


def test_twin_chains_lead_to_the_first_text() -> None:
    assert twin_groups({"c": "b", "b": "a"}) == {"c": "a", "b": "a"}
    assert twin_groups({"a": "b", "b": "a"}) == {"a": "a", "b": "b"}  # a loop ends, not hangs


def test_bands_cover_every_value_once() -> None:
    counts = bands([1.0, 0.9, 0.89, 0.5, 0.2, 0.1, 0.05, 0.049, 0.0])
    assert list(counts.values()) == [2, 2, 1, 1, 1, 2]
