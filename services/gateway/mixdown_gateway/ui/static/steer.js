// Parameter sliders built from GET /v1/parameters, and the overrides they make.

import { h, formatNumber } from "./report.js";

const SLIDER_STEPS = 1000;
const MASTER = "master";
const MASTER_TABLE = [{
  processor: "delivery",
  parameters: [{
    name: "target_lufs", min: -30, max: -5, default: -14, unit: "LUFS", step: 0.5,
    description: "integrated loudness the master is brought to",
  }],
}];

/** Hz ranges spanning a decade or more move logarithmically; the rest linearly. */
function isLogarithmic(spec) {
  return spec.unit === "Hz" && spec.min > 0 && spec.max / spec.min >= 10;
}

function toSlider(spec, value) {
  const t = isLogarithmic(spec)
    ? Math.log(value / spec.min) / Math.log(spec.max / spec.min)
    : (value - spec.min) / (spec.max - spec.min);
  return Math.round(Math.max(0, Math.min(1, t)) * SLIDER_STEPS);
}

function fromSlider(spec, position) {
  const t = position / SLIDER_STEPS;
  let value = isLogarithmic(spec) ? spec.min * (spec.max / spec.min) ** t : spec.min + t * (spec.max - spec.min);
  if (spec.step > 0) value = Math.round(value / spec.step) * spec.step;
  const digits = spec.step >= 1 ? 0 : Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return Number(Math.max(spec.min, Math.min(spec.max, value)).toFixed(digits));
}

function formatValue(spec, value) {
  if (spec.step === 1 && spec.max === 1 && spec.min === 0) return value >= 0.5 ? "on" : "off";
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${formatNumber(value, digits)}${spec.unit ? ` ${spec.unit}` : ""}`;
}

/**
 * The sliders' state: the tables, the revision's current values, and the values the user
 * changed ({target: {parameter: value}}).
 */
export class SliderModel {
  constructor(tables) {
    this.tables = tables;
    this.changes = {};
    this.current = {};
    this.roles = {};
  }

  /** Current values from a revision's parameters and the job's inputs and targets. */
  load(parameters, inputs, targets) {
    const mixing = parameters?.mixing || {};
    this.current = {};
    this.roles = {};
    for (const input of inputs) {
      this.roles[input.name] = input.role;
      this.current[input.name] = { ...(mixing.tracks?.[input.name] || {}) };
    }
    for (const bus of Object.keys(this.tables.buses)) this.current[bus] = { ...(mixing.buses?.[bus] || {}) };
    const lufs = parameters?.mastering?.targets?.target_lufs ?? targets?.target_lufs ?? -14;
    this.current[MASTER] = { target_lufs: lufs };
    this.changes = {};
  }

  targets() {
    return [
      ...Object.keys(this.roles).map((name) => ({ value: name, label: `${name} (${this.roles[name].replaceAll("_", " ")})` })),
      ...Object.keys(this.tables.buses).map((bus) => ({ value: bus, label: `${bus} bus` })),
      { value: MASTER, label: "master (loudness target)" },
    ];
  }

  processors(target) {
    if (target === MASTER) return MASTER_TABLE;
    if (target in this.tables.buses) return this.tables.buses[target];
    return this.tables.track;
  }

  fixed(target, name) {
    return this.roles[target] === "lead_vocal" && name in (this.tables.lead_vocal_fixed || {});
  }

  value(target, spec) {
    const changed = this.changes[target]?.[spec.name];
    if (changed !== undefined) return changed;
    const current = this.current[target]?.[spec.name];
    return Number.isFinite(current) ? current : spec.default;
  }

  set(target, spec, value) {
    const current = this.current[target]?.[spec.name];
    this.changes[target] ||= {};
    if (Number.isFinite(current) && Math.abs(current - value) < 1e-9) delete this.changes[target][spec.name];
    else this.changes[target][spec.name] = value;
    if (!Object.keys(this.changes[target]).length) delete this.changes[target];
  }

  count() {
    return Object.values(this.changes).reduce((n, values) => n + Object.keys(values).length, 0);
  }

  /** The revision's overrides: {tracks, buses, targets} with only what changed. */
  overrides() {
    const out = {};
    for (const [target, values] of Object.entries(this.changes)) {
      if (target === MASTER) out.targets = { ...values };
      else if (target in this.tables.buses) (out.buses ||= {})[target] = { ...values };
      else (out.tracks ||= {})[target] = { ...values };
    }
    return out;
  }

  describeChanges() {
    return Object.entries(this.changes).flatMap(([target, values]) =>
      Object.entries(values).map(([name, value]) => `${target}: ${name} ${formatNumber(this.current[target]?.[name], 2)} → ${formatNumber(value, 2)}`));
  }
}

/** The sliders of one target, grouped by processor, wired to the model. */
export function renderSliders(container, model, target, onChange) {
  const groups = model.processors(target).map((processor) =>
    h("fieldset", {},
      h("legend", {}, processor.processor),
      ...processor.parameters.map((spec) => {
        const id = `slider-${target}-${spec.name}`.replace(/[^A-Za-z0-9_-]/g, "_");
        const value = model.value(target, spec);
        const fixed = model.fixed(target, spec.name);
        const output = h("output", { for: id }, formatValue(spec, value));
        const wrapper = h("div", { class: "slider", dataset: { parameter: spec.name } });
        const input = h("input", {
          type: "range", id, min: "0", max: String(SLIDER_STEPS), step: "1",
          value: String(toSlider(spec, value)), disabled: fixed,
          "aria-valuetext": formatValue(spec, value), title: spec.description,
          dataset: { parameter: spec.name },
        });
        input.addEventListener("input", () => {
          const next = fromSlider(spec, Number(input.value));
          model.set(target, spec, next);
          output.textContent = formatValue(spec, next);
          input.setAttribute("aria-valuetext", formatValue(spec, next));
          wrapper.classList.toggle("changed", model.changes[target]?.[spec.name] !== undefined);
          onChange();
        });
        wrapper.classList.toggle("changed", model.changes[target]?.[spec.name] !== undefined);
        wrapper.append(
          h("label", { for: id }, h("span", {}, spec.name, fixed ? " (fixed on the lead vocal)" : ""), output),
          input,
          h("span", { class: "bounds", "aria-hidden": "true" }, h("span", {}, formatValue(spec, spec.min)), h("span", {}, formatValue(spec, spec.max))),
        );
        return wrapper;
      }),
    ));
  container.replaceChildren(...groups);
}
