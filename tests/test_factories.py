"""The factories do what they promise, measured with plain word 4-gram sets (no engine)."""

import itertools
import re
from datetime import timedelta

import pytest
from factories import Level, make_article, rewrite

from wirecopy.articles import Article

QUOTE = re.compile(r'"[^"]+"')


def word_4grams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i : i + 4]) for i in range(len(words) - 3)}


def jaccard(first: str, second: str) -> float:
    a, b = word_4grams(first), word_4grams(second)
    return len(a & b) / len(a | b)


def test_default_articles_are_news_like_with_quotes() -> None:
    article = make_article()
    assert isinstance(article, Article)
    assert article.id.startswith("art-")
    assert 450 <= len(article.text.split()) <= 800
    assert len(QUOTE.findall(article.text)) >= 2
    assert article.published_at is not None
    assert article.published_at.utcoffset() == timedelta(0)
    assert all((article.title, article.source, article.url))


def test_ids_increase_and_overrides_win() -> None:
    first, second = make_article(), make_article(source="Other Wire", title="Fixed")
    assert int(second.id.removeprefix("art-")) == int(first.id.removeprefix("art-")) + 1
    assert (second.source, second.title) == ("Other Wire", "Fixed")
    assert make_article(id="custom", text="Short text.").text == "Short text."


def test_default_articles_are_pairwise_near_disjoint() -> None:
    articles = [make_article() for _ in range(12)]
    for first, second in itertools.combinations(articles, 2):
        assert jaccard(first.text, second.text) < 0.05, (first.id, second.id)


@pytest.mark.parametrize(
    ("level", "low", "high"),
    [("verbatim", 0.9, 1.0), ("light", 0.4, 0.9), ("heavy", 0.05, 0.5)],
)
def test_each_level_shares_its_range_of_4grams(level: Level, low: float, high: float) -> None:
    for article in [make_article() for _ in range(4)]:
        for seed in range(3):
            share = jaccard(article.text, rewrite(article, level, seed=seed).text)
            assert low < share < high, (article.id, level, seed, share)


def test_quotes_only_shares_just_two_quotes() -> None:
    for article in [make_article() for _ in range(4)]:
        for seed in range(3):
            same_event = rewrite(article, "quotes_only", seed=seed).text
            heavy = rewrite(article, "heavy", seed=seed).text
            assert 0 < jaccard(article.text, same_event) < jaccard(article.text, heavy)
            quotes = QUOTE.findall(article.text)
            assert sum(quote in same_event for quote in quotes) == 2


def test_heavy_rewrite_keeps_every_quote_verbatim() -> None:
    article = make_article()
    heavy = rewrite(article, "heavy").text
    assert all(quote in heavy for quote in QUOTE.findall(article.text))


def test_verbatim_adds_page_debris_on_its_own_lines() -> None:
    article = make_article()
    lines = rewrite(article, "verbatim").text.splitlines()
    assert "Share" in lines
    assert any(line.startswith("By ") for line in lines)
    assert article.text in "\n".join(lines)


@pytest.mark.parametrize("level", ["verbatim", "light", "heavy", "quotes_only"])
def test_rewrite_is_a_later_article_from_another_outlet(level: Level) -> None:
    article = make_article()
    copy = rewrite(article, level)
    assert copy.id == f"{article.id}-{level}"
    assert article.published_at is not None
    assert copy.published_at == article.published_at + timedelta(hours=1)
    assert copy.source != article.source
    assert copy.url != article.url


@pytest.mark.parametrize("level", ["light", "heavy", "quotes_only"])
def test_rewrites_are_deterministic_given_the_seed(level: Level) -> None:
    article = make_article()
    assert rewrite(article, level, seed=7) == rewrite(article, level, seed=7)
    assert rewrite(article, level, seed=7).text != rewrite(article, level, seed=8).text


def test_rewriting_a_short_article_still_works() -> None:
    article = make_article(text='One sentence with "a quote" in it.')
    for level in ("verbatim", "light", "heavy", "quotes_only"):
        assert '"a quote"' in rewrite(article, level).text
