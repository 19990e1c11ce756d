"""Prometheus metrics of every service, against the naming rules, and the dashboard and alerts
against the metrics that exist (a renamed metric breaks this test, not a production dashboard)."""

from __future__ import annotations

import asyncio
import json
import math
import re
from types import SimpleNamespace

import helm_python as helm
import pytest
import yaml
from prometheus_client import REGISTRY

import mixdown.grpcutil  # noqa: F401 - registers the gRPC metrics
import mixdown_gateway.metrics  # noqa: F401 - registers the HTTP metrics
from mixdown import telemetry
from tests.deploy.support import CHART_DIR

FORBIDDEN_LABELS = {"job", "instance", "job_id", "tenant", "request_id", "id", "user", "msg_id", "path"}
UNIT_SUFFIXES = ("_seconds", "_bytes", "_lufs", "_dbtp", "_messages", "_ratio")


def families() -> dict[str, object]:
    return {metric.name: metric for metric in REGISTRY.collect() if metric.name.startswith("mixdown_")}


def exported_names() -> set[str]:
    names = set()
    for name, metric in families().items():
        if metric.type == "counter":
            names.add(f"{name}_total")
        elif metric.type == "histogram":
            names.update(f"{name}{suffix}" for suffix in ("_bucket", "_count", "_sum"))
        else:
            names.add(name)
    return names


def _label_names(name: str) -> set[str]:
    collector = REGISTRY._names_to_collectors.get(name) or REGISTRY._names_to_collectors.get(f"{name}_total")
    return set(getattr(collector, "_labelnames", ()))


def test_metric_names_follow_prometheus_conventions():
    found = families()
    assert {"mixdown_grpc_requests", "mixdown_http_requests", "mixdown_stage_duration_seconds",
            "mixdown_jobs_finished", "mixdown_stage_redeliveries", "mixdown_stage_queue_pending_messages",
            "mixdown_master_integrated_loudness_lufs", "mixdown_master_true_peak_dbtp"} <= set(found)
    for name, metric in found.items():
        assert re.fullmatch(r"mixdown_[a-z0-9_]+", name), name
        if metric.type != "counter":
            assert not name.endswith("_total"), f"{name}: only counters end in _total"
        if metric.type == "histogram":
            assert name.endswith(UNIT_SUFFIXES), f"{name}: a histogram names its base unit"
        assert not name.endswith(("_milliseconds", "_ms", "_minutes", "_kb", "_mb")), f"{name}: use base units"
        labels = _label_names(name)
        assert not labels & FORBIDDEN_LABELS, f"{name}: high-cardinality or reserved labels {labels & FORBIDDEN_LABELS}"


def test_stage_durations_are_bucketed_up_to_tens_of_minutes():
    assert max(telemetry.STAGE_BUCKETS_SECONDS) >= 1800
    assert list(telemetry.STAGE_BUCKETS_SECONDS) == sorted(telemetry.STAGE_BUCKETS_SECONDS)


def _value(name: str, **labels: str) -> float | None:
    return REGISTRY.get_sample_value(name, labels)


def test_queue_depth_is_sampled_from_the_consumer():
    class Subscription:
        async def consumer_info(self):
            return SimpleNamespace(num_pending=7, num_ack_pending=2, num_redelivered=0)

    assert asyncio.run(telemetry.update_queue_depth(Subscription(), "unit_test_stage")) is True
    assert _value("mixdown_stage_queue_pending_messages", stage="unit_test_stage") == 7
    assert _value("mixdown_stage_queue_ack_pending_messages", stage="unit_test_stage") == 2
    assert _value("mixdown_stage_queue_sampled_timestamp_seconds", stage="unit_test_stage") > 0


def test_a_failed_sample_keeps_the_last_value_and_never_raises():
    class Broken:
        async def consumer_info(self):
            raise ConnectionError("nats is down")

    telemetry.record_queue_depth("unit_test_broken", SimpleNamespace(num_pending=3, num_ack_pending=0))
    assert asyncio.run(telemetry.update_queue_depth(Broken(), "unit_test_broken")) is False
    assert _value("mixdown_stage_queue_pending_messages", stage="unit_test_broken") == 3


@pytest.mark.timeout(30)
def test_watch_queue_depth_stops_when_cancelled_even_mid_sample():
    """Cancelled at every point of its loop, including as a sample completes (where Python 3.11's
    asyncio.wait_for swallows the cancellation and the task would run forever)."""
    calls = []

    class Subscription:
        async def consumer_info(self):
            calls.append(1)
            return SimpleNamespace(num_pending=len(calls), num_ack_pending=0)

    async def run() -> None:
        for attempt in range(200):
            task = asyncio.create_task(telemetry.watch_queue_depth(Subscription(), "unit_test_watch", 0))
            for _ in range(attempt % 7):
                await asyncio.sleep(0)
            task.cancel()
            async with asyncio.timeout(2):
                with pytest.raises(asyncio.CancelledError):
                    await task

    asyncio.run(run())
    assert len(calls) >= 100
    assert _value("mixdown_stage_queue_pending_messages", stage="unit_test_watch") >= 1


def test_delivered_master_loudness_skips_silence():
    before = _value("mixdown_master_integrated_loudness_lufs_count") or 0
    telemetry.observe_master(-14.2, -1.1)
    telemetry.observe_master(-math.inf, math.nan)  # a silent master measures -inf LUFS
    assert _value("mixdown_master_integrated_loudness_lufs_count") == before + 1


def _metric_tokens(text: str) -> set[str]:
    return set(re.findall(r"\bmixdown_[a-z0-9_]+\b", text))


def test_dashboard_queries_existing_metrics():
    dashboard = json.loads((CHART_DIR / "dashboards" / "mixdown.json").read_text())
    expressions = [target["expr"] for panel in dashboard["panels"] for target in panel.get("targets", [])]
    assert expressions
    used = set().union(*(_metric_tokens(expr) for expr in expressions))
    assert used <= exported_names(), f"unknown metrics in the dashboard: {sorted(used - exported_names())}"
    for expr in expressions:
        assert expr.count("(") == expr.count(")") and expr.count("{") == expr.count("}"), expr
    ids = [panel["id"] for panel in dashboard["panels"]]
    assert len(ids) == len(set(ids))


def test_alerts_query_existing_metrics():
    values = yaml.safe_load((CHART_DIR / "ci" / "external-values.yaml").read_text())
    with helm.Chart.load(CHART_DIR) as chart:
        manifest = chart.render(values, name="mixdown", namespace="mixdown")["mixdown/templates/prometheusrule.yaml"]
    rule = yaml.safe_load(manifest)
    for group in rule["spec"]["groups"]:
        for alert in group["rules"]:
            used = _metric_tokens(alert["expr"])
            assert used or alert["expr"].lstrip().startswith("up{"), alert["alert"]
            assert used <= exported_names(), (alert["alert"], sorted(used - exported_names()))
            assert alert["expr"].count("(") == alert["expr"].count(")"), alert["alert"]


def test_queue_depth_of_a_real_stage_consumer(nats_server):
    """Against nats-server: the gauges follow the durable consumer the stage worker pulls from."""
    from mixdown.events.bus import connect
    from mixdown.events.messages import StageMessage

    async def run() -> tuple[float | None, float | None]:
        bus = await connect(nats_server.url, attempts=5, name="queue-depth-test")
        try:
            sub = await bus.stage_consumer("mastering", ack_wait_seconds=30, max_deliver=5)
            for job in ("job-a", "job-b", "job-c"):
                await bus.publish_stage(StageMessage(job_id=job, tenant="t1", stage="mastering", revision=1))
            assert await telemetry.update_queue_depth(sub, "mastering")
            pending = _value("mixdown_stage_queue_pending_messages", stage="mastering")
            (msg,) = await sub.fetch(1, timeout=2)
            assert await telemetry.update_queue_depth(sub, "mastering")
            in_worker = _value("mixdown_stage_queue_ack_pending_messages", stage="mastering")
            await msg.ack()
            return pending, in_worker
        finally:
            await bus.close()

    pending, in_worker = asyncio.run(run())
    assert pending == 3
    assert in_worker == 1
