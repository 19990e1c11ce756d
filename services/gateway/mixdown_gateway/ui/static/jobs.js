// Following a job (its events, its stages, its end) and showing a mix job's results: the
// player, the QC report and the downloads of a revision.

import { api, download, getJson, readEvents } from "./api.js";
import { $, hideBanner, listening, showSection, sleep, state } from "./page.js";
import { STAGE_LABELS, announce, renderStages, setStage, showEvent } from "./progress.js";
import { h, renderReport } from "./report.js";
import { renderRevisions, setupSliders, submitRevision } from "./revisions.js";
import { renderSeparation } from "./separation.js";
import { rememberFinished, renderStyle } from "./style.js";

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

export function setJobFragment(jobId) {
  history.replaceState(null, "", `${location.pathname}${location.search}${jobId ? `#job=${jobId}` : ""}`);
}

function onEvent({ id, data }) {
  if (id && Number(id) > state.lastEventId) state.lastEventId = Number(id);
  showEvent(data);
}

export function renderJobHeader(job) {
  $("job-id").textContent = job.id;
  const revision = state.revisions.length ? Math.max(...state.revisions.map((r) => r.revision)) : 0;
  $("job-revision").textContent = job.kind === "mix" && revision > 0 ? `· revision ${revision}` : "";
  $("cancel-job").hidden = TERMINAL.includes(job.status);
}

/** Open a job: show its progress, follow its events until it ends, then show its results. */
export async function openJob(jobId) {
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
  for (const id of ["results", "style", "steer", "qc", "downloads", "separation-results"]) showSection(id, false);
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
export async function follow(jobId, token) {
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
    rememberFinished(job);
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

export async function listenTo(revisionNumber) {
  const revision = state.revisions.find((r) => r.revision === revisionNumber);
  if (!revision) return;
  state.shownRevision = revisionNumber;
  $("listen-revision").value = String(revisionNumber);
  for (const item of $("revisions").children) item.setAttribute("aria-current", String(Number(item.dataset.revision) === revisionNumber));
  renderDownloads(revision);
  renderStyle(revision);
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

// --- separation -------------------------------------------------------------------------------

export function showSeparation(job) {
  showSection("separation-results", true);
  renderSeparation(job, (stem) =>
    download(`/v1/jobs/${encodeURIComponent(job.id)}/download/stems/${encodeURIComponent(stem)}`, `${job.id}-${stem}`)
      .catch((err) => { $("mix-stems-error").textContent = `Download failed: ${err.message}`; }));
}
