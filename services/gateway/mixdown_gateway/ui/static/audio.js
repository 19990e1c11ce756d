// Audio analysis and playback in the browser: pure functions on decoded AudioBuffers, and a
// player that switches between versions at the same position, each at its own gain.

const ABSOLUTE_GATE_LUFS = -70;
const RELATIVE_GATE_LU = -10;
const MOMENTARY_SECONDS = 0.4;
const SHORT_TERM_SECONDS = 3;
const BLOCK_HOP_SECONDS = 0.1;

// RBJ biquad coefficients of the BS.1770 K-weighting (pre-filter shelf and RLB high-pass),
// computed for any sample rate from their analogue prototypes.
function biquad(kind, gainDb, q, cornerHz, sampleRateHz) {
  const A = 10 ** (gainDb / 40);
  const w0 = (2 * Math.PI * cornerHz) / sampleRateHz;
  const alpha = Math.sin(w0) / (2 * q);
  const cos = Math.cos(w0);
  let b;
  let a;
  if (kind === "high_shelf") {
    const s = 2 * Math.sqrt(A) * alpha;
    b = [A * (A + 1 + (A - 1) * cos + s), -2 * A * (A - 1 + (A + 1) * cos), A * (A + 1 + (A - 1) * cos - s)];
    a = [A + 1 - (A - 1) * cos + s, 2 * (A - 1 - (A + 1) * cos), A + 1 - (A - 1) * cos - s];
  } else {
    b = [(1 + cos) / 2, -(1 + cos), (1 + cos) / 2];
    a = [1 + alpha, -2 * cos, 1 - alpha];
  }
  return { b0: b[0] / a[0], b1: b[1] / a[0], b2: b[2] / a[0], a1: a[1] / a[0], a2: a[2] / a[0] };
}

function filterInPlace(samples, c) {
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i];
    const y = c.b0 * x + c.b1 * x1 + c.b2 * x2 - c.a1 * y1 - c.a2 * y2;
    x2 = x1; x1 = x; y2 = y1; y1 = y;
    samples[i] = y;
  }
}

/** Mean square of the K-weighted signal per 100 ms hop, summed over channels (BS.1770 G = 1). */
function weightedPowerPerHop(buffer) {
  const rate = buffer.sampleRate;
  const hop = Math.max(1, Math.round(BLOCK_HOP_SECONDS * rate));
  const hops = Math.floor(buffer.length / hop);
  const power = new Float64Array(hops);
  const shelf = biquad("high_shelf", 4.0, 1 / Math.SQRT2, 1500.0, rate);
  const highpass = biquad("high_pass", 0.0, 0.5, 38.0, rate);
  for (let ch = 0; ch < buffer.numberOfChannels; ch++) {
    const samples = Float32Array.from(buffer.getChannelData(ch));
    filterInPlace(samples, shelf);
    filterInPlace(samples, highpass);
    for (let h = 0; h < hops; h++) {
      let sum = 0;
      for (let i = h * hop, end = i + hop; i < end; i++) sum += samples[i] * samples[i];
      power[h] += sum / hop;
    }
  }
  return power;
}

function blocks(power, hopsPerBlock) {
  const out = [];
  for (let start = 0; start + hopsPerBlock <= power.length; start++) {
    let sum = 0;
    for (let h = start; h < start + hopsPerBlock; h++) sum += power[h];
    out.push(sum / hopsPerBlock);
  }
  return out;
}

const toLufs = (meanSquare) => (meanSquare > 0 ? -0.691 + 10 * Math.log10(meanSquare) : -Infinity);

/**
 * Loudness after ITU-R BS.1770-4: integrated (gated 400 ms blocks, 75 % overlap) and the
 * short-term curve (3 s window every 0.5 s) for a plot.
 * @returns {{integratedLufs: number, shortTerm: {timeSeconds: number, lufs: number}[]}}
 */
export function measureLoudness(buffer) {
  const power = weightedPowerPerHop(buffer);
  const momentary = blocks(power, Math.round(MOMENTARY_SECONDS / BLOCK_HOP_SECONDS));
  const aboveAbsolute = momentary.filter((z) => toLufs(z) > ABSOLUTE_GATE_LUFS);
  let integratedLufs = -Infinity;
  if (aboveAbsolute.length) {
    const relativeGate = toLufs(aboveAbsolute.reduce((s, z) => s + z, 0) / aboveAbsolute.length) + RELATIVE_GATE_LU;
    const gated = aboveAbsolute.filter((z) => toLufs(z) > relativeGate);
    if (gated.length) integratedLufs = toLufs(gated.reduce((s, z) => s + z, 0) / gated.length);
  }
  const shortHops = Math.round(SHORT_TERM_SECONDS / BLOCK_HOP_SECONDS);
  const shortTerm = [];
  const windows = power.length >= shortHops ? blocks(power, shortHops) : [power.reduce((s, z) => s + z, 0) / Math.max(1, power.length)];
  windows.forEach((z, i) => {
    if (i % 5 === 0 || i === windows.length - 1) {
      const endHop = Math.min(power.length, i + shortHops);
      shortTerm.push({ timeSeconds: endHop * BLOCK_HOP_SECONDS, lufs: toLufs(z) });
    }
  });
  return { integratedLufs, shortTerm };
}

/** Min/max per bucket of the channel average, for drawing a waveform. */
export function waveformPeaks(buffer, buckets) {
  const mins = new Float32Array(buckets);
  const maxs = new Float32Array(buckets);
  const channels = [];
  for (let ch = 0; ch < buffer.numberOfChannels; ch++) channels.push(buffer.getChannelData(ch));
  const per = buffer.length / buckets;
  for (let b = 0; b < buckets; b++) {
    let lo = 0, hi = 0;
    const end = Math.min(buffer.length, Math.floor((b + 1) * per));
    for (let i = Math.floor(b * per); i < end; i++) {
      let v = 0;
      for (const data of channels) v += data[i];
      v /= channels.length;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    mins[b] = lo;
    maxs[b] = hi;
  }
  return { mins, maxs };
}

function fftInPlace(re, im) {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let size = 2; size <= n; size <<= 1) {
    const step = (-2 * Math.PI) / size;
    for (let start = 0; start < n; start += size) {
      for (let k = 0; k < size / 2; k++) {
        const wr = Math.cos(step * k), wi = Math.sin(step * k);
        const a = start + k, b = a + size / 2;
        const tr = re[b] * wr - im[b] * wi;
        const ti = re[b] * wi + im[b] * wr;
        re[b] = re[a] - tr; im[b] = im[a] - ti;
        re[a] += tr; im[a] += ti;
      }
    }
  }
}

/**
 * Long-term average spectrum (Hann-windowed FFT frames spread over the file), smoothed to
 * 1/6 octave: points {frequencyHz, levelDb} from 20 Hz to 20 kHz.
 */
export function averageSpectrum(buffer, fftSize = 4096, maxFrames = 96) {
  const rate = buffer.sampleRate;
  const channels = [];
  for (let ch = 0; ch < buffer.numberOfChannels; ch++) channels.push(buffer.getChannelData(ch));
  const frames = Math.max(1, Math.min(maxFrames, Math.floor(buffer.length / fftSize)));
  const stride = frames > 1 ? Math.floor((buffer.length - fftSize) / (frames - 1)) : 0;
  const window = new Float64Array(fftSize).map((_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / fftSize));
  const windowPower = window.reduce((s, w) => s + w * w, 0);
  const power = new Float64Array(fftSize / 2);
  const re = new Float64Array(fftSize);
  const im = new Float64Array(fftSize);
  for (let f = 0; f < frames; f++) {
    const start = f * stride;
    for (let i = 0; i < fftSize; i++) {
      let v = 0;
      for (const data of channels) v += start + i < data.length ? data[start + i] : 0;
      re[i] = (v / channels.length) * window[i];
      im[i] = 0;
    }
    fftInPlace(re, im);
    for (let k = 0; k < fftSize / 2; k++) power[k] += (re[k] * re[k] + im[k] * im[k]) / windowPower;
  }
  const binHz = rate / fftSize;
  const points = [];
  for (let centre = 20; centre <= Math.min(20000, rate / 2); centre *= 2 ** (1 / 12)) {
    const lo = Math.max(1, Math.floor((centre * 2 ** (-1 / 12)) / binHz));
    const hi = Math.min(power.length - 1, Math.ceil((centre * 2 ** (1 / 12)) / binHz));
    let sum = 0;
    for (let k = lo; k <= hi; k++) sum += power[k];
    const mean = sum / (hi - lo + 1) / frames;
    points.push({ frequencyHz: centre, levelDb: mean > 0 ? 10 * Math.log10(2 * mean) : -120 });
  }
  return points;
}

/** The sum of several buffers (mono ones on both channels), as a new stereo buffer. */
export function sumBuffers(context, buffers) {
  const length = Math.max(...buffers.map((b) => b.length));
  const out = context.createBuffer(2, length, context.sampleRate);
  for (let ch = 0; ch < 2; ch++) {
    const target = out.getChannelData(ch);
    for (const buffer of buffers) {
      const source = buffer.getChannelData(Math.min(ch, buffer.numberOfChannels - 1));
      for (let i = 0; i < source.length; i++) target[i] += source[i];
    }
  }
  return out;
}

/** Gains (dB, never positive) that bring every version down to the quietest one's loudness. */
export function matchingGainsDb(loudnessByName) {
  const finite = Object.values(loudnessByName).filter(Number.isFinite);
  const quietest = finite.length ? Math.min(...finite) : 0;
  const gains = {};
  for (const [name, lufs] of Object.entries(loudnessByName)) {
    gains[name] = Number.isFinite(lufs) ? quietest - lufs : 0;
  }
  return gains;
}

/**
 * Plays one of several decoded versions; switching keeps the position. Each version goes
 * through a gain (its loudness match) then an analyser to the speakers.
 */
export class Player {
  constructor(context, onChange) {
    this.context = context;
    this.onChange = onChange;
    this.versions = new Map();
    this.current = null;
    this.source = null;
    this.gain = context.createGain();
    this.analyser = context.createAnalyser();
    this.analyser.fftSize = 2048;
    this.gain.connect(this.analyser).connect(context.destination);
    this.offsetSeconds = 0;
    this.startedAt = 0;
    this.playing = false;
  }

  setVersion(name, buffer, gainDb = 0) {
    this.versions.set(name, { buffer, gainDb });
  }

  clear() {
    this.stop();
    this.versions.clear();
    this.current = null;
    this.offsetSeconds = 0;
  }

  get duration() {
    const version = this.versions.get(this.current);
    return version ? version.buffer.duration : 0;
  }

  get position() {
    const pos = this.playing ? this.context.currentTime - this.startedAt : this.offsetSeconds;
    return Math.max(0, Math.min(pos, this.duration));
  }

  setGainDb(name, gainDb) {
    const version = this.versions.get(name);
    if (!version) return;
    version.gainDb = gainDb;
    if (name === this.current) this.gain.gain.setTargetAtTime(10 ** (gainDb / 20), this.context.currentTime, 0.01);
  }

  select(name) {
    if (!this.versions.has(name)) return;
    const position = this.position;
    const wasPlaying = this.playing;
    if (wasPlaying) this.stop();
    this.current = name;
    this.offsetSeconds = Math.min(position, this.duration);
    this.gain.gain.value = 10 ** (this.versions.get(name).gainDb / 20);
    if (wasPlaying) this.play();
    this.onChange?.();
  }

  async play() {
    const version = this.versions.get(this.current);
    if (!version) return;
    if (this.context.state === "suspended") await this.context.resume();
    if (this.offsetSeconds >= version.buffer.duration - 0.01) this.offsetSeconds = 0;
    const source = this.context.createBufferSource();
    source.buffer = version.buffer;
    source.connect(this.gain);
    source.onended = () => {
      if (this.source === source) {
        this.playing = false;
        this.offsetSeconds = 0;
        this.source = null;
        this.onChange?.();
      }
    };
    this.startedAt = this.context.currentTime - this.offsetSeconds;
    source.start(0, this.offsetSeconds);
    this.source = source;
    this.playing = true;
    this.onChange?.();
  }

  pause() {
    if (!this.playing) return;
    this.offsetSeconds = this.position;
    this.stop();
    this.onChange?.();
  }

  stop() {
    if (this.source) {
      const source = this.source;
      this.source = null;
      source.onended = null;
      try { source.stop(); } catch { /* already stopped */ }
      source.disconnect();
    }
    this.playing = false;
  }

  seek(seconds) {
    const wasPlaying = this.playing;
    if (wasPlaying) this.stop();
    this.offsetSeconds = Math.max(0, Math.min(seconds, this.duration));
    if (wasPlaying) this.play();
    this.onChange?.();
  }
}
