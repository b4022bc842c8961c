"""Every error wirecopy raises on purpose, with a message that says how to fix the input.

    WirecopyError                 root: catch this to catch them all
    ├── InputError                an article or a file the user gave us is unusable
    │   ├── EmptyTextError        nothing left to fingerprint after normalisation
    │   └── InputFormatError      unknown format, unreadable file, missing column
    └── ParameterError            fingerprint parameters that do not fit together,
        └── ParameterMismatchError  or signatures made with other parameters

The command line turns any WirecopyError into a one-line message and exit status 2;
the HTTP API (later) maps InputError to 4xx problem details in one place.
"""


class WirecopyError(Exception):
    """Root of every error wirecopy raises on purpose."""


class InputError(WirecopyError):
    """An article or a file given to wirecopy cannot be used as it is."""


class EmptyTextError(InputError):
    """The text holds no words to fingerprint (empty, whitespace, or only page debris)."""


class InputFormatError(InputError):
    """An input file is missing, empty, of an unknown format, or lacks a required field."""


class ParameterError(WirecopyError):
    """Fingerprint parameters that cannot work together."""


class ParameterMismatchError(ParameterError):
    """Two signatures made with different parameters were about to be compared."""
