"""The one object that fixes how a text becomes a signature.

Every setting that changes a signature lives here, and its `id` travels with every
signature, so signatures made with other settings are never compared (the habit of
datatrove's MinhashConfig).

>>> p = FingerprintParams()
>>> p.id
'w5-p256-s1-xxh64w-b256r1'
"""

from dataclasses import dataclass

from wirecopy.errors import ParameterError, ParameterMismatchError

SHINGLE_HASH = "xxh64w"
"""XXH64 of each word, folded over the shingle's words with XXH64 rounds, top 32 bits."""


@dataclass(frozen=True)
class FingerprintParams:
    """Shingle size, MinHash size and seed, shingle hash, and LSH banding.

    `bands * rows` may be less than `num_perm`: the surplus permutations still sharpen
    the similarity estimate, they just do not index.
    """

    shingle_size: int = 5
    num_perm: int = 256
    seed: int = 1
    shingle_hash: str = SHINGLE_HASH
    bands: int = 256
    rows: int = 1

    def __post_init__(self) -> None:
        if not 1 <= self.shingle_size <= 16:
            raise ParameterError(
                f"shingle_size is {self.shingle_size}: use 1 to 16 words (5 suits news rewrites)"
            )
        if not 16 <= self.num_perm <= 1024:
            raise ParameterError(f"num_perm is {self.num_perm}: use 16 to 1024 permutations")
        if self.bands < 1 or self.rows < 1 or self.bands * self.rows > self.num_perm:
            raise ParameterError(
                f"bands x rows = {self.bands} x {self.rows} needs {self.bands * self.rows} "
                f"permutations but num_perm is {self.num_perm}: lower bands or rows"
            )
        if self.shingle_hash != SHINGLE_HASH:
            raise ParameterError(
                f"shingle_hash {self.shingle_hash!r} is unknown: the only one is {SHINGLE_HASH!r}"
            )
        if not 0 <= self.seed < 2**32:
            raise ParameterError(f"seed is {self.seed}: use a whole number from 0 to 2**32 - 1")

    @property
    def id(self) -> str:
        """A short string naming these settings; part of every stored signature's key."""
        return (
            f"w{self.shingle_size}-p{self.num_perm}-s{self.seed}-{self.shingle_hash}"
            f"-b{self.bands}r{self.rows}"
        )

    def require_same(self, other_id: str) -> None:
        """Raise ParameterMismatchError unless `other_id` names these very settings."""
        if other_id != self.id:
            raise ParameterMismatchError(
                f"signature made with parameters {other_id!r} cannot be compared with "
                f"{self.id!r}: fingerprint both texts with the same FingerprintParams"
            )
