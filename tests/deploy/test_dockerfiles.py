"""The images, checked without a Docker engine: hadolint (failing on warnings), then what hadolint
cannot know: non-root user, health check, pinned bases and dependencies, the CUDA stack of the
separation image, and the consistency of each image with its service's code and the Helm chart.
``test_entrypoints.py`` runs what each image runs."""

from __future__ import annotations

import importlib
import importlib.metadata as metadata
import importlib.util
import re
import subprocess

import pytest
import yaml
from packaging.requirements import Requirement

from mixdown_dev.procs import find_binary
from tests.deploy.support import (
    CHART_DIR,
    CPU_DOCKERFILE,
    DOCKERFILES,
    ROOT,
    SERVICES,
    STYLE_WORKER_DOCKERFILE,
    ServiceImage,
    build_instructions,
    effective_command,
    final_stage,
    image_env,
)
from tests.deploy.support import dockerfile_instructions as instructions

SETTINGS_CLASSES = {
    "gateway": "mixdown_gateway.settings:GatewaySettings",
    "separation": "mixdown_separation.settings:SeparationSettings",
    "mixing": "mixdown_mixing.settings:MixingSettings",
    "mastering": "mixdown_mastering.settings:MasteringSettings",
    "text_control": "mixdown_text_control.settings:TextControlSettings",
    "qc": "mixdown_qc.settings:QcSettings",
}
CONSTRAINTS = ROOT / "deploy" / "docker" / "constraints.txt"
IDS = [service.directory for service in SERVICES]


def settings_class(service: ServiceImage):
    module_name, _, class_name = SETTINGS_CLASSES[service.module].partition(":")
    return getattr(importlib.import_module(module_name), class_name)


def test_every_service_has_an_image_and_the_cpu_ones_share_one_dockerfile():
    assert sorted(path.name for path in (ROOT / "services").iterdir() if (path / "pyproject.toml").exists()) \
        == sorted(IDS)
    assert [path.parent.name for path in (ROOT / "services").glob("*/Dockerfile")] == ["separation"], (
        "a CPU service is built from deploy/docker/Dockerfile with its build arguments, not a Dockerfile of its own")
    assert all(service.dockerfile == CPU_DOCKERFILE for service in SERVICES if service.cpu)


def test_the_images_target_builds_each_image_with_the_arguments_checked_here():
    """`make images` passes the build arguments these checks read the images with."""
    makefile = (ROOT / "Makefile").read_text()
    table = re.search(r"^CPU_IMAGES := (.+)$", makefile, flags=re.M)
    assert table, "Makefile: no CPU_IMAGES table"
    built = {tuple(spec.split(":")) for spec in table.group(1).split()}
    assert built == {(s.directory, s.module, str(s.grpc_port)) for s in SERVICES if s.cpu}


@pytest.mark.parametrize("service", [s for s in SERVICES if s.cpu], ids=[s.directory for s in SERVICES if s.cpu])
def test_the_build_arguments_reach_every_instruction_that_needs_them(service):
    for keyword, rest in build_instructions(service):
        assert "${" not in rest or keyword in ("RUN", "ARG", "FROM") or "$PATH" in rest, (
            f"{service.directory}: {keyword} {rest}: a build argument out of scope (declare it with ARG in that stage)")
    copied = [rest.split()[0] for keyword, rest in build_instructions(service) if keyword == "COPY"]
    assert f"services/{service.directory}" in copied
    labels = " ".join(rest for keyword, rest in final_stage(service) if keyword == "LABEL")
    assert f'org.opencontainers.image.title="mixdown-{service.directory}"' in labels


def test_hadolint_passes_at_warning_threshold():
    dockerfiles = [str(path) for path in DOCKERFILES]
    result = subprocess.run(
        [find_binary("hadolint"), "--failure-threshold", "warning", "--no-color", *dockerfiles],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("service", SERVICES, ids=IDS)
def test_multi_stage_with_pinned_bases(service):
    froms = [rest for keyword, rest in instructions(service.dockerfile) if keyword == "FROM"]
    assert len(froms) >= 2, "build in one stage, run in another (no compilers or caches in the image)"
    stage_names = {line.split()[2] for line in froms if len(line.split()) >= 3}
    for line in froms:
        image = line.split()[0]
        if image in stage_names:
            continue  # FROM an earlier stage of the same file
        assert "$" not in image, f"{image}: write the base image literally, so that it is linted and reviewed"
        if "@sha256:" in image:
            continue
        name, _, tag = image.rpartition(":")
        assert name and tag and tag != "latest", f"{image}: pin the base image by version tag or digest"
        assert re.search(r"\d+\.\d+", tag), f"{image}: the tag must carry a version"


@pytest.mark.parametrize("service", SERVICES, ids=IDS)
def test_runs_as_non_root_with_a_health_check(service):
    stage = final_stage(service)
    users = [rest for keyword, rest in stage if keyword == "USER"]
    assert users, "the final stage sets no USER"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0") and user.isdigit() and int(user) >= 10000, f"USER {users[-1]}"
    assert effective_command(service, "HEALTHCHECK") == ["python", "-m", "mixdown.healthcheck", service.module]
    assert effective_command(service, "CMD") == ["python", "-m", f"mixdown_{service.module}"]
    healthcheck = next(rest for keyword, rest in stage if keyword == "HEALTHCHECK")
    for option in ("--interval=", "--timeout=", "--start-period=", "--retries="):
        assert option in healthcheck


@pytest.mark.parametrize("service", SERVICES, ids=IDS)
def test_image_env_matches_the_service_settings_and_the_chart(service):
    env = image_env(service)
    fields = settings_class(service).model_fields
    for key in env:
        if key == "MIXDOWN_SERVICE":  # the CPU image's own name for the service it runs (CMD, HEALTHCHECK)
            assert env[key] == service.module
        elif key.startswith("MIXDOWN_"):
            assert key.startswith(service.env_prefix), key
            assert key[len(service.env_prefix):].lower() in fields, f"{key} is not a setting of {service.module}"
    grpc_port = int(env[service.env_prefix + "GRPC_PORT"])
    assert grpc_port == service.grpc_port
    assert grpc_port == fields["grpc_port"].default, "the image's gRPC port is the service's default port"
    values = yaml.safe_load((CHART_DIR / "values.yaml").read_text())["services"][service.module]
    assert values["settings"]["grpc_port"] == grpc_port
    exposed = {int(port) for keyword, rest in final_stage(service) if keyword == "EXPOSE"
               for port in rest.split()}
    assert grpc_port in exposed
    assert env[service.env_prefix + "WORK_DIR"] == "/var/lib/mixdown/work"  # the chart mounts an emptyDir there
    assert env.get("PYTHONDONTWRITEBYTECODE") == "1", "no .pyc writes on a read-only root filesystem"
    if service.module == "gateway":  # REST and /metrics on 8080, on every interface of the container
        assert 8080 in exposed and env[service.env_prefix + "HTTP_PORT"] == "8080"
        assert env[service.env_prefix + "HTTP_HOST"] == env[service.env_prefix + "GRPC_HOST"] == "0.0.0.0"
    else:
        metrics_port = int(env[service.env_prefix + "METRICS_PORT"])
        assert metrics_port in exposed and values["settings"].get("metrics_port", metrics_port) == metrics_port


@pytest.mark.parametrize("service", SERVICES, ids=IDS)
def test_every_pip_install_is_pinned(service):
    for keyword, rest in build_instructions(service):
        if keyword != "RUN":
            continue
        for command in re.split(r"&&|;", rest):
            if "pip install" not in command:
                continue
            pinned = "-c deploy/docker/constraints.txt" in command
            words = command.split()[command.split().index("install") + 1:]
            packages, skip_next = [], False
            for word in words:
                if skip_next:
                    skip_next = False
                elif word in ("-c", "--constraint", "--python", "--index-url", "--extra-index-url", "-r"):
                    skip_next = True
                elif not word.startswith("-"):
                    packages.append(word)
            for package in packages:
                package = package.strip('"')
                if package.startswith("./"):
                    continue  # the project's own code, its dependencies held by the constraints
                assert "==" in package or pinned, f"unpinned: {package} in {command.strip()}"
                if package.startswith("torch"):
                    assert re.fullmatch(r"torch==(\d+\.\d+\.\d+|\$\{TORCH_VERSION\})", package), package


def _closure(roots: list[str]) -> set[str]:
    names: set[str] = set()
    pending = list(roots)
    while pending:
        name = re.sub(r"[-_.]+", "-", pending.pop()).lower()
        if name in names:
            continue
        names.add(name)
        for line in metadata.distribution(name).requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                pending.append(requirement.name)
    return names


def test_constraints_pin_every_runtime_dependency():
    pins = {}
    for line in CONSTRAINTS.read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not name==version"
            pins[name] = version
    needed = _closure(["mixdown-lib", "mixdown-gateway", "demucs"]) - {"torch", "triton"}
    needed = {name for name in needed if not name.startswith(("mixdown-", "nvidia-"))}
    missing = needed - set(pins)
    assert not missing, f"not pinned in {CONSTRAINTS.name}: {sorted(missing)}; run deploy/docker/gen_constraints.py"
    # the pins satisfy what the project's own packages ask for
    for dist in ("mixdown-lib", "mixdown-gateway", "mixdown-separation"):
        pyproject = ROOT / ("lib" if dist == "mixdown-lib" else f"services/{dist.removeprefix('mixdown-')}")
        text = (pyproject / "pyproject.toml").read_text()
        for line in re.findall(r'"([A-Za-z0-9_.-]+[=<>!~][^"]*)"', text.split("dependencies", 1)[1].split("]", 1)[0]):
            requirement = Requirement(line)
            name = re.sub(r"[-_.]+", "-", requirement.name).lower()
            if name in pins:
                assert requirement.specifier.contains(pins[name], prereleases=True), f"{name}=={pins[name]} vs {line}"


def test_cpu_images_carry_no_torch():
    for service in SERVICES:
        if service.module == "separation":
            continue
        text = service.dockerfile.read_text().lower()
        assert "torch" not in text and "cuda" not in text, service.directory
        requirements = [Requirement(r) for r in metadata.distribution(f"mixdown-{service.directory}").requires or []]
        # what the image installs: the requirements outside extras (mixing[style] is the style image's)
        requires = {r.name.lower() for r in requirements if r.marker is None or r.marker.evaluate({"extra": ""})}
        assert not requires & {"torch", "demucs", "onnxruntime", "onnxruntime-gpu"}, service.directory
        package = ROOT / "services" / service.directory / f"mixdown_{service.module}"
        for source in package.rglob("*.py"):
            if source.is_relative_to(package / "style"):  # loaded only for style jobs, by the style image
                continue
            assert not re.search(r"^\s*(import|from)\s+torch\b", source.read_text(), flags=re.M), source


def test_separation_image_is_the_cuda_build():
    separation = next(service for service in SERVICES if service.module == "separation")
    dockerfile = separation.dockerfile
    text = dockerfile.read_text()
    base = [rest for keyword, rest in final_stage(separation) if keyword == "FROM"][0]
    match = re.fullmatch(r"nvidia/cuda:(\d+)\.(\d+)\.\d+-cudnn-runtime-ubuntu22\.04", base)
    assert match, base
    cuda = f"cu{match.group(1)}{match.group(2)}"
    assert f"ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/{cuda}" in text, "torch built for the base's CUDA"
    assert "ARG TORCH_VERSION=2.13.0" in text
    assert re.search(r"onnxruntime-gpu==\d+\.\d+\.\d+", text)
    # the Python the CPU images run, for the same dependency set
    assert "ARG PYTHON_VERSION=3.11.13" in text and "python:3.11.13-slim-bookworm" in text
    env = image_env(separation)
    assert env["HF_HOME"].startswith("/var/cache/mixdown/") and env["TORCH_HOME"].startswith("/var/cache/mixdown/")


def test_the_style_worker_image_is_the_cuda_mixing_build_with_one_onnxruntime():
    separation = (ROOT / "services" / "separation" / "Dockerfile").read_text()
    text = STYLE_WORKER_DOCKERFILE.read_text()
    froms = [rest for keyword, rest in instructions(STYLE_WORKER_DOCKERFILE) if keyword == "FROM"]
    assert froms[-1] in separation, "the same CUDA runtime as the separation image"
    for pin in ("ARG TORCH_VERSION=2.13.0", "ARG PYTHON_VERSION=3.11.13", "onnxruntime-gpu==1.31.1"):
        assert pin in text
    index = re.search(r"ARG TORCH_INDEX_URL=(\S+)", separation).group(1)
    assert f"ARG TORCH_INDEX_URL={index}" in text
    assert "./services/mixing" in text and "uv pip show --python /opt/venv/bin/python onnxruntime" in text
    assert "'CUDAExecutionProvider' in onnxruntime.get_available_providers()" in text
    env = dict(re.findall(r"(MIXDOWN_MIXING_[A-Z_]+)=(\S+)", text))
    assert env["MIXDOWN_MIXING_LANE"] == "style" and env["MIXDOWN_MIXING_GRPC_PORT"] == "50053"
    assert set(env) - {"MIXDOWN_MIXING_" + name.upper() for name in settings_class(SERVICES[2]).model_fields} == set()
    assert 'CMD ["python", "-m", "mixdown_mixing"]' in text and "USER 10001:10001" in text


def test_dockerignore_keeps_the_context_small_and_complete():
    lines = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[0] == "**", "deny everything, then allow what the images copy"
    allowed = {line[1:].rstrip("/") for line in lines if line.startswith("!")}
    for service in SERVICES:
        for keyword, rest in build_instructions(service):
            if keyword == "COPY" and not rest.startswith("--from"):
                source = rest.split()[0].rstrip("/")
                assert any(source == path or source.startswith(path + "/") for path in allowed), (
                    f"{service.directory}: COPY {source} is excluded by .dockerignore")
    assert "**/__pycache__" in lines and "**/*.egg-info" in lines


def test_healthcheck_module_is_importable_without_the_services():
    spec = importlib.util.find_spec("mixdown.healthcheck")
    assert spec is not None


@pytest.mark.parametrize("project", ["lib", *(f"services/{service.directory}" for service in SERVICES)])
def test_package_data_reaches_the_images(project):
    """Images install the packages (not editable, as `make install` does): a data file the code
    reads (presets, target curves) must be declared as package data, or the image lacks it."""
    import fnmatch
    import tomllib

    root = ROOT / project
    config = tomllib.loads((root / "pyproject.toml").read_text()).get("tool", {}).get("setuptools", {})
    declared = config.get("package-data", {})
    for path in root.glob("mixdown*/**/*"):
        if (not path.is_file() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts
                or ".egg-info" in str(path) or path.name.endswith("_pb2.pyi")):
            continue
        relative = path.relative_to(root)
        package = relative.parts[0]
        inside = "/".join(relative.parts[1:])
        patterns = declared.get(package, []) + declared.get("*", [])
        assert any(fnmatch.fnmatch(inside, pattern) for pattern in patterns), (
            f"{relative} is not package data of {project}: add it to [tool.setuptools.package-data]")
