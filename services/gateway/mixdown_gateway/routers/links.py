"""``POST /v1/jobs/{id}/links``: expiring signed download links for every artifact of a job.

Each link works without an API key until it expires (``link_ttl_seconds`` by default, at most
``link_max_ttl_seconds``): hand it to a browser, a player or another service. It opens exactly
one download of the caller's tenant; changing its path, tenant or expiry breaks its signature.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from mixdown.errors import Conflict, InvalidInput
from mixdown.events.messages import JobRecord
from mixdown_gateway import control, stems
from mixdown_gateway.access import links
from mixdown_gateway.bodies import JsonBodyRoute
from mixdown_gateway.deps import AccessState, Bus, Settings, Tenant
from mixdown_gateway.schemas import error_responses

router = APIRouter(tags=["downloads"], route_class=JsonBodyRoute)

_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class LinkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    expires_in_seconds: float | None = Field(
        None, gt=0, description="lifetime of the links; default link_ttl_seconds, at most link_max_ttl_seconds")


class LinkSet(BaseModel):
    expires: int = Field(description="unix seconds after which every link is refused (403)")
    expires_at: datetime
    links: dict[str, str] = Field(
        description='absolute URLs by artifact: "mix", "master", "report"...; separations: "stems" (zip) and '
        '"stems/<name>"; finished revisions: "revisions/<n>/<artifact>"')


def artifact_paths(record: JobRecord) -> dict[str, str]:
    """Download path of every artifact of the job, by the name the links use."""
    base = f"/v1/jobs/{record.id}"
    paths: dict[str, str] = {}
    for name in sorted(record.artifacts):
        if _NAME.match(name):
            paths[name] = f"{base}/download/{name}"
    stem_names = [name for name in stems.stem_artifacts(record) if _NAME.match(name)]
    if stem_names:
        paths["stems"] = f"{base}/download/stems"
        paths.update({f"stems/{name}": f"{base}/download/stems/{name}" for name in stem_names})
    for snapshot in record.revisions:
        for name in sorted(snapshot.artifacts):
            if _NAME.match(name):
                paths[f"revisions/{snapshot.revision}/{name}"] = (
                    f"{base}/revisions/{snapshot.revision}/download/{name}")
    return paths


@router.post(
    "/v1/jobs/{job_id}/links",
    response_model=LinkSet,
    summary="Signed, expiring download links for every artifact of a job (usable without an API key)",
    responses=error_responses(404, 409, 413, 415, 422, 503),
)
async def create_links(job_id: str, request: Request, bus: Bus, tenant: Tenant, access: AccessState,
                       settings: Settings, body: LinkRequest | None = None) -> LinkSet:
    ttl_seconds = body.expires_in_seconds if body and body.expires_in_seconds else settings.link_ttl_seconds
    if ttl_seconds > settings.link_max_ttl_seconds:
        raise InvalidInput(f"expires_in_seconds {ttl_seconds:g} is over the limit of "
                           f"{settings.link_max_ttl_seconds:g} s")
    record = await control.get_job(bus, tenant, job_id)
    paths = artifact_paths(record)
    if not paths and not record.terminal:
        raise Conflict(f"job {job_id} is {record.status.value}; it has no artifacts to link yet")
    expires = int(access.clock() + ttl_seconds)
    origin = settings.public_url or str(request.base_url).rstrip("/")
    signed: dict[str, Any] = {
        name: origin + links.sign_path(access.link_secret, path, tenant, expires) for name, path in paths.items()
    }
    return LinkSet(expires=expires, expires_at=datetime.fromtimestamp(expires, tz=UTC), links=signed)
