// Separation: the stems to ask for, a finished separation's stems (tempo, key, downloads), and
// the form of a mix made from them.

import { roleOptions } from "./catalog.js";
import { formatNumber, h } from "./report.js";

const STEMS = ["drums", "bass", "vocals", "other", "kick", "snare", "cymbals", "toms"];
const MAIN_STEMS = ["drums", "bass", "vocals", "other"];
const DRUM_PIECES = ["kick", "snare", "cymbals", "toms"];
const STEM_ROLES = {
  vocals: "lead_vocal", drums: "drums", bass: "bass", other: "other", guitar: "guitar", piano: "keys",
  kick: "kick", snare: "snare", cymbals: "drums", toms: "drums",
};

const $ = (id) => document.getElementById(id);

/** The checkboxes of the stems a new separation asks for: for a song every stem (the four main
 * ones ticked), for a drum stem ("drums") its four pieces, all ticked. */
export function renderStemChoices(source = "song") {
  const stems = source === "drums" ? DRUM_PIECES : STEMS;
  const ticked = source === "drums" ? DRUM_PIECES : MAIN_STEMS;
  $("stem-checks").replaceChildren(...stems.map((stem) =>
    h("label", { class: "check" }, h("input", { type: "checkbox", value: stem, checked: ticked.includes(stem) }), stem)));
}

export function requestedStems() {
  return [...document.querySelectorAll("#stem-checks input:checked")].map((input) => input.value);
}

/** A succeeded separation: tempo and key, and each stem with its role in a mix and a download. */
export function renderSeparation(job, downloadStem) {
  const analysis = job.analysis;
  $("separation-analysis").textContent = analysis
    ? `Tempo ${analysis.bpm ? `${formatNumber(analysis.bpm)} BPM` : "unknown"} (confidence ${formatNumber(analysis.bpm_confidence * 100, 0)} %), `
      + `key ${analysis.key || "unknown"} (confidence ${formatNumber(analysis.key_confidence * 100, 0)} %).`
    : "";
  const stems = job.artifacts.filter((a) => a.startsWith("stems/")).map((a) => a.slice("stems/".length));
  $("stem-list").replaceChildren(...stems.map((stem, index) => {
    const id = `stem-role-${index}`;
    const use = MAIN_STEMS.includes(stem) || (job.options?.source === "drums" && DRUM_PIECES.includes(stem));
    const include = h("input", { type: "checkbox", id: `stem-use-${index}`, checked: use, dataset: { stem } });
    const role = h("select", { id, dataset: { stem } }, ...roleOptions(STEM_ROLES[stem] || "other"));
    const get = h("button", { type: "button", class: "small", "aria-label": `Download the ${stem} stem` }, "Download");
    get.addEventListener("click", () => downloadStem(stem));
    return h("li", { class: "track" },
      h("span", { class: "track-name" }, h("label", { class: "check", for: include.id }, include, stem,
        h("span", { class: "visually-hidden" }, " (use in the mix)"))),
      h("span", { class: "role" }, h("label", { for: id }, `Role of ${stem} in a mix`), role), get);
  }));
}

/** The ticked stems with their roles: [{name, role}]. */
export function chosenStems() {
  return [...document.querySelectorAll("#stem-list input[type=checkbox]:checked")].map((input) => ({
    name: input.dataset.stem,
    role: document.querySelector(`#stem-list select[data-stem="${input.dataset.stem}"]`).value,
  }));
}

/** The multipart body of POST /v1/jobs for a mix of a separation's stems. */
export function stemsMixForm(separationId, chosen, presetName, targets) {
  const form = new FormData();
  form.append("from_separation", separationId);
  form.append("stems_meta", JSON.stringify(chosen));
  form.append("preset", presetName);
  form.append("targets", JSON.stringify(targets));
  return form;
}
