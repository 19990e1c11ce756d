// Canvas plots: waveform with playhead, loudness over time, spectrum. Pure drawing from data.

export const COLOURS = { raw: "#a78bfa", mix: "#fbbf24", master: "#7dd3fc", target: "#ef4444" };
const GRID = "#2c3342";
const LABEL = "#9aa3b5";
const BACKGROUND = "#0c0f15";

/** Size the canvas backing store to its displayed width (sharp on any screen), clear it. */
function prepare(canvas) {
  if (!canvas.dataset.aspect) canvas.dataset.aspect = String(canvas.height / canvas.width);
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(200, Math.round(canvas.clientWidth || canvas.width));
  const h = Math.max(120, Math.round(w * Number(canvas.dataset.aspect)));
  if (canvas.width !== Math.round(w * ratio)) canvas.width = Math.round(w * ratio);
  if (canvas.height !== Math.round(h * ratio)) canvas.height = Math.round(h * ratio);
  const context = canvas.getContext("2d");
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.fillStyle = BACKGROUND;
  context.fillRect(0, 0, w, h);
  context.font = "11px system-ui, sans-serif";
  return { context, w, h };
}

function formatTime(seconds) {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  return `${m}:${String(s).padStart(2, "0")}`;
}

/** Waveform (min/max per pixel column) with the playhead at positionSeconds. */
export function drawWaveform(canvas, peaks, durationSeconds, positionSeconds, colour) {
  const { context, w, h } = prepare(canvas);
  const mid = h / 2;
  context.strokeStyle = GRID;
  context.beginPath();
  context.moveTo(0, mid);
  context.lineTo(w, mid);
  context.stroke();
  if (!peaks) return;
  const buckets = peaks.mins.length;
  context.fillStyle = colour;
  for (let x = 0; x < w; x++) {
    const b = Math.min(buckets - 1, Math.floor((x / w) * buckets));
    const top = mid - Math.min(1, peaks.maxs[b]) * (mid - 2);
    const bottom = mid - Math.max(-1, peaks.mins[b]) * (mid - 2);
    context.fillRect(x, top, 1, Math.max(1, bottom - top));
  }
  if (durationSeconds > 0) {
    const x = (positionSeconds / durationSeconds) * w;
    context.fillStyle = "#ffffff";
    context.fillRect(Math.min(w - 2, x), 0, 2, h);
    context.fillStyle = LABEL;
    context.fillText(formatTime(durationSeconds), w - 30, h - 4);
  }
}

function axes(context, w, h, pad, yMin, yMax, yStep, yUnit) {
  context.strokeStyle = GRID;
  context.fillStyle = LABEL;
  for (let y = Math.ceil(yMin / yStep) * yStep; y <= yMax; y += yStep) {
    const py = pad.top + ((yMax - y) / (yMax - yMin)) * (h - pad.top - pad.bottom);
    context.beginPath();
    context.moveTo(pad.left, py);
    context.lineTo(w - pad.right, py);
    context.stroke();
    context.fillText(`${y}${yUnit}`, 2, py + 4);
  }
}

/**
 * Short-term loudness curves: series = [{name, points: [{timeSeconds, lufs}]}], with the
 * delivery target as a dashed line.
 */
export function drawLoudness(canvas, series, targetLufs) {
  const { context, w, h } = prepare(canvas);
  const pad = { left: 34, right: 8, top: 8, bottom: 18 };
  const all = series.flatMap((s) => s.points.map((p) => p.lufs)).filter(Number.isFinite);
  const yMax = Math.min(0, Math.ceil((Math.max(-6, ...all, targetLufs ?? -60) + 2) / 6) * 6);
  const yMin = Math.max(-60, Math.floor((Math.min(...all, yMax - 12) - 2) / 6) * 6);
  const duration = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.timeSeconds)));
  axes(context, w, h, pad, yMin, yMax, 6, "");
  const x = (t) => pad.left + (t / duration) * (w - pad.left - pad.right);
  const y = (v) => pad.top + ((yMax - Math.max(yMin, Math.min(yMax, v))) / (yMax - yMin)) * (h - pad.top - pad.bottom);
  context.fillStyle = LABEL;
  context.fillText("0:00", pad.left, h - 4);
  context.fillText(formatTime(duration), w - 30, h - 4);
  if (Number.isFinite(targetLufs)) {
    context.strokeStyle = COLOURS.target;
    context.setLineDash([5, 4]);
    context.beginPath();
    context.moveTo(pad.left, y(targetLufs));
    context.lineTo(w - pad.right, y(targetLufs));
    context.stroke();
    context.setLineDash([]);
  }
  for (const s of series) {
    context.strokeStyle = COLOURS[s.name] || "#ffffff";
    context.lineWidth = 2;
    context.beginPath();
    let started = false;
    for (const p of s.points) {
      if (!Number.isFinite(p.lufs)) { started = false; continue; }
      if (started) context.lineTo(x(p.timeSeconds), y(p.lufs));
      else context.moveTo(x(p.timeSeconds), y(p.lufs));
      started = true;
    }
    context.stroke();
    context.lineWidth = 1;
  }
}

/** Average spectra on a log-frequency axis: series = [{name, points: [{frequencyHz, levelDb}]}]. */
export function drawSpectrum(canvas, series) {
  const { context, w, h } = prepare(canvas);
  const pad = { left: 34, right: 8, top: 8, bottom: 18 };
  const all = series.flatMap((s) => s.points.map((p) => p.levelDb)).filter(Number.isFinite);
  const yMax = Math.ceil((Math.max(-30, ...all) + 3) / 12) * 12;
  const yMin = yMax - 84;
  axes(context, w, h, pad, yMin, yMax, 12, "");
  const fLo = Math.log10(20), fHi = Math.log10(20000);
  const x = (f) => pad.left + ((Math.log10(f) - fLo) / (fHi - fLo)) * (w - pad.left - pad.right);
  const y = (v) => pad.top + ((yMax - Math.max(yMin, Math.min(yMax, v))) / (yMax - yMin)) * (h - pad.top - pad.bottom);
  context.fillStyle = LABEL;
  for (const [f, label] of [[100, "100"], [1000, "1k"], [10000, "10k"]]) {
    context.strokeStyle = GRID;
    context.beginPath();
    context.moveTo(x(f), pad.top);
    context.lineTo(x(f), h - pad.bottom);
    context.stroke();
    context.fillText(label, x(f) - 8, h - 4);
  }
  for (const s of series) {
    context.strokeStyle = COLOURS[s.name] || "#ffffff";
    context.lineWidth = 2;
    context.beginPath();
    s.points.forEach((p, i) => (i ? context.lineTo(x(p.frequencyHz), y(p.levelDb)) : context.moveTo(x(p.frequencyHz), y(p.levelDb))));
    context.stroke();
    context.lineWidth = 1;
  }
}
