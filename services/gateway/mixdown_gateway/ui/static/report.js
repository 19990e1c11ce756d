// Rendering of the QC report and of parameter edits: DOM building from the gateway's JSON.

/** document.createElement with properties and children, text escaped by construction. */
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key in node && typeof value !== "string") node[key] = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function formatNumber(value, digits = 1) {
  if (value === null || value === undefined || !Number.isFinite(Number(value))) return "—";
  return Number(value).toFixed(digits).replace("-", "−");
}

export const signed = (value, digits = 1) => (value > 0 ? "+" : "") + formatNumber(value, digits);

const CHECK_LABELS = {
  integrated_loudness: "Integrated loudness", true_peak: "True peak", silence: "Silence", invalid_samples: "Invalid samples",
  clipping: "Clipping", stereo_width: "Stereo width", phase_correlation: "Mono compatibility", dc_offset: "DC offset",
  dynamics: "Dynamics (PLR)", loudness_range: "Loudness range", spectral_balance: "Tonal balance",
  dropouts: "Dropouts", deliverables: "Delivered files",
};
const LEVEL_ORDER = { fail: 0, warn: 1, pass: 2 };
const LEVEL_TEXT = { pass: "pass", warn: "warn", fail: "fail" };

function checkLabel(check) {
  return CHECK_LABELS[check] || check.replaceAll("_", " ");
}

function metric(label, value) {
  return h("div", {}, h("dt", {}, label), h("dd", {}, value));
}

/** Fill the QC section from report.json (GET .../download/report). */
export function renderReport(report, nodes) {
  const master = report.master || {};
  const loudness = master.loudness || {};
  const verdicts = [...(master.verdicts || [])].sort(
    (a, b) => (LEVEL_ORDER[a.level] ?? 3) - (LEVEL_ORDER[b.level] ?? 3) || String(a.code).localeCompare(String(b.code)),
  );
  const fails = verdicts.filter((v) => v.level === "fail");
  const warns = verdicts.filter((v) => v.level === "warn");
  const iterations = report.iterations || [];
  const corrected = iterations.length > 1 ? ` QC sent the master back to mastering ${iterations.length - 1} time(s) to correct it.` : "";
  nodes.summary.replaceChildren(
    h("span", { class: `badge ${report.passed ? "pass" : "fail"}` }, report.passed ? "passed" : "failed"),
    " ",
    report.passed
      ? `Every guardrail holds (${verdicts.length - warns.length} pass, ${warns.length} warning${warns.length === 1 ? "" : "s"}).${corrected}`
      : `${fails.length} check${fails.length === 1 ? "" : "s"} fail: ${fails.map((v) => checkLabel(v.check)).join(", ")}.${corrected}`,
  );
  const targets = report.targets || {};
  nodes.metrics.replaceChildren(
    metric("Integrated loudness", `${formatNumber(loudness.integrated_lufs)} LUFS (target ${formatNumber(targets.target_lufs)})`),
    metric("True peak", `${formatNumber(loudness.true_peak_dbtp)} dBTP (ceiling ${formatNumber(targets.ceiling_dbtp)})`),
    metric("Loudness range", `${formatNumber(loudness.loudness_range_lu)} LU`),
    metric("Short-term max", `${formatNumber(loudness.short_term_max_lufs)} LUFS`),
    metric("PLR", `${formatNumber(master.plr_lu)} LU`),
    metric("Stereo width", `${formatNumber(master.width_percent, 0)} %`),
    metric("Correlation", formatNumber(master.correlation, 2)),
    metric("Duration", `${formatNumber(master.duration_seconds)} s`),
  );
  nodes.tbody.replaceChildren(
    ...verdicts.map((v) =>
      h("tr", { dataset: { level: v.level, code: v.code } },
        h("td", { "data-label": "Verdict" }, h("span", { class: `badge ${v.level}` }, LEVEL_TEXT[v.level] || v.level)),
        h("td", { "data-label": "Check" }, h("strong", {}, checkLabel(v.check)), " ", h("code", {}, v.code)),
        h("td", { class: "num", "data-label": "Value" }, formatNumber(v.value, 2)),
        h("td", { class: "num", "data-label": "Limit" }, formatNumber(v.threshold, 2)),
        h("td", { "data-label": "Explanation" }, v.explanation || ""),
      ),
    ),
  );
}

/** A table of parameter edits: target, parameter, old → new, explanation. */
export function editsTable(edits) {
  return h("div", { class: "table-wrap" },
    h("table", { class: "edits" },
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, "Target"), h("th", { scope: "col" }, "Parameter"),
        h("th", { scope: "col" }, "Change"), h("th", { scope: "col" }, "Why"))),
      h("tbody", {}, ...edits.map((e) =>
        h("tr", { class: "edit" },
          h("td", { "data-label": "Target" }, e.target),
          h("td", { "data-label": "Parameter" }, h("code", {}, e.parameter)),
          h("td", { class: "change", "data-label": "Change" }, `${formatNumber(e.old_value, 2)} → ${formatNumber(e.value, 2)}`,
            e.clamped ? h("span", { class: "help" }, " (limited to its range)") : null),
          h("td", { "data-label": "Why" }, e.explanation || ""),
        ))),
    ),
  );
}

/** The overrides of a revision, as edit-like rows (target, parameter, new value). */
export function overrideRows(overrides) {
  const rows = [];
  for (const [track, values] of Object.entries(overrides.tracks || {})) {
    for (const [parameter, value] of Object.entries(values)) rows.push({ target: track, parameter, value });
  }
  for (const [bus, values] of Object.entries(overrides.buses || {})) {
    for (const [parameter, value] of Object.entries(values)) rows.push({ target: `${bus} bus`, parameter, value });
  }
  if (overrides.bpm !== undefined) rows.push({ target: "delay", parameter: "bpm", value: overrides.bpm });
  for (const [parameter, value] of Object.entries(overrides.targets || {})) rows.push({ target: "master", parameter, value });
  return rows;
}
