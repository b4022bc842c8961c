"""Webhook URLs: public http(s) only, unless the allow-list names the host or network."""

import re

import pytest

from wirecopy.alerts.urls import UnsafeURLError, check_url


def fixed(*addresses: str):  # type: ignore[no-untyped-def]
    """A resolver that answers every name with `addresses` (DNS we control)."""
    return lambda host, port: list(addresses)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://127.0.0.1:8080/hook", "loopback"),
        ("http://[::1]/hook", "loopback"),
        ("http://10.0.0.7/hook", "private"),
        ("http://192.168.1.20/hook", "private"),
        ("http://172.16.4.4/hook", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local or cloud metadata"),
        ("http://[fe80::1]/hook", "link-local"),
        ("http://224.0.0.251/hook", "multicast"),
        ("http://0.0.0.0/hook", "unspecified"),
        ("http://100.100.100.200/hook", "not a public address"),
        ("http://[::ffff:10.0.0.1]/hook", "private"),
        ("ftp://hooks.example/x", "not http(s)"),
        ("javascript:alert(1)", "not http(s)"),
        ("http:///no-host", "not http(s)"),
        ("http://hooks.example:99999/x", "malformed"),
    ],
)
def test_non_public_or_odd_urls_are_refused_saying_why(url: str, says: str) -> None:
    with pytest.raises(UnsafeURLError, match=re.escape(says)) as refused:
        check_url(url, allow=())  # address literals resolve to themselves, without DNS
    assert "WIRECOPY_WEBHOOK_ALLOW" in str(refused.value) or "http(s)" in str(refused.value)


def test_a_name_that_resolves_to_a_private_address_is_refused() -> None:
    with pytest.raises(UnsafeURLError, match=r"hooks.example is a private address \(10.9.8.7\)"):
        check_url("https://hooks.example/x", allow=(), resolve=fixed("93.184.215.14", "10.9.8.7"))


def test_the_allow_list_names_hosts_or_networks() -> None:
    by_network = check_url("http://127.0.0.1:9000/h", allow=("127.0.0.0/8",))
    assert by_network.connect_url == "http://127.0.0.1:9000/h"
    by_name = check_url("http://hooks.internal/h", ("hooks.internal",), fixed("10.1.1.1"))
    assert by_name.address == "10.1.1.1"
    with pytest.raises(UnsafeURLError):
        check_url("http://other.internal/h", ("hooks.internal",), fixed("10.1.1.1"))


def test_delivery_goes_to_the_address_checked_with_the_host_named() -> None:
    target = check_url("https://hooks.example:8443/in?x=1", (), fixed("93.184.215.14"))
    assert target.connect_url == "https://93.184.215.14:8443/in?x=1"
    assert target.host_header == "hooks.example:8443"
    six = check_url("http://hooks.example/in", (), fixed("2606:2800:220:1::1"))
    assert six.connect_url == "http://[2606:2800:220:1::1]:80/in"
    assert six.host_header == "hooks.example"


def test_unresolvable_and_overlong_urls_are_refused() -> None:
    with pytest.raises(UnsafeURLError, match="does not resolve"):
        check_url("http://no-such-host.invalid/h", allow=())
    with pytest.raises(UnsafeURLError, match="over 2,000"):
        check_url("http://hooks.example/" + "x" * 2_000, allow=())
