"""The Helm chart, offline: render every ci/ value set (and the defaults) with helm-python-sdk, lint
it strictly, validate the manifests against the Kubernetes API schemas (kubernetes-validate, its
newest Kubernetes version), and assert the properties an operator relies on.

No cluster and no helm binary are needed. The NATS and MinIO subcharts are declared in Chart.yaml
but not vendored (they are fetched by ``helm dependency build`` where the network is), so the one
lint finding allowed is "chart directory is missing these dependencies: nats,minio"; rendering
covers Mixdown's own templates, including their wiring to the subcharts' Services.
"""

from __future__ import annotations

import functools
import json
import os
import re
from typing import Any

import helm_python as helm
import kubernetes_validate
import pytest
import yaml
from kubernetes_validate import utils as kv_utils

from mixdown.events.bus import STAGE_STREAM, consumer_name
from mixdown.events.messages import StageMessage
from tests.deploy.support import CHART_DIR, ROOT

RELEASE = "mixdown"
NAMESPACE = "mixdown"
KUBE_VERSION = kv_utils.latest_version()
OLDEST_KUBE_VERSION = yaml.safe_load((CHART_DIR / "Chart.yaml").read_text())["kubeVersion"].split(">=")[1].split("-")[0]
CI_FILES = sorted((CHART_DIR / "ci").glob("*-values.yaml"))
VALUE_SETS = ["defaults", *(path.name for path in CI_FILES)]
CRD_KINDS = {"ScaledObject", "ServiceMonitor", "PrometheusRule"}
MISSING_SUBCHARTS = "chart directory is missing these dependencies: nats,minio"
STAGES = list(StageMessage.model_fields["stage"].annotation.__args__)
SETTINGS_CLASSES = {
    "gateway": "mixdown_gateway.settings:GatewaySettings",
    "separation": "mixdown_separation.settings:SeparationSettings",
    "mixing": "mixdown_mixing.settings:MixingSettings",
    "mastering": "mixdown_mastering.settings:MasteringSettings",
    "text_control": "mixdown_text_control.settings:TextControlSettings",
    "qc": "mixdown_qc.settings:QcSettings",
}


# --- rendering ------------------------------------------------------------------------------


@functools.cache
def chart() -> helm.Chart:
    """The chart for values and schema questions (rendering loads its own: Helm's dependency
    processing edits the loaded chart's metadata)."""
    return helm.Chart.load(CHART_DIR)


def values_of(value_set: str) -> dict[str, Any]:
    if value_set == "defaults":
        return {}
    return yaml.safe_load((CHART_DIR / "ci" / value_set).read_text()) or {}


def render(values: dict[str, Any]) -> list[dict[str, Any]]:
    with helm.Chart.load(CHART_DIR) as fresh:
        manifests = fresh.render(values, name=RELEASE, namespace=NAMESPACE, is_install=True)
    return [
        doc
        for path, text in sorted(manifests.items())
        if path.endswith((".yaml", ".yml"))
        for doc in yaml.safe_load_all(text)
        if doc
    ]


@functools.cache
def _rendered(value_set: str) -> str:
    return json.dumps(render(values_of(value_set)))


def rendered(value_set: str) -> list[dict[str, Any]]:
    return json.loads(_rendered(value_set))  # a fresh copy for each test


def of_kind(docs: list[dict], kind: str) -> dict[str, dict]:
    return {doc["metadata"]["name"]: doc for doc in docs if doc["kind"] == kind}


def merged_values(value_set: str) -> dict[str, Any]:
    return chart().merge_values(values_of(value_set))


def component(deployment: dict) -> str:
    return deployment["metadata"]["labels"]["app.kubernetes.io/component"]


def container(deployment: dict) -> dict:
    (only,) = deployment["spec"]["template"]["spec"]["containers"]
    return only


def env_of(deployment: dict) -> dict[str, Any]:
    return {entry["name"]: entry.get("value", entry.get("valueFrom")) for entry in container(deployment)["env"]}


def setting(deployment: dict, name: str) -> str | None:
    """A MIXDOWN_<MODULE>_<NAME> value of the deployment, whatever its module."""
    for key, value in env_of(deployment).items():
        if re.fullmatch(rf"MIXDOWN_[A-Z_]+?_{name.upper()}", key):
            return value
    return None


def selects(selector: dict[str, str], labels: dict[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


# --- rendering, lint, Kubernetes schemas ------------------------------------------------------


def test_ci_value_files_cover_the_three_installs():
    assert [path.name for path in CI_FILES] == ["all-in-one-values.yaml", "external-values.yaml", "gpu-values.yaml"]


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_chart_lints_strictly(value_set):
    report = helm.lint(CHART_DIR, values_of(value_set) or None, strict=True, namespace=NAMESPACE,
                       kube_version=f"v{KUBE_VERSION}")
    assert report["total_charts_linted"] == 1
    problems = [m for m in report["messages"] if m["severity"] >= 2 and m["error"] != MISSING_SUBCHARTS]
    assert not problems, problems


@pytest.mark.parametrize("kube_version", [KUBE_VERSION, OLDEST_KUBE_VERSION])
@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_manifests_are_valid_kubernetes_objects(value_set, kube_version):
    """Against the newest Kubernetes kubernetes-validate knows and the oldest the chart accepts."""
    docs = rendered(value_set)
    assert docs
    for doc in docs:
        if doc["kind"] in CRD_KINDS:
            continue  # no schema in kubernetes-validate; their shape is asserted below
        try:
            kubernetes_validate.validate(doc, kube_version, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{doc['kind']}/{doc['metadata']['name']} ({value_set}) is not valid for Kubernetes "
                        f"{kube_version}: {exc.message} at {'.'.join(str(p) for p in exc.absolute_path)}")


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_every_object_has_standard_labels_and_unique_name(value_set):
    seen = set()
    for doc in rendered(value_set):
        key = (doc["kind"], doc["metadata"]["name"])
        assert key not in seen, f"{key} rendered twice"
        seen.add(key)
        labels = doc["metadata"].get("labels", {})
        for label in ("app.kubernetes.io/name", "app.kubernetes.io/instance", "app.kubernetes.io/part-of",
                      "app.kubernetes.io/version", "app.kubernetes.io/managed-by", "helm.sh/chart"):
            assert labels.get(label), f"{key} lacks label {label}"


# --- each service: Deployment, Service, ServiceAccount, security, probes, images ---------------


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_each_deployment_has_its_service_account_and_grpc_service(value_set):
    docs = rendered(value_set)
    services, accounts = of_kind(docs, "Service"), of_kind(docs, "ServiceAccount")
    deployments = of_kind(docs, "Deployment")
    assert {"gateway", "separation", "mixing", "mastering", "text-control", "qc"} <= {
        component(d) for d in deployments.values()}
    for name, deployment in deployments.items():
        pod = deployment["spec"]["template"]
        assert selects(deployment["spec"]["selector"]["matchLabels"], pod["metadata"]["labels"])
        assert pod["spec"]["serviceAccountName"] in accounts
        assert pod["spec"]["automountServiceAccountToken"] is False
        service = services[name]
        assert selects(service["spec"]["selector"], pod["metadata"]["labels"])
        ports = {port["name"]: port for port in service["spec"]["ports"]}
        assert ports["grpc"]["targetPort"] == "grpc" and ports["grpc"]["appProtocol"] == "grpc"
        container_ports = {port["name"]: port["containerPort"] for port in container(deployment)["ports"]}
        assert container_ports["grpc"] == ports["grpc"]["port"] == int(setting(deployment, "grpc_port"))


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_gateway_reaches_text_control_through_its_service(value_set):
    deployments = of_kind(rendered(value_set), "Deployment")
    services = of_kind(rendered(value_set), "Service")
    gateway = next(d for d in deployments.values() if component(d) == "gateway")
    text_control_name = next(name for name, d in deployments.items() if component(d) == "text-control")
    grpc_port = next(p["port"] for p in services[text_control_name]["spec"]["ports"] if p["name"] == "grpc")
    assert env_of(gateway)["MIXDOWN_GATEWAY_TEXT_CONTROL_GRPC_TARGET"] == f"{text_control_name}:{grpc_port}"


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_gateway_signs_links_with_a_secret_from_a_kubernetes_secret(value_set):
    secrets = merged_values(value_set)["gateway_secrets"]
    for deployment in of_kind(rendered(value_set), "Deployment").values():
        env = env_of(deployment)
        if component(deployment) == "gateway":
            assert env["MIXDOWN_GATEWAY_LINK_SECRET"] == {
                "secretKeyRef": {"name": secrets["name"], "key": secrets["link_secret_key"]}}
        else:
            assert not any(key.endswith("_LINK_SECRET") for key in env), component(deployment)


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_pods_run_non_root_read_only_without_capabilities(value_set):
    for name, deployment in of_kind(rendered(value_set), "Deployment").items():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["runAsUser"] != 0, name
        assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}, name
        security = container(deployment)["securityContext"]
        assert security["readOnlyRootFilesystem"] is True, name
        assert security["allowPrivilegeEscalation"] is False, name
        assert security["privileged"] is False, name
        assert security["capabilities"] == {"drop": ["ALL"]}, name
        # what a read-only root filesystem leaves writable: /tmp and the work dir, as emptyDirs
        mounts = {mount["mountPath"]: mount["name"] for mount in container(deployment)["volumeMounts"]}
        volumes = {volume["name"]: volume for volume in pod["volumes"]}
        for path in ("/tmp", "/var/lib/mixdown/work"):
            assert "emptyDir" in volumes[mounts[path]] and volumes[mounts[path]]["emptyDir"]["sizeLimit"], (name, path)
        assert setting(deployment, "work_dir") == "/var/lib/mixdown/work"


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_probes_are_native_grpc(value_set):
    for name, deployment in of_kind(rendered(value_set), "Deployment").items():
        spec = container(deployment)
        grpc_port = int(setting(deployment, "grpc_port"))
        for probe in ("startupProbe", "livenessProbe"):
            assert spec[probe]["grpc"] == {"port": grpc_port}, (name, probe)
        if component(deployment) == "gateway":  # ready when NATS and storage answer (GET /readyz)
            assert spec["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
        else:
            assert spec["readinessProbe"]["grpc"] == {"port": grpc_port}, name
        # a hung process is replaced quickly, whatever the long drain of a normal stop
        assert spec["livenessProbe"]["terminationGracePeriodSeconds"] <= 60


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_resources_are_requested_and_memory_limited(value_set):
    for name, deployment in of_kind(rendered(value_set), "Deployment").items():
        resources = container(deployment)["resources"]
        assert resources["requests"]["cpu"] and resources["requests"]["memory"], name
        assert resources["limits"]["memory"], name


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_images_are_pinned_never_latest(value_set):
    for name, deployment in of_kind(rendered(value_set), "Deployment").items():
        image = container(deployment)["image"]
        if "@" in image:
            assert re.fullmatch(r"[^@]+@sha256:[0-9a-f]{64}", image), image
            continue
        repository, _, tag = image.rpartition(":")
        assert repository and "/" in repository, image
        assert tag and tag != "latest", f"{name}: image {image!r} has no version tag"
        assert re.fullmatch(r"[0-9]+\.[0-9]+\.[0-9]+[\w.+-]*", tag), image


def test_text_control_gets_its_llm_settings_and_token_from_a_secret():
    values = {"services": {"text_control": {
        "settings": {"llm_url": "http://ollama.ai.svc:11434/v1", "llm_model": "qwen3:8b", "llm_timeout_seconds": 8},
        "llm_api_key_secret": {"name": "llm-token", "key": "token"}}}}
    deployments = {component(d): d for d in of_kind(render(values), "Deployment").values()}
    env = env_of(deployments["text-control"])
    assert env["MIXDOWN_TEXT_CONTROL_LLM_URL"] == "http://ollama.ai.svc:11434/v1"
    assert env["MIXDOWN_TEXT_CONTROL_LLM_MODEL"] == "qwen3:8b"
    assert env["MIXDOWN_TEXT_CONTROL_LLM_API_KEY"] == {"secretKeyRef": {"name": "llm-token", "key": "token"}}
    assert not any(key.endswith("_LLM_API_KEY") for name, d in deployments.items() if name != "text-control"
                   for key in env_of(d))
    with pytest.raises(helm.HelmValuesError):
        render({"services": {"text_control": {"llm_api_key_secret": "sk-plain-value"}}})


def test_latest_tag_is_refused():
    # by the schema; the image helper also fails on it when schema validation is skipped
    for values in ({"image": {"tag": "latest"}},
                   {"services": {"qc": {"image": {"repository": "mixdown-qc", "tag": "latest"}}}}):
        with pytest.raises(helm.HelmValuesError, match="image/tag"):
            render(values)


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_env_names_are_fields_of_the_service_settings(value_set):
    import importlib

    for name, deployment in of_kind(rendered(value_set), "Deployment").items():
        env = env_of(deployment)
        prefixes = {re.match(r"MIXDOWN_(.+?)_NATS_URL$", key).group(1) for key in env if key.endswith("_NATS_URL")}
        (prefix,) = prefixes
        module_name, _, class_name = SETTINGS_CLASSES[prefix.lower()].partition(":")
        fields = getattr(importlib.import_module(module_name), class_name).model_fields
        for key in env:
            if key.startswith("MIXDOWN_"):
                assert key.startswith(f"MIXDOWN_{prefix}_"), (name, key)
                field = key[len(f"MIXDOWN_{prefix}_"):].lower()
                assert field in fields, f"{name}: {key} is not a setting of {class_name}"


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_each_service_accepts_the_environment_the_chart_gives_it(value_set, monkeypatch):
    """The rendered env, with the Secrets' values filled in, passes the service's own Settings
    validation (types, bounds, cross-field rules): a pod would not crash at start on its settings."""
    import importlib

    for name, deployment in of_kind(rendered(value_set), "Deployment").items():
        env = env_of(deployment)
        (prefix,) = {key[len("MIXDOWN_"):-len("_NATS_URL")] for key in env if key.endswith("_NATS_URL")}
        module_name, _, class_name = SETTINGS_CLASSES[prefix.lower()].partition(":")
        settings_cls = getattr(importlib.import_module(module_name), class_name)
        with monkeypatch.context() as patch:
            for key in list(os.environ):
                if key.startswith("MIXDOWN_"):
                    patch.delenv(key)
            for key, value in env.items():
                if isinstance(value, dict):  # from a Secret
                    value = "nats://user:s3cr3t-value@nats:4222" if key.endswith("NATS_URL") else "k3y-" + key.lower()
                patch.setenv(key, value)
            settings = settings_cls()
        assert settings.storage_backend == "s3", name
        assert str(settings.work_dir) == "/var/lib/mixdown/work", name
        if prefix == "GATEWAY":
            assert settings.http_host == "0.0.0.0" and settings.grpc_host == "0.0.0.0"


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_no_service_link_variables_leak_into_the_settings(value_set):
    # Kubernetes would inject MIXDOWN_MIXING_PORT=tcp://... for a Service named mixdown-mixing: in
    # the services' settings namespace. They are ignored today (extra="ignore"), but must never be read.
    for name, deployment in of_kind(rendered(value_set), "Deployment").items():
        assert deployment["spec"]["template"]["spec"]["enableServiceLinks"] is False, name


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_big_integers_render_without_exponent(value_set):
    for deployment in of_kind(rendered(value_set), "Deployment").values():
        for key, value in env_of(deployment).items():
            if isinstance(value, str):
                assert not re.fullmatch(r"[0-9.]+e\+[0-9]+", value), (key, value)


# --- GPU pool ----------------------------------------------------------------------------------


def _gpus(deployment: dict) -> tuple[Any, Any]:
    resources = container(deployment)["resources"]
    return resources.get("limits", {}).get("nvidia.com/gpu"), resources.get("requests", {}).get("nvidia.com/gpu")


def test_gpu_pool_values_put_separation_and_ml_mixing_on_gpu_nodes():
    deployments = of_kind(rendered("gpu-values.yaml"), "Deployment")
    for name in ("mixdown-separation", "mixdown-mixing-ml"):
        pod = deployments[name]["spec"]["template"]["spec"]
        assert _gpus(deployments[name]) == (1, 1), name
        assert pod["nodeSelector"] == {"mixdown.io/pool": "gpu"}, name
        assert {"key": "mixdown.io/pool", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"} in pod["tolerations"]
        assert setting(deployments[name], "device") in ("cuda", None), name
        # no surge: a rollout must not wait for a spare GPU
        assert deployments[name]["spec"]["strategy"]["rollingUpdate"]["maxSurge"] == 0
    assert setting(deployments["mixdown-mixing-ml"], "nats_url") is not None
    assert env_of(deployments["mixdown-mixing-ml"]).keys() >= {"MIXDOWN_MIXING_NATS_URL", "MIXDOWN_MIXING_GRPC_PORT"}
    for name in ("mixdown-gateway", "mixdown-mixing", "mixdown-mastering", "mixdown-text-control", "mixdown-qc"):
        pod = deployments[name]["spec"]["template"]["spec"]
        assert _gpus(deployments[name]) == (None, None), name
        assert "nodeSelector" not in pod and "tolerations" not in pod, name


def test_default_values_request_a_gpu_for_separation_only():
    deployments = of_kind(rendered("defaults"), "Deployment")
    separation = deployments["mixdown-separation"]
    assert _gpus(separation) == (1, 1)
    pod = separation["spec"]["template"]["spec"]
    assert pod["nodeSelector"] == {"nvidia.com/gpu.present": "true"}
    assert {"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"} in pod["tolerations"]
    assert "mixdown-mixing-ml" not in deployments  # disabled until the ML mixing model exists
    assert [name for name, d in deployments.items() if _gpus(d) != (None, None)] == ["mixdown-separation"]


def test_all_in_one_runs_separation_on_cpu():
    separation = of_kind(rendered("all-in-one-values.yaml"), "Deployment")["mixdown-separation"]
    assert _gpus(separation) == (None, None)
    assert setting(separation, "device") == "cpu"
    assert "tolerations" not in separation["spec"]["template"]["spec"]


# --- graceful stop: long work is not killed -------------------------------------------------


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_pods_outlive_their_drain(value_set):
    for name, deployment in of_kind(rendered(value_set), "Deployment").items():
        grace = deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
        drain = float(setting(deployment, "shutdown_grace_seconds"))
        assert grace >= drain + 10, f"{name}: terminationGracePeriodSeconds {grace} vs shutdown_grace_seconds {drain}"
    separation = of_kind(rendered(value_set), "Deployment")["mixdown-separation"]
    # the longest separation the chart plans for (a 20-minute song with shifts) fits in the drain
    assert float(setting(separation, "shutdown_grace_seconds")) >= 1800
    assert separation["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] > 1800


# --- autoscaling ----------------------------------------------------------------------------


def test_keda_scales_each_stage_on_its_consumer_lag():
    docs = rendered("external-values.yaml")
    scaled = of_kind(docs, "ScaledObject")
    deployments = of_kind(docs, "Deployment")
    values = merged_values("external-values.yaml")["services"]
    expected = {f"mixdown-{name.replace('_', '-')}": block for name, block in values.items()
                if block["enabled"] and block["stage"] and block["autoscaling"]["enabled"]}
    assert set(scaled) == set(expected)
    assert {block["stage"] for block in expected.values()} == set(STAGES)
    for name, scaled_object in scaled.items():
        spec = scaled_object["spec"]
        assert spec["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment", "name": name}
        assert "replicas" not in deployments[name]["spec"], f"{name}: replicas would fight the autoscaler"
        (trigger,) = spec["triggers"]
        assert trigger["type"] == "nats-jetstream"
        metadata = trigger["metadata"]
        assert metadata["stream"] == STAGE_STREAM
        assert metadata["consumer"] == consumer_name(expected[name]["stage"], expected[name].get("lane", ""))
        assert metadata["lagThreshold"] == str(expected[name]["autoscaling"]["lag_threshold_messages"])
        assert all(isinstance(value, str) for value in metadata.values())
        assert metadata["natsServerMonitoringEndpoint"] == "nats-headless.nats.svc.cluster.local:8222"
        assert metadata["account"] == "MIXDOWN"
        assert spec["minReplicaCount"] <= spec["maxReplicaCount"]
        behavior = spec["advanced"]["horizontalPodAutoscalerConfig"]["behavior"]["scaleDown"]
        assert behavior["stabilizationWindowSeconds"] >= 300
        assert behavior["policies"] == [{"type": "Pods", "value": 1, "periodSeconds": 300}]
    # the gateway consumes no stage: CPU HPA
    assert set(of_kind(docs, "HorizontalPodAutoscaler")) == {"mixdown-gateway"}


def test_gpu_stage_scales_to_zero_and_wakes_on_one_message():
    scaled = of_kind(rendered("gpu-values.yaml"), "ScaledObject")["mixdown-separation"]
    assert scaled["spec"]["minReplicaCount"] == 0
    assert scaled["spec"]["triggers"][0]["metadata"]["activationLagThreshold"] == "1"
    ml = of_kind(rendered("gpu-values.yaml"), "ScaledObject")["mixdown-mixing-ml"]
    assert ml["spec"]["triggers"][0]["metadata"]["consumer"] == consumer_name("mixing", "style")


def test_style_jobs_go_to_the_style_worker_only_when_it_is_deployed():
    """With mixing_ml on, the gateway queues mix_mode=style jobs on the style lane and mixing_ml
    consumes it; without it, nothing names a lane and the mixing workers run style jobs."""
    with_ml = of_kind(rendered("gpu-values.yaml"), "Deployment")
    assert env_of(with_ml["mixdown-gateway"])["MIXDOWN_GATEWAY_STYLE_LANE"] == "true"
    assert env_of(with_ml["mixdown-mixing-ml"])["MIXDOWN_MIXING_LANE"] == "style"
    assert "MIXDOWN_MIXING_LANE" not in env_of(with_ml["mixdown-mixing"])
    without = of_kind(rendered("defaults"), "Deployment")
    assert not any(key.endswith("_LANE") for deployment in without.values() for key in env_of(deployment))


def test_without_keda_autoscaled_services_get_a_cpu_hpa():
    docs = rendered("defaults")
    assert not of_kind(docs, "ScaledObject")
    hpas = of_kind(docs, "HorizontalPodAutoscaler")
    deployments = of_kind(docs, "Deployment")
    assert set(hpas) == {"mixdown-separation", "mixdown-mixing", "mixdown-mastering", "mixdown-text-control",
                         "mixdown-qc"}
    for name, hpa in hpas.items():
        assert hpa["spec"]["scaleTargetRef"]["name"] == name
        (metric,) = hpa["spec"]["metrics"]
        assert metric["resource"]["name"] == "cpu"
        assert hpa["spec"]["minReplicas"] >= 1
        assert "replicas" not in deployments[name]["spec"]
    assert deployments["mixdown-gateway"]["spec"]["replicas"] == 2


def test_all_in_one_has_fixed_replicas():
    docs = rendered("all-in-one-values.yaml")
    assert not of_kind(docs, "ScaledObject") and not of_kind(docs, "HorizontalPodAutoscaler")
    assert {d["spec"]["replicas"] for d in of_kind(docs, "Deployment").values()} == {1}


# --- disruption budgets -----------------------------------------------------------------------


@pytest.mark.parametrize("value_set", ["defaults", "external-values.yaml", "gpu-values.yaml"])
def test_each_deployment_has_a_disruption_budget(value_set):
    docs = rendered(value_set)
    budgets = of_kind(docs, "PodDisruptionBudget")
    for name, deployment in of_kind(docs, "Deployment").items():
        budget = budgets[name]["spec"]
        assert selects(budget["selector"]["matchLabels"], deployment["spec"]["template"]["metadata"]["labels"])
        assert budget["maxUnavailable"] == 1  # a drain always progresses, one pod at a time


# --- network policies ---------------------------------------------------------------------------


def _rules_on(policy: dict, port: str) -> list[dict]:
    return [rule for rule in policy["spec"].get("ingress", []) if {"port": port, "protocol": "TCP"} in rule["ports"]]


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_network_policies_deny_by_default_and_open_only_what_is_called(value_set):
    docs = rendered(value_set)
    policies = of_kind(docs, "NetworkPolicy")
    deny = policies.pop(f"{RELEASE}-default-deny")
    assert deny["spec"]["podSelector"]["matchLabels"] == {"app.kubernetes.io/name": "mixdown",
                                                         "app.kubernetes.io/instance": RELEASE}
    assert deny["spec"]["policyTypes"] == ["Ingress"] and "ingress" not in deny["spec"]
    values = merged_values(value_set)
    metrics_namespace = values["networkPolicy"]["metrics_namespace"]
    for name, deployment in of_kind(docs, "Deployment").items():
        labels = deployment["spec"]["template"]["metadata"]["labels"]
        assert selects(deny["spec"]["podSelector"]["matchLabels"], labels)
        policy = policies.pop(name)
        assert selects(policy["spec"]["podSelector"]["matchLabels"], labels)
        for rule in policy["spec"]["ingress"]:
            assert len(rule["ports"]) == 1, f"{name}: one port per rule"
        if component(deployment) == "gateway":
            (http,) = _rules_on(policy, "http")
            assert http.get("from", []) == values["networkPolicy"]["gateway_http_from"]
            continue
        # internal services: nothing from anywhere, metrics from the monitoring namespace only
        for rule in policy["spec"]["ingress"]:
            assert rule.get("from"), f"{name}: a rule open to every source"
        (metrics,) = _rules_on(policy, "metrics")
        assert metrics["from"] == [{"namespaceSelector": {"matchLabels": {
            "kubernetes.io/metadata.name": metrics_namespace}}}]
        (grpc,) = _rules_on(policy, "grpc")
        callers = [peer["podSelector"]["matchLabels"]["app.kubernetes.io/component"]
                   for peer in grpc["from"] if "podSelector" in peer]
        assert callers == ["gateway"], f"{name}: gRPC callers {callers}"
    assert not policies, f"policies selecting nothing: {sorted(policies)}"


def test_gateway_grpc_is_open_only_to_the_listed_peers():
    policy = of_kind(rendered("external-values.yaml"), "NetworkPolicy")["mixdown-gateway"]
    (grpc,) = _rules_on(policy, "grpc")
    assert grpc["from"] == [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "internal-tools"}}}]
    assert not _rules_on(of_kind(rendered("defaults"), "NetworkPolicy")["mixdown-gateway"], "grpc")


# --- ingress --------------------------------------------------------------------------------


@pytest.mark.parametrize("value_set", ["all-in-one-values.yaml", "external-values.yaml"])
def test_ingress_reaches_the_gateway_with_its_body_limit(value_set):
    docs = rendered(value_set)
    (ingress,) = of_kind(docs, "Ingress").values()
    gateway = of_kind(docs, "Deployment")["mixdown-gateway"]
    max_request_bytes = int(setting(gateway, "max_request_bytes"))
    annotations = ingress["metadata"]["annotations"]
    size = annotations["nginx.ingress.kubernetes.io/proxy-body-size"]
    assert re.fullmatch(r"[0-9]+m", size) and int(size[:-1]) * 1024 * 1024 >= max_request_bytes
    assert int(annotations["mixdown.io/max-body-bytes"]) == max_request_bytes
    assert annotations["nginx.ingress.kubernetes.io/proxy-request-buffering"] == "off"
    assert int(annotations["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 600  # SSE
    backend = ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": "mixdown-gateway", "port": {"name": "http"}}
    assert not of_kind(rendered("defaults"), "Ingress")


# --- dependencies -----------------------------------------------------------------------------


def test_subcharts_are_optional_dependencies_off_by_default():
    metadata = yaml.safe_load((CHART_DIR / "Chart.yaml").read_text())
    dependencies = {dep["name"]: dep for dep in metadata["dependencies"]}
    assert dependencies["nats"]["condition"] == "nats.enabled"
    assert dependencies["minio"]["condition"] == "minio.enabled"
    assert all(dep["repository"].startswith("https://") for dep in dependencies.values())
    values = chart().values
    assert values["nats"]["enabled"] is False and values["minio"]["enabled"] is False
    assert values["nats"]["config"]["jetstream"]["enabled"] is True


def test_all_in_one_wires_the_services_to_the_bundled_nats_and_minio():
    for deployment in of_kind(rendered("all-in-one-values.yaml"), "Deployment").values():
        assert setting(deployment, "nats_url") == f"nats://mixdown-nats.{NAMESPACE}.svc:4222"
        assert setting(deployment, "s3_endpoint") == f"mixdown-minio.{NAMESPACE}.svc:9000"
        assert setting(deployment, "s3_access_key") == {"secretKeyRef": {"name": "mixdown-s3", "key": "rootUser"}}
        assert setting(deployment, "s3_secret_key") == {"secretKeyRef": {"name": "mixdown-s3", "key": "rootPassword"}}


def test_external_values_read_nats_url_and_s3_credentials_from_secrets():
    for deployment in of_kind(rendered("external-values.yaml"), "Deployment").values():
        assert setting(deployment, "nats_url") == {"secretKeyRef": {"name": "mixdown-nats", "key": "nats_url"}}
        assert setting(deployment, "s3_endpoint") == "s3.eu-west-1.amazonaws.com:443"
        assert setting(deployment, "s3_secure") == "true"
        assert setting(deployment, "s3_access_key") == {"secretKeyRef": {"name": "mixdown-s3", "key": "access_key"}}
        image = container(deployment)["image"]
        assert image.startswith("registry.example.com/mixdown/mixdown-")
        assert deployment["spec"]["template"]["spec"]["imagePullSecrets"] == [{"name": "registry-credentials"}]


# --- observability --------------------------------------------------------------------------


def test_monitoring_objects_render_when_enabled():
    docs = rendered("external-values.yaml")
    (monitor,) = of_kind(docs, "ServiceMonitor").values()
    assert monitor["metadata"]["labels"]["release"] == "kube-prometheus-stack"
    assert {endpoint["port"] for endpoint in monitor["spec"]["endpoints"]} == {"metrics", "http"}
    assert all(endpoint["path"] == "/metrics" for endpoint in monitor["spec"]["endpoints"])
    assert monitor["spec"]["selector"]["matchLabels"]["app.kubernetes.io/instance"] == RELEASE
    (rule,) = of_kind(docs, "PrometheusRule").values()
    alerts = {r["alert"]: r for group in rule["spec"]["groups"] for r in group["rules"]}
    assert {"MixdownStageErrorRateHigh", "MixdownQueueLagHigh", "MixdownQcFailRateHigh"} <= set(alerts)
    runbooks = (ROOT / "docs" / "operations.md").read_text().lower()
    for name, alert in alerts.items():
        assert f'namespace="{NAMESPACE}"' in alert["expr"], name
        assert alert["labels"]["severity"] in ("warning", "critical")
        anchor = alert["annotations"]["runbook_url"].split("#", 1)[1]
        assert f"### {name.lower()}" in runbooks and anchor == name.lower(), f"no runbook for {name}"
    (dashboard,) = of_kind(docs, "ConfigMap").values()
    assert dashboard["metadata"]["labels"]["grafana_dashboard"] == "1"
    assert json.loads(dashboard["data"]["mixdown.json"])["uid"] == "mixdown-overview"
    for kind in ("ServiceMonitor", "PrometheusRule", "ConfigMap"):
        assert not of_kind(rendered("defaults"), kind), f"{kind} rendered while disabled"


def test_pods_announce_their_metrics_port():
    for deployment in of_kind(rendered("defaults"), "Deployment").values():
        annotations = deployment["spec"]["template"]["metadata"]["annotations"]
        ports = {port["name"]: port["containerPort"] for port in container(deployment)["ports"]}
        expected = ports["http"] if component(deployment) == "gateway" else ports["metrics"]
        assert annotations["prometheus.io/port"] == str(expected)


# --- values schema ----------------------------------------------------------------------------


@pytest.mark.parametrize("bad, where", [
    ({"services": {"mixing": {"replicas": -1}}}, "/services/mixing/replicas"),
    ({"services": {"mixing": {"replicas": "two"}}}, "/services/mixing/replicas"),
    ({"services": {"separation": {"settings": {"device": "tpu"}}}}, "/services/separation/settings/device"),
    ({"services": {"separation": {"settings": {"overlap": 1.5}}}}, "/services/separation/settings/overlap"),
    ({"services": {"qc": {"settings": {"s3_endpoint": "elsewhere:9000"}}}}, "/services/qc/settings"),
    ({"services": {"qc": {"settings": {"grpc_port": 70000}}}}, "/services/qc/settings/grpc_port"),
    ({"services": {"qc": {"image": {"repository": "mixdown-qc", "tag": "latest"}}}}, "/services/qc/image/tag"),
    ({"services": {"gateway": {"autoscaling": {"target_cpu_utilization_percent": 0}}}},
     "/services/gateway/autoscaling/target_cpu_utilization_percent"),
    ({"services": {"mixing": {"work_dir_size_limit": "ten gigs"}}}, "/services/mixing/work_dir_size_limit"),
    ({"settings": {"log_level": "verbose"}}, "/settings/log_level"),
    ({"storage": {"s3_secure": "yes"}}, "/storage/s3_secure"),
    ({"services": {"mixin": {"enabled": True}}}, "/services"),
    ({"replicaCount": 3}, ""),
])
def test_schema_rejects_bad_values(bad, where):
    with pytest.raises(helm.HelmValuesError) as caught:
        render(bad)
    assert f"'{where}'" in str(caught.value) or (not where and "additional properties" in str(caught.value))
    with pytest.raises(helm.HelmValuesError):
        chart().validate_schema(chart().merge_values(bad))


@pytest.mark.parametrize("value_set", VALUE_SETS)
def test_schema_accepts_every_shipped_value_set(value_set):
    chart().validate_schema(merged_values(value_set))


def test_schema_file_is_generated_from_gen_schema():
    assert (CHART_DIR / "values.schema.json").read_text() == _gen_schema().render(), (
        "values.schema.json is stale: run .venv/bin/python deploy/helm/gen_schema.py")


def _gen_schema():
    import importlib.util

    spec = importlib.util.spec_from_file_location("gen_schema", ROOT / "deploy" / "helm" / "gen_schema.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_schema_settings_are_the_services_settings_fields():
    import importlib

    generator = _gen_schema()
    for module, properties in generator.SETTINGS_BY_MODULE.items():
        module_name, _, class_name = SETTINGS_CLASSES[module].partition(":")
        fields = getattr(importlib.import_module(module_name), class_name).model_fields
        unknown = set(properties) - set(fields)
        assert not unknown, f"{module}: schema settings {sorted(unknown)} are not fields of {class_name}"


def test_every_value_is_described_in_the_schema():
    """Walk the default values: every key has a schema (no value slips through undocumented)."""
    schema = json.loads((CHART_DIR / "values.schema.json").read_text())

    def walk(value: Any, node: dict, path: str) -> None:
        if not isinstance(value, dict) or node.get("type") != "object" or "properties" not in node:
            return
        if node.get("additionalProperties") is True:  # subchart blocks: their own chart's schema
            return
        for key, child in value.items():
            assert key in node["properties"], f"{path}.{key} is not in values.schema.json"
            assert node["properties"][key].get("description"), f"{path}.{key} has no description"
            walk(child, node["properties"][key], f"{path}.{key}")

    walk(chart().values, schema, "")


def test_values_file_has_no_unit_less_durations_or_sizes():
    """Mixdown's own knobs carry their unit in their name, as in the services' settings."""
    text = (CHART_DIR / "values.yaml").read_text()
    keys = set(re.findall(r"^\s*([a-z][a-z0-9_]*):", text, flags=re.M))
    for key in keys:
        assert not re.fullmatch(r".*_(timeout|interval|period|delay|grace|threshold|lag)", key), key

