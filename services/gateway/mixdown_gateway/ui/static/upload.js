// The files of a new job: roles guessed from their names (the gateway's rules, from
// GET /v1/catalog), the list the user edits, and the multipart form the gateway expects.

import { catalog } from "./catalog.js";

const AUDIO_EXTENSIONS = ["wav", "wave", "flac", "aif", "aiff", "ogg", "mp3"];

/**
 * The role a file name suggests ("Lead Vox.wav" → lead_vocal), or null: the first rule
 * ({role, keywords}, most specific first) with a keyword that a token of the name starts with.
 */
export function guessRole(filename, rules = catalog.roleKeywords) {
  const dot = filename.lastIndexOf(".");
  const stem = (dot > 0 ? filename.slice(0, dot) : filename).toLowerCase();
  const tokens = stem.split(/[^a-z0-9]+/).filter(Boolean);
  for (const t of stem.match(/[a-z]+|[0-9]+/g) || []) if (!tokens.includes(t)) tokens.push(t);
  tokens.push(...(stem.match(/[a-z0-9]+(?:-[a-z0-9]+)+/g) || []));
  for (const { role, keywords } of rules) {
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
  if (!catalog.maxTracks) return ["The gateway's roles and limits are not read yet: set the API key in Settings."];
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
    if (tracks.length >= catalog.maxTracks) {
      problems.push(`at most ${catalog.maxTracks} files per job: ${file.name} was not added`);
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

/** The multipart body of POST /v1/separations; source "drums" when the file is a drum stem. */
export function separationForm(file, stemsRequired, format, source = "song") {
  const form = new FormData();
  form.append("file", file, file.name);
  const options = { stems_required: stemsRequired, format };
  if (source === "drums") options.source = "drums";
  form.append("options", JSON.stringify(options));
  return form;
}
