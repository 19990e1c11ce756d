"""Signed download links: every artifact gets one; it downloads without an API key until it expires;
an expired, altered or foreign link is refused with 403 naming why."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from pydantic import SecretStr

from mixdown_gateway.access import links
from tests.auth import api_client, without_key
from tests.clock import FakeClock
from tests.integration.access_helpers import finish_mix, finish_separation, new_key, post_mix, post_separation

SHARED_SECRET = "4c1f0e6b8a7d4e2f9b3c5a1d7e8f0a2b"


@pytest.fixture
def finished_mix(client, make_audio):
    files = [("vocal.wav", make_audio("vocal.wav", channels=1)), ("beat.wav", make_audio("beat.wav"))]
    job_id = post_mix(client, {}, files).json()["id"]
    return job_id, finish_mix(client, "local", job_id)


def _path_and_query(url: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(url)
    return parts.path, {name: values[0] for name, values in parse_qs(parts.query).items()}


def _with(url: str, **changes: str) -> str:
    path, query = _path_and_query(url)
    query.update(changes)
    return f"{path}?{urlencode(query)}"


def test_each_artifact_downloads_through_its_link_without_a_key(client, finished_mix):
    job_id, contents = finished_mix
    before = time.time()
    answer = client.post(f"/v1/jobs/{job_id}/links")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert before + 3600 - 2 <= body["expires"] <= time.time() + 3600
    assert set(body["links"]) == {"mix", "master", "report", "revisions/0/mix", "revisions/0/master",
                                  "revisions/0/report"}
    with without_key(client) as anonymous:
        for name, url in body["links"].items():
            path, query = _path_and_query(url)
            assert url.startswith("http://testserver/v1/jobs/"), url
            assert (query["tenant"], int(query["expires"])) == ("local", body["expires"])
            response = anonymous.get(url)
            assert response.status_code == 200, (name, response.text)
            assert response.content == contents[name.rsplit("/", 1)[-1]], name
        assert anonymous.get(f"/v1/jobs/{job_id}/download/master").status_code == 401  # the link is the key


def test_a_separation_gets_links_for_the_zip_and_each_stem(client, make_audio):
    headers = new_key(client, "acme", "pro")
    job_id = post_separation(client, headers, make_audio("song.wav")).json()["id"]
    stems = finish_separation(client, "acme", job_id, make_audio)
    body = client.post(f"/v1/jobs/{job_id}/links", headers=headers, json={"expires_in_seconds": 60}).json()
    assert set(body["links"]) == {"stems", *(f"stems/{name}" for name in stems)}
    assert body["expires"] <= time.time() + 60
    with without_key(client) as anonymous:
        assert anonymous.get(body["links"]["stems/bass"]).content == stems["bass"]
        archive = anonymous.get(body["links"]["stems"])
        assert archive.status_code == 200 and archive.headers["content-type"] == "application/zip"


def test_expired_and_altered_links_are_refused_with_the_reason(client, finished_mix):
    job_id, _ = finished_mix
    clock = client.app.state.access.clock = FakeClock()
    master = client.post(f"/v1/jobs/{job_id}/links", json={"expires_in_seconds": 2}).json()["links"]["master"]
    path, query = _path_and_query(master)
    with without_key(client) as anonymous:
        assert anonymous.get(master).status_code == 200  # the untouched link, while it is valid
        cases = {
            "another artifact": (master.replace("/download/master?", "/download/mix?"), "invalid link signature"),
            "another tenant": (_with(master, tenant="acme"), "invalid link signature"),
            "a later expiry": (_with(master, expires=str(int(query["expires"]) + 3600)), "invalid link signature"),
            "a changed signature": (_with(master, signature=query["signature"][::-1]), "invalid link signature"),
            "a short signature": (_with(master, signature="abc"), "malformed signed link"),
            "no signature": (f"{path}?tenant=local&expires={query['expires']}", "incomplete signed link"),
            "no tenant": (f"{path}?expires={query['expires']}&signature={query['signature']}",
                          "incomplete signed link: tenant missing"),
        }
        for label, (url, reason) in cases.items():
            response = anonymous.get(url)
            assert response.status_code == 403, (label, response.status_code, response.text)
            assert reason in response.json()["detail"], (label, response.json())
        clock.advance(int(query["expires"]) - clock() - 0.5)
        assert anonymous.get(master).status_code == 200  # half a second before it expires
        clock.advance(0.5)
        expired = anonymous.get(master)
        assert expired.status_code == 403 and "expired link" in expired.json()["detail"]


def test_a_link_opens_downloads_only(client, finished_mix):
    job_id, _ = finished_mix
    master = client.post(f"/v1/jobs/{job_id}/links").json()["links"]["master"]
    _, query = _path_and_query(master)
    secret = client.app.state.access.link_secret
    # a correctly signed link to the job's record (not a download) does not authenticate
    record_link = links.sign_path(secret, f"/v1/jobs/{job_id}", "local", int(query["expires"]))
    with without_key(client) as anonymous:
        refused = anonymous.get(record_link)
        assert refused.status_code == 401 and "missing API key" in refused.json()["detail"]
        # a link signed for GET is refused for any other method on the same path
        assert anonymous.delete(master).status_code in (401, 405)


def test_link_lifetime_is_bounded_and_jobs_without_artifacts_have_none(client, make_audio, gateway_settings):
    files = [("vocal.wav", make_audio("vocal.wav", channels=1)), ("beat.wav", make_audio("beat.wav"))]
    queued = post_mix(client, {}, files).json()["id"]
    pending = client.post(f"/v1/jobs/{queued}/links")
    assert pending.status_code == 409 and "no artifacts to link yet" in pending.json()["detail"]
    too_long = client.post(f"/v1/jobs/{queued}/links",
                           json={"expires_in_seconds": gateway_settings.link_max_ttl_seconds + 1})
    assert too_long.status_code == 422 and "over the limit" in too_long.json()["detail"]


def test_replicas_sharing_link_secret_honour_each_others_links(gateway_settings, make_audio, tmp_path):
    shared = gateway_settings.model_copy(update={"link_secret": SecretStr(SHARED_SECRET)})
    with api_client(shared) as replica_a:
        files = [("vocal.wav", make_audio("vocal.wav", channels=1)), ("beat.wav", make_audio("beat.wav"))]
        job_id = post_mix(replica_a, {}, files).json()["id"]
        contents = finish_mix(replica_a, "local", job_id)
        master = replica_a.post(f"/v1/jobs/{job_id}/links").json()["links"]["master"]
    with api_client(shared) as replica_b, without_key(replica_b) as anonymous:
        assert anonymous.get(master).content == contents["master"]
    with api_client(gateway_settings) as stranger, without_key(stranger) as anonymous:  # its own random secret
        refused = anonymous.get(master)
        assert refused.status_code == 403 and "signed by another gateway secret" in refused.json()["detail"]


def test_link_signature_is_hmac_sha256_of_method_path_expiry_and_tenant():
    import hashlib
    import hmac

    secret = b"k" * 32
    expected = hmac.new(secret, b"GET\n/v1/jobs/abc/download/mix\n1700000000\nacme", hashlib.sha256).hexdigest()
    assert links.signature(secret, "get", "/v1/jobs/abc/download/mix", 1700000000, "acme") == expected
    signed = links.sign_path(secret, "/v1/jobs/abc/download/mix", "acme", 1700000000)
    assert signed == f"/v1/jobs/abc/download/mix?tenant=acme&expires=1700000000&signature={expected}"


def test_links_use_the_public_url_when_one_is_set(gateway_settings, make_audio):
    public = gateway_settings.model_copy(update={"public_url": "https://mixdown.example.com/api"})
    with api_client(public) as client:
        files = [("vocal.wav", make_audio("vocal.wav", channels=1)), ("beat.wav", make_audio("beat.wav"))]
        job_id = post_mix(client, {}, files).json()["id"]
        finish_mix(client, "local", job_id)
        master = client.post(f"/v1/jobs/{job_id}/links").json()["links"]["master"]
    assert master.startswith(f"https://mixdown.example.com/api/v1/jobs/{job_id}/download/master?tenant=local&")
