"""`wirecopy compare A B`: files or stored ids, readable or JSON, one-line errors."""

import json
from pathlib import Path

import pytest
import redis
from conftest import TEST_REDIS_URL
from factories import make_article, rewrite

from wirecopy.cli import main
from wirecopy.live import LiveIndex, Settings


def write(folder: Path, name: str, text: str) -> str:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_two_files_print_scores_and_each_passage(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wire = make_article()
    copy = rewrite(wire, "light", seed=1)
    a, b = write(tmp_path, "a.txt", wire.text), write(tmp_path, "b.txt", copy.text)
    assert main(["compare", a, b]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("jaccard ")
    assert out[0].endswith(": rewrite")
    assert "shared passages cover" in out[1]
    assert out[2].startswith("  1. A ")
    assert out[3].startswith("     A: ")
    assert out[4].startswith("     B: ")


def test_json_offsets_slice_the_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wire = make_article()
    copy = rewrite(wire, "verbatim", seed=1)
    a, b = write(tmp_path, "a.txt", wire.text), write(tmp_path, "b.txt", copy.text)
    assert main(["compare", a, b, "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert (record["a"], record["b"], record["relation"]) == (a, b, "rewrite")
    for p in record["passages"]:
        assert (
            wire.text[p["a_start"] : p["a_end"]].split()[:5]
            == copy.text[p["b_start"] : p["b_end"]].split()[:5]
        )


def test_stored_ids_are_compared_from_the_live_index(
    redis_client: redis.Redis, tenant: str, capsys: pytest.CaptureFixture[str]
) -> None:
    wire = make_article()
    copy = rewrite(wire, "light", seed=2)
    LiveIndex(redis_client, tenant).add([wire, copy])
    args = ["compare", wire.id, copy.id, "--redis", TEST_REDIS_URL, "--tenant", tenant, "--json"]
    assert main(args) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["relation"] == "rewrite"
    assert record["coverage_a"] > 0.8


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "is not a file: give a text file, or pass --redis"),
        ("empty", "holds no text"),
        ("latin1", "is not UTF-8 text"),
        ("unknown id", "no text for id 'ghost' in the live index"),
        ("no text kept", "an index made with keep_text off keeps none"),
    ],
)
def test_bad_input_is_one_line_and_status_2(
    tmp_path: Path,
    redis_client: redis.Redis,
    tenant: str,
    capsys: pytest.CaptureFixture[str],
    setup: str,
    message: str,
) -> None:
    good = write(tmp_path, "good.txt", make_article().text)
    live = ["--redis", TEST_REDIS_URL, "--tenant", tenant]
    if setup == "missing":
        args = [good, str(tmp_path / "nowhere.txt")]
    elif setup == "empty":
        args = [good, write(tmp_path, "empty.txt", "  \n")]
    elif setup == "latin1":
        (tmp_path / "latin1.txt").write_bytes("Cuba said café".encode("latin-1"))
        args = [good, str(tmp_path / "latin1.txt")]
    elif setup == "unknown id":
        args = [good, "ghost", *live]
    else:
        article = make_article()
        LiveIndex(redis_client, tenant, settings=Settings(keep_text=False)).add([article])
        args = [good, article.id, *live]
    assert main(["compare", *args]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("wirecopy: error:")
    assert message in err
