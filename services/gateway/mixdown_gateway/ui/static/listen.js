// The "Listen" panel: decode the versions of a revision (raw input, mix, master), measure them,
// play them loudness-matched with A/B switching, and draw the waveform, loudness and spectrum.

import { Player, averageSpectrum, matchingGainsDb, measureLoudness, sumBuffers, waveformPeaks } from "./audio.js";
import { COLOURS, drawLoudness, drawSpectrum, drawWaveform } from "./plots.js";
import { formatNumber, h, signed } from "./report.js";

const VERSION_LABELS = { raw: "Raw input", mix: "Mix", master: "Master" };
const ORDER = ["raw", "mix", "master"];
const SEEK_SECONDS = { ArrowLeft: -5, ArrowRight: 5, ArrowDown: -5, ArrowUp: 5, PageDown: -30, PageUp: 30 };

const $ = (id) => document.getElementById(id);

function formatClock(seconds) {
  const m = Math.floor(seconds / 60);
  return `${m}:${(seconds - m * 60).toFixed(1).padStart(4, "0")}`;
}

function analyse(buffer) {
  const loudness = measureLoudness(buffer);
  return {
    buffer, lufs: loudness.integratedLufs, shortTerm: loudness.shortTerm,
    peaks: waveformPeaks(buffer, 1200), spectrum: averageSpectrum(buffer),
  };
}

export class Listening {
  constructor() {
    this.context = null;
    this.player = null;
    this.versions = {};
    this.gains = {};
    this.raw = null;
    this.rawKey = null;
    this.targetLufs = null;
    this.loads = 0;
    this.animating = false;
    this.wire();
  }

  ensureContext() {
    if (!this.context) {
      this.context = new AudioContext();
      this.player = new Player(this.context, () => this.render());
    }
    return this.context;
  }

  stop() {
    this.loads++;
    this.player?.clear();
  }

  /**
   * Load the versions of one revision. `fetchers` maps "mix"/"master" to a function giving the
   * file's bytes; `rawFiles` are the uploaded File objects (summed as the raw input) when this
   * page uploaded them. Resolves to false when a newer load replaced this one or it failed.
   */
  async load({ label, fetchers, rawFiles, rawKey, targetLufs }) {
    const load = ++this.loads;
    const context = this.ensureContext();
    const node = $("player");
    const status = $("audio-status");
    this.player.clear();
    node.dataset.state = "loading";
    $("play-button").disabled = true;
    status.textContent = `Loading ${label}…`;
    const versions = {};
    try {
      for (const [name, fetchBytes] of Object.entries(fetchers)) {
        versions[name] = analyse(await context.decodeAudioData(await fetchBytes()));
      }
      const raw = await this.rawVersion(rawFiles, rawKey).catch(() => null);
      if (raw) versions.raw = raw;
    } catch (err) {
      if (load === this.loads) {
        status.textContent = `Cannot load the audio: ${err.message}`;
        node.dataset.state = "error";
      }
      return false;
    }
    if (load !== this.loads) return false;
    this.versions = versions;
    this.targetLufs = targetLufs;
    for (const [name, version] of Object.entries(versions)) this.player.setVersion(name, version.buffer, 0);
    for (const name of ORDER) {
      const input = $(`version-${name}`);
      input.disabled = !versions[name];
      input.nextElementSibling.title = versions[name] ? "" : name === "raw"
        ? "The original files are only at hand in the browser session that uploaded them"
        : "Not available for this revision";
      const attribute = `lufs${name[0].toUpperCase()}${name.slice(1)}`;
      if (versions[name]) node.dataset[attribute] = versions[name].lufs.toFixed(2);
      else delete node.dataset[attribute];
    }
    const wanted = document.querySelector('input[name="version"]:checked')?.value;
    const first = versions[wanted] ? wanted : ["master", "mix", "raw"].find((n) => versions[n]);
    $(`version-${first}`).checked = true;
    this.applyGains();
    this.player.select(first);
    status.textContent = `${label[0].toUpperCase()}${label.slice(1)} loaded${versions.raw ? "" : " (raw input: only in the browser that uploaded the files)"}.`;
    node.dataset.state = "ready";
    $("play-button").disabled = false;
    this.drawPlots();
    return true;
  }

  async rawVersion(files, key) {
    if (!files?.length) return null;
    if (this.rawKey !== key) {
      const buffers = await Promise.all(files.map(async (file) => this.context.decodeAudioData(await file.arrayBuffer())));
      this.raw = analyse(sumBuffers(this.context, buffers));
      this.rawKey = key;
    }
    return this.raw;
  }

  /** Gains that bring every version to the quietest one's loudness, stated in the panel. */
  applyGains() {
    if (!this.player) return;
    const loudness = Object.fromEntries(Object.entries(this.versions).map(([n, v]) => [n, v.lufs]));
    const matched = $("match-loudness").checked;
    const gains = matched ? matchingGainsDb(loudness) : Object.fromEntries(Object.keys(loudness).map((n) => [n, 0]));
    for (const [name, gainDb] of Object.entries(gains)) this.player.setGainDb(name, gainDb);
    this.gains = gains;
    const parts = ORDER.filter((n) => n in loudness).map((n) =>
      `${VERSION_LABELS[n]} ${formatNumber(loudness[n])} LUFS → ${signed(gains[n])} dB`);
    const current = this.player.current;
    $("gain-note").textContent = matched
      ? `Loudness-matched playback, so the louder version does not win by volume alone: ${parts.join(" · ")}.${current ? ` Now playing ${VERSION_LABELS[current]} at ${signed(gains[current])} dB.` : ""}`
      : `Playing at the real levels (no loudness matching): ${parts.join(" · ")}.`;
    $("player").dataset.gainDb = current && current in gains ? gains[current].toFixed(2) : "0";
  }

  render() {
    const { player } = this;
    const node = $("player");
    const button = $("play-button");
    button.textContent = player.playing ? "Pause" : "Play";
    button.setAttribute("aria-pressed", String(player.playing));
    node.dataset.version = player.current || "";
    node.dataset.contextState = this.context.state;
    if (node.dataset.state !== "loading" && node.dataset.state !== "error") node.dataset.state = player.playing ? "playing" : "ready";
    this.applyGains();
    this.drawPosition();
    if (player.playing && !this.animating) {
      this.animating = true;
      const tick = () => {
        this.drawPosition();
        if (player.playing) requestAnimationFrame(tick);
        else this.animating = false;
      };
      requestAnimationFrame(tick);
    }
  }

  drawPosition() {
    if (!this.player) return;
    const { player } = this;
    const position = player.position;
    $("player").dataset.positionSeconds = position.toFixed(3);
    $("time").textContent = `${formatClock(position)} / ${formatClock(player.duration)}`;
    const canvas = $("waveform");
    canvas.setAttribute("aria-valuemax", player.duration.toFixed(1));
    canvas.setAttribute("aria-valuenow", position.toFixed(1));
    canvas.setAttribute("aria-valuetext", `${formatClock(position)} of ${formatClock(player.duration)}`);
    drawWaveform(canvas, this.versions[player.current]?.peaks, player.duration, position, COLOURS[player.current] || COLOURS.master);
  }

  drawPlots() {
    const names = ORDER.filter((n) => this.versions[n]);
    const target = this.targetLufs;
    drawLoudness($("loudness-plot"), names.map((name) => ({ name, points: this.versions[name].shortTerm })), target);
    drawSpectrum($("spectrum-plot"), names.map((name) => ({ name, points: this.versions[name].spectrum })));
    const before = this.versions.raw ? "raw" : "mix";
    $("spectrum-plot").setAttribute("aria-label",
      `Average spectrum of ${names.map((n) => VERSION_LABELS[n]).join(", ")}; before: ${VERSION_LABELS[before]}, after: Master`);
    $("plot-legend").replaceChildren(
      ...names.map((name) => h("li", { class: name }, `${VERSION_LABELS[name]} (${formatNumber(this.versions[name].lufs)} LUFS)`)),
      Number.isFinite(target) ? h("li", { class: "target" }, `Target ${formatNumber(target)} LUFS`) : null,
    );
    this.drawPosition();
  }

  togglePlay() {
    if (!this.player) return;
    if (this.player.playing) this.player.pause();
    else this.player.play();
  }

  wire() {
    $("play-button").addEventListener("click", () => this.togglePlay());
    for (const radio of document.querySelectorAll('input[name="version"]')) {
      radio.addEventListener("change", () => this.player?.select(radio.value));
    }
    $("match-loudness").addEventListener("change", () => this.applyGains());
    const waveform = $("waveform");
    waveform.addEventListener("click", (event) => {
      if (!this.player?.duration) return;
      const rect = waveform.getBoundingClientRect();
      this.player.seek(((event.clientX - rect.left) / rect.width) * this.player.duration);
    });
    waveform.addEventListener("keydown", (event) => {
      const { player } = this;
      if (!player?.duration) return;
      if (event.key in SEEK_SECONDS) player.seek(player.position + SEEK_SECONDS[event.key]);
      else if (event.key === "Home") player.seek(0);
      else if (event.key === "End") player.seek(player.duration);
      else if (event.key === " ") this.togglePlay();
      else return;
      event.preventDefault();
    });
    window.addEventListener("resize", () => {
      if (Object.keys(this.versions).length && !$("results").hidden) this.drawPlots();
    });
  }
}
