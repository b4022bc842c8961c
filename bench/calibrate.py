"""Calibrate the relation thresholds on labelled corpora (never on the seeds).

    python bench/calibrate.py ../shared/data

Labels used:
- derived or not (partial threshold): Clough & Stevenson's `derived` over its 475
  answer/source pairs. Its negatives include answers written independently on the
  same topic, as same-event news is; PAN 2013's negatives are documents on unrelated
  topics, which share no stock phrase, so PAN would pull the threshold down to a single
  shared shingle (0.002): its figure is reported, not fitted.
- rewrite or not (rewrite threshold): Clough & Stevenson's categories, which match
  ours: a `cut` or `light` answer keeps the source's sentences, copied or lightly
  revised, as an outlet keeps wire copy (rewrite); a `heavy` answer rewords them
  (derived, but the copy is no longer kept: partial); `non` answers and other
  tasks are not derived. PAN's passages are embedded in longer unrelated text, so
  they say nothing of whole-story rewrites and stay out of this label.

Scores are exact (the shingle sets are kept, as `wirecopy dedup` does). Each threshold
is the containment that maximises F1 on its labels.
"""

import argparse
import gzip
import json
from pathlib import Path

import numpy as np

from wirecopy.fingerprint import fingerprint_texts
from wirecopy.params import FingerprintParams
from wirecopy.scoring import score_pairs


def load_pairs(data: Path) -> tuple[dict[str, str], list[tuple[str, str, bool, bool]], int]:
    """Texts by id, (a, b, derived, rewrite) for every labelled pair, and how many
    of the pairs (the first ones) come from Clough & Stevenson."""
    texts: dict[str, str] = {}
    pairs: list[tuple[str, str, bool, bool]] = []
    cs = data / "clough_stevenson"
    for line in (cs / "clough_stevenson_documents.jsonl").open():
        row = json.loads(line)
        texts[row["id"]] = row["text"]
    for line in (cs / "clough_stevenson_pairs.jsonl").open():
        row = json.loads(line)
        rewrite = row["category"] in ("cut", "light")
        pairs.append((row["answer_id"], row["source_id"], row["derived"], rewrite))
    cs_pairs = len(pairs)
    pan = data / "pan13"
    with gzip.open(pan / "pan13_documents.jsonl.gz", "rt") as f:
        for line in f:
            row = json.loads(line)
            texts[row["id"]] = row["text"]
    for line in (pan / "pan13_pairs.jsonl").open():
        row = json.loads(line)
        derived = row["label"] not in ("no-plagiarism", "unannotated")
        pairs.append((row["susp_id"], row["src_id"], derived, False))
    return texts, pairs, cs_pairs


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """The threshold with the best F1, and that F1."""
    best = (0.0, 0.0)
    for t in np.unique(np.round(scores, 3)):
        if t > 0:
            best = max(best, (_f1(scores >= t, labels), float(t)))
    return best[1], best[0]


def _f1(predicted: np.ndarray, truth: np.ndarray) -> float:
    return float(2 * (predicted & truth).sum() / (predicted.sum() + truth.sum()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="the folder holding clough_stevenson/ and pan13/")
    args = parser.parse_args()
    texts, pairs, cs_pairs = load_pairs(args.data)
    ids = list(texts)
    row = {doc_id: i for i, doc_id in enumerate(ids)}
    left = np.array([row[a] for a, _, _, _ in pairs])
    right = np.array([row[b] for _, b, _, _ in pairs])
    derived = np.array([p[2] for p in pairs])
    rewrite = np.array([p[3] for p in pairs])
    params = FingerprintParams()
    batch = fingerprint_texts([texts[i] for i in ids], params, processes=None, keep_shingles=True)
    _, in_right, in_left = score_pairs(batch, left, right)
    containment = np.maximum(in_right, in_left)
    cs, pan = slice(0, cs_pairs), slice(cs_pairs, None)
    partial, partial_f1 = best_threshold(containment[cs], derived[cs])
    rewrite_t, rewrite_f1 = best_threshold(containment[cs], rewrite[cs])
    pan_f1 = _f1(containment[pan] >= partial, derived[pan])
    print(f"params {params.id}, exact scores, {len(pairs)} pairs")
    print(
        f"partial_containment = {partial:.3f}  (derived-or-not F1 {partial_f1:.3f}; "
        f"on PAN documents, not fitted: {pan_f1:.3f})"
    )
    print(f"rewrite_containment = {rewrite_t:.3f}  (rewrite-or-not F1 {rewrite_f1:.3f})")


if __name__ == "__main__":
    main()
