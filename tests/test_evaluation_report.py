from wirecopy.evaluation.report import floor_lines, table


def test_table_aligns_numbers_right_and_text_left() -> None:
    lines = table(["name", "n", "share"], [["a", 3, 0.5], ["long name", 12, None]], "  ")
    assert lines == [
        "  name        n  share",
        "  a           3  0.500",
        "  long name  12      -",
    ]


def test_floor_lines_say_which_floor_is_missed() -> None:
    assert floor_lines([("x", True), ("y", False)]) == ["floors:", "  met      x", "  NOT met  y"]
