// Steering a mix: instructions in words, sliders on the parameter tables, the revisions made.

import { getJson } from "./api.js";
import { follow, listenTo, renderJobHeader } from "./jobs.js";
import { $, showSection, state } from "./page.js";
import { renderStages } from "./progress.js";
import { editsTable, formatNumber, h, overrideRows } from "./report.js";
import { SliderModel, renderSliders } from "./steer.js";

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

/**
 * Preview: what the instruction would change, each edit explained in the instruction's
 * language, with a button applying exactly that instruction. An instruction the gateway could
 * not read (422 with `not_understood`) shows what was not understood and close phrasings.
 */
export async function previewInstruction() {
  const instruction = $("instruction").value.trim();
  if (!instruction || !state.job) return;
  say("user", instruction);
  setBusy(true);
  try {
    const parsed = await getJson("/v1/text-control/parse", { method: "POST", json: { job_id: state.job.id, instruction } });
    const apply = h("button", { type: "button", class: "primary small", dataset: { action: "apply-preview" } }, "Apply these edits");
    apply.addEventListener("click", () => {
      apply.disabled = true;
      if ($("instruction").value.trim() === instruction) $("instruction").value = "";
      submitRevision({ instruction }, "Applying");
    });
    say("studio", describeEdits(parsed, "Preview — nothing applied yet:"), h("div", { class: "actions" }, apply));
  } catch (err) {
    if (!notUnderstood(err)) say("error", `Preview failed: ${err.message}`);
  } finally {
    setBusy(false);
  }
}

/** The explanations (one sentence per edit), the edits in detail, and what was not understood. */
function describeEdits(answer, lead) {
  const parts = [h("p", {}, lead)];
  if (answer.edits.length) {
    parts.push(h("ul", { class: "explanations", lang: answer.locale || "" },
      ...answer.edits.map((e) => h("li", {}, e.explanation))));
    parts.push(h("details", { class: "edit-details" }, h("summary", {}, "Parameters in detail"), editsTable(answer.edits)));
  } else {
    parts.push(h("p", {}, "No parameter would change."));
  }
  if (answer.not_understood?.length) parts.push(notUnderstoodPart(answer.not_understood, answer.suggestions));
  if (answer.disagreements?.length) {
    parts.push(h("p", { class: "help" }, `The language model's reading was set aside: ${answer.disagreements.join("; ")}`));
  }
  return h("div", {}, ...parts);
}

/** "Not understood: “…”. Try: [phrase] [phrase]": a suggestion fills the box and previews it. */
function notUnderstoodPart(parts, suggestions = []) {
  const tries = suggestions.map((text) => {
    const button = h("button", { type: "button", class: "small ghost suggestion", dataset: { action: "suggestion" } }, text);
    button.addEventListener("click", () => { $("instruction").value = text; previewInstruction(); });
    return button;
  });
  return h("div", { class: "not-understood" },
    h("p", { class: "help" }, `Not understood: ${parts.map((t) => `“${t}”`).join(", ")}`),
    tries.length ? h("p", { class: "suggestions" }, "Try: ", ...tries) : null);
}

/** Show a 422 for an instruction text control could not read; false for any other error. */
function notUnderstood(err) {
  if (err.status !== 422 || !err.body?.not_understood) return false;
  say("error", h("p", {}, "Nothing changed: the instruction was not understood."),
    notUnderstoodPart(err.body.not_understood, err.body.suggestions));
  return true;
}

export async function submitRevision(body, describe) {
  if (!state.job || state.busy) return;
  setBusy(true);
  let created;
  try {
    created = await getJson(`/v1/jobs/${encodeURIComponent(state.job.id)}/revisions`, { method: "POST", json: body });
  } catch (err) {
    if (!notUnderstood(err)) say("error", `The revision was refused: ${err.message}`);
    setBusy(false);
    return;
  }
  say("studio", `${describe} — revision ${created.revision} is rendering (mix → master → QC)…`,
    created.not_understood ? notUnderstoodPart(created.not_understood, created.suggestions) : "");
  try {
    await watchRevision(created.revision);
  } finally {
    setBusy(false);
  }
}

export async function applyInstruction(event) {
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
    revision.edits.length ? describeEdits(revision, "Edits made:") : "");
}

export function renderRevisions() {
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

export function setupSliders(revision) {
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

export function drawSliders() {
  renderSliders($("sliders"), state.sliders, state.sliderTarget, describeSliderChanges);
  describeSliderChanges();
}

function describeSliderChanges() {
  const changes = state.sliders?.describeChanges() || [];
  $("slider-changes").textContent = changes.length ? `Changed: ${changes.join("; ")}` : "No change yet.";
  $("sliders-apply").disabled = state.busy || !changes.length;
}

export async function applySliders() {
  const overrides = state.sliders.overrides();
  if (!Object.keys(overrides).length) return;
  const changes = state.sliders.describeChanges();
  say("user", `By hand: ${changes.join("; ")}`);
  await submitRevision({ overrides, from_revision: state.sliderBase }, "Rendering your values");
}
