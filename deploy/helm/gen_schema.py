"""Write ``deploy/helm/mixdown/values.schema.json``, the JSON Schema of the chart's values.

The schema is written here, in Python, because the services' settings repeat across blocks; the
JSON file is what Helm reads (``helm install``/``lint``/``template`` validate values against it).
After changing it, or a service's settings, run::

    .venv/bin/python deploy/helm/gen_schema.py

``tests/deploy/test_chart.py`` fails when the JSON file is stale, and checks that every settings
key here is a field of the service's pydantic Settings class (same name, same meaning).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).resolve().parent / "mixdown" / "values.schema.json"

STAGES = ["separation", "text_control", "mixing", "mastering", "qc"]
COMPONENTS = ["gateway", "separation", "mixing", "mixing-ml", "mixing_ml", "mastering", "text-control", "text_control", "qc"]
QUANTITY = r"^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m)?$"


def obj(properties: dict[str, Any], description: str = "", required: list[str] | None = None,
        additional: bool | dict = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": additional}
    if description:
        schema["description"] = description
    if required:
        schema["required"] = required
    return schema


def integer(description: str, minimum: int | None = None, maximum: int | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "integer", "description": description}
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    return schema


def number(description: str, minimum: float | None = None, exclusive_minimum: float | None = None,
           maximum: float | None = None, exclusive_maximum: float | None = None, nullable: bool = False) -> dict:
    schema: dict[str, Any] = {"type": ["number", "null"] if nullable else "number", "description": description}
    for key, value in (("minimum", minimum), ("exclusiveMinimum", exclusive_minimum), ("maximum", maximum),
                       ("exclusiveMaximum", exclusive_maximum)):
        if value is not None:
            schema[key] = value
    return schema


def string(description: str, **extra: Any) -> dict[str, Any]:
    return {"type": "string", "description": description, **extra}


def boolean(description: str) -> dict[str, Any]:
    return {"type": "boolean", "description": description}


def port(description: str) -> dict[str, Any]:
    return integer(description, 1, 65535)


def k8s(kind: str, description: str) -> dict[str, Any]:
    """A Kubernetes object passed through as it is (validated by Kubernetes, not here)."""
    return {"type": kind, "description": f"{description} (Kubernetes spelling, passed through)"}


# --- the services' settings (names and bounds from lib/mixdown/settings.py and each service) --

COMMON_SETTINGS = {
    "nats_connect_attempts": integer("bounded retries for NATS and storage at start", 1),
    "log_level": {"type": "string", "enum": ["debug", "info", "warning", "error"], "description": "log level"},
    "worker_enabled": boolean("run the stage worker (consume the stage's messages) besides the gRPC API"),
    "ack_wait_seconds": number("how long a stage message stays leased to a worker between heartbeats",
                               exclusive_minimum=0),
    "max_deliver": integer("deliveries of a stage message before its job fails", 1),
    "shutdown_grace_seconds": number(
        "on SIGTERM, how long the worker may finish its message in hand; the pod's "
        "terminationGracePeriodSeconds is this plus termination_extra_seconds", minimum=0),
    "grpc_port": port("gRPC API and standard health checking"),
    "metrics_port": port("Prometheus /metrics"),
}

GATEWAY_SETTINGS = {
    **{k: v for k, v in COMMON_SETTINGS.items() if k != "metrics_port"},
    "http_port": port("REST API, web UI and /metrics"),
    "grpc_enabled": boolean("serve the internal gRPC GatewayService on grpc_port"),
    "max_upload_bytes": integer("largest accepted file, per file", 1),
    "max_request_bytes": integer("largest accepted request body, all files together (also the Ingress limit)", 1),
    "max_field_bytes": integer("largest accepted form text field (JSON)", 1),
    "max_files": integer("most files in one job", 1, 12),
    "max_duration_seconds": number("longest accepted recording", exclusive_minimum=0),
    "default_tenant": string("tenant of requests that name none", pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$"),
    "sse_heartbeat_seconds": number("interval of SSE keep-alive comments", exclusive_minimum=0),
    "storage_check_attempts": integer("bounded retries for storage at start", 1),
    "link_ttl_seconds": number("default lifetime of a signed download link", exclusive_minimum=0),
    "public_url": string("https://host[/prefix] clients reach the API at, for signed links; '' for each "
                         "request's own"),
    "link_max_ttl_seconds": number("longest lifetime a client may ask for a signed link", exclusive_minimum=0),
    "standard_queue_limit_messages": integer("first-stage backlog above which plans without priority are refused",
                                             1),
    "text_control_deadline_seconds": number("deadline of each call to the text-control service",
                                            exclusive_minimum=0, maximum=120),
    "webhooks_enabled": boolean("run the webhook dispatcher in this replica"),
    "webhook_max_attempts": integer("attempts per webhook delivery", 1, 20),
    "webhook_retry_base_seconds": number("wait after a webhook's first failed attempt (doubles)", exclusive_minimum=0),
    "webhook_retry_max_seconds": number("longest wait between webhook attempts", exclusive_minimum=0),
    "webhook_timeout_seconds": number("time a webhook receiver has to answer", exclusive_minimum=0, maximum=30),
    "webhook_allow_private_hosts": boolean("allow callback URLs on private, loopback and link-local addresses"),
}

SEPARATION_SETTINGS = {
    **COMMON_SETTINGS,
    "model_name": string("Demucs model or bag name", minLength=1),
    "model_repo": {"type": ["string", "null"], "description": "local model folder in the Demucs --repo layout"},
    "device": {"type": "string", "enum": ["auto", "cpu", "cuda"], "description": "where the model runs"},
    "segment_seconds": number("model window; null for the model's own", exclusive_minimum=0, nullable=True),
    "overlap": number("share of a segment overlapping the next", minimum=0, exclusive_maximum=1),
    "shifts": integer("random time shifts averaged (Demucs shift trick)", 0, 20),
    "batch_size": integer("segments per forward pass; raise it on a GPU (e.g. 8)", 1, 64),
    "chunk_seconds": number("longest stretch processed at once (bounds memory)", minimum=1),
    "drum_splitter": {"type": "string", "enum": ["model", "dsp"],
                      "description": "kick/snare/toms/cymbals by the project's drum-part network (model; the DSP "
                                     "splitter when its weights are missing) or the DSP splitter (dsp)"},
    "drum_model_path": {"type": ["string", "null"],
                        "description": "ONNX weights of the drum-part network; null for the shipped ones"},
    "drum_model_name": {"type": ["string", "null"], "minLength": 1,
                        "description": "drum model in Demucs format for kick/snare/toms/cymbals; null for "
                                       "drum_splitter"},
    "drum_model_repo": {"type": ["string", "null"], "description": "local folder (Demucs --repo layout) of the drum model"},
}

QC_SETTINGS = {**COMMON_SETTINGS, "max_iterations": integer("mastering/QC loop iterations at most", 1)}

MIXING_SETTINGS = {
    **COMMON_SETTINGS,
    "render_cache_bytes": integer("memory for decoded inputs and render pieces kept for the next revision "
                                  "(0: none); count it in the pod's memory limit", 0),
}

TEXT_CONTROL_SETTINGS = {
    **COMMON_SETTINGS,
    "llm_url": string("OpenAI-compatible API base (.../v1) or chat-completions URL of an optional LLM; '' for the "
                      "rules only"),
    "llm_model": string("model name sent to the LLM endpoint (required with llm_url)"),
    "llm_timeout_seconds": number("time allowed for one LLM answer before the rules answer",
                                  exclusive_minimum=0, maximum=120),
}

SETTINGS_BY_MODULE = {
    "gateway": GATEWAY_SETTINGS,
    "separation": SEPARATION_SETTINGS,
    "mixing": MIXING_SETTINGS,
    "mastering": COMMON_SETTINGS,
    "text_control": TEXT_CONTROL_SETTINGS,
    "qc": QC_SETTINGS,
}
"""Module -> the settings a values file may set (tests compare them with the Settings classes)."""


def settings_block(properties: dict[str, Any], description: str) -> dict[str, Any]:
    return obj(properties, description + " Each key becomes MIXDOWN_<MODULE>_<KEY>; the chart sets the "
               "connection, storage and volume settings itself.")


def service_block(name: str, module: str) -> dict[str, Any]:
    properties = {
        "enabled": boolean("render this service"),
        "module": {"type": "string", "const": module, "description": "python -m mixdown_<module>; env prefix"},
        "image": obj({
            "registry": string("registry of this image; default image.registry"),
            "repository": string("image repository under the registry", minLength=1),
            "tag": string("image tag; default image.tag", **{"not": {"const": "latest"}}),
            "digest": string("image digest (sha256:...); wins over the tag", pattern=r"^(sha256:[a-f0-9]{64})?$"),
        }, "image of this service", required=["repository"]),
        "stage": {"type": "string", "enum": ["", *STAGES], "description": "stage consumed (KEDA scales on stage-<stage>)"},
        "lane": {"type": "string", "enum": ["", "style"],
                 "description": "lane of the stage consumed: 'style' takes mix_mode=style jobs' mixing (consumer "
                 "stage-<stage>-style, MIXDOWN_<MODULE>_LANE); an enabled mixing service on the style lane makes "
                 "the gateway queue style jobs there (MIXDOWN_GATEWAY_STYLE_LANE)"},
        "replicas": integer("replicas when autoscaling is off", 0),
        "settings": settings_block(SETTINGS_BY_MODULE[module], f"settings of {name}."),
        "termination_extra_seconds": integer("added to shutdown_grace_seconds for terminationGracePeriodSeconds", 0),
        "startup_timeout_seconds": integer("time the gRPC health may take to answer at start", 5),
        "work_dir_size_limit": string("emptyDir size of the work dir", pattern=QUANTITY),
        "tmp_size_limit": string("emptyDir size of /tmp", pattern=QUANTITY),
        "gpu": obj({
            "enabled": boolean("request gpu_pool.resource_name and run on the GPU pool"),
            "count": integer("GPUs per pod", 1),
        }, "GPU scheduling"),
        "autoscaling": obj({
            "enabled": boolean("scale it: KEDA on its stage consumer's lag, else a CPU HPA"),
            "min_replicas": integer("fewest replicas (0 lets KEDA scale a stage to zero)", 0),
            "max_replicas": integer("most replicas", 1),
            "lag_threshold_messages": integer("KEDA: pending messages per replica to aim for", 1),
            "activation_lag_threshold_messages": integer("KEDA: pending messages that wake a stage at zero", 0),
            "target_cpu_utilization_percent": integer("HPA: average CPU use to aim for", 1, 100),
        }, "autoscaling"),
        "pdb": obj({
            "enabled": boolean("render a PodDisruptionBudget"),
            "max_unavailable": {"type": ["integer", "string"], "description": "pods a voluntary disruption may take",
                                "minimum": 0, "pattern": r"^[0-9]+%$"},
        }, "PodDisruptionBudget"),
        "callers": {"type": "array", "items": {"type": "string", "enum": COMPONENTS}, "uniqueItems": True,
                    "description": "Mixdown components allowed to call the gRPC port (NetworkPolicy)"},
        "extra_ingress": k8s("array", "more NetworkPolicy peers allowed on the gRPC port"),
        "extra_env": {"type": "array", "description": "more container env entries (Kubernetes EnvVar)",
                      "items": {"type": "object", "required": ["name"]}},
        "resources": k8s("object", "container resources"),
        "nodeSelector": k8s("object", "node selector; for a GPU service, default gpu_pool.node_selector"),
        "tolerations": k8s("array", "tolerations; for a GPU service, default gpu_pool.tolerations"),
        "affinity": k8s("object", "affinity"),
        "topologySpreadConstraints": k8s("array", "topology spread constraints"),
        "strategy": k8s("object", "Deployment strategy"),
        "podAnnotations": k8s("object", "pod annotations"),
        "priorityClassName": string("priority class of the pods"),
    }
    if module == "separation":
        properties["model_cache"] = obj({
            "existing_claim": string("PersistentVolumeClaim with the model caches; '' for an emptyDir"),
            "size_limit": string("emptyDir size of the model caches", pattern=QUANTITY),
        }, "model caches mounted at /var/cache/mixdown (HF_HOME, TORCH_HOME)")
    if module == "text_control":
        properties["llm_api_key_secret"] = obj({
            "name": string("Secret holding the LLM endpoint's bearer token; '' for none"),
            "key": string("key of the token in that Secret", minLength=1),
        }, "the LLM endpoint's token (MIXDOWN_TEXT_CONTROL_LLM_API_KEY), from a Secret, never a value")
    return obj(properties, f"the {name} service", required=["enabled", "module", "image", "settings"])


def schema() -> dict[str, Any]:
    services = {
        "gateway": service_block("gateway", "gateway"),
        "separation": service_block("separation", "separation"),
        "mixing": service_block("mixing", "mixing"),
        "mixing_ml": service_block("ML mixing (GPU)", "mixing"),
        "mastering": service_block("mastering", "mastering"),
        "text_control": service_block("text-control", "text_control"),
        "qc": service_block("QC", "qc"),
    }
    subchart_note = "subchart values, passed to the chart as they are; only `enabled` is read here"
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "Mixdown Helm chart values",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "global": {"type": "object", "description": "Helm global values"},
            "image": obj({
                "registry": string("registry and path prefix of every image", minLength=1),
                "tag": string("tag of every image; '' for the chart's appVersion", **{"not": {"const": "latest"}}),
                "pullPolicy": {"type": "string", "enum": ["IfNotPresent", "Always", "Never"],
                               "description": "image pull policy"},
                "pullSecrets": {"type": "array", "items": {"type": "string", "minLength": 1},
                                "description": "names of image pull Secrets in the release namespace"},
            }, "images"),
            "settings": settings_block(COMMON_SETTINGS, "settings given to every service."),
            "nats": obj({"enabled": boolean("install the NATS chart as a subchart")}, subchart_note, additional=True),
            "externalNats": obj({
                "nats_url": string("NATS client URL when nats.enabled is false", pattern=r"^(nats|tls)://"),
                "nats_url_secret": obj({"name": string("Secret holding the URL; '' to use nats_url"),
                                        "key": string("key in the Secret", minLength=1)}, "URL from a Secret"),
                "monitoring_endpoint": string("host:port of NATS monitoring (KEDA)"),
                "account": string("NATS account of the stream", minLength=1),
            }, "an existing NATS"),
            "minio": obj({"enabled": boolean("install the MinIO chart as a subchart")}, subchart_note, additional=True),
            "storage": obj({
                "s3_endpoint": string("host:port of the S3 API"),
                "s3_bucket": string("bucket", minLength=3, maxLength=63),
                "s3_secure": boolean("TLS to the S3 endpoint"),
                "s3_region": string("S3 region; '' for none"),
                "credentials_secret": obj({
                    "name": string("Secret with the S3 credentials", minLength=1),
                    "access_key_key": string("its key holding the access key", minLength=1),
                    "secret_key_key": string("its key holding the secret key", minLength=1),
                }, "S3 credentials", required=["name", "access_key_key", "secret_key_key"]),
            }, "S3 object storage", required=["s3_bucket", "credentials_secret"]),
            "gateway_secrets": obj({
                "name": string("existing Secret with the gateway's secrets; '' for none (each replica then "
                               "signs links with its own random key: links work only on the replica that made "
                               "them)"),
                "link_secret_key": string("its key holding link_secret (24+ random characters)", minLength=1),
            }, "secrets of the gateway, from a Secret"),
            "gpu_pool": obj({
                "resource_name": string("extended resource of a GPU", minLength=1),
                "node_selector": k8s("object", "labels of the GPU pool's nodes"),
                "tolerations": k8s("array", "tolerations of the GPU pool's taints"),
            }, "the GPU node pool"),
            "autoscaling": obj({
                "keda": obj({
                    "enabled": boolean("KEDA ScaledObjects on the stage consumers' lag"),
                    "polling_interval_seconds": integer("how often KEDA reads the lag", 1),
                    "cooldown_period_seconds": integer("wait before scaling a stage to zero", 0),
                }, "KEDA"),
                "scale_down_stabilization_seconds": integer("low load this long before a scale-down", 0, 3600),
                "scale_down_period_seconds": integer("at most one pod removed per this period", 1, 1800),
            }, "autoscaling"),
            "networkPolicy": obj({
                "enabled": boolean("default-deny ingress plus the allow rules"),
                "gateway_http_from": k8s("array", "peers allowed on the gateway's HTTP port; [] for anywhere"),
                "metrics_namespace": string("namespace of Prometheus", minLength=1),
            }, "NetworkPolicies"),
            "ingress": obj({
                "enabled": boolean("render the gateway's Ingress"),
                "className": string("IngressClass"),
                "host": string("host name", minLength=1),
                "path": string("path prefix", pattern="^/"),
                "tls_secret": string("TLS Secret for host; '' for plain HTTP"),
                "annotations": k8s("object", "more annotations"),
                "nginx_annotations": boolean("set ingress-nginx body size, buffering and timeout annotations"),
                "max_body_bytes": {"type": ["integer", "null"], "minimum": 1,
                                   "description": "body-size limit; null for the gateway's max_request_bytes"},
                "read_timeout_seconds": integer("proxy read/send timeout (SSE streams)", 1),
            }, "the gateway's Ingress"),
            "metrics": obj({
                "serviceMonitor": obj({
                    "enabled": boolean("render a ServiceMonitor (Prometheus Operator)"),
                    "interval_seconds": integer("scrape interval", 5),
                    "labels": k8s("object", "labels the Prometheus selects ServiceMonitors by"),
                }, "ServiceMonitor"),
                "prometheusRule": obj({
                    "enabled": boolean("render the PrometheusRule with Mixdown's alerts"),
                    "labels": k8s("object", "labels the Prometheus selects rules by"),
                    "runbook_base_url": string("URL of docs/operations.md; alerts link to its runbooks"),
                    "stage_error_ratio": number("MixdownStageErrorRateHigh threshold", exclusive_minimum=0, maximum=1),
                    "queue_lag_threshold_messages": integer("MixdownQueueLagHigh threshold", 1),
                    "qc_fail_ratio": number("MixdownQcFailRateHigh threshold", exclusive_minimum=0, maximum=1),
                    "http_5xx_ratio": number("MixdownGatewayErrorRateHigh threshold", exclusive_minimum=0, maximum=1),
                }, "alerts"),
                "grafanaDashboard": obj({
                    "enabled": boolean("render the dashboard ConfigMap"),
                    "labels": k8s("object", "labels Grafana's sidecar selects by"),
                    "annotations": k8s("object", "annotations (e.g. the sidecar's folder)"),
                }, "Grafana dashboard"),
            }, "observability"),
            "services": obj(services, "one block per service", additional=False),
        },
        "required": ["image", "storage", "services"],
    }


def render() -> str:
    return json.dumps(schema(), indent=2) + "\n"


if __name__ == "__main__":
    SCHEMA_PATH.write_text(render())
    print(f"wrote {SCHEMA_PATH}")
