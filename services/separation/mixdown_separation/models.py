"""Demucs models: which names load, where they are looked for, and on which device they run.

A model is loaded by name from a local folder in Demucs's ``--repo`` layout when one is
configured (:data:`ENV_MODEL_REPO`), else from the Hugging Face and torch hub caches (downloading
what is missing). ``demucs_unittest`` is a tiny built-in model with random weights, seeded so
that every process builds the same one (for tests). Errors say where the model was looked for
and how to provide it.
"""

from __future__ import annotations

from pathlib import Path

import torch
from demucs import pretrained

from mixdown.errors import InvalidInput, Unavailable

DEFAULT_MODEL = "htdemucs"
SUPPORTED_MODELS = ("htdemucs", "htdemucs_ft", "htdemucs_6s", "mdx_extra", "demucs_unittest")
ENV_MODEL_REPO = "MIXDOWN_SEPARATION_MODEL_REPO"
UNITTEST_SEED = 0


class ModelNotFound(InvalidInput):
    """The configured model could not be loaded; the message says where it looked and how to provide it."""


def supported_models() -> list[str]:
    """Model names that load without a local model folder (from the download caches, or built in)."""
    return list(SUPPORTED_MODELS)


def _how_to_provide(name: str) -> str:
    return (
        f"set {ENV_MODEL_REPO} to a folder in the Demucs --repo layout holding {name}.yaml (a bag "
        f"listing checkpoint signatures) and its <signature>.th checkpoint files, or a single "
        f"{name}.th checkpoint; or pre-download the model into the caches above on a machine with "
        f"network access (python -m demucs -n {name} some.wav) and mount them"
    )


def _cache_locations(name: str) -> str:
    from demucs.hf import DEFAULT_NAMESPACE, hf_repo_name
    from huggingface_hub import constants

    return (
        f"the Hugging Face cache {constants.HF_HUB_CACHE} (repo {DEFAULT_NAMESPACE}/{hf_repo_name(name)}) "
        f"and the torch hub cache {Path(torch.hub.get_dir()) / 'checkpoints'}"
    )


def load_model(model_name: str, model_repo: Path | None = None) -> torch.nn.Module:
    """Load a Demucs model or bag of models by name, from ``model_repo`` when given.

    ``demucs_unittest`` is a tiny model with random weights, built in (for tests). Without a
    repo, the name must be one of :func:`supported_models`; Demucs looks in the Hugging Face and
    torch hub caches and downloads what is missing. Raises :class:`ModelNotFound` naming the
    places it looked.
    """
    if model_repo is not None:
        repo = Path(model_repo).expanduser()
        if not repo.is_dir():
            raise ModelNotFound(
                f"model {model_name!r}: model repo {repo} is not a directory; {_how_to_provide(model_name)}"
            )
        try:
            model = pretrained.get_model(model_name, repo=repo)
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - demucs raises many types (and exits)
            found = sorted(p.name for p in repo.iterdir() if p.suffix in (".yaml", ".th"))
            raise ModelNotFound(
                f"model {model_name!r} could not be loaded from model repo {repo} "
                f"(it holds {', '.join(found) or 'no .yaml or .th files'}): {exc}; {_how_to_provide(model_name)}"
            ) from exc
    else:
        if model_name not in SUPPORTED_MODELS:
            raise ModelNotFound(
                f"unknown model {model_name!r}; without a model repo the name must be one of "
                f"{', '.join(SUPPORTED_MODELS)}; for another model, {_how_to_provide(model_name)}"
            )
        try:
            with torch.random.fork_rng(devices=[]):
                torch.manual_seed(UNITTEST_SEED)  # demucs_unittest's random weights: the same in every process
                model = pretrained.get_model(model_name)
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - network, cache and format errors alike
            raise ModelNotFound(
                f"model {model_name!r} could not be loaded: looked in {_cache_locations(model_name)}, then "
                f"tried to download it: {exc}; {_how_to_provide(model_name)}"
            ) from exc
    model.eval()
    return model


def resolve_device(device: str) -> torch.device:
    """``auto`` → CUDA when available, else CPU; ``cuda`` without a GPU raises Unavailable."""
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if device == "cuda":
        if not torch.cuda.is_available():
            raise Unavailable(
                f"device=cuda but torch {torch.__version__} sees no CUDA GPU; use device=auto or cpu"
            )
        return torch.device("cuda")
    if device == "cpu":
        return torch.device("cpu")
    raise InvalidInput(f"device must be auto, cpu or cuda, got {device!r}")
