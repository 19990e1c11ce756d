"""/v1/presets, /v1/parameters and /v1/catalog: the mix presets a job can name, the parameters it
can override, and what a client needs to build a job form (the web studio reads it)."""

from __future__ import annotations

from fastapi import APIRouter

from mixdown.catalog import (
    LOUDNESS_PRESETS_LUFS,
    MASTER_FORMATS,
    MAX_TRACKS,
    MIX_MODES,
    PRESETS,
    ROLE_KEYWORDS,
    ROLE_LABELS,
    ROLES,
    STYLE,
    TARGETS,
    VOCAL_ROLES,
)
from mixdown.mixparams import export
from mixdown_gateway.schemas import (
    Catalog,
    ParameterTables,
    PresetList,
    PresetView,
    RoleKeywords,
    RoleView,
    error_responses,
)

router = APIRouter(tags=["presets"], responses=error_responses())


def _presets() -> list[PresetView]:
    return [PresetView(name=p.name, kind=p.kind, description=p.description) for p in PRESETS.values()]


@router.get("/v1/presets", response_model=PresetList, summary="List the mix presets")
async def list_presets() -> PresetList:
    return PresetList(presets=_presets())


@router.get(
    "/v1/parameters",
    response_model=ParameterTables,
    summary="List the mixing console's parameters (names with units, ranges, defaults, scales), by processor",
)
async def list_parameters() -> ParameterTables:
    return ParameterTables.model_validate(export())


@router.get(
    "/v1/catalog",
    response_model=Catalog,
    summary="Roles, track limit, role guesses from file names, delivery targets, presets and mix modes",
)
async def catalog() -> Catalog:
    return Catalog(
        roles=[RoleView(name=role, label=ROLE_LABELS[role], vocal=role in VOCAL_ROLES) for role in ROLES],
        max_tracks=MAX_TRACKS,
        role_keywords=[RoleKeywords(role=role, keywords=list(words)) for role, words in ROLE_KEYWORDS],
        targets=TARGETS.export(),
        loudness_presets_lufs=dict(LOUDNESS_PRESETS_LUFS),
        master_formats=list(MASTER_FORMATS),
        presets=_presets(),
        mix_modes=list(MIX_MODES),
        style=STYLE.export(),
    )
