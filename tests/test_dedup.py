import importlib
import random

import pytest
from factories import make_article, rewrite

from wirecopy.articles import Article
from wirecopy.dedup import DedupResult, dedup
from wirecopy.relation import Thresholds


def _story_corpus() -> list[Article]:
    wires = [make_article() for _ in range(3)]
    corpus = list(wires)
    for wire in wires:
        corpus += [rewrite(wire, level) for level in ("verbatim", "light", "heavy")]
    corpus += [make_article() for _ in range(5)]
    return corpus


def _by_id(result: DedupResult) -> dict[str, tuple[str, str]]:
    return {r.id: (r.cluster, r.relation) for r in result.reports}


def test_rewrites_at_every_level_join_the_wire_story() -> None:
    corpus = _story_corpus()
    found = _by_id(dedup(corpus))
    for wire in corpus[:3]:
        assert found[wire.id] == (wire.id, "original")
        for level in ("verbatim", "light", "heavy"):
            assert found[f"{wire.id}-{level}"] == (wire.id, "rewrite")


def test_article_sharing_quotes_is_never_in_the_story_and_nearly_always_partial() -> None:
    wires = [make_article() for _ in range(20)]
    copies = [rewrite(wire, "quotes_only") for wire in wires]
    result = _by_id(dedup(wires + copies))
    assert all(result[copy.id][0] == copy.id for copy in copies)
    partial = [copy.id for copy in copies if result[copy.id][1] == "partial"]
    # two shared quotes are 3-6% of the story: scored exactly, every such pair is partial,
    # but LSH must first propose it (2 of 256 bands in common), which it misses now and then
    assert len(partial) >= 16
    report = next(r for r in dedup(wires + copies).reports if r.id == partial[0])
    assert {link.relation for link in report.related} == {"partial"}


def test_unrelated_articles_are_unique() -> None:
    corpus = _story_corpus()
    found = _by_id(dedup(corpus))
    for article in corpus[-5:]:
        assert found[article.id] == (article.id, "unique")


def test_scores_against_the_original_and_related_both_ways() -> None:
    corpus = _story_corpus()
    result = dedup(corpus)
    light = next(r for r in result.reports if r.id == f"{corpus[0].id}-light")
    assert light.scores is not None
    assert 0.3 < light.scores.jaccard < 1
    wire = next(r for r in result.reports if r.id == corpus[0].id)
    back = next(link for link in wire.related if link.id == light.id)
    assert back.scores == next(x for x in light.related if x.id == wire.id).scores.swapped()
    assert wire.scores is None


def test_same_output_whatever_the_input_order_or_processes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(importlib.import_module("wirecopy.fingerprint"), "PARALLEL_FROM", 0)
    corpus = _story_corpus()
    expected = _by_id(dedup(corpus))
    shuffled = corpus[:]
    random.Random(3).shuffle(shuffled)
    assert _by_id(dedup(shuffled, processes=2)) == expected


def test_original_is_first_in_input_when_times_are_missing() -> None:
    wire = make_article(published_at=None)
    copy = rewrite(wire, "verbatim")
    copy = Article(copy.id, copy.text)
    found = _by_id(dedup([copy, wire]))
    assert found == {copy.id: (copy.id, "original"), wire.id: (copy.id, "rewrite")}


def test_articles_without_words_are_set_aside() -> None:
    result = dedup([make_article(), Article("blank", "Share\n|")])
    assert result.empty == ["blank"]
    assert len(result.reports) == 1


def test_with_passages_a_pair_under_the_shingle_threshold_is_decided_by_its_passages() -> None:
    wire = make_article()
    copy = rewrite(wire, "light")
    # thresholds that put this pair's containment between the alignment floor and partial
    strict = Thresholds(partial_containment=0.95, rewrite_containment=0.96,
                        passage_check_containment=0.01)  # fmt: skip
    plain = {r.id: r for r in dedup([wire, copy], thresholds=strict).reports}
    aligned = {r.id: r for r in dedup([wire, copy], thresholds=strict, passages=True).reports}
    assert plain[copy.id].relation == "unique"
    assert aligned[copy.id].relation == "partial"
    assert [r.id for r in aligned[copy.id].related] == [wire.id]
