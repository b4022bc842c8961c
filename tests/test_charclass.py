from wirecopy.charclass import ALONE, SEPARATOR, WORD, tables
from wirecopy.tokens import tokenize


def test_classes_match_the_python_tokenizer() -> None:
    classes, _ = tables()
    for char in "aZ9éßж":
        assert classes[ord(char)] == WORD
        assert tokenize(char) == [char.encode()]
    for char in " -_.,“’\u00a0":
        assert classes[ord(char)] == SEPARATOR
        assert tokenize(char) == []
    for char in "古ภカ":
        assert classes[ord(char)] == ALONE


def test_folds_are_str_casefold() -> None:
    _, folds = tables()
    for char in "AÉßİΣǅ":
        assert "".join(chr(c) for c in folds[ord(char)] if c) == char.casefold()
