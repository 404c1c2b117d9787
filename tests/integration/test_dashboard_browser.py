"""The read-only dashboard at /dashboard: served with a strict content security policy, and rendered by a real
headless Chromium against a real uvicorn server holding the demo history.

What the page shows is checked against what the public GraphQL API answers for the same location, with the same
token, around the same moment: the page must show what any other client of the API would see. A screenshot of the
page is kept in ``tests/output/`` (see the test's output for its path) for a person to look at.

Without a Chromium the browser tests are skipped, unless ``RPLEDGER_REQUIRE_BROWSER`` is set (CI sets it once it has
installed one), in which case they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import matplotlib.image
import numpy as np
import pytest
import uvicorn

from rpledger.application.access import Role
from rpledger.bootstrap import Services, build_services, create_app
from rpledger.demo import load_demo
from rpledger.graphql.dashboard import CONTENT_SECURITY_POLICY
from rpledger.infrastructure.settings import Authentication, Database, Settings
from rpledger.infrastructure.tokens import mint_development_token
from tests.integration.conftest import Api

BROWSERS = ("chromium", "chromium-browser", "google-chrome")
REQUIRE_BROWSER = "RPLEDGER_REQUIRE_BROWSER"
SECRET = "dashboard-browser-test-secret-0123456789"  # the test server's HS256 key, so the test can mint tokens
LOCATION = "ward-oak"  # the demo's ward with overdue obligations and a blanket restriction on its register
WINDOW = (1280, 2400)
TIMEOUT = 120.0
HEADINGS = ["Overdue now", "Due in the next 12 hours", "Blanket restriction register", "Trends over the last 12 months"]
CHARTS = 5  # uses by practice, prone share, seclusion hours, time to debrief, overdue obligations
CHART_BLUE = (0x3B, 0x6E, 0x8F)  # the bars of the single-figure charts (dashboard.js SINGLE)

OVERDUE = """query($locationId: String!, $after: String) {
  cases(locationId: $locationId, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { personRef obligations { id ruleId status } }
  }
}"""
REGISTER = """query($locationId: String!) {
  blanketRestrictions(locationId: $locationId, first: 500) { nodes { description } }
}"""


def dashboard_token(locations: list[str]) -> str:
    """A manager's token for the demo's provider, signed with the test server's key."""
    return mint_development_token(
        SECRET, subject="demo:ward-oak:manager", name="Oak Ward manager", roles=[Role.MANAGER], provider="demo",
        locations=locations, now=datetime.now(UTC),
    )


# ------------------------------------------------------------------------------------------------ the browser


@pytest.fixture(scope="module")
def chromium() -> str:
    found = next((path for path in map(shutil.which, BROWSERS) if path), None)
    if found is not None:
        return found
    if os.environ.get(REQUIRE_BROWSER):
        pytest.fail(f"{REQUIRE_BROWSER} is set but none of {', '.join(BROWSERS)} is on the PATH")
    pytest.skip(f"no headless browser ({', '.join(BROWSERS)}) on the PATH")


def run_chromium(chromium: str, profile: Path, url: str, *output: str) -> str:
    """Chromium, headless, offline and with a throwaway profile; ``--virtual-time-budget`` lets the page's fetches
    and rendering finish before the DOM is dumped or the screenshot taken."""
    command = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--virtual-time-budget=15000", f"--window-size={WINDOW[0]},{WINDOW[1]}",
        *output, url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


# ------------------------------------------------------------------------------------------------ the server


@dataclass(frozen=True)
class DemoServer:
    url: str
    token: str

    def graphql(self, query: str, **variables: Any) -> dict[str, Any]:
        response = httpx.post(f"{self.url}/graphql", json={"query": query, "variables": variables},
                              headers={"Authorization": f"Bearer {self.token}"}, timeout=TIMEOUT)
        body: dict[str, Any] = response.json()
        assert response.status_code == 200 and "errors" not in body, body
        data: dict[str, Any] = body["data"]
        return data

    def overdue(self) -> dict[str, tuple[str, str]]:
        """Every overdue obligation of the cases open at LOCATION now: id -> (person ref, rule id)."""
        found: dict[str, tuple[str, str]] = {}
        after = None
        while True:
            page = self.graphql(OVERDUE, locationId=LOCATION, after=after)["cases"]
            for case in page["nodes"]:
                found |= {o["id"]: (case["personRef"], o["ruleId"]) for o in case["obligations"]
                          if o["status"] == "OVERDUE"}
            if not page["pageInfo"]["hasNextPage"]:
                return found
            after = page["pageInfo"]["endCursor"]

    def dashboard(self, token: str | None = None) -> str:
        """The page's address for LOCATION with a token (this server's manager's, unless another is given)."""
        return f"{self.url}/dashboard?location={LOCATION}#token={self.token if token is None else token}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.fixture(scope="module")
def demo_services(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """A year of demo history up to now (the real clock: the browser judges "now" by its own)."""
    database = Database.from_url(f"sqlite:///{tmp_path_factory.mktemp('dashboard')}/demo.db")
    services = build_services(Settings(database=database, authentication=Authentication(secret=SECRET)))
    try:
        load_demo(services.cases, restrictions=services.blanket_restrictions)
        yield services
    finally:
        services.close()


@pytest.fixture(scope="module")
def demo_server(demo_services: Services) -> Iterator[DemoServer]:
    # lifespan off: the fixture above owns the services and closes them, once.
    config = uvicorn.Config(create_app(services=demo_services), host="127.0.0.1", port=free_port(),
                            log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="dashboard-uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + TIMEOUT
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield DemoServer(f"http://127.0.0.1:{config.port}", dashboard_token([LOCATION, "ward-elm"]))
    finally:
        server.should_exit = True
        thread.join(TIMEOUT)


# ------------------------------------------------------------------------------------------------ the page's DOM


class Page(HTMLParser):
    """What the tests read from a dumped DOM: the headings, each section's text, and the rows of obligations."""

    def __init__(self, dom: str) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.text: dict[str, str] = {}  # section id -> its text
        self.rows: dict[str, dict[str, str]] = {}  # obligation id -> its row's data attributes and text
        self._section: str | None = None
        self._row: dict[str, str] | None = None
        self._heading: list[str] | None = None
        self.feed(dom)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "section":
            self._section = attributes.get("id")
        elif tag == "tr" and "data-obligation-id" in attributes:
            self._row = {**attributes, "section": self._section or "", "text": ""}
            self.rows[attributes["data-obligation-id"]] = self._row
        elif tag == "h2":
            self._heading = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self._section = None
        elif tag == "tr":
            self._row = None
        elif tag == "h2" and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._row is not None:
            self._row["text"] += f" {data}"
        if self._heading is not None:
            self._heading.append(data)
        if self._section is not None:
            self.text[self._section] = self.text.get(self._section, "") + f" {data}"


@dataclass(frozen=True)
class Rendered:
    dom: str
    page: Page
    overdue_before: dict[str, tuple[str, str]]
    overdue_after: dict[str, tuple[str, str]]


@pytest.fixture(scope="module")
def rendered(demo_server: DemoServer, chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    """The page as Chromium rendered it, between two readings of the API: nothing is recorded meanwhile, so what
    was overdue before is still overdue, and what the page shows must lie between the two."""
    before = demo_server.overdue()
    dom = run_chromium(chromium, tmp_path_factory.mktemp("profile"), demo_server.dashboard(), "--dump-dom")
    return Rendered(dom, Page(dom), before, demo_server.overdue())


@pytest.mark.http
def test_dashboard_shows_its_sections(rendered: Rendered) -> None:
    assert rendered.page.headings == HEADINGS, rendered.dom[:2000]
    assert "not shown" not in rendered.dom.lower() and 'role="alert" hidden' in rendered.dom


@pytest.mark.http
def test_dashboard_lists_what_the_api_says_is_overdue(rendered: Rendered) -> None:
    shown = {i: row for i, row in rendered.page.rows.items() if row["section"] == "overdue"}
    assert rendered.overdue_before, "the demo should leave something overdue at the location"
    assert set(rendered.overdue_before) <= set(shown) <= set(rendered.overdue_after)
    for obligation_id, row in shown.items():
        person_ref, rule_id = rendered.overdue_after[obligation_id]
        assert (row["data-person-ref"], row["data-rule-id"]) == (person_ref, rule_id)
        assert person_ref in row["text"] and rule_id in row["text"], row


@pytest.mark.http
def test_dashboard_shows_the_blanket_restriction_register(rendered: Rendered, demo_server: DemoServer) -> None:
    register = demo_server.graphql(REGISTER, locationId=LOCATION)["blanketRestrictions"]
    titles = [r["description"] for r in register["nodes"]]
    assert titles, "the demo should put a blanket restriction on the location's register"
    for title in titles:
        assert title in rendered.page.text["register"]


@pytest.mark.http
def test_dashboard_draws_one_svg_per_trend_chart(rendered: Rendered) -> None:
    figures = re.findall(r'<figure class="chart-figure[^"]*".*?</figure>', rendered.dom, re.DOTALL)
    assert len(figures) == CHARTS
    assert [figure.count("<svg") for figure in figures] == [1] * CHARTS
    assert rendered.dom.count("<svg") == CHARTS


@pytest.mark.http
def test_dashboard_screenshot_shows_the_page_with_its_charts(
    demo_server: DemoServer, chromium: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    output = request.config.rootpath / "tests" / "output"
    output.mkdir(parents=True, exist_ok=True)
    png = output / "dashboard.png"
    png.unlink(missing_ok=True)
    run_chromium(chromium, tmp_path / "profile", demo_server.dashboard(), f"--screenshot={png}")
    print(f"dashboard screenshot: {png}")
    pixels = np.round(matplotlib.image.imread(png)[..., :3] * 255).astype(np.uint8)
    assert pixels.shape == (WINDOW[1], WINDOW[0], 3)
    colours, counts = np.unique(pixels.reshape(-1, 3), axis=0, return_counts=True)
    assert len(colours) > 200, "the screenshot is (nearly) blank"
    assert counts.max() < 0.9 * counts.sum(), "one colour fills the screenshot"
    assert (pixels == CHART_BLUE).all(axis=-1).sum() > 1000, "the trend charts' bars are not in the screenshot"


@pytest.mark.http
@pytest.mark.parametrize(
    ("token", "message"),
    [("", "Paste your access token"), ("not-a-token", "did not accept your token (HTTP 401)")],
    ids=["no token", "refused token"],
)
def test_dashboard_asks_for_a_token_when_it_has_none_that_works(
    demo_server: DemoServer, chromium: str, tmp_path: Path, token: str, message: str
) -> None:
    dom = run_chromium(chromium, tmp_path / "profile", demo_server.dashboard(token), "--dump-dom")
    assert message in dom
    assert re.search(r'<form id="token-form" class="panel">', dom), "the token form is not shown"
    assert re.search(r'<div id="sections" hidden', dom), "sections are shown without data"


# ------------------------------------------------------------------------------------------------ over ASGI


def test_dashboard_and_its_assets_are_served_with_a_strict_policy(api: Api) -> None:
    page = api.request("GET", "/dashboard")
    assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    policy = page.headers["content-security-policy"]
    assert policy == CONTENT_SECURITY_POLICY and "script-src 'self';" in policy and "unsafe" not in policy
    assert page.headers["cache-control"] == "no-store"
    # Every script is a file of its own, never inline: the policy would block an inline one anyway.
    assert re.findall(r"<script[^>]*>", page.text) == ['<script src="/dashboard/dashboard.js" defer>']
    for path, media_type in [("/dashboard/dashboard.js", "text/javascript"), ("/dashboard/dashboard.css", "text/css")]:
        asset = api.request("GET", path)
        assert asset.status_code == 200 and asset.headers["content-type"] == f"{media_type}; charset=utf-8"
        assert asset.headers["cache-control"] == "no-store"
        # Nothing is loaded from elsewhere (the machine may be offline); the SVG namespace is a name, not a fetch.
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", asset.text), path
