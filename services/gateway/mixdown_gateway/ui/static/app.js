// Mixdown Studio: create a job, follow it (jobs.js), listen, steer (revisions.js), read QC,
// download. Every request to the gateway goes through api() (api.js), which adds the API key.
// This module holds the settings, the new-job form and the wiring of the page.

import { KEY_STORAGE, api, apiKey, download, getJson, whenUnauthorized } from "./api.js";
import { bindTargetInput, catalog, checkTarget, roleOptions, setCatalog } from "./catalog.js";
import { listenTo, openJob, setJobFragment } from "./jobs.js";
import { $, hideBanner, listening, showBanner, showSection, state } from "./page.js";
import { formatNumber, h } from "./report.js";
import { applyInstruction, applySliders, drawSliders, previewInstruction, setupSliders } from "./revisions.js";
import { chosenStems, renderStemChoices, requestedStems, stemsMixForm } from "./separation.js";
import { addStyleFields, checkStyle, setupStyleFields, showStyleFields } from "./style.js";
import { addFiles, checkMix, formatBytes, mixForm, separationForm } from "./upload.js";

// --- settings and the API key ---------------------------------------------------------------

function toggleSettings(open) {
  const panel = $("settings");
  panel.hidden = !open;
  $("settings-button").setAttribute("aria-expanded", String(open));
  if (open) $("api-key").focus();
}

function askForKey(detail) {
  const had = apiKey() ? "The API key saved in this browser was refused" : "The gateway needs an API key";
  showBanner(`${had} (${detail}). Enter your API key in Settings.`, {
    label: "Open settings", run: () => toggleSettings(true),
  });
  updateKeyState();
}

function updateKeyState() {
  $("api-key-state").textContent = apiKey() ? "A key is saved." : "No key saved.";
}

/** `#key=...` in the address: keep it, then remove it from the address bar. Returns `#job=...`. */
function readFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  const key = params.get("key");
  if (key) {
    localStorage.setItem(KEY_STORAGE, key);
    params.delete("key");
    const rest = params.toString();
    history.replaceState(null, "", `${location.pathname}${location.search}${rest ? `#${rest}` : ""}`);
  }
  return params.get("job");
}

// --- the upload form --------------------------------------------------------------------------

function selectedPreset() {
  return catalog.presets.find((p) => p.name === $("preset").value);
}

function renderPresets() {
  const select = $("preset");
  const groups = { vocal: "Vocal over a beat", full: "Full mix from stems" };
  select.replaceChildren(...Object.entries(groups).map(([kind, label]) =>
    h("optgroup", { label }, ...catalog.presets.filter((p) => p.kind === kind).map((p) => h("option", { value: p.name }, p.name.replaceAll("_", " "))))));
  describePreset();
}

/** The named loudness targets (GET /v1/catalog), then "Custom…"; the choice is kept. */
function renderLoudness() {
  const select = $("loudness");
  const chosen = select.value;
  const label = (name) => name.charAt(0).toUpperCase() + name.slice(1);
  select.replaceChildren(
    ...Object.entries(catalog.loudnessPresets).map(([name, lufs]) =>
      h("option", { value: String(lufs) }, `${label(name)} (${formatNumber(lufs, 0)} LUFS)`)),
    h("option", { value: "custom" }, "Custom…"));
  const standard = String(catalog.targets.target_lufs?.default);
  select.value = [...select.options].some((o) => o.value === chosen) ? chosen : standard;
}

function describePreset() {
  const preset = selectedPreset();
  $("preset-description").textContent = preset ? `${preset.description} (${preset.kind === "vocal" ? "vocal preset: one lead vocal" : "full-mix preset"})` : "";
}

function renderTracks() {
  const list = $("tracks");
  list.replaceChildren(...state.tracks.map((track, index) => {
    const id = `role-${index}`;
    const remove = h("button", { type: "button", class: "ghost small", "aria-label": `Remove ${track.file.name}` }, "Remove");
    remove.addEventListener("click", () => {
      state.tracks.splice(index, 1);
      renderTracks();
      $("choose-files").focus();
    });
    const name = h("span", { class: "track-name" }, track.file.name, h("span", { class: "track-size" }, formatBytes(track.file.size)));
    if (state.mode === "separate") return h("li", { class: "track" }, name, h("span", { class: "help" }, "song to separate"), remove);
    const select = h("select", { id, name: id, dataset: { file: track.file.name } }, ...roleOptions(track.role));
    select.addEventListener("change", () => { track.role = select.value; $("form-error").textContent = ""; });
    return h("li", { class: "track" }, name,
      h("span", { class: "role" }, h("label", { for: id }, `Role of ${track.file.name}`), select), remove);
  }));
  const count = state.tracks.length;
  $("submit-job").disabled = count === 0;
  $("drop-hint").textContent = state.mode === "separate"
    ? "Drag the song here (WAV, FLAC, AIFF, OGG or MP3)"
    : `Drag audio files here (WAV, FLAC, AIFF, OGG or MP3) — ${count} of ${catalog.maxTracks} added`;
}

function takeFiles(files) {
  const problems = addFiles(state.tracks, [...files], state.mode);
  $("form-error").textContent = problems.join("; ");
  renderTracks();
}

function setMode(mode) {
  state.mode = mode;
  const separate = mode === "separate";
  $("mix-options").hidden = separate;
  $("mix-help").hidden = separate;
  $("separation-options").hidden = !separate;
  $("file-input").multiple = !separate;
  $("submit-job").textContent = separate ? "Start separation" : "Start mixing";
  $("choose-files").textContent = separate ? "Choose the song…" : "Choose files…";
  if (separate && state.tracks.length > 1) state.tracks.splice(1);
  for (const t of state.tracks) if (separate) t.role = "song";
  renderTracks();
}

function targets() {
  const choice = $("loudness").value;
  const lufs = choice === "custom" ? Number($("target-lufs").value) : Number(choice);
  return { target_lufs: lufs, ceiling_dbtp: Number($("ceiling-dbtp").value) };
}

function checkTargets(t) {
  return checkTarget("target_lufs", t.target_lufs, "The loudness target")
    || checkTarget("ceiling_dbtp", t.ceiling_dbtp, "The true-peak ceiling");
}

async function submitJob(event) {
  event.preventDefault();
  const error = $("form-error");
  error.textContent = "";
  let path;
  let form;
  if (state.mode === "separate") {
    if (!state.tracks.length) { error.textContent = "Add the song to separate."; return; }
    const stems = requestedStems();
    path = "/v1/separations";
    form = separationForm(state.tracks[0].file, stems, $("separation-format").value, $("separation-source").value);
  } else {
    const t = targets();
    const reference = state.acceptsReference ? $("reference-input").files[0] : null;
    const problem = checkMix(state.tracks, selectedPreset()) || checkTargets(t) || checkStyle(reference);
    if (problem) { error.textContent = problem; return; }
    path = "/v1/jobs";
    form = mixForm(state.tracks, $("preset").value, t, reference);
    addStyleFields(form);
  }
  const button = $("submit-job");
  button.disabled = true;
  button.textContent = "Uploading…";
  let created = null;
  try {
    created = await getJson(path, { method: "POST", body: form });
    if (state.mode === "mix") state.localFiles.set(created.id, state.tracks.map((t) => t.file));
  } catch (err) {
    error.textContent = err.status === 0 ? `Upload failed: ${err.message}` : `The gateway refused the job: ${err.message}`;
  } finally {
    button.disabled = state.tracks.length === 0;
    button.textContent = state.mode === "separate" ? "Start separation" : "Start mixing";
  }
  if (created) openJob(created.id);
}

async function mixStems() {
  const error = $("mix-stems-error");
  error.textContent = "";
  const chosen = chosenStems();
  const problem = checkMix(chosen.map((c) => ({ file: { name: c.name }, role: c.role })), selectedPreset()) || checkTargets(targets());
  if (problem) { error.textContent = `${problem} (preset and loudness come from the New job form)`; return; }
  let created;
  try {
    created = await getJson("/v1/jobs", { method: "POST", body: stemsMixForm(state.job.id, chosen, $("preset").value, targets()) });
  } catch (err) {
    error.textContent = `The gateway refused the mix: ${err.message}`;
    return;
  }
  openJob(created.id);
}

// --- start ------------------------------------------------------------------------------------

function wire() {
  $("settings-button").addEventListener("click", () => toggleSettings($("settings").hidden));
  $("settings-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const key = $("api-key").value.trim();
    if (key) localStorage.setItem(KEY_STORAGE, key);
    $("api-key").value = "";
    updateKeyState();
    hideBanner();
    toggleSettings(false);
    loadCatalog();
    if (state.job) openJob(state.job.id);
  });
  $("forget-key").addEventListener("click", () => { localStorage.removeItem(KEY_STORAGE); updateKeyState(); });
  $("open-job-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const id = $("open-job-id").value.trim();
    if (id) { toggleSettings(false); openJob(id); }
  });
  $("new-job-button").addEventListener("click", () => {
    state.watch++;
    state.abort?.abort();
    listening.stop();
    state.job = null;
    setJobFragment(null);
    for (const id of ["progress", "results", "style", "steer", "qc", "downloads", "separation-results"]) showSection(id, false);
    setupStyleFields();
    $("upload").scrollIntoView({ behavior: "smooth" });
    $("choose-files").focus();
  });

  const input = $("file-input");
  $("choose-files").addEventListener("click", () => input.click());
  input.addEventListener("change", () => { takeFiles(input.files); input.value = ""; });
  const zone = $("dropzone");
  for (const type of ["dragenter", "dragover"]) zone.addEventListener(type, (event) => { event.preventDefault(); zone.classList.add("dragover"); });
  for (const type of ["dragleave", "drop"]) zone.addEventListener(type, () => zone.classList.remove("dragover"));
  zone.addEventListener("drop", (event) => { event.preventDefault(); takeFiles(event.dataTransfer.files); });
  document.addEventListener("dragover", (event) => event.preventDefault());
  document.addEventListener("drop", (event) => event.preventDefault());
  for (const radio of document.querySelectorAll('input[name="mode"]')) radio.addEventListener("change", () => setMode(radio.value));
  $("preset").addEventListener("change", () => { describePreset(); $("form-error").textContent = ""; });
  $("loudness").addEventListener("change", () => {
    const custom = $("loudness").value === "custom";
    $("custom-lufs-field").hidden = !custom;
    if (custom) $("target-lufs").focus();
  });
  $("job-form").addEventListener("submit", submitJob);
  $("match-reference").addEventListener("change", showStyleFields);
  $("style-amount").addEventListener("input", showStyleFields);
  $("cancel-job").addEventListener("click", async () => {
    if (!state.job) return;
    try {
      await api(`/v1/jobs/${encodeURIComponent(state.job.id)}`, { method: "DELETE" });
    } catch (err) {
      $("job-error").textContent = `Cannot cancel: ${err.message}`;
    }
  });
  renderStemChoices();
  $("separation-source").addEventListener("change", () => renderStemChoices($("separation-source").value));
  $("download-stems-zip").addEventListener("click", () => download(`/v1/jobs/${encodeURIComponent(state.job.id)}/download/stems`, "stems.zip")
    .catch((err) => { $("mix-stems-error").textContent = `Download failed: ${err.message}`; }));
  $("mix-stems").addEventListener("click", mixStems);

  $("listen-revision").addEventListener("change", () => {
    const number = Number($("listen-revision").value);
    const revision = state.revisions.find((r) => r.revision === number);
    if (revision) setupSliders(revision);
    listenTo(number);
  });
  window.addEventListener("hashchange", () => {
    const jobId = readFragment();
    if (jobId && jobId !== state.job?.id) openJob(jobId);
  });

  $("steer-form").addEventListener("submit", applyInstruction);
  $("preview-button").addEventListener("click", previewInstruction);
  $("slider-target").addEventListener("change", () => { state.sliderTarget = $("slider-target").value; drawSliders(); });
  $("sliders-reset").addEventListener("click", () => {
    const revision = state.revisions.find((r) => r.revision === state.sliderBase);
    if (revision) setupSliders(revision);
  });
  $("sliders-apply").addEventListener("click", applySliders);
}

async function loadCatalog() {
  try {
    const [data, tables] = await Promise.all([getJson("/v1/catalog"), getJson("/v1/parameters")]);
    setCatalog(data);
    state.tables = tables;
    renderPresets();
    renderLoudness();
    bindTargetInput($("target-lufs"), "target_lufs");
    bindTargetInput($("ceiling-dbtp"), "ceiling_dbtp");
    renderTracks();
  } catch (err) {
    if (err.status !== 401) showBanner(`Cannot read the presets from the gateway: ${err.message}`);
  }
  try {
    const schema = await getJson("/openapi.json");
    const upload = schema.paths?.["/v1/jobs"]?.post?.requestBody?.content?.["multipart/form-data"]?.schema;
    state.acceptsReference = Boolean(upload?.properties?.reference);
  } catch {
    state.acceptsReference = false;
  }
  const input = $("reference-input");
  input.disabled = !state.acceptsReference;
  $("reference-help").textContent = state.acceptsReference
    ? "Mastering matches the reference's tonal balance and width."
    : "This gateway does not take a reference track: its job upload has no reference field.";
  setupStyleFields();
}

async function start() {
  whenUnauthorized(askForKey);
  const jobId = readFragment();
  updateKeyState();
  wire();
  setMode("mix");
  await loadCatalog();
  if (jobId) await openJob(jobId);
}

start();