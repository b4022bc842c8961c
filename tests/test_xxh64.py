import numpy as np
import pytest
import xxhash
from hypothesis import given
from hypothesis import strategies as st

from wirecopy.xxh64 import xxh64


@pytest.mark.parametrize("length", [*range(0, 70), 100, 1000])
def test_equal_to_the_xxhash_library_at_every_length(length: int) -> None:
    data = bytes((7 * i + 3) % 256 for i in range(length))
    padded = np.frombuffer(b"ab" + data + b"cd", np.uint8)
    assert int(xxh64(padded, 2, length)) == xxhash.xxh64_intdigest(data)
    assert int(xxh64(padded, 2, length, 99)) == xxhash.xxh64_intdigest(data, seed=99)


@given(st.binary(max_size=300))
def test_equal_on_arbitrary_bytes(data: bytes) -> None:
    assert int(xxh64(np.frombuffer(data, np.uint8), 0, len(data))) == xxhash.xxh64_intdigest(data)
