import pytest

from wirecopy.errors import ParameterError, ParameterMismatchError
from wirecopy.params import FingerprintParams


def test_id_names_every_setting_that_changes_a_signature() -> None:
    base = FingerprintParams()
    others = [
        FingerprintParams(shingle_size=3),
        FingerprintParams(num_perm=128, bands=128),
        FingerprintParams(seed=7),
        FingerprintParams(bands=128, rows=2),
    ]
    assert len({base.id, *(p.id for p in others)}) == 5


def test_params_are_frozen() -> None:
    with pytest.raises(AttributeError):
        FingerprintParams().num_perm = 64  # type: ignore[misc]


@pytest.mark.parametrize(
    ("kwargs", "hint"),
    [
        ({"shingle_size": 0}, "use 1 to 16 words"),
        ({"num_perm": 8, "bands": 8}, "use 16 to 1024"),
        ({"bands": 200, "rows": 2}, "lower bands or rows"),
        ({"shingle_hash": "md5"}, "the only one is"),
        ({"seed": -1}, "whole number"),
    ],
)
def test_bad_settings_say_how_to_fix_them(kwargs: dict[str, object], hint: str) -> None:
    with pytest.raises(ParameterError, match=hint):
        FingerprintParams(**kwargs)  # type: ignore[arg-type]


def test_signatures_of_other_settings_are_refused() -> None:
    params = FingerprintParams()
    params.require_same(params.id)
    with pytest.raises(ParameterMismatchError, match="same FingerprintParams"):
        params.require_same(FingerprintParams(seed=2).id)
