"""Text normalisation: one pure function, its steps switchable.

Steps, applied in this order (all on by default):

- ``nfkc``: Unicode NFKC, so that ligatures, full-width forms and no-break spaces
  become their plain forms.
- ``punctuation``: one form for quotes (" and '), dashes (-) and ellipses (...).
- ``debris``: drops page debris that scrapers bring along with an article: share
  and print buttons, bylines, photo credits and captions, tag lines, bare dates
  (see :mod:`wirecopy.debris`).
- ``casefold``: Unicode case folding ("Straße" and "STRASSE" match).
- ``whitespace``: every run of white space becomes one space; ends are trimmed.

>>> normalize("Share\\n“Quoted” — text")
'"quoted" - text'
>>> normalize("Share\\nText", steps=frozenset({"casefold"}))
'share\\ntext'
"""

import unicodedata

from wirecopy.debris import strip_debris

STEPS = ("nfkc", "punctuation", "debris", "casefold", "whitespace")
ALL_STEPS = frozenset(STEPS)

_PUNCTUATION = str.maketrans(
    {
        **dict.fromkeys("“”„‟«»″‶〝〞＂", '"'),
        **dict.fromkeys("‘’‚‛′‵‹›", "'"),
        **dict.fromkeys("‐‑‒–—―−﹘﹣－", "-"),
        "…": "...",
    }
)


def normalize(text: str, steps: frozenset[str] = ALL_STEPS) -> str:
    """Return `text` normalised by the chosen `steps` (see the module docstring)."""
    unknown = steps - ALL_STEPS
    if unknown:
        raise ValueError(f"unknown normalisation steps {sorted(unknown)}: choose from {STEPS}")
    ascii_only = text.isascii()
    if "nfkc" in steps and not ascii_only:
        text = unicodedata.normalize("NFKC", text)
    if "punctuation" in steps and not ascii_only:
        text = text.translate(_PUNCTUATION)
    if "debris" in steps:
        text = strip_debris(text)
    if "casefold" in steps:
        text = text.lower() if ascii_only else text.casefold()
    if "whitespace" in steps:
        text = " ".join(text.split())
    return text
