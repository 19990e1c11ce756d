"""Tenant isolation: another tenant's jobs, objects, revisions, separations, events and downloads
are not found (404, the same answer as for an id that exists for no one; a mix naming another
tenant's separation in its form gets the 422 an unknown separation id gets), through every route."""

from __future__ import annotations

import json

import pytest

from tests.auth import without_key
from tests.integration.access_helpers import (
    call,
    finish_mix,
    finish_separation,
    new_key,
    post_mix,
    post_separation,
)

MISSING = "f" * 32


@pytest.fixture
def acme_jobs(client, make_audio):
    """acme's finished mix and finished separation, and acme's and globex's keys."""
    acme, globex = new_key(client, "acme", "pro"), new_key(client, "globex", "pro")
    files = [("vocal.wav", make_audio("vocal.wav", channels=1)), ("beat.wav", make_audio("beat.wav"))]
    created = post_mix(client, acme, files)
    assert created.status_code == 201, created.text
    mix_id = created.json()["id"]
    finish_mix(client, "acme", mix_id)
    separated = post_separation(client, acme, make_audio("song.wav"))
    assert separated.status_code == 201, separated.text
    separation_id = separated.json()["id"]
    finish_separation(client, "acme", separation_id, make_audio)
    return {"acme": acme, "globex": globex, "mix": mix_id, "separation": separation_id}


def _requests(mix: str, separation: str) -> list[tuple[str, str, dict]]:
    """Every route that takes a job id, with arguments that work for the owner."""
    meta = json.dumps([{"name": "vocals", "role": "lead_vocal"}, {"name": "drums", "role": "drums"}])
    return [
        ("GET", f"/v1/jobs/{mix}", {}),
        ("GET", f"/v1/jobs/{mix}/events", {}),
        ("GET", f"/v1/jobs/{mix}/download/master", {}),
        ("GET", f"/v1/jobs/{mix}/download/report", {}),
        ("GET", f"/v1/jobs/{mix}/revisions", {}),
        ("GET", f"/v1/jobs/{mix}/revisions/0/download/mix", {}),
        ("POST", f"/v1/jobs/{mix}/links", {}),
        ("GET", f"/v1/jobs/{mix}/webhooks", {}),
        ("POST", f"/v1/jobs/{mix}/revisions", {"json": {"overrides": {"tracks": {"vocal.wav": {"gain_db": -1}}}}}),
        ("POST", "/v1/text-control/parse", {"json": {"job_id": mix, "instruction": "less reverb"}}),
        ("GET", f"/v1/jobs/{separation}", {}),
        ("GET", f"/v1/jobs/{separation}/download/stems", {}),
        ("GET", f"/v1/jobs/{separation}/download/stems/vocals", {}),
        ("POST", "/v1/jobs", {"files": {"from_separation": (None, separation), "stems_meta": (None, meta)}}),
        ("DELETE", f"/v1/jobs/{mix}", {}),
    ]


def test_another_tenant_finds_nothing_of_acme_through_any_route(client, acme_jobs):
    mix, separation = acme_jobs["mix"], acme_jobs["separation"]
    for method, path, kwargs in _requests(mix, separation):
        response = client.request(method, path, headers=acme_jobs["globex"], **kwargs)
        # a mix naming a separation in its form is a bad field value (422), as for an unknown id
        wanted = 422 if (method, path) == ("POST", "/v1/jobs") else 404
        assert response.status_code == wanted, (method, path, response.status_code, response.text)
        # the answer is the one for an id that exists for no one: nothing tells globex the id is taken
        hidden = json.loads(_hide(json.dumps(kwargs), mix, separation))
        if "files" in hidden:
            hidden["files"] = {name: tuple(part) for name, part in hidden["files"].items()}
        twin = client.request(method, _hide(path, mix, separation), headers=acme_jobs["globex"], **hidden)
        assert twin.status_code == wanted, (method, path, twin.text)
        assert _hide(response.json()["detail"], mix, separation) == twin.json()["detail"], (method, path)
        assert "acme" not in response.text, (method, path)


def _hide(text: str, *ids: str) -> str:
    for job_id in ids:
        text = text.replace(job_id, MISSING)
    return text


def test_the_owner_reaches_the_same_routes(client, acme_jobs):
    """The control: the requests that globex gets 404 for work for acme (so that test can fail)."""
    mix, separation = acme_jobs["mix"], acme_jobs["separation"]
    expected = {"/v1/text-control/parse": 503, "/v1/jobs": 201}  # no text-control service here; a new mix
    for method, path, kwargs in _requests(mix, separation):
        if method == "DELETE":
            continue  # last: it cancels the revision queued above
        response = client.request(method, path, headers=acme_jobs["acme"], **kwargs)
        wanted = expected.get(path, 202 if path.endswith("/revisions") and method == "POST" else 200)
        assert response.status_code == wanted, (method, path, response.status_code, response.text)
    cancelled = client.delete(f"/v1/jobs/{mix}", headers=acme_jobs["acme"])
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_job_ids_and_objects_are_kept_per_tenant(client, acme_jobs, make_audio):
    files = [("vocal.wav", make_audio("vocal.wav", channels=1)), ("beat.wav", make_audio("beat.wav"))]
    globex_job = post_mix(client, acme_jobs["globex"], files).json()["id"]
    store = client.app.state.store
    assert all(key.startswith(f"tenants/globex/jobs/{globex_job}/") for key in
               store.list(f"tenants/globex/jobs/{globex_job}"))
    assert list(store.list(f"tenants/acme/jobs/{globex_job}")) == []
    acme_keys = list(store.list("tenants/acme/jobs"))
    assert acme_keys and all(key.startswith("tenants/acme/") for key in acme_keys)
    bus = client.app.state.bus
    assert call(client, bus.jobs.get, "globex", globex_job).tenant == "globex"
    # acme's listing of its own job ids does not include globex's
    assert client.get(f"/v1/jobs/{globex_job}", headers=acme_jobs["acme"]).status_code == 404
    assert client.get(f"/v1/jobs/{globex_job}", headers=acme_jobs["globex"]).json()["id"] == globex_job
    # the default tenant (the development key) sees neither
    assert client.get(f"/v1/jobs/{globex_job}").status_code == 404
    assert client.get(f"/v1/jobs/{acme_jobs['mix']}").status_code == 404


def test_a_signed_link_cannot_be_pointed_at_another_tenant(client, acme_jobs):
    links = client.post(f"/v1/jobs/{acme_jobs['mix']}/links", headers=acme_jobs["acme"]).json()["links"]
    master = links["master"]
    with_globex = master.replace("tenant=acme", "tenant=globex")
    assert with_globex != master
    # globex cannot get a link to acme's job id: globex does not see the job
    globex_links = client.post(f"/v1/jobs/{acme_jobs['mix']}/links", headers=acme_jobs["globex"])
    assert globex_links.status_code == 404
    with without_key(client) as anonymous:
        refused = anonymous.get(with_globex)
        assert refused.status_code == 403 and "invalid link signature" in refused.json()["detail"]
        assert anonymous.get(master).status_code == 200
