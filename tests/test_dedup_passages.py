"""dedup --passages: every related pair's shared passages, aligned once, both ways round."""

import json
from pathlib import Path

import pytest
from factories import make_article, rewrite

from wirecopy.articles import Article
from wirecopy.cli import main
from wirecopy.dedup import dedup
from wirecopy.dedup_passages import related_passages
from wirecopy.errors import InputError

QUOTES = [
    '"We will not load a single ship until the cranes are safe for every one of us," '
    "said Marta Velez, the union's regional secretary.",
    '"Every day the port stays shut costs the region four million euros in lost trade," '
    "the harbour master, Tomas Brede, told reporters on the quay.",
]


def corpus() -> list[Article]:
    """A wire story with two quotes, a rewrite of it, and an own report quoting the same."""
    wire = make_article()
    wire = Article(wire.id, f"{wire.text}\n\n{QUOTES[0]}\n\n{QUOTES[1]}")
    own = make_article()
    own = Article(own.id, f"{own.text}\n\n{QUOTES[1]} Talks resume on Friday.\n\n{QUOTES[0]}")
    return [wire, rewrite(wire, "light", seed=1), own]


def test_each_related_pair_has_its_passages_with_this_article_as_side_a() -> None:
    articles = corpus()
    texts = {a.id: a.text for a in articles}
    found = related_passages(dedup(articles), texts.get)
    wire, light, quoting = (a.id for a in articles)
    assert found[wire, light]
    assert found[wire, quoting]
    for (a, b), passages in found.items():
        turned = {(p.b_start, p.b_end, p.a_start, p.a_end) for p in found[b, a]}
        assert turned == {(p.a_start, p.a_end, p.b_start, p.b_end) for p in passages}
        assert [p.a_start for p in passages] == sorted(p.a_start for p in passages)
        for p in passages:
            assert 0 <= p.a_start < p.a_end <= len(texts[a])


def test_a_missing_text_says_how_to_fix_it() -> None:
    articles = corpus()
    with pytest.raises(InputError, match="text keeping on"):
        related_passages(dedup(articles), lambda _: None)


def test_dedup_passages_writes_them_beside_each_related_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = corpus()
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps({"id": a.id, "text": a.text}) + "\n" for a in articles))
    assert main(["dedup", str(path), "--passages"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    quoting = next(r for r in records if r["id"] == articles[2].id)
    assert quoting["relation"] == "partial"
    (link,) = [r for r in quoting["related"] if r["id"] == articles[0].id]
    assert link["passages"]
    quotes = [q[: q.index('," ') + 2] for q in QUOTES]
    for quote in quotes:  # each quote both keep lies inside one passage, on both sides
        in_copy, in_wire = articles[2].text.index(quote), articles[0].text.index(quote)
        assert any(
            p["a_start"] <= in_copy + 1 < p["a_end"] and p["b_start"] <= in_wire + 1 < p["b_end"]
            for p in link["passages"]
        ), quote


def test_without_the_flag_records_are_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps({"id": a.id, "text": a.text}) + "\n" for a in corpus()))
    assert main(["dedup", str(path)]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert all("passages" not in link for r in records for link in r["related"])
