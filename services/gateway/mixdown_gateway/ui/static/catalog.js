// The gateway's vocabulary for the job form, read from GET /v1/catalog: the roles and their
// labels, the track limit, the role guesses from file names, the delivery targets (ranges and
// defaults), the named loudness targets, the presets and the mix modes with the style amount. None of it is typed again in the page.

import { formatNumber, h } from "./report.js";

export const catalog = {
  roles: [], maxTracks: 0, roleKeywords: [], targets: {}, loudnessPresets: {}, presets: [], mixModes: [], style: [],
};

export function setCatalog(data) {
  catalog.roles = data.roles;
  catalog.maxTracks = data.max_tracks;
  catalog.roleKeywords = data.role_keywords;
  catalog.targets = Object.fromEntries(data.targets.map((t) => [t.name, t]));
  catalog.loudnessPresets = data.loudness_presets_lufs;
  catalog.presets = data.presets;
  catalog.mixModes = data.mix_modes || ["dsp"];
  catalog.style = data.style || [];
}

/** The <option>s of every role, with `selected` chosen. */
export function roleOptions(selected) {
  return catalog.roles.map((role) => h("option", { value: role.name, selected: role.name === selected }, role.label));
}

const shown = (value) => formatNumber(value, Number.isInteger(value) ? 0 : 1);

/** Why a delivery target's value is refused ("" when it is in its range). */
export function checkTarget(name, value, what) {
  const target = catalog.targets[name];
  if (!target) return "";
  if (Number.isFinite(value) && value >= target.min && value <= target.max) return "";
  return `${what} must be between ${shown(target.min)} and ${shown(target.max)} ${target.unit}.`;
}

/** Give a number input a target's range and default. */
export function bindTargetInput(input, name) {
  const target = catalog.targets[name];
  if (!target) return;
  input.min = String(target.min);
  input.max = String(target.max);
  if (!input.dataset.bound) input.value = String(target.default);
  input.dataset.bound = "1";
}
