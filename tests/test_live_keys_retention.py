import pytest

from wirecopy.errors import InputError, ParameterError
from wirecopy.live.keys import Keyspace
from wirecopy.live.retention import Retention

DAY = 86400.0


def test_every_key_carries_the_namespace_hash_tag() -> None:
    keys = Keyspace("acme", "w5-p256-s1-xxh64w-b256r1")
    names = [
        keys.config(), keys.counter(3), keys.bucket(3, 255, 1023), keys.signatures(3, 7),
        keys.metadata(3, 7), keys.story_of(3, 7), keys.ids(3, "ap-1"), keys.story(9),
        keys.story_sequence(), keys.story_redirects(),
    ]  # fmt: skip
    assert all(name.startswith("{wc:acme:w5-p256-s1-xxh64w-b256r1}:") for name in names)
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("tenant", ["", "a b", "x" * 65, "{tag}", "a:b"])
def test_a_tenant_that_cannot_name_a_key_is_refused(tenant: str) -> None:
    with pytest.raises(InputError, match="letters, digits"):
        Keyspace(tenant, "w5")


def test_without_a_window_everything_lives_in_slice_zero_forever() -> None:
    keep = Retention()
    assert keep.slice_for_article(0.0, 1e9, "a") == 0
    assert keep.expires_at(0) is None
    assert keep.live_slices(1e9) == [0]


def test_a_slice_expires_between_one_window_and_a_window_and_a_quarter_after_it() -> None:
    week = Retention(window_seconds=8 * DAY)
    for published in (0.0, 1.9 * DAY, 2.0 * DAY, 123.4 * DAY):
        expires = week.expires_at(week.slice_of(published))
        assert expires is not None
        assert published + 8 * DAY < expires <= published + 10 * DAY


def test_live_slices_cover_the_window() -> None:
    week = Retention(window_seconds=8 * DAY)
    now = 100 * DAY
    live = week.live_slices(now)
    assert week.slice_of(now) == live[-1]
    assert week.slice_of(now - 8 * DAY) == live[0]


def test_a_future_date_lives_in_the_current_slice_and_a_stale_one_is_refused() -> None:
    week = Retention(window_seconds=8 * DAY)
    now = 100 * DAY
    assert week.slice_for_article(now + 30 * DAY, now, "a") == week.slice_of(now)
    with pytest.raises(InputError, match="outside the retention window"):
        week.slice_for_article(now - 9 * DAY, now, "a")


def test_a_window_under_an_hour_is_refused() -> None:
    with pytest.raises(ParameterError, match="at least one hour"):
        Retention(window_seconds=60)
