// Mixdown Studio: create a job, follow it, listen, steer, read QC, download.
// Every request to the gateway goes through api() below, which adds the API key.

import { Listening } from "./listen.js";
import { STAGE_LABELS, announce, renderStages, setStage, showEvent } from "./progress.js";
import { editsTable, formatNumber, h, overrideRows, renderReport } from "./report.js";
import { chosenStems, renderSeparation, renderStemChoices, requestedStems, stemsMixForm } from "./separation.js";
import { SliderModel, renderSliders } from "./steer.js";
import { ROLES, ROLE_LABELS, addFiles, checkMix, formatBytes, mixForm, separationForm } from "./upload.js";

const KEY_STORAGE = "mixdown.apiKey";
const TERMINAL = ["succeeded", "failed", "cancelled"];
const DOWNLOAD_LABELS = [
  ["master", "Master", "WAV 24-bit"],
  ["master_wav16", "Master", "WAV 16-bit (dithered)"],
  ["master_flac", "Master", "FLAC 24-bit"],
  ["master_mp3", "Master", "MP3 320 kbit/s"],
  ["mix", "Mix (before mastering)", "WAV 32-bit float"],
  ["report", "QC report", "JSON"],
];

// Master formats a revision may lack (revisions export WAV 24-bit unless asked): artifact, label, format.
const EXPORT_FORMATS = [["master_wav16", "WAV 16-bit", "wav16"], ["master_flac", "FLAC", "flac"], ["master_mp3", "MP3", "mp3"]];

const $ = (id) => document.getElementById(id);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// --- the network: one function for every request ----------------------------------------------

class ApiError extends Error {
  constructor(status, detail) {
    super(detail);
    this.status = status;
  }
}

function apiKey() {
  return localStorage.getItem(KEY_STORAGE) || "";
}

/**
 * fetch() on the gateway with `Authorization: Bearer <key>` when a key is known. Resolves to
 * the Response when it is 2xx; rejects with ApiError carrying the gateway's `detail` otherwise
 * (a 401 also asks for the key).
 */
async function api(path, { method = "GET", json, body, headers = {}, signal } = {}) {
  const sent = new Headers(headers);
  const key = apiKey();
  if (key) sent.set("Authorization", `Bearer ${key}`);
  let payload = body;
  if (json !== undefined) {
    sent.set("Content-Type", "application/json");
    payload = JSON.stringify(json);
  }
  let response;
  try {
    response = await fetch(path, { method, headers: sent, body: payload, signal, cache: "no-store" });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, `the gateway did not answer (${error.message})`);
  }
  if (response.ok) return response;
  let detail = `${response.status} ${response.statusText}`.trim();
  try {
    const data = await response.json();
    if (data?.detail) detail = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail);
  } catch { /* not JSON: keep the status line */ }
  if (response.status === 401) askForKey(detail);
  throw new ApiError(response.status, detail);
}

const getJson = async (path, options) => (await api(path, options)).json();

/** Read a job's Server-Sent Events with fetch (EventSource cannot send the key). */
async function readEvents(jobId, lastEventId, onEvent, signal) {
  const headers = { Accept: "text/event-stream" };
  if (lastEventId) headers["Last-Event-ID"] = String(lastEventId);
  const response = await api(`/v1/jobs/${encodeURIComponent(jobId)}/events`, { headers, signal });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = "";
  let event = { type: "message", id: null, data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    pending += value;
    let newline;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, newline).replace(/\r$/, "");
      pending = pending.slice(newline + 1);
      if (line === "") {
        if (event.data.length) {
          let data = null;
          try { data = JSON.parse(event.data.join("\n")); } catch { /* not JSON: skipped */ }
          if (data) onEvent({ type: event.type, id: event.id, data });
        }
        event = { type: "message", id: null, data: [] };
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event.type = text;
      else if (field === "data") event.data.push(text);
      else if (field === "id") event.id = text;
    }
  }
}

/** Download through api(): Blob → a temporary <a download>. */
async function download(path, fallbackName) {
  const response = await api(path);
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename="?([^";]+)"?/.exec(disposition);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: match ? match[1] : fallbackName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// --- state ------------------------------------------------------------------------------------

const listening = new Listening();

const state = {
  presets: [],
  tables: null,
  acceptsReference: false,
  mode: "mix",
  tracks: [],
  job: null,
  lastEventId: 0,
  watch: 0,
  abort: null,
  localFiles: new Map(),   // job id → the File objects uploaded from this page
  revisions: [],
  shownRevision: null,     // the revision in the player, QC report and downloads
  sliders: null,
  sliderTarget: null,
  busy: false,
};

// --- banner, settings and the API key ---------------------------------------------------------

function showBanner(message, action) {
  const banner = $("banner");
  banner.replaceChildren(message);
  if (action) banner.append(h("button", { type: "button", class: "small", onclick: action.run }, action.label));
  banner.hidden = false;
}

function hideBanner() {
  $("banner").hidden = true;
}

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

function setJobFragment(jobId) {
  history.replaceState(null, "", `${location.pathname}${location.search}${jobId ? `#job=${jobId}` : ""}`);
}

// --- the upload form --------------------------------------------------------------------------

function selectedPreset() {
  return state.presets.find((p) => p.name === $("preset").value);
}

function renderPresets() {
  const select = $("preset");
  const groups = { vocal: "Vocal over a beat", full: "Full mix from stems" };
  select.replaceChildren(...Object.entries(groups).map(([kind, label]) =>
    h("optgroup", { label }, ...state.presets.filter((p) => p.kind === kind).map((p) => h("option", { value: p.name }, p.name.replaceAll("_", " "))))));
  describePreset();
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
    const select = h("select", { id, name: id, dataset: { file: track.file.name } },
      ...ROLES.map((role) => h("option", { value: role, selected: role === track.role }, ROLE_LABELS[role])));
    select.addEventListener("change", () => { track.role = select.value; $("form-error").textContent = ""; });
    return h("li", { class: "track" }, name,
      h("span", { class: "role" }, h("label", { for: id }, `Role of ${track.file.name}`), select), remove);
  }));
  const count = state.tracks.length;
  $("submit-job").disabled = count === 0;
  $("drop-hint").textContent = state.mode === "separate"
    ? "Drag the song here (WAV, FLAC, AIFF, OGG or MP3)"
    : `Drag audio files here (WAV, FLAC, AIFF, OGG or MP3) — ${count} of 12 added`;
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
  if (!Number.isFinite(t.target_lufs) || t.target_lufs < -30 || t.target_lufs > -5) return "The loudness target must be between −30 and −5 LUFS.";
  if (!Number.isFinite(t.ceiling_dbtp) || t.ceiling_dbtp < -6 || t.ceiling_dbtp > 0) return "The true-peak ceiling must be between −6 and 0 dBTP.";
  return "";
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
    form = separationForm(state.tracks[0].file, stems, $("separation-format").value);
  } else {
    const t = targets();
    const problem = checkMix(state.tracks, selectedPreset()) || checkTargets(t);
    if (problem) { error.textContent = problem; return; }
    const reference = state.acceptsReference ? $("reference-input").files[0] : null;
    path = "/v1/jobs";
    form = mixForm(state.tracks, $("preset").value, t, reference);
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

// --- following a job --------------------------------------------------------------------------

function onEvent({ id, data }) {
  if (id && Number(id) > state.lastEventId) state.lastEventId = Number(id);
  showEvent(data);
}

function showSection(id, visible) {
  $(id).hidden = !visible;
}

function renderJobHeader(job) {
  $("job-id").textContent = job.id;
  const revision = state.revisions.length ? Math.max(...state.revisions.map((r) => r.revision)) : 0;
  $("job-revision").textContent = job.kind === "mix" && revision > 0 ? `· revision ${revision}` : "";
  $("cancel-job").hidden = TERMINAL.includes(job.status);
}

/** Open a job: show its progress, follow its events until it ends, then show its results. */
async function openJob(jobId) {
  const token = ++state.watch;
  state.abort?.abort();
  state.lastEventId = 0;
  state.revisions = [];
  state.shownRevision = null;
  listening.stop();
  setJobFragment(jobId);
  hideBanner();
  $("event-log").replaceChildren();
  $("job-error").textContent = "";
  for (const id of ["results", "steer", "qc", "downloads", "separation-results"]) showSection(id, false);
  showSection("progress", true);
  let job;
  try {
    job = await getJson(`/v1/jobs/${encodeURIComponent(jobId)}`);
  } catch (err) {
    $("job-id").textContent = jobId;
    $("job-error").textContent = `Cannot open job ${jobId}: ${err.message}`;
    announce("");
    return;
  }
  state.job = job;
  renderJobHeader(job);
  renderStages(job.plan);
  $("progress").scrollIntoView({ block: "start", behavior: "smooth" });
  if (TERMINAL.includes(job.status)) {
    state.abort = new AbortController();
    try {
      await readEvents(jobId, 0, onEvent, state.abort.signal);  // the log, and where a revision's events will start
    } catch { /* the record is enough to show a finished job */ }
    if (token !== state.watch) return;
    if (job.status === "succeeded") setStage(null, "all-done");
    else if (job.stage) setStage(job.stage, job.status === "failed" ? "failed" : "pending", 0);
    await finished(job, token);
    return;
  }
  await follow(jobId, token);
}

/** Follow the event stream; reconnect after the last seen event until the job record is final. */
async function follow(jobId, token) {
  announce(state.job.status === "queued" ? "Queued…" : "Working…");
  for (let attempt = 0; token === state.watch; attempt++) {
    state.abort = new AbortController();
    try {
      await readEvents(jobId, state.lastEventId, onEvent, state.abort.signal);
    } catch (err) {
      if (err.name === "AbortError" || token !== state.watch) return;
      if (err.status && err.status !== 503) {
        $("job-error").textContent = `Lost the job's progress: ${err.message}`;
        return;
      }
    }
    if (token !== state.watch) return;
    let job;
    try {
      job = await getJson(`/v1/jobs/${encodeURIComponent(jobId)}`);
    } catch (err) {
      if (err.status && err.status !== 503) { $("job-error").textContent = err.message; return; }
      await sleep(Math.min(5000, 500 * (attempt + 1)));
      continue;
    }
    state.job = job;
    if (TERMINAL.includes(job.status)) {
      await finished(job, token);
      return;
    }
    await sleep(Math.min(3000, 200 * (attempt + 1)));
  }
}

async function finished(job, token) {
  state.job = job;
  renderJobHeader(job);
  $("progress-bar").value = job.status === "succeeded" ? 100 : $("progress-bar").value;
  if (job.status === "failed") {
    const error = job.error || {};
    $("job-error").textContent = `The job failed${error.stage ? ` in ${STAGE_LABELS[error.stage] || error.stage}` : ""}: ${error.message || "no reason given"}${error.code ? ` (${error.code})` : ""}${error.explanation ? `. ${error.explanation}` : ""}`;
    announce("Failed.");
  } else if (job.status === "cancelled") {
    announce("Cancelled.");
  } else {
    announce(job.kind === "separation" ? "Separated." : "Done: mixed, mastered and checked.");
  }
  if (token !== state.watch) return;
  if (job.kind === "separation") {
    if (job.status === "succeeded") showSeparation(job);
    return;
  }
  await loadResults(job, token);
}

// --- results of a mix job ---------------------------------------------------------------------

async function loadResults(job, token) {
  try {
    state.revisions = await getJson(`/v1/jobs/${encodeURIComponent(job.id)}/revisions`);
  } catch (err) {
    $("job-error").textContent = `Cannot read the revisions: ${err.message}`;
    return;
  }
  if (token !== state.watch) return;
  renderJobHeader(job);
  const playable = state.revisions.filter((r) => r.artifacts.includes("master") || r.artifacts.includes("mix"));
  renderRevisions();
  if (!playable.length) return;
  for (const id of ["results", "steer", "qc", "downloads"]) showSection(id, true);
  const select = $("listen-revision");
  select.replaceChildren(...playable.map((r) =>
    h("option", { value: String(r.revision) }, `Revision ${r.revision}${r.instruction ? ` — “${r.instruction}”` : r.revision === 0 ? " — first mix" : ""}`)));
  const chosen = playable[playable.length - 1];
  select.value = String(chosen.revision);
  setupSliders(chosen);
  await listenTo(chosen.revision);
}

function revisionPath(revision, artifact) {
  return `/v1/jobs/${encodeURIComponent(state.job.id)}/revisions/${revision}/download/${artifact}`;
}

async function listenTo(revisionNumber) {
  const revision = state.revisions.find((r) => r.revision === revisionNumber);
  if (!revision) return;
  state.shownRevision = revisionNumber;
  $("listen-revision").value = String(revisionNumber);
  for (const item of $("revisions").children) item.setAttribute("aria-current", String(Number(item.dataset.revision) === revisionNumber));
  renderDownloads(revision);
  loadReport(revision);
  const fetchers = Object.fromEntries(["mix", "master"].filter((name) => revision.artifacts.includes(name))
    .map((name) => [name, async () => (await api(revisionPath(revision.revision, name))).arrayBuffer()]));
  await listening.load({
    label: `revision ${revision.revision}`, fetchers, rawFiles: state.localFiles.get(state.job.id),
    rawKey: state.job.id, targetLufs: revision.parameters?.mastering?.targets?.target_lufs ?? state.job.targets?.target_lufs,
  });
}

async function loadReport(revision) {
  const nodes = { summary: $("qc-summary"), metrics: $("qc-metrics"), tbody: $("qc-table").querySelector("tbody") };
  if (!revision.artifacts.includes("report")) {
    nodes.summary.textContent = "This revision has no QC report.";
    nodes.metrics.replaceChildren();
    nodes.tbody.replaceChildren();
    return;
  }
  try {
    const report = await (await api(revisionPath(revision.revision, "report"))).json();
    if (state.shownRevision === revision.revision) renderReport(report, nodes);
  } catch (err) {
    nodes.summary.textContent = `Cannot read the QC report: ${err.message}`;
  }
}

function renderDownloads(revision) {
  const items = DOWNLOAD_LABELS.filter(([artifact]) => revision.artifacts.includes(artifact)).map(([artifact, what, format]) => {
    const button = h("button", { type: "button", dataset: { artifact } }, `${what} — ${format}`,
      h("span", { class: "hint" }, `revision ${revision.revision}`));
    button.addEventListener("click", async () => {
      $("download-error").textContent = "";
      button.disabled = true;
      try {
        await download(revisionPath(revision.revision, artifact), `${state.job.id}-r${revision.revision}-${artifact}`);
      } catch (err) {
        $("download-error").textContent = `Download failed: ${err.message}`;
      } finally {
        button.disabled = false;
      }
    });
    return h("li", {}, button);
  });
  const missing = EXPORT_FORMATS.filter(([artifact]) => !revision.artifacts.includes(artifact));
  if (missing.length && revision.status === "succeeded" && revision.artifacts.includes("master")) {
    const names = missing.map(([, label]) => label).join(", ");
    const button = h("button", { type: "button", dataset: { action: "export" } }, `Export ${names}`,
      h("span", { class: "hint" }, `renders revision ${revision.revision} again with every format`));
    button.addEventListener("click", () => submitRevision(
      { from_revision: revision.revision, formats: ["wav24", ...EXPORT_FORMATS.map(([, , format]) => format)] },
      `Exporting revision ${revision.revision} as ${names}`));
    items.push(h("li", {}, button));
  }
  $("download-list").replaceChildren(...items);
}

// --- steering: instructions, sliders, revisions -----------------------------------------------

function say(kind, ...content) {
  const bubble = h("div", { class: `bubble ${kind}` }, ...content);
  $("chat").append(bubble);
  bubble.scrollIntoView({ block: "nearest" });
  return bubble;
}

function setBusy(busy) {
  state.busy = busy;
  for (const id of ["preview-button", "apply-button", "sliders-apply"]) $(id).disabled = busy;
}

async function previewInstruction() {
  const instruction = $("instruction").value.trim();
  if (!instruction || !state.job) return;
  say("user", instruction);
  setBusy(true);
  try {
    const parsed = await getJson("/v1/text-control/parse", { method: "POST", json: { job_id: state.job.id, instruction } });
    say("studio", describeEdits(parsed.edits, parsed.not_understood, "Preview — nothing applied yet. Press Apply to render it."));
  } catch (err) {
    say("error", `Preview failed: ${err.message}`);
  } finally {
    setBusy(false);
  }
}

function describeEdits(edits, notUnderstood, lead) {
  const parts = [h("p", {}, lead)];
  if (edits.length) parts.push(editsTable(edits));
  else parts.push(h("p", {}, "No parameter would change."));
  if (notUnderstood?.length) parts.push(h("p", { class: "help" }, `Not understood: ${notUnderstood.map((t) => `“${t}”`).join(", ")}`));
  return h("div", {}, ...parts);
}

async function submitRevision(body, describe) {
  if (!state.job || state.busy) return;
  setBusy(true);
  let created;
  try {
    created = await getJson(`/v1/jobs/${encodeURIComponent(state.job.id)}/revisions`, { method: "POST", json: body });
  } catch (err) {
    say("error", `The revision was refused: ${err.message}`);
    setBusy(false);
    return;
  }
  say("studio", `${describe} — revision ${created.revision} is rendering (mix → master → QC)…`);
  try {
    await watchRevision(created.revision);
  } finally {
    setBusy(false);
  }
}

async function applyInstruction(event) {
  event.preventDefault();
  const instruction = $("instruction").value.trim();
  if (!instruction) { $("instruction").focus(); return; }
  const last = $("chat").lastElementChild;
  if (!last || last.textContent !== instruction) say("user", instruction);
  $("instruction").value = "";
  await submitRevision({ instruction }, "Applying");
}

/** Follow a revision through the job's event stream, then reload the results on it. */
async function watchRevision(revisionNumber) {
  const token = ++state.watch;
  state.abort?.abort();
  let job;
  try {
    job = await getJson(`/v1/jobs/${encodeURIComponent(state.job.id)}`);
  } catch (err) {
    say("error", `Cannot follow revision ${revisionNumber}: ${err.message}`);
    return;
  }
  state.job = job;
  renderStages(job.plan);
  $("job-error").textContent = "";
  renderJobHeader(job);
  showSection("progress", true);
  await follow(job.id, token);  // when it ends, the results reload on the latest revision: this one
  if (token !== state.watch) return;
  const revision = state.revisions.find((r) => r.revision === revisionNumber);
  if (!revision?.finished_at) {
    say("error", `Revision ${revisionNumber} did not finish (${state.job.status}).`);
    return;
  }
  say("studio", revision.status === "succeeded" ? `Revision ${revisionNumber} is ready: you are listening to it.` : `Revision ${revisionNumber} ended ${revision.status}.`,
    revision.edits.length ? describeEdits(revision.edits, revision.not_understood, "Edits made:") : "");
}

function renderRevisions() {
  const list = $("revisions");
  const latest = Math.max(...state.revisions.map((r) => r.revision));
  list.replaceChildren(...[...state.revisions].reverse().map((revision) => {
    const finished = revision.finished_at ? new Date(revision.finished_at * 1000).toLocaleTimeString() : "";
    const overrides = overrideRows(revision.overrides || {});
    const origin = revision.instruction
      ? h("p", {}, "“", revision.instruction, "”")
      : h("p", { class: "help" }, revision.revision === 0 ? "First mix from the upload." : overrides.length ? "Set by hand." : "Rendered again from an earlier revision.");
    const listen = h("button", { type: "button", class: "small", dataset: { action: "listen" } }, "Listen");
    listen.disabled = !revision.artifacts.length;
    listen.addEventListener("click", () => { setupSliders(revision); listenTo(revision.revision); $("results").scrollIntoView({ behavior: "smooth" }); });
    const back = h("button", { type: "button", class: "small ghost", dataset: { action: "back" } }, "Go back to this one");
    back.hidden = revision.revision === latest || revision.status !== "succeeded";
    back.addEventListener("click", () => submitRevision({ from_revision: revision.revision }, `Going back to revision ${revision.revision}`));
    return h("li", { class: "revision", dataset: { revision: String(revision.revision), status: revision.status }, "aria-current": String(revision.revision === state.shownRevision) },
      h("div", { class: "revision-head" },
        h("span", { class: "revision-title" }, `Revision ${revision.revision}`),
        h("span", {}, h("span", { class: `badge ${revision.status}` }, revision.status), finished ? ` ${finished}` : "")),
      origin,
      revision.edits.length ? editsTable(revision.edits) : null,
      overrides.length ? h("p", { class: "help" }, "Set by hand: ", overrides.map((o) => `${o.target} ${o.parameter} = ${formatNumber(o.value, 2)}`).join(", ")) : null,
      h("div", { class: "actions" }, listen, back));
  }));
}

function setupSliders(revision) {
  if (!state.tables || !state.job) return;
  state.sliders ||= new SliderModel(state.tables);
  state.sliders.load(revision.parameters, state.job.inputs, state.job.targets);
  const select = $("slider-target");
  const options = state.sliders.targets();
  const keep = options.some((o) => o.value === state.sliderTarget) ? state.sliderTarget : options[0]?.value;
  select.replaceChildren(...options.map((o) => h("option", { value: o.value }, o.label)));
  select.value = keep;
  state.sliderTarget = keep;
  $("sliders-apply").textContent = `Render a revision from revision ${revision.revision} with these values`;
  state.sliderBase = revision.revision;
  drawSliders();
}

function drawSliders() {
  renderSliders($("sliders"), state.sliders, state.sliderTarget, describeSliderChanges);
  describeSliderChanges();
}

function describeSliderChanges() {
  const changes = state.sliders?.describeChanges() || [];
  $("slider-changes").textContent = changes.length ? `Changed: ${changes.join("; ")}` : "No change yet.";
  $("sliders-apply").disabled = state.busy || !changes.length;
}

async function applySliders() {
  const overrides = state.sliders.overrides();
  if (!Object.keys(overrides).length) return;
  const changes = state.sliders.describeChanges();
  say("user", `By hand: ${changes.join("; ")}`);
  await submitRevision({ overrides, from_revision: state.sliderBase }, "Rendering your values");
}

// --- separation -------------------------------------------------------------------------------

function showSeparation(job) {
  showSection("separation-results", true);
  renderSeparation(job, (stem) =>
    download(`/v1/jobs/${encodeURIComponent(job.id)}/download/stems/${encodeURIComponent(stem)}`, `${job.id}-${stem}`)
      .catch((err) => { $("mix-stems-error").textContent = `Download failed: ${err.message}`; }));
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
    for (const id of ["progress", "results", "steer", "qc", "downloads", "separation-results"]) showSection(id, false);
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
  $("cancel-job").addEventListener("click", async () => {
    if (!state.job) return;
    try {
      await api(`/v1/jobs/${encodeURIComponent(state.job.id)}`, { method: "DELETE" });
    } catch (err) {
      $("job-error").textContent = `Cannot cancel: ${err.message}`;
    }
  });
  renderStemChoices();
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
    const [presets, tables] = await Promise.all([getJson("/v1/presets"), getJson("/v1/parameters")]);
    state.presets = presets.presets;
    state.tables = tables;
    renderPresets();
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
}

async function start() {
  const jobId = readFragment();
  updateKeyState();
  wire();
  setMode("mix");
  await loadCatalog();
  if (jobId) await openJob(jobId);
}

start();
