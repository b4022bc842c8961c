"""PAN's character measures on small hand-made cases, each worked out by hand."""

import pytest

from wirecopy.evaluation.plagdet import PanScores, Span, pan_scores

CASE = Span("p", 100, 200, 0, 100)  # 100 characters in each document: |s| = 200


def test_an_exact_detection_scores_one() -> None:
    assert pan_scores([CASE], [CASE]) == PanScores(1.0, 1.0, 1.0, 1.0, 1, 1)


def test_half_a_case_found_exactly() -> None:
    # r = [100,150) x [0,50): |r| = 100, all of it in s -> precision 1; recall 100/200
    found = pan_scores([CASE], [Span("p", 100, 150, 0, 50)])
    assert (found.precision, found.recall, found.granularity) == (1.0, 0.5, 1.0)
    assert found.plagdet == pytest.approx(2 * 0.5 / 1.5, abs=1e-4)  # F1 / log2(2)


def test_a_detection_twice_too_long() -> None:
    # r = [100,300) x [0,200): |r| = 400, of which 200 in s -> precision 0.5, recall 1
    found = pan_scores([CASE], [Span("p", 100, 300, 0, 200)])
    assert (found.precision, found.recall) == (0.5, 1.0)
    assert found.plagdet == pytest.approx(0.6667, abs=1e-4)


def test_two_detections_of_one_case_pay_for_granularity() -> None:
    halves = [Span("p", 100, 150, 0, 50), Span("p", 150, 200, 50, 100)]
    found = pan_scores([CASE], halves)
    assert (found.precision, found.recall, found.granularity) == (1.0, 1.0, 2.0)
    assert found.plagdet == pytest.approx(1 / 1.58496, abs=1e-4)  # 1 / log2(3)


def test_overlap_in_one_document_only_is_no_detection() -> None:
    wrong_source = Span("p", 100, 200, 500, 600)
    found = pan_scores([CASE], [wrong_source])
    assert (found.precision, found.recall, found.granularity, found.plagdet) == (0, 0, 1, 0)


def test_another_pair_never_detects_the_case() -> None:
    assert pan_scores([CASE], [Span("q", 100, 200, 0, 100)]).recall == 0.0


def test_a_false_detection_elsewhere_halves_precision() -> None:
    found = pan_scores([CASE], [CASE, Span("p", 900, 1000, 900, 1000)])
    assert (found.precision, found.recall) == (0.5, 1.0)


def test_overlapping_detections_count_shared_characters_once() -> None:
    # two detections over [100,180) and [120,200) (same in the source): union covers s
    found = pan_scores([CASE], [Span("p", 100, 180, 0, 80), Span("p", 120, 200, 20, 100)])
    assert found.recall == 1.0
    assert found.granularity == 2.0


def test_nothing_detected_and_nothing_to_detect() -> None:
    assert pan_scores([CASE], []) == PanScores(0.0, 0.0, 1.0, 0.0, 1, 0)
    assert pan_scores([], []) == PanScores(0.0, 0.0, 1.0, 0.0, 0, 0)
