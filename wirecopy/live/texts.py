"""Article texts as the live index stores them: UTF-8, compressed with zlib.

Kept so that two stored articles can be compared passage by passage by id. News text
compresses to about 40% of its size; lone surrogates survive the round trip.

>>> unpack_text(pack_text("Dockers walk out. Ça commence.")) == "Dockers walk out. Ça commence."
True
"""

import zlib

LEVEL = 6
"""zlib's default: level 9 saves about 1% more for twice the time."""


def pack_text(text: str) -> bytes:
    """The bytes stored for `text`."""
    return zlib.compress(text.encode("utf-8", "surrogatepass"), LEVEL)


def unpack_text(packed: bytes) -> str:
    """The text `pack_text` stored."""
    return zlib.decompress(packed).decode("utf-8", "surrogatepass")
