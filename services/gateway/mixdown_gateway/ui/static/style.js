// The style mode ("match a reference"): its fields in the new-job form, the finished jobs whose
// master can be the reference (remembered in this browser: the gateway has no job list), and the
// per-feature distances to the reference of a style mix (parameters.mixing.style).

import { catalog } from "./catalog.js";
import { $, state } from "./page.js";
import { formatNumber, h } from "./report.js";

const FINISHED_KEY = "mixdown.finishedMixes";
const FINISHED_MAX = 20;
const FEATURE_LABELS = {
  mid_spectrum: "Tonal balance (mid)", side_spectrum: "Tonal balance (side)", width: "Stereo width",
  imbalance: "Left/right balance", crest: "Punch (crest factor)", loudness_spread: "Loudness movement",
  total: "Overall",
};
const MODE_TEXT = {
  optimisation: "searched from the DSP plan", controller: "predicted by the controller network",
  "controller+optimisation": "predicted by the controller network, then refined", dsp: "the DSP plan (fallback)",
};

/** Remember a succeeded mix job of this browser, as a reference for a later style job. */
export function rememberFinished(job) {
  if (job.kind !== "mix" || job.status !== "succeeded") return;
  const name = job.inputs?.map((t) => t.name).join(" + ") || job.id;
  const kept = finishedJobs().filter((j) => j.id !== job.id);
  kept.unshift({ id: job.id, name, at: Date.now() });
  localStorage.setItem(FINISHED_KEY, JSON.stringify(kept.slice(0, FINISHED_MAX)));
}

function finishedJobs() {
  try {
    const list = JSON.parse(localStorage.getItem(FINISHED_KEY) || "[]");
    return Array.isArray(list) ? list.filter((j) => j && typeof j.id === "string") : [];
  } catch {
    return [];
  }
}

/** The amount's range from GET /v1/catalog, and the finished jobs, in the form. */
export function setupStyleFields() {
  const amount = (catalog.style || []).find((p) => p.name === "style_amount");
  const slider = $("style-amount");
  if (amount) {
    slider.min = String(amount.min);
    slider.max = String(amount.max);
    if (!slider.dataset.bound) slider.value = String(amount.default);
    slider.dataset.bound = "1";
  }
  $("match-reference").disabled = !(catalog.mixModes || []).includes("style");
  const select = $("reference-job");
  const current = select.value;
  select.replaceChildren(h("option", { value: "" }, "the reference file above"),
    ...finishedJobs().map((j) => h("option", { value: j.id }, `the master of ${j.name} (${j.id.slice(0, 8)})`)));
  select.value = finishedJobs().some((j) => j.id === current) ? current : "";
  showStyleFields();
}

export function showStyleFields() {
  const on = $("match-reference").checked;
  for (const id of ["reference-job-field", "style-amount-field"]) $(id).hidden = !on;
  $("style-amount-value").textContent = `${Math.round(Number($("style-amount").value) * 100)} %`;
  $("reference-help").textContent = on
    ? "The mix takes this reference's tonal balance, stereo image, space and dynamics; mastering matches it too."
    : state.acceptsReference ? "Mastering matches the reference's tonal balance and width." : $("reference-help").textContent;
}

/** Why the style fields stop the form ("" when they do not). */
export function checkStyle(referenceFile) {
  if (!$("match-reference").checked) return "";
  if (!referenceFile && !$("reference-job").value) {
    return "Matching a reference needs a reference: choose a reference file or one of your finished jobs.";
  }
  if (referenceFile && $("reference-job").value) return "Choose either a reference file or a finished job, not both.";
  return "";
}

/** Add the style fields to the POST /v1/jobs body. */
export function addStyleFields(form) {
  if (!$("match-reference").checked) return;
  form.append("mix_mode", "style");
  form.append("style_amount", $("style-amount").value);
  if ($("reference-job").value) form.append("reference_job", $("reference-job").value);
}

/** Show a revision's distances to its reference (the section stays hidden for a DSP mix). */
export function renderStyle(revision) {
  const style = revision?.parameters?.mixing?.style;
  $("style").hidden = !style;
  if (!style) return;
  const before = style.distance_dsp || {};
  const after = style.distance_delivered || {};
  const names = Object.keys(FEATURE_LABELS).filter((k) => k in before || k in after);
  $("style-summary").replaceChildren(
    h("span", { class: `badge ${style.mode === "dsp" ? "warn" : "pass"}` }, style.mode),
    ` Reference ${style.reference}, style amount ${Math.round(style.style_amount * 100)} %: the mix was `,
    MODE_TEXT[style.mode] || style.mode, ".",
    style.fallback_reason ? ` ${style.fallback_reason}` : "",
    revision.revision > 0 ? " Distances are those of the first mix; this revision re-rendered its parameters." : "",
  );
  $("style-table").tBodies[0].replaceChildren(...names.map((name) => {
    const change = after[name] - before[name];
    return h("tr", { dataset: { feature: name } },
      h("th", { scope: "row" }, FEATURE_LABELS[name]),
      h("td", {}, formatNumber(before[name], 2)), h("td", {}, formatNumber(after[name], 2)),
      h("td", { class: change < 0 ? "better" : change > 0 ? "worse" : "" },
        Number.isFinite(change) ? formatNumber(change, 2) : "—"));
  }));
  $("style-clips").replaceChildren(...(style.clipped || []).map((c) =>
    h("li", {}, `${c.target} ${c.parameter}: ${formatNumber(c.proposed, 2)} → ${formatNumber(c.value, 2)} (${c.reason})`)));
}
