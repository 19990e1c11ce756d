"""The web studio: ``/`` serves the single page, ``/static/<file>`` its CSS, JS modules and icon.

The page talks to the REST API under ``/v1`` like any other client (with the API key it is
given in ``#key=...`` or in its settings panel); nothing here reads jobs or storage. Only the
files shipped in ``static/`` are served, each with its content type; any other name is a 404.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

from mixdown.errors import NotFound

STATIC_DIR = Path(__file__).parent / "static"

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
}

# The page loads only its own files; audio and images it builds come from blob: URLs.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
_HEADERS = {
    "Cache-Control": "no-cache",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}

router = APIRouter(include_in_schema=False)


def _static_files() -> dict[str, Path]:
    """Servable files by name: the shipped files whose type is known, nothing else."""
    return {
        path.name: path
        for path in sorted(STATIC_DIR.iterdir())
        if path.is_file() and path.suffix in CONTENT_TYPES
    }


def _file(path: Path) -> FileResponse:
    headers = dict(_HEADERS)
    if path.suffix == ".html":
        headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    return FileResponse(path, media_type=CONTENT_TYPES[path.suffix], headers=headers)


@router.get("/")
async def index() -> FileResponse:
    return _file(STATIC_DIR / "index.html")


@router.get("/static/{name}")
async def static_file(name: str) -> FileResponse:
    path = _static_files().get(name)
    if path is None:
        raise NotFound(f"no static file {name[:64]!r}")
    return _file(path)
