"""Webhook URLs wirecopy may call: http(s) to public addresses, or ones the allow-list names.

A URL is checked when its watch is made and again before each delivery: its host is
resolved, and every address it resolves to must be public (not loopback, private,
link-local, multicast, reserved, unspecified, shared or a cloud metadata address),
unless the allow-list names the host or a network holding the address. The delivery
then connects to the address that was checked, so a DNS answer that changes between
the check and the connection cannot point it elsewhere.

>>> check_url("http://127.0.0.1:8080/hook", allow=("127.0.0.0/8",)).connect_url
'http://127.0.0.1:8080/hook'
>>> try:
...     check_url("http://10.1.2.3/hook", allow=())
... except UnsafeURLError as error:
...     print(str(error).split(":")[0])
webhook host 10.1.2.3 is a private address (10.1.2.3)
"""

import ipaddress
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from wirecopy.errors import InputError

Resolver = Callable[[str, int], list[str]]
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
FIX = "use a public http(s) address, or name the host in WIRECOPY_WEBHOOK_ALLOW"


class UnsafeURLError(InputError):
    """A webhook URL that is malformed, not http(s), or reaches a non-public address."""


@dataclass(frozen=True)
class Target:
    """A checked webhook URL and the address to connect to."""

    url: str
    scheme: str
    host: str
    port: int
    address: str

    @property
    def connect_url(self) -> str:
        """The URL with its host replaced by the checked address (send `Host: host`)."""
        parts = urlsplit(self.url)
        literal = f"[{self.address}]" if ":" in self.address else self.address
        return urlunsplit((self.scheme, f"{literal}:{self.port}", parts.path or "/",
                           parts.query, ""))  # fmt: skip

    @property
    def host_header(self) -> str:
        default = {"http": 80, "https": 443}[self.scheme]
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == default else f"{host}:{self.port}"


def resolve_host(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (an address literal resolves to itself)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def check_url(
    url: str, allow: Sequence[str], resolve: Resolver = resolve_host, max_chars: int = 2_000
) -> Target:
    """The target of `url` if a webhook may call it, else UnsafeURLError saying why."""
    if len(url) > max_chars:
        raise UnsafeURLError(f"webhook URL has {len(url):,} characters, over {max_chars:,}: "
                             "use a shorter URL")  # fmt: skip
    try:
        parts = urlsplit(url)
        scheme, host, port = parts.scheme.lower(), parts.hostname, parts.port
    except ValueError as error:
        raise UnsafeURLError(f"webhook URL {url[:80]!r} is malformed ({error}): {FIX}") from None
    if scheme not in ("http", "https") or not host:
        raise UnsafeURLError(f"webhook URL {url[:80]!r} is not http(s)://host/...: {FIX}")
    port = port or (443 if scheme == "https" else 80)
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError) as error:
        raise UnsafeURLError(f"webhook host {host} does not resolve ({error}): check the "
                             "name, or use an address") from None  # fmt: skip
    if not addresses:
        raise UnsafeURLError(f"webhook host {host} resolves to no address: check the name")
    named = host.lower() in {entry.lower() for entry in allow}
    networks = _networks(allow)
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        why = None if named or any(ip in net for net in networks) else _not_public(ip)
        if why:
            raise UnsafeURLError(f"webhook host {host} is {why} ({address}): {FIX}")
    return Target(url, scheme, host, port, addresses[0])


def _networks(allow: Sequence[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for entry in allow:
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:  # a host name
            continue
    return networks


def _not_public(ip: IPAddress) -> str | None:
    """Why a webhook may not reach `ip` (None if it may)."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    checks = [
        (ip.is_loopback, "a loopback address"),
        (ip.is_unspecified, "the unspecified address"),
        (ip.is_link_local, "a link-local or cloud metadata address"),
        (ip.is_multicast, "a multicast address"),
        (ip.is_private, "a private address"),
        (ip.is_reserved, "a reserved address"),
        (not ip.is_global, "not a public address"),
    ]
    return next((why for failed, why in checks if failed), None)
