"""`wirecopy index create` and `show`: an index made with chosen settings keeps them."""

import pytest
import redis
from conftest import TEST_REDIS_URL
from factories import make_article

from wirecopy.cli import main
from wirecopy.live import LiveIndex, Retention, Settings


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["index", *args, "--redis", TEST_REDIS_URL])
    out, err = capsys.readouterr()
    return status, out, err


def test_created_settings_are_the_ones_workers_then_open(
    redis_client: redis.Redis, tenant: str, capsys: pytest.CaptureFixture[str]
) -> None:
    made = ["create", "--tenant", tenant, "--retention-days", "30", "--group-bits", "9"]
    status, out, _ = run(capsys, *made, "--no-text")
    assert status == 0
    assert "retention:     30 days" in out
    assert "texts kept:    no" in out

    opened = LiveIndex(redis_client, tenant)  # as a worker opens it: no settings given
    assert opened.settings == Settings(
        group_bits=9, retention=Retention(30 * 86_400), keep_text=False
    )
    opened.add([make_article()])
    status, shown, _ = run(capsys, "show", "--tenant", tenant)
    assert status == 0
    assert shown == out


def test_creating_again_with_the_same_settings_changes_nothing(
    tenant: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "create", "--tenant", tenant, "--indexed-bands", "192")[0] == 0
    status, out, _ = run(capsys, "create", "--tenant", tenant, "--indexed-bands", "192")
    assert status == 0
    assert "bands indexed: 192" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--group-bits", "9"], "was created with"),
        (["--group-bits", "20"], "group_bits is 20: use 8 to 14"),
        (["--retention-days", "0.001"], "use at least one hour"),
        (["--indexed-bands", "1"], "indexed bands is 1: use 2 to 256"),
    ],
)
def test_settings_it_cannot_take_are_refused_with_what_to_do(
    tenant: str, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert run(capsys, "create", "--tenant", tenant)[0] == 0  # the defaults
    status, out, err = run(capsys, "create", "--tenant", tenant, *args)
    assert status == 2
    assert out == ""
    assert message in err


def test_show_of_an_index_never_made_says_how_to_make_one(
    redis_client: redis.Redis, tenant: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "show", "--tenant", tenant)
    assert status == 2
    assert out == ""
    assert f"wirecopy index create --tenant {tenant}" in err
    assert not list(redis_client.scan_iter(match=f"*{tenant}*"))  # show made nothing
