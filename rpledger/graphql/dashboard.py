"""The read-only dashboard for ward and registered managers: one static page, its script and its style sheet.

The page holds no data, so it loads without a token. Its script fetches everything from the public GraphQL API, with
the token the manager gives it, exactly as any other front end would.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from importlib.resources import files

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

# Only the page's own script, style sheet and /graphql: the page runs nothing inline, loads nothing from elsewhere,
# and cannot be framed, so an injected string cannot run and the token cannot be sent anywhere else.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

# path -> (file in rpledger/graphql/static, content type)
ASSETS = {
    "/dashboard": ("dashboard.html", "text/html; charset=utf-8"),
    "/dashboard/dashboard.js": ("dashboard.js", "text/javascript; charset=utf-8"),
    "/dashboard/dashboard.css": ("dashboard.css", "text/css; charset=utf-8"),
}


def dashboard_routes() -> list[Route]:
    """The routes of the page and its assets. The files are read here, when the app is built, so a package
    installed without them fails at start-up rather than on the first visit."""
    static = files("rpledger.graphql").joinpath("static")
    return [
        Route(path, _endpoint(static.joinpath(name).read_bytes(), media_type), methods=["GET", "HEAD"])
        for path, (name, media_type) in ASSETS.items()
    ]


def _endpoint(body: bytes, media_type: str) -> Callable[[Request], Awaitable[Response]]:
    headers = {
        # A new release must never be mixed with a cached older script.
        "Cache-Control": "no-store",
        "Content-Security-Policy": CONTENT_SECURITY_POLICY,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }

    async def serve(_: Request) -> Response:
        return Response(body, media_type=media_type, headers=headers)

    return serve
