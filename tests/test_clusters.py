import itertools
from datetime import UTC, datetime

from wirecopy.clusters import component_sizes, originals, stories


def test_components_are_independent_of_edge_order() -> None:
    edges = [(0, 1), (3, 4), (1, 2), (5, 4)]
    expected = [0, 0, 0, 3, 3, 3, 6]
    for order in itertools.permutations(edges):
        assert stories(order, 7) == expected


def test_original_is_earliest_then_first_in_input() -> None:
    t = [datetime(2026, 1, 5, h, tzinfo=UTC) for h in range(24)]
    members = [0, 0, 0, 3, 3]
    published = [t[9], t[8], None, None, None]
    assert originals(members, published) == [1, 1, 1, 3, 3]
    assert originals([0, 0], [t[8], t[8]]) == [0, 0]


def test_sizes() -> None:
    assert component_sizes([0, 0, 2]) == {0: 2, 2: 1}
