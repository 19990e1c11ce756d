// The files of a new job: roles guessed from their names (the gateway's rules), the list the
// user edits, and the multipart form the gateway expects.

export const ROLES = [
  "lead_vocal", "double", "adlib", "backing_vocal", "instrumental", "kick", "snare", "drums",
  "bass", "keys", "guitar", "synth", "pad", "fx", "other",
];
export const ROLE_LABELS = {
  lead_vocal: "Lead vocal", double: "Double", adlib: "Adlib", backing_vocal: "Backing vocal",
  instrumental: "Instrumental / beat", kick: "Kick", snare: "Snare", drums: "Drums", bass: "Bass",
  keys: "Keys", guitar: "Guitar", synth: "Synth", pad: "Pad", fx: "FX", other: "Other",
};
const MAX_TRACKS = 12;
const AUDIO_EXTENSIONS = ["wav", "wave", "flac", "aif", "aiff", "ogg", "mp3"];

// Most specific first; "lead" last so that "lead guitar" is a guitar and "lead vox" a lead vocal.
const ROLE_KEYWORDS = [
  ["adlib", ["adlib", "ad-lib"]],
  ["double", ["double", "dbl"]],
  ["backing_vocal", ["backing", "bv", "bgv", "choir"]],
  ["lead_vocal", ["vocal", "vox", "voice"]],
  ["instrumental", ["beat", "instru", "prod", "2track", "2-track"]],
  ["kick", ["kick"]],
  ["snare", ["snare"]],
  ["drums", ["drum", "perc", "hihat"]],
  ["bass", ["bass", "808"]],
  ["keys", ["keys", "keyboard", "piano", "rhodes", "organ"]],
  ["guitar", ["guitar", "gtr"]],
  ["synth", ["synth"]],
  ["pad", ["pad"]],
  ["fx", ["fx", "sfx"]],
  ["lead_vocal", ["lead"]],
];

/** The role a file name suggests ("Lead Vox.wav" → lead_vocal), or null. */
export function guessRole(filename) {
  const dot = filename.lastIndexOf(".");
  const stem = (dot > 0 ? filename.slice(0, dot) : filename).toLowerCase();
  const tokens = stem.split(/[^a-z0-9]+/).filter(Boolean);
  for (const t of stem.match(/[a-z]+|[0-9]+/g) || []) if (!tokens.includes(t)) tokens.push(t);
  tokens.push(...(stem.match(/[a-z0-9]+(?:-[a-z0-9]+)+/g) || []));
  for (const [role, keywords] of ROLE_KEYWORDS) {
    if (keywords.some((k) => tokens.some((t) => t.startsWith(k)))) return role;
  }
  return null;
}

/** A role for a new file, given those already chosen: the guess, else a sensible default. */
function initialRole(filename, chosenRoles) {
  const guess = guessRole(filename);
  if (guess) return guess;
  if (!chosenRoles.includes("lead_vocal")) return "lead_vocal";
  if (!chosenRoles.includes("instrumental")) return "instrumental";
  return "other";
}

export function formatBytes(sizeBytes) {
  if (sizeBytes < 1024) return `${sizeBytes} B`;
  if (sizeBytes < 1024 ** 2) return `${(sizeBytes / 1024).toFixed(1)} KB`;
  return `${(sizeBytes / 1024 ** 2).toFixed(1)} MB`;
}

const extensionOf = (name) => (name.includes(".") ? name.split(".").pop().toLowerCase() : "");

/**
 * Add files to the list: [{file, role}]. Returns the problems found (not audio by its name,
 * duplicate names, too many files) as messages; the other files are added.
 */
export function addFiles(tracks, files, mode) {
  const problems = [];
  for (const file of files) {
    if (!AUDIO_EXTENSIONS.includes(extensionOf(file.name)) && !(file.type || "").startsWith("audio/")) {
      problems.push(`${file.name} does not look like audio (expected ${AUDIO_EXTENSIONS.join(", ")})`);
      continue;
    }
    if (mode === "separate") {
      tracks.splice(0, tracks.length, { file, role: "song" });
      continue;
    }
    if (tracks.some((t) => t.file.name === file.name)) {
      problems.push(`${file.name} is already in the list`);
      continue;
    }
    if (tracks.length >= MAX_TRACKS) {
      problems.push(`at most ${MAX_TRACKS} files per job: ${file.name} was not added`);
      continue;
    }
    tracks.push({ file, role: initialRole(file.name, tracks.map((t) => t.role)) });
  }
  return problems;
}

/** What stops the mix form from being sent, or "" when it can go. */
export function checkMix(tracks, preset) {
  if (!tracks.length) return "Add at least one audio file.";
  if (preset?.kind === "vocal") {
    const leads = tracks.filter((t) => t.role === "lead_vocal").length;
    if (leads !== 1) {
      return `The preset “${preset.name}” is a vocal preset: exactly one file needs the role Lead vocal (now ${leads}).`;
    }
  }
  return "";
}

/** The multipart body of POST /v1/jobs. */
export function mixForm(tracks, presetName, targets, reference) {
  const form = new FormData();
  for (const t of tracks) form.append("files", t.file, t.file.name);
  form.append("stems_meta", JSON.stringify(tracks.map((t) => ({ name: t.file.name, role: t.role }))));
  form.append("preset", presetName);
  form.append("targets", JSON.stringify(targets));
  if (reference) form.append("reference", reference, reference.name);
  return form;
}

/** The multipart body of POST /v1/separations. */
export function separationForm(file, stemsRequired, format) {
  const form = new FormData();
  form.append("file", file, file.name);
  form.append("options", JSON.stringify({ stems_required: stemsRequired, format }));
  return form;
}
