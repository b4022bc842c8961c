"""The compare page in a real browser: Debian's headless chromium renders it, and every
highlight sits where the passage's offsets say, in matching colours on both sides.

`.ci/run` installs chromium; without it this test fails (it does not skip)."""

import shutil
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
import redis
import uvicorn
from factories import make_article, rewrite

from service.app import create_app
from service.compare_page import render_page
from service.settings import ServiceSettings, new_key
from wirecopy.comparison import compare
from wirecopy.live import LiveIndex
from workers.stream import StreamNames

CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--dump-dom",
]  # fmt: skip


class Sides(HTMLParser):
    """Each article column's text as the browser holds it, and its marks' positions."""

    def __init__(self) -> None:
        super().__init__()
        self.text: dict[str, str] = {"text-a": "", "text-b": ""}
        self.marks: dict[str, list[dict[str, str | int]]] = {"text-a": [], "text-b": []}
        self.inside: str | None = None
        self.mark: dict[str, str | int] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "article":
            self.inside = found.get("id")
        elif tag == "mark" and self.inside:
            self.mark = {**found, "at": len(self.text[self.inside])}

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self.inside = None
        elif tag == "mark" and self.inside and self.mark is not None:
            self.mark["until"] = len(self.text[self.inside])
            self.marks[self.inside].append(self.mark)
            self.mark = None

    def handle_data(self, data: str) -> None:
        if self.inside:
            self.text[self.inside] += data


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def served(redis_client: redis.Redis, tenant: str) -> Iterator[tuple[str, str]]:
    """The API on a free loopback port, in a thread; yields its base URL and a key."""
    key, line = new_key(tenant)
    tenant_name, digest = line.split(":")
    app = create_app(
        ServiceSettings(keys={digest: tenant_name}),
        redis_client,
        StreamNames(f"test-{uuid.uuid4().hex[:12]}:ingest"),
    )
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{port}", key
    finally:
        server.should_exit = True
        thread.join()


def dump_dom(url: str, profile: Path) -> str:
    browser = shutil.which("chromium")
    assert browser, "chromium is missing: apt-get install -y chromium (as .ci/run does)"
    done = subprocess.run(
        [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", url],
        capture_output=True, text=True, timeout=90, check=True,
    )  # fmt: skip
    return done.stdout


def test_the_browser_shows_each_passage_where_its_offsets_say(
    served: tuple[str, str], redis_client: redis.Redis, tenant: str, tmp_path: Path
) -> None:
    base, key = served
    wire = make_article(title="Crane <strike> & dockers")  # markup in text is escaped
    wire = type(wire)(wire.id, wire.text.replace("\r", "") + "\n\n<b>not bold</b> & done.")
    copy = rewrite(wire, "quotes_only", seed=5)
    LiveIndex(redis_client, tenant).add([wire, copy])
    found = compare(wire.text, copy.text)
    assert found.alignment.passages

    page = Sides()
    page.feed(dump_dom(f"{base}/compare?a={wire.id}&b={copy.id}&key={key}", tmp_path))
    assert page.text["text-a"] == wire.text  # the whole text, escaped and shown as it is
    assert page.text["text-b"] == copy.text
    for side, text, spans in (
        ("text-a", wire.text, [(p.a_start, p.a_end) for p in found.alignment.passages]),
        ("text-b", copy.text, [(p.b_start, p.b_end) for p in found.alignment.passages]),
    ):
        marks = page.marks[side]
        assert [(m["at"], m["until"]) for m in marks] == sorted(spans)  # in text order
        for m in marks:
            assert (int(str(m["data-start"])), int(str(m["data-end"]))) == (m["at"], m["until"])
            assert text[int(m["at"]) : int(m["until"])]  # non-empty, inside the text
    colours = {
        side: {str(m["data-passage"]): m["class"] for m in page.marks[side]} for side in page.marks
    }
    assert colours["text-a"] == colours["text-b"]  # a passage's two spans share a colour


def test_the_page_escapes_markup_in_ids_and_texts() -> None:
    text = "<script>alert(1)</script> Dockers & cranes"
    html = render_page("<a>", "b", text, text, compare(text, text))
    assert "<script>" not in html
    assert "alert(1)&lt;/script&gt;" in html
    assert "<a>" not in html.split("<body>", 1)[1]
