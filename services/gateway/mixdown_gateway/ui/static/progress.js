// The "Progress" panel: one card per stage of the job's plan, the overall bar, the status line
// (read out by screen readers) and the event log, driven by the job's events.

import { h } from "./report.js";

export const STAGE_LABELS = {
  separation: "Separation", text_control: "Understanding the instruction", mixing: "Mixing",
  mastering: "Mastering", qc: "Quality check",
};
const STATE_TEXT = { pending: () => "waiting", running: (f) => `running ${Math.round(f * 100)} %`, done: () => "done", failed: () => "failed" };
const MAX_LOG_LINES = 200;

const $ = (id) => document.getElementById(id);
const stageLabel = (stage) => STAGE_LABELS[stage] || stage;

export function renderStages(plan) {
  $("stages").replaceChildren(...plan.map((stage) =>
    h("li", { class: "stage", dataset: { stage, state: "pending" } },
      h("span", { class: "stage-name" }, stageLabel(stage)),
      h("span", { class: "stage-state" }, "waiting"),
      h("progress", { max: "100", value: "0", "aria-label": `${stageLabel(stage)} progress` }))));
}

/**
 * Move the cards: `stage` is at `stageState` ("running", "done", "failed") with `fraction` of it
 * done, the stages before it are done and those after it wait; "all-done" and "reset" set all.
 */
export function setStage(stage, stageState, fraction = 0) {
  const items = [...$("stages").children];
  const plan = items.map((item) => item.dataset.stage);
  const index = plan.indexOf(stage);
  items.forEach((item, i) => {
    let s = item.dataset.state;
    let f = Number(item.querySelector("progress").value) / 100;
    if (stageState === "all-done") { s = "done"; f = 1; }
    else if (stageState === "reset") { s = "pending"; f = 0; }
    else if (i < index) { s = "done"; f = 1; }
    else if (i === index) { s = stageState; f = stageState === "done" ? 1 : fraction; }
    else if (stageState !== "failed") { s = "pending"; f = 0; }
    item.dataset.state = s;
    item.querySelector(".stage-state").textContent = STATE_TEXT[s](f);
    item.querySelector("progress").value = Math.round(f * 100);
  });
  const done = items.reduce((sum, item) => sum + Number(item.querySelector("progress").value) / 100, 0);
  const overall = Math.round((plan.length ? done / plan.length : 0) * 100);
  $("progress-bar").value = overall;
  $("progress-bar").setAttribute("aria-valuetext", `${overall} %`);
}

export function announce(text) {
  const status = $("job-status");
  if (status.textContent !== text) status.textContent = text;
}

function logEvent(event) {
  const time = new Date((event.at || Date.now() / 1000) * 1000).toLocaleTimeString();
  const log = $("event-log");
  log.append(h("li", {}, `${time} ${event.type}${event.stage ? ` · ${event.stage}` : ""} · ${event.message || event.status}`));
  while (log.children.length > MAX_LOG_LINES) log.firstChild.remove();
}

/** Show one job event (the `data` of an SSE message). */
export function showEvent(event) {
  logEvent(event);
  const label = stageLabel(event.stage);
  if (event.type === "stage_started") {
    setStage(event.stage, "running", 0);
    announce(`${label}…`);
  } else if (event.type === "stage_progress") {
    setStage(event.stage, "running", event.progress);
  } else if (event.type === "stage_done") {  // names the next stage, or none after the last
    if (event.stage) setStage(event.stage, "running", 0);
    else setStage(null, "all-done");
  } else if (event.type === "stage_failed") {
    setStage(event.stage, "failed", 0);
    announce(`${label} failed: ${event.message}`);
  } else if (event.type === "status") {
    if (event.status === "queued") { setStage(null, "reset"); announce(event.message || "Queued"); }
    else if (event.status === "succeeded") { setStage(null, "all-done"); announce("Done."); }
    else if (event.status === "cancelled") announce("Cancelled.");
  }
}
