"""End to end: the web studio at ``/`` in a real headless Chromium, on the embedded stack.

Debian's Chromium (``/usr/bin/chromium``, installed by ``make install``) is driven by
Playwright's sync API; no browser is ever downloaded. One stack and one browser serve every
test of the module. Screenshots of the main screens land in ``tests/e2e/screenshots/``.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from pathlib import Path

import httpx
import numpy as np
import pytest
import soundfile as sf
from playwright.sync_api import Browser, Page, expect, sync_playwright

from mixdown_dev.examples import beat, vocal_like
from mixdown_dev.procs import free_port
from mixdown_dev.stack import Stack
from mixdown_gateway.forms import guess_role

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(__file__).parent / "screenshots"
RATE_HZ = 44100
SECONDS = 12.0
JOB_TIMEOUT_MS = 120_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def audio_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("studio-audio")
    files = {"vocal": folder / "vocal.wav", "beat": folder / "beat.wav", "bad": folder / "notes.wav"}
    sf.write(files["vocal"], vocal_like(SECONDS, RATE_HZ, seed=4).T, RATE_HZ, subtype="PCM_24")
    sf.write(files["beat"], beat(SECONDS, RATE_HZ, bpm=96.0, seed=4).T, RATE_HZ, subtype="PCM_24")
    files["bad"].write_text("these are my lyrics, not audio\n")
    song = beat(SECONDS, RATE_HZ, bpm=96.0, seed=5) + vocal_like(SECONDS, RATE_HZ, seed=5)
    files["song"] = folder / "song.wav"
    sf.write(files["song"], song.T, RATE_HZ, subtype="PCM_24")
    return files


@dataclass(frozen=True)
class Studio:
    """The running stack as the page sees it: its address and the API key to open it with."""

    url: str
    key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    def page_url(self, **fragment: str) -> str:
        parts = {"key": self.key, **fragment}
        return f"{self.url}/" + ("#" + "&".join(f"{k}={v}" for k, v in parts.items()) if parts else "")


@pytest.fixture(scope="module")
def studio(tmp_path_factory):
    env = {"MIXDOWN_SEPARATION_MODEL_NAME": "demucs_unittest", "OMP_NUM_THREADS": "2"}  # random weights
    with Stack(tmp_path_factory.mktemp("studio-stack"), http_port=free_port(), env=env) as running:
        yield Studio(running.url, running.api_key)


@pytest.fixture(scope="module")
def browser():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def new_page(browser: Browser, viewport=DESKTOP, **options) -> tuple[Page, list[str]]:
    context = browser.new_context(viewport=viewport, accept_downloads=True, **options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return page, errors


def open_studio(page: Page, url: str) -> None:
    page.goto(url)
    expect(page.locator("#preset option")).to_have_count(8)


def drop_file(page: Page, path: Path) -> None:
    """Drag a file onto the drop zone, as a browser does: a DataTransfer holding a File."""
    page.evaluate(
        """([name, b64]) => {
            const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name, { type: "audio/wav" }));
            const zone = document.getElementById("dropzone");
            for (const type of ["dragenter", "dragover", "drop"]) {
              zone.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
            }
        }""",
        [path.name, base64.b64encode(path.read_bytes()).decode()],
    )


def painted_pixels(page: Page, selector: str) -> int:
    """Pixels of a canvas that differ from its background."""
    return page.eval_on_selector(selector, """(canvas) => {
        const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
        let count = 0;
        for (let i = 0; i < data.length; i += 4) if (data[i] !== 12 || data[i + 1] !== 15 || data[i + 2] !== 21) count++;
        return count;
    }""")


def player_position(page: Page) -> float:
    return float(page.get_attribute("#player", "data-position-seconds"))


def wait_revision(page: Page, revision: int) -> None:
    expect(page.locator(f'#revisions li[data-revision="{revision}"]')).to_have_attribute(
        "data-status", "succeeded", timeout=JOB_TIMEOUT_MS)
    expect(page.locator("#listen-revision")).to_have_value(str(revision), timeout=JOB_TIMEOUT_MS)
    expect(page.locator("#player")).to_have_attribute("data-state", "ready", timeout=JOB_TIMEOUT_MS)


def check_master(path: Path) -> None:
    info = sf.info(path)
    audio, rate = sf.read(path, dtype="float32", always_2d=True)
    assert rate == RATE_HZ and info.channels == 2
    assert abs(info.duration - SECONDS) < 0.01
    assert np.isfinite(audio).all() and 0.05 < np.abs(audio).max() <= 1.0


def test_the_page_and_its_files_are_served_open_with_their_types(studio):
    page = httpx.get(f"{studio.url}/", timeout=10)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert '<script type="module" src="/static/app.js">' in page.text
    for name, content_type in (("app.js", "text/javascript"), ("audio.js", "text/javascript"),
                               ("app.css", "text/css"), ("icon.svg", "image/svg+xml")):
        served = httpx.get(f"{studio.url}/static/{name}", timeout=10)
        assert served.status_code == 200 and served.headers["content-type"].startswith(content_type), name
    for name in ("missing.js", "..%2F__init__.py", "%2E%2E%2F%2E%2E%2Fapp.py", "__init__.py"):
        refused = httpx.get(f"{studio.url}/static/{name}", timeout=10)
        assert refused.status_code == 404 and "detail" in refused.json(), name


def test_mix_listen_steer_and_download(browser, studio, audio_files, tmp_path):
    page, errors = new_page(browser)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    open_studio(page, studio.page_url())

    # Upload: the vocal from the file picker, the beat dragged in; roles guessed from the names.
    page.set_input_files("#file-input", str(audio_files["vocal"]))
    drop_file(page, audio_files["beat"])
    expect(page.locator("#tracks li")).to_have_count(2)
    expect(page.locator('select[data-file="vocal.wav"]')).to_have_value("lead_vocal")
    expect(page.locator('select[data-file="beat.wav"]')).to_have_value("instrumental")
    page.select_option("#preset", "modern_clean")
    page.select_option("#loudness", "-14")
    page.screenshot(path=SCREENSHOTS / "upload.png", full_page=True)

    page.click("#submit-job")
    expect(page.locator("#progress")).to_be_visible()
    expect(page.locator("#stages li")).to_have_count(3)
    page.screenshot(path=SCREENSHOTS / "progress.png", full_page=True)
    expect(page.locator("#job-status")).to_have_text("Done: mixed, mastered and checked.", timeout=JOB_TIMEOUT_MS)
    assert page.locator('#stages li[data-state="done"]').count() == 3
    expect(page.locator("#progress-bar")).to_have_js_property("value", 100)
    job_id = page.text_content("#job-id")
    assert f"job={job_id}" in page.url and "key=" not in page.url
    log = page.text_content("#event-log")
    assert "stage_started · mixing" in log and "stage_started · qc" in log  # followed live from the SSE stream

    # Listen: three loudness-matched versions; playback runs and switching keeps the position.
    expect(page.locator("#player")).to_have_attribute("data-state", "ready", timeout=JOB_TIMEOUT_MS)
    for version in ("raw", "mix", "master"):
        expect(page.locator(f"#version-{version}")).to_be_enabled()
    lufs = {v: float(page.get_attribute("#player", f"data-lufs-{v}")) for v in ("raw", "mix", "master")}
    report = httpx.get(f"{studio.url}/v1/jobs/{job_id}/download/report", headers=studio.headers, timeout=30).json()
    assert abs(lufs["master"] - report["master"]["loudness"]["integrated_lufs"]) < 0.3  # browser meter vs QC
    assert abs(lufs["mix"] - report["mix"]["loudness"]["integrated_lufs"]) < 0.3
    quietest = min(lufs.values())
    assert float(page.get_attribute("#player", "data-gain-db")) == pytest.approx(quietest - lufs["master"], abs=0.01)
    note = re.search(r"Loudness-matched .* Now playing Master at ([+−]?[0-9.]+) dB", page.text_content("#gain-note"))
    assert note and float(note[1].replace("−", "-")) == pytest.approx(quietest - lufs["master"], abs=0.06)

    page.click("#play-button")
    expect(page.locator("#player")).to_have_attribute("data-state", "playing")
    page.wait_for_function("() => Number(document.getElementById('player').dataset.positionSeconds) > 0.8")
    assert page.get_attribute("#player", "data-context-state") == "running"
    page.click('label[for="version-mix"]')
    expect(page.locator("#player")).to_have_attribute("data-version", "mix")
    assert player_position(page) > 0.8  # the switch kept the position
    assert float(page.get_attribute("#player", "data-gain-db")) == pytest.approx(quietest - lufs["mix"], abs=0.01)
    before = player_position(page)
    page.wait_for_function("(after) => Number(document.getElementById('player').dataset.positionSeconds) > after",
                           arg=before + 0.3)
    page.click("#play-button")
    expect(page.locator("#player")).to_have_attribute("data-state", "ready")
    for canvas in ("#waveform", "#loudness-plot", "#spectrum-plot"):
        assert painted_pixels(page, canvas) > 2000, canvas
    page.locator("#results").screenshot(path=SCREENSHOTS / "results.png")

    # QC report: every check with its verdict and explanation.
    rows = page.locator("#qc-table tbody tr")
    assert rows.count() == len(report["master"]["verdicts"]) >= 10
    assert set(page.locator("#qc-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.level)")) <= {
        "pass", "warn", "fail"}
    expect(page.locator("#qc-summary")).to_contain_text("passed")
    expect(page.locator('#qc-table tr[data-code="QC002"]')).to_contain_text("True peak")
    page.locator("#qc").screenshot(path=SCREENSHOTS / "qc.png")

    # Steer: an instruction the studio cannot read is refused, with close phrasings to try;
    # applying it changes nothing.
    page.fill("#instruction", "écris-moi un refrain")
    page.click("#apply-button")
    refused = page.locator(".bubble.error").last
    expect(refused).to_contain_text("not understood")
    expect(refused).to_contain_text("“écris-moi un refrain”")
    assert refused.locator("button.suggestion").count() >= 1
    listed = httpx.get(f"{studio.url}/v1/jobs/{job_id}/revisions", headers=studio.headers, timeout=30).json()
    assert [(r["revision"], r["status"]) for r in listed] == [(0, "succeeded")]
    # The browser logs the refused request (the 422) to the console: that one, and nothing else.
    assert [e for e in errors if "status of 422" in e] == errors and len(errors) == 1, errors
    errors.clear()
    # A suggestion previews itself: each edit explained in French before anything is applied.
    suggestion = refused.locator("button.suggestion").first.text_content()
    refused.locator("button.suggestion").first.click()
    expect(page.locator("#instruction")).to_have_value(suggestion)
    explained = page.locator(".bubble.studio").last.locator("ul.explanations")
    expect(explained).to_have_attribute("lang", "fr")
    expect(explained.locator("li").first).to_contain_text(" : ")

    # Preview an instruction, read its explanation, apply it from the preview, hear the new revision.
    page.fill("#instruction", "baisse les sibilances")
    page.click("#preview-button")
    preview = page.locator(".bubble.studio").last
    expect(preview.locator("tr.edit").first).to_contain_text("deess")
    assert "→" in preview.text_content()
    expect(preview.locator("ul.explanations li").first).to_contain_text("moins de sibilances : je monte la réduction du de-esser")
    page.screenshot(path=SCREENSHOTS / "preview.png", full_page=True)
    preview.locator('button[data-action="apply-preview"]').click()
    wait_revision(page, 1)
    revision = page.locator('#revisions li[data-revision="1"]')
    expect(revision).to_contain_text("baisse les sibilances")
    expect(revision.locator("tr.edit").first).to_contain_text("deess_")
    expect(page.locator('#stages li[data-stage="text_control"]')).to_have_attribute("data-state", "done")
    assert "revision 1 queued" in page.text_content("#event-log")  # the revision was followed on the SSE stream

    # Sliders from the parameter tables: lower the beat with the keyboard, render it as overrides.
    page.click("#sliders-panel summary")
    page.select_option("#slider-target", "beat.wav")
    slider = page.locator('#sliders input[data-parameter="gain_db"]')
    slider.focus()
    slider.press("PageDown")
    expect(page.locator("#slider-changes")).to_contain_text("beat.wav: gain_db")
    page.click("#sliders-apply")
    wait_revision(page, 2)
    revisions = httpx.get(f"{studio.url}/v1/jobs/{job_id}/revisions", headers=studio.headers, timeout=30).json()
    by_number = {r["revision"]: r for r in revisions}
    gain_before = by_number[1]["parameters"]["mixing"]["tracks"]["beat.wav"]["gain_db"]
    gain_after = by_number[2]["overrides"]["tracks"]["beat.wav"]["gain_db"]
    assert by_number[2]["parameters"]["mixing"]["tracks"]["beat.wav"]["gain_db"] == gain_after < gain_before - 5

    # Go back to the first mix: a new revision from revision 0's parameters.
    page.click('#revisions li[data-revision="0"] button[data-action="back"]')
    wait_revision(page, 3)
    revisions = httpx.get(f"{studio.url}/v1/jobs/{job_id}/revisions", headers=studio.headers, timeout=30).json()
    first, back = revisions[0]["parameters"]["mixing"], revisions[3]["parameters"]["mixing"]
    assert back["tracks"] == first["tracks"] and back["buses"] == first["buses"]
    page.locator("#steer").screenshot(path=SCREENSHOTS / "revisions.png")

    # Download the master: a valid WAV of the upload's length.
    with page.expect_download() as download:
        page.click('#download-list button[data-artifact="master"]')
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"{job_id}-r3-master.wav"
    check_master(saved)
    expect(page.locator('#download-list button[data-artifact="master_flac"]')).to_have_count(0)
    page.click('#download-list button[data-action="export"]')  # revisions export WAV 24-bit unless asked
    wait_revision(page, 4)
    with page.expect_download() as download:
        page.click('#download-list button[data-artifact="master_flac"]')
    flac = tmp_path / download.value.suggested_filename
    download.value.save_as(flac)
    assert flac.suffix == ".flac"
    check_master(flac)
    assert not errors, errors
    assert all(url.startswith((f"{studio.url}/", "blob:", "data:")) for url in requested), requested  # no CDN


def test_a_bad_upload_shows_the_gateways_error(browser, studio, audio_files):
    page, _ = new_page(browser)
    open_studio(page, studio.page_url())
    page.set_input_files("#file-input", str(audio_files["bad"]))
    expect(page.locator("#tracks li")).to_have_count(1)
    page.click("#submit-job")
    error = page.locator("#form-error")
    expect(error).to_contain_text("The gateway refused the job")
    expect(error).to_contain_text("'notes.wav' is not usable audio")
    expect(page.locator("#progress")).to_be_hidden()
    page.screenshot(path=SCREENSHOTS / "error.png", full_page=True)


def test_keyboard_alone_fills_and_sends_the_upload_form(browser, studio, audio_files):
    page, errors = new_page(browser)
    page.on("filechooser", lambda chooser: None)  # intercept file pickers from the start, not racing the key press
    open_studio(page, studio.page_url())
    focused: list[str] = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused.append(page.evaluate("document.activeElement.id || document.activeElement.className"))
        if focused[-1] == "choose-files":
            break
    assert focused[0] == "skip-link" and focused[-1] == "choose-files", focused
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + "
                            "getComputedStyle(document.activeElement).outlineWidth")
    assert outline == "solid 3px"  # a visible focus ring

    with page.expect_file_chooser() as chooser:
        page.keyboard.press("Enter")
    chooser.value.set_files([str(audio_files["vocal"]), str(audio_files["beat"])])
    expect(page.locator("#tracks li")).to_have_count(2)
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea, button')]
        .filter((el) => el.type !== 'hidden' && !el.closest('[hidden]') && el.id !== 'file-input')
        .filter((el) => !(el.labels?.length || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
                          || (el.tagName === 'BUTTON' && el.textContent.trim())))
        .map((el) => el.outerHTML.slice(0, 80))""")
    assert unlabelled == []

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.file") == "vocal.wav"
    page.keyboard.press("Tab")  # its Remove button
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.file") == "beat.wav"
    page.keyboard.press("ArrowUp")  # instrumental → backing vocal, and back
    expect(page.locator('select[data-file="beat.wav"]')).to_have_value("backing_vocal")
    page.keyboard.press("ArrowDown")
    expect(page.locator('select[data-file="beat.wav"]')).to_have_value("instrumental")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "preset"
    page.keyboard.press("ArrowDown")
    expect(page.locator("#preset")).to_have_value("trap_aggressive")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "loudness"
    page.keyboard.press("ArrowDown")
    expect(page.locator("#loudness")).to_have_value("-10")
    trail = []
    for _ in range(6):
        page.keyboard.press("Tab")
        trail.append(page.evaluate("document.activeElement.outerHTML.slice(0, 120)"))
        if page.evaluate("document.activeElement.id") == "submit-job":
            break
    assert page.evaluate("document.activeElement.id") == "submit-job", trail
    page.keyboard.press("Enter")
    expect(page.locator("#job-status")).to_have_text("Done: mixed, mastered and checked.", timeout=JOB_TIMEOUT_MS)
    job_id = page.text_content("#job-id")
    job = httpx.get(f"{studio.url}/v1/jobs/{job_id}", headers=studio.headers, timeout=30).json()
    assert job["preset"] == "trap_aggressive" and job["targets"]["target_lufs"] == -10.0
    assert {t["name"]: t["role"] for t in job["inputs"]} == {"vocal.wav": "lead_vocal", "beat.wav": "instrumental"}
    assert not errors, errors


def test_phone_sized_screens_do_not_overflow(browser, studio, audio_files):
    files = [("files", (p.name, p.read_bytes(), "audio/wav")) for p in (audio_files["vocal"], audio_files["beat"])]
    created = httpx.post(f"{studio.url}/v1/jobs", files=files, headers=studio.headers, timeout=60,
                         data={"stems_meta": json.dumps([{"name": "vocal.wav", "role": "lead_vocal"},
                                                         {"name": "beat.wav", "role": "instrumental"}])})
    assert created.status_code == 201, created.text
    page, errors = new_page(browser, viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2)
    open_studio(page, studio.page_url())
    page.set_input_files("#file-input", [str(audio_files["vocal"]), str(audio_files["beat"])])
    overflow = "document.documentElement.scrollWidth - window.innerWidth"
    assert page.evaluate(overflow) <= 0
    page.screenshot(path=SCREENSHOTS / "phone-upload.png", full_page=True)

    page.goto(studio.page_url(job=created.json()["id"]))
    expect(page.locator("#player")).to_have_attribute("data-state", "ready", timeout=JOB_TIMEOUT_MS)
    expect(page.locator("#qc-table tbody tr").first).to_be_visible()
    expect(page.locator("#version-raw")).to_be_disabled()  # the original files were not uploaded from this page
    assert page.evaluate(overflow) <= 0
    widths = page.evaluate("""() => [...document.querySelectorAll('main > section:not([hidden])')]
        .map((s) => s.getBoundingClientRect()).map((r) => [r.left, r.right])""")
    assert widths and all(left >= 0 and right <= PHONE["width"] for left, right in widths), widths
    page.screenshot(path=SCREENSHOTS / "phone.png", full_page=True)
    assert not errors, errors


def test_api_key_comes_from_the_fragment_and_a_401_asks_for_it(browser, studio):
    page, _ = new_page(browser)
    seen: list[str | None] = []

    def refuse(route):
        seen.append(route.request.headers.get("authorization"))
        route.fulfill(status=401, content_type="application/json", body=json.dumps({"detail": "invalid API key"}))

    fragment_key = "mdk_0123456789ab_fragmentfragmentfragmentfragmentfragmentfra"
    page.route("**/v1/**", refuse)
    page.goto(f"{studio.url}/#key={fragment_key}")
    banner = page.locator("#banner")
    expect(banner).to_contain_text("invalid API key")
    expect(banner).to_contain_text("Enter your API key in Settings")
    assert seen and set(seen) == {f"Bearer {fragment_key}"}
    assert "key=" not in page.url
    assert page.evaluate("localStorage.getItem('mixdown.apiKey')") == fragment_key

    page.unroute("**/v1/**")
    banner.get_by_role("button", name="Open settings").click()
    expect(page.locator("#api-key")).to_be_focused()
    sent: list[str | None] = []
    page.on("request", lambda request: sent.append(request.headers.get("authorization"))
            if "/v1/" in request.url else None)
    page.fill("#api-key", studio.key)
    page.keyboard.press("Enter")
    expect(page.locator("#preset option")).to_have_count(8)
    expect(banner).to_be_hidden()
    assert sent and set(sent) == {f"Bearer {studio.key}"}


def test_role_guesses_and_loudness_meter_agree_with_the_server(browser, studio):
    """The page's own role guesses and BS.1770 meter against the gateway's and pyloudnorm's."""
    import pyloudnorm

    page, _ = new_page(browser)
    page.goto(f"{studio.url}/")
    names = ["Lead Vox.wav", "beat_v2.wav", "lead guitar.flac", "ad-lib 3.wav", "BV high.wav", "808.wav",
             "Kick In.wav", "rhodes.mp3", "dbl vox L.wav", "hihat.wav", "sfx riser.wav", "2track.wav", "take.wav"]
    guessed = page.evaluate("""async ([names, key]) => {
        const { guessRole } = await import('/static/upload.js');
        const response = await fetch('/v1/catalog', { headers: { Authorization: `Bearer ${key}` } });
        const rules = (await response.json()).role_keywords;
        return names.map((name) => guessRole(name, rules)); }""", [names, studio.key])
    assert guessed == [guess_role(name) for name in names]

    signal = beat(4.0, RATE_HZ, bpm=100.0, seed=9)
    measured = page.evaluate("""async ([channels, rate]) => {
        const { measureLoudness } = await import('/static/audio.js');
        const buffer = new AudioBuffer({ numberOfChannels: channels.length, length: channels[0].length, sampleRate: rate });
        channels.forEach((data, ch) => buffer.copyToChannel(Float32Array.from(data), ch));
        return measureLoudness(buffer).integratedLufs;
    }""", [signal.tolist(), RATE_HZ])
    expected = pyloudnorm.Meter(RATE_HZ).integrated_loudness(signal.T.astype(np.float64))
    assert measured == pytest.approx(expected, abs=0.05)


def test_separate_a_song_then_mix_its_stems(browser, studio, audio_files):
    page, errors = new_page(browser)
    open_studio(page, studio.page_url())
    page.check('input[name="mode"][value="separate"]')
    expect(page.locator("#separation-options")).to_be_visible()
    expect(page.locator("#mix-options")).to_be_hidden()
    page.set_input_files("#file-input", str(audio_files["song"]))
    expect(page.locator("#tracks li")).to_have_count(1)
    assert page.locator("#stem-checks input:checked").evaluate_all("inputs => inputs.map(i => i.value)") == [
        "drums", "bass", "vocals", "other"]
    page.select_option("#separation-source", "drums")  # a drum stem: its four pieces, all ticked
    assert page.locator("#stem-checks input").evaluate_all("inputs => inputs.map(i => i.value + ':' + i.checked)") == [
        "kick:true", "snare:true", "cymbals:true", "toms:true"]
    page.select_option("#separation-source", "song")
    assert page.locator("#stem-checks input:checked").evaluate_all("inputs => inputs.map(i => i.value)") == [
        "drums", "bass", "vocals", "other"]
    page.click("#submit-job")
    expect(page.locator("#job-status")).to_have_text("Separated.", timeout=JOB_TIMEOUT_MS)
    expect(page.locator("#stages li")).to_have_count(1)
    expect(page.locator("#stem-list li")).to_have_count(4)
    expect(page.locator("#separation-analysis")).to_contain_text("BPM")
    expect(page.locator('#stem-list select[data-stem="vocals"]')).to_have_value("lead_vocal")
    page.screenshot(path=SCREENSHOTS / "separation.png", full_page=True)
    with page.expect_download() as download:
        page.click("#download-stems-zip")
    assert download.value.suggested_filename.endswith("-stems.zip")

    separation_id = page.text_content("#job-id")
    page.click("#mix-stems")
    expect(page.locator("#job-id")).not_to_have_text(separation_id)
    expect(page.locator("#job-status")).to_have_text("Done: mixed, mastered and checked.", timeout=JOB_TIMEOUT_MS)
    expect(page.locator("#player")).to_have_attribute("data-state", "ready", timeout=JOB_TIMEOUT_MS)
    job = httpx.get(f"{studio.url}/v1/jobs/{page.text_content('#job-id')}", headers=studio.headers, timeout=30).json()
    assert job["options"]["from_separation"] == separation_id
    assert {t["name"]: t["role"] for t in job["inputs"]} == {
        "drums": "drums", "bass": "bass", "vocals": "lead_vocal", "other": "other"}
    assert not errors, errors


def test_match_a_reference_shows_the_distances_before_and_after(browser, studio, audio_files):
    """The style mode from the page: a reference file, the amount slider, and on the result the
    per-feature distances of the DSP plan and of the delivered mix; the finished job is offered
    as the reference of the next one."""
    page, errors = new_page(browser)
    open_studio(page, studio.page_url())
    expect(page.locator("#style-amount-field")).to_be_hidden()
    page.set_input_files("#file-input", [str(audio_files["vocal"]), str(audio_files["beat"])])
    page.check("#match-reference")
    expect(page.locator("#style-amount-field")).to_be_visible()
    page.click("#submit-job")
    expect(page.locator("#form-error")).to_contain_text("Matching a reference needs a reference")

    page.set_input_files("#reference-input", str(audio_files["song"]))
    page.fill("#style-amount", "0.8")
    expect(page.locator("#style-amount-value")).to_have_text("80 %")
    page.click("#submit-job")
    expect(page.locator("#job-status")).to_have_text("Done: mixed, mastered and checked.", timeout=JOB_TIMEOUT_MS)
    job_id = page.text_content("#job-id")
    expect(page.locator("#style")).to_be_visible(timeout=JOB_TIMEOUT_MS)
    style = httpx.get(f"{studio.url}/v1/jobs/{job_id}", headers=studio.headers, timeout=30).json()[
        "parameters"]["mixing"]["style"]
    assert style["style_amount"] == 0.8 and style["reference"] == "song.wav"
    total = page.locator('#style-table tr[data-feature="total"] td')
    expect(total.nth(0)).to_have_text(f"{style['distance_dsp']['total']:.2f}".replace("-", "−"))
    expect(total.nth(1)).to_have_text(f"{style['distance_delivered']['total']:.2f}".replace("-", "−"))
    expect(page.locator("#style-summary")).to_contain_text(style["mode"])
    page.screenshot(path=SCREENSHOTS / "style.png", full_page=True)

    page.click("#new-job-button")
    expect(page.locator(f'#reference-job option[value="{job_id}"]')).to_have_count(1)
    assert errors == []
