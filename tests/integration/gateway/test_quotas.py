"""Plans, monthly quotas, rate limits and priority at admission, through the gateway against a real
nats-server (the quota counter is a KV entry changed by compare-and-set)."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime

import pytest

from mixdown.events.bus import stage_subject
from mixdown.events.messages import StageMessage
from mixdown_gateway.access.errors import LimitExceeded
from mixdown_gateway.access.plans import load_plans
from mixdown_gateway.access.quotas import period_bounds, period_of
from tests.auth import api_client
from tests.clock import FakeClock
from tests.integration.access_helpers import call, finish_mix, new_key, post_mix, post_separation

CUSTOM_PLANS = {
    "trial": {"songs_per_month": 2, "drum_separation": False, "priority": 0, "requests_per_minute": 600,
              "burst_requests": 100},
    "tiny": {"songs_per_month": 5, "drum_separation": False, "priority": 0, "requests_per_minute": 60,
             "burst_requests": 3},
    "enterprise": {"songs_per_month": None, "drum_separation": True, "priority": 1, "requests_per_minute": 6000,
                   "burst_requests": 1000},
}


@pytest.fixture
def custom_client(gateway_settings, tmp_path):
    path = tmp_path / "plans.json"
    path.write_text(json.dumps(CUSTOM_PLANS))
    with api_client(gateway_settings.model_copy(update={"plans_path": path})) as test_client:
        yield test_client


@pytest.fixture
def files(make_audio):
    return [("vocal.wav", make_audio("vocal.wav", channels=1)), ("beat.wav", make_audio("beat.wav"))]


def _seconds_to_next_month() -> float:
    return period_bounds(period_of(time.time()))[1].timestamp() - time.time()


def test_the_shipped_plans():
    plans = load_plans()
    assert set(plans) == {"basic", "pro", "enterprise"}
    basic, pro, enterprise = plans["basic"], plans["pro"], plans["enterprise"]
    assert (basic.songs_per_month, basic.drum_separation, basic.priority) == (10, False, 0)
    assert (pro.songs_per_month, pro.drum_separation, pro.priority) == (50, True, 1)
    assert (enterprise.songs_per_month, enterprise.drum_separation, enterprise.priority) == (None, True, 1)
    assert basic.requests_per_minute < pro.requests_per_minute < enterprise.requests_per_minute


def test_plans_file_errors_name_the_plan(tmp_path):
    path = tmp_path / "plans.json"
    path.write_text(json.dumps({"gold": {"songs_per_month": -1, "drum_separation": True, "priority": 0,
                                         "requests_per_minute": 10, "burst_requests": 1}}))
    with pytest.raises(ValueError, match="plan 'gold'"):
        load_plans(path)


def test_songs_are_counted_per_month_and_refused_with_retry_after(custom_client, files, make_audio):
    headers = new_key(custom_client, "acme", "trial")
    assert post_mix(custom_client, headers, files).status_code == 201
    assert post_separation(custom_client, headers, make_audio("song.wav")).status_code == 201
    for refused in (post_mix(custom_client, headers, files),
                    post_separation(custom_client, headers, make_audio("song2.wav"))):
        assert refused.status_code == 429, refused.text
        detail = refused.json()["detail"]
        assert "monthly quota reached: plan trial includes 2 songs a month" in detail, detail
        assert abs(int(refused.headers["retry-after"]) - _seconds_to_next_month()) <= 5
    usage = custom_client.get("/v1/usage", headers=headers).json()
    assert (usage["plan"], usage["period"], usage["songs_used"], usage["songs_limit"], usage["songs_remaining"]) == (
        "trial", period_of(time.time()), 2, 2, 0)
    assert datetime.fromisoformat(usage["period_end"]) == period_bounds(usage["period"])[1]
    # another tenant on the same plan has its own count
    other = new_key(custom_client, "globex", "trial")
    assert post_mix(custom_client, other, files).status_code == 201
    assert custom_client.get("/v1/usage", headers=other).json()["songs_used"] == 1


def test_revisions_and_refused_submissions_are_not_songs(custom_client, files, tmp_path):
    headers = new_key(custom_client, "acme", "trial")
    job_id = post_mix(custom_client, headers, files).json()["id"]
    finish_mix(custom_client, "acme", job_id)
    revision = custom_client.post(f"/v1/jobs/{job_id}/revisions", headers=headers,
                                  json={"overrides": {"tracks": {"vocal.wav": {"gain_db": -2.0}}}})
    assert revision.status_code == 202, revision.text
    text = tmp_path / "notes.wav"
    text.write_bytes(b"not audio at all\n" * 50)
    bad = post_mix(custom_client, headers, [("vocal.wav", text)], stems_meta=json.dumps(
        [{"name": "vocal.wav", "role": "lead_vocal"}]))
    assert bad.status_code == 415, bad.text
    bad_callback = post_mix(custom_client, headers, files, callback_url="ftp://example.com/hook")
    assert bad_callback.status_code == 422
    assert custom_client.get("/v1/usage", headers=headers).json()["songs_used"] == 1


def test_the_monthly_count_is_atomic_under_concurrent_submissions(client):
    access = client.app.state.access
    plan = access.plans["basic"]  # 10 songs a month

    async def race() -> list:
        return await asyncio.gather(*(access.usage.take("race", plan) for _ in range(25)), return_exceptions=True)

    outcomes = call(client, race)
    assert sum(1 for o in outcomes if isinstance(o, str)) == 10
    assert all(isinstance(o, LimitExceeded) for o in outcomes if not isinstance(o, str))
    assert call(client, access.usage.usage, "race", plan).songs_used == 10


def test_basic_plan_separates_main_stems_only(client, make_audio):
    basic = new_key(client, "indie", "basic")
    for options in ({"drum_separation": True}, {"stems_required": ["drums", "kick"]}, {"source": "drums"}):
        refused = post_separation(client, basic, make_audio("song.wav"), options)
        assert refused.status_code == 403, refused.text
        assert "drum separation (kick, snare, cymbals, toms) is not included in plan basic" in refused.json()[
            "detail"]
    default = post_separation(client, basic, make_audio("song.wav"))
    assert default.status_code == 201, default.text
    record = call(client, client.app.state.bus.jobs.get, "indie", default.json()["id"])
    assert record.options["drum_separation"] is False and record.priority == 0
    main = post_separation(client, basic, make_audio("song.wav"), {"stems_required": ["vocals", "drums"]})
    assert main.status_code == 201
    assert client.get("/v1/usage", headers=basic).json()["songs_used"] == 2  # the 403s were not counted

    pro = new_key(client, "label", "pro")
    drums = post_separation(client, pro, make_audio("song.wav"), {"drum_separation": True})
    assert drums.status_code == 201
    record = call(client, client.app.state.bus.jobs.get, "label", drums.json()["id"])
    assert record.options["drum_separation"] is True and record.priority == 1


def test_rate_limit_per_tenant_answers_429_with_retry_after(custom_client):
    clock = custom_client.app.state.access.limiter.clock = FakeClock(time.monotonic())
    tiny, other = new_key(custom_client, "chatty", "tiny"), new_key(custom_client, "quiet", "tiny")
    assert [custom_client.get("/v1/presets", headers=tiny).status_code for _ in range(3)] == [200, 200, 200]
    limited = custom_client.get("/v1/usage", headers=tiny)
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "1"
    assert "rate limit reached: plan tiny allows 60 requests a minute (bursts of 3)" in limited.json()["detail"]
    assert custom_client.get("/v1/presets", headers=other).status_code == 200  # its own bucket
    clock.advance(0.9)  # 60 a minute: one token a second
    assert custom_client.get("/v1/presets", headers=tiny).status_code == 429
    clock.advance(0.2)
    assert custom_client.get("/v1/presets", headers=tiny).status_code == 200
    usage = custom_client.get("/v1/usage", headers=other).json()
    assert usage["rate_limit"] == {"requests_per_minute": 60, "burst_requests": 3}


def test_a_congested_queue_admits_priority_plans_only(gateway_settings, files, make_audio):
    settings = gateway_settings.model_copy(update={"standard_queue_limit_messages": 2})
    with api_client(settings) as client:
        bus = client.app.state.bus
        for number in range(2):  # two jobs wait for mixing (no worker here)
            call(client, bus.publish_stage, StageMessage(job_id=f"waiting{number}", tenant="other", stage="mixing"))
        basic, pro = new_key(client, "indie", "basic"), new_key(client, "label", "pro")
        busy = post_mix(client, basic, files)
        assert busy.status_code == 503, busy.text
        assert busy.headers["retry-after"] == "30"
        assert "mixing queue is congested (2 jobs waiting)" in busy.json()["detail"]
        assert "plans with priority processing are accepted now" in busy.json()["detail"]
        admitted = post_mix(client, pro, files)
        assert admitted.status_code == 201, admitted.text
        assert call(client, bus.jobs.get, "label", admitted.json()["id"]).priority == 1
        assert client.get(f"/v1/jobs/{admitted.json()['id']}", headers=pro).json()["priority"] == 1
        assert client.get("/v1/usage", headers=basic).json()["songs_used"] == 0
        # separations wait in their own queue, which is empty: basic is admitted there
        info = call(client, bus.js.stream_info, "MIXDOWN_STAGES", stage_subject("separation"))
        assert not (info.state.subjects or {}).get(stage_subject("separation"))
        assert post_separation(client, basic, make_audio("song.wav")).status_code == 201


def test_calendar_months_roll_over_in_utc():
    assert period_of(datetime(2025, 12, 31, 23, 59, 59, tzinfo=UTC).timestamp()) == "2025-12"
    assert period_of(datetime(2026, 1, 1, 0, 0, 0, tzinfo=UTC).timestamp()) == "2026-01"
    start, end = period_bounds("2025-12")
    assert (start, end) == (datetime(2025, 12, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
