"""`wirecopy watch` and `wirecopy deliver` on a real Redis, with a real receiver."""

from dataclasses import replace
from pathlib import Path

import pytest
import redis
from conftest import TEST_REDIS_URL
from receiver import Receiver
from test_alerts_delivery import queue_alert

from wirecopy.alerts.dead import DeadLetters, Delivery
from wirecopy.alerts.settings import AlertSettings
from wirecopy.alerts.watches import WatchStore
from wirecopy.cli import main
from wirecopy.live.alert_keys import AlertKeys

README = (Path(__file__).parent.parent / "README.md").read_text()


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, alert_keys: AlertKeys, tenant: str):  # type: ignore[no-untyped-def]
    """Run `wirecopy ARGS --redis TEST --tenant TENANT` in the test's alert namespace."""
    monkeypatch.setenv("WIRECOPY_ALERT_NAMESPACE", alert_keys.namespace)
    monkeypatch.setenv("WIRECOPY_WEBHOOK_ALLOW", "127.0.0.1")
    monkeypatch.setenv("WIRECOPY_WEBHOOK_BACKOFF", "0.01")

    def run(*args: str) -> int:
        return main(["watch", *args, "--redis", TEST_REDIS_URL, "--tenant", tenant])

    return run


def test_watch_add_list_and_delete(cli, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert cli("add", "http://127.0.0.1:9/h", "--source", "AP", "--ignore-source", "AP site") == 0
    made = capsys.readouterr().out
    watch_id = made.split()[1]
    assert "webhook secret (shown once" in made
    assert "whsec_" in made
    assert cli("list") == 0
    listed = capsys.readouterr().out
    assert watch_id in listed
    assert "watching: AP  ignoring: AP site" in listed
    assert cli("delete", watch_id) == 0
    assert cli("delete", watch_id) == 2
    err = capsys.readouterr().err
    assert err.startswith("wirecopy: error: no watch")
    assert err.count("\n") == 1


def test_a_private_webhook_is_refused_in_one_line_with_status_2(
    cli, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    assert cli("add", "http://192.168.1.1/hook") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "private address" in err
    assert "WIRECOPY_WEBHOOK_ALLOW" in err


def test_dead_letters_are_listed_and_replayed_then_delivered(
    cli, capsys: pytest.CaptureFixture[str], redis_client: redis.Redis, tenant: str,
    alert_keys: AlertKeys,
) -> None:  # type: ignore[no-untyped-def]  # fmt: skip
    dead = DeadLetters(redis_client, alert_keys)
    with Receiver() as receiver:
        allow = AlertSettings(webhook_allow=("127.0.0.1",))
        made = WatchStore(redis_client, allow, alert_keys).create(tenant, receiver.url)
        alert_id = queue_alert(redis_client, alert_keys, tenant, made)
        (message,) = redis_client.xrange(alert_keys.outbox)  # type: ignore[misc]
        redis_client.delete(alert_keys.outbox)  # as if every attempt had failed:
        given_up = replace(Delivery.of_message(message[1]), attempts=8, last_error="HTTP 500")
        pipe = redis_client.pipeline()
        dead.park(pipe, given_up)
        pipe.execute()
        assert cli("dead") == 0
        (line,) = capsys.readouterr().out.splitlines()
        assert f"alert {alert_id}" in line
        assert "8 attempts" in line
        assert line.endswith(": HTTP 500")
        dead_id = line.split()[0]
        assert cli("replay", dead_id) == 0
        assert cli("replay", dead_id) == 2
        deliver = ["deliver", "--redis", TEST_REDIS_URL]
        assert main([*deliver, "--check"]) == 1  # no deliverer running
        assert main([*deliver, "--until-idle"]) == 0
        redis_client.set(alert_keys.heartbeat("probe"), 1, ex=60)  # one beats
        assert main([*deliver, "--check"]) == 0
        assert main([*deliver, "--check", "--name", "other"]) == 1
        (got,) = receiver.requests
    assert got.headers["Wirecopy-Event-Id"] == alert_id
    assert dead.list(tenant) == []


@pytest.mark.parametrize("command", [["watch"], ["watch", "add"], ["deliver"]])
def test_the_commands_have_help_and_the_readme_shows_them(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: wirecopy" in capsys.readouterr().out
    assert f"wirecopy {' '.join(command)}" in README
