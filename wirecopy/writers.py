"""Write dedup reports as JSONL (one object per article) or CSV, and the story listing.

>>> from wirecopy.dedup import ArticleReport
>>> row = record(ArticleReport("a", "a", "unique", None))
>>> row["cluster"], row["relation"], row["jaccard"], row["related"]
('a', 'unique', None, [])
"""

import csv
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any, TextIO

from wirecopy.dedup import ArticleReport, DedupResult, RelatedArticle
from wirecopy.dedup_passages import PairPassages

OUTPUT_FORMATS = ("jsonl", "csv")
COLUMNS = (
    "id", "cluster", "relation", "jaccard", "containment_in_original",
    "containment_of_original", "related",
)  # fmt: skip


def _related(link: RelatedArticle) -> dict[str, Any]:
    return {
        "id": link.id,
        "cluster": link.cluster,
        "relation": str(link.relation),
        "jaccard": link.scores.jaccard,
        "containment_in_other": link.scores.containment_a_in_b,
        "containment_of_other": link.scores.containment_b_in_a,
    }


def record(report: ArticleReport, passages: PairPassages | None = None) -> dict[str, Any]:
    """One article's report as a plain dict (the JSONL line); with `passages`, each related
    article carries the passages it shares with this one (this one as side A)."""
    scores = report.scores
    related = [_related(link) for link in report.related]
    if passages is not None:
        for row, link in zip(related, report.related, strict=True):
            row["passages"] = [asdict(p) for p in passages.get((report.id, link.id), ())]
    return {
        "id": report.id,
        "cluster": report.cluster,
        "relation": report.relation,
        "jaccard": scores.jaccard if scores else None,
        "containment_in_original": scores.containment_a_in_b if scores else None,
        "containment_of_original": scores.containment_b_in_a if scores else None,
        "related": related,
    }


def write_reports(
    reports: Iterable[ArticleReport],
    out: TextIO,
    fmt: str = "jsonl",
    passages: PairPassages | None = None,
) -> None:
    """Write one record per report; CSV carries `related` as a JSON list."""
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for report in reports:
            row = record(report, passages)
            row["related"] = json.dumps(row["related"], ensure_ascii=False)
            writer.writerow(row)
        return
    for report in reports:
        out.write(json.dumps(record(report, passages), ensure_ascii=False) + "\n")


def write_stories(result: DedupResult, out: TextIO, titles: dict[str, str]) -> None:
    """A readable listing: each story with two or more articles, then the partial copies."""
    members: defaultdict[str, list[ArticleReport]] = defaultdict(list)
    for report in result.reports:
        members[report.cluster].append(report)
    for cluster, reports in members.items():
        if len(reports) < 2:
            continue
        out.write(f"story {cluster}: {len(reports)} articles\n")
        for r in reports:
            share = (
                f"  jaccard {r.scores.jaccard:.2f}, {r.scores.containment_a_in_b:.0%} of it "
                "from the original"
                if r.scores
                else ""
            )
            out.write(f"  {r.relation:<9} {r.id:<32} {titles.get(r.id, '')[:60]}{share}\n")
    partials = [r for r in result.reports if r.relation == "partial"]
    if partials:
        out.write("partial copies (share passages, not the story):\n")
        for r in partials:
            stories = sorted({link.cluster for link in r.related})
            out.write(f"  {r.id:<32} shares passages with: {', '.join(stories)}\n")
