// The network: every request to the gateway goes through api(), which adds the API key.

import { h } from "./report.js";

export const KEY_STORAGE = "mixdown.apiKey";
let onUnauthorized = () => {};

/** What to do when the gateway answers 401 (the page asks for the key). */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

export class ApiError extends Error {
  /** `body`: the gateway's JSON error body (`detail`, and for an instruction it could not read
   * `not_understood` and `suggestions`), or null. */
  constructor(status, detail, body = null) {
    super(detail);
    this.status = status;
    this.body = body;
  }
}

export function apiKey() {
  return localStorage.getItem(KEY_STORAGE) || "";
}

/**
 * fetch() on the gateway with `Authorization: Bearer <key>` when a key is known. Resolves to
 * the Response when it is 2xx; rejects with ApiError carrying the gateway's `detail` otherwise
 * (a 401 also asks for the key).
 */
export async function api(path, { method = "GET", json, body, headers = {}, signal } = {}) {
  const sent = new Headers(headers);
  const key = apiKey();
  if (key) sent.set("Authorization", `Bearer ${key}`);
  let payload = body;
  if (json !== undefined) {
    sent.set("Content-Type", "application/json");
    payload = JSON.stringify(json);
  }
  let response;
  try {
    response = await fetch(path, { method, headers: sent, body: payload, signal, cache: "no-store" });
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, `the gateway did not answer (${error.message})`);
  }
  if (response.ok) return response;
  let detail = `${response.status} ${response.statusText}`.trim();
  let data = null;
  try {
    data = await response.json();
    if (data?.detail) detail = typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail);
  } catch { /* not JSON: keep the status line */ }
  if (response.status === 401) onUnauthorized(detail);
  throw new ApiError(response.status, detail, data);
}

export const getJson = async (path, options) => (await api(path, options)).json();

/** Read a job's Server-Sent Events with fetch (EventSource cannot send the key). */
export async function readEvents(jobId, lastEventId, onEvent, signal) {
  const headers = { Accept: "text/event-stream" };
  if (lastEventId) headers["Last-Event-ID"] = String(lastEventId);
  const response = await api(`/v1/jobs/${encodeURIComponent(jobId)}/events`, { headers, signal });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = "";
  let event = { type: "message", id: null, data: [] };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    pending += value;
    let newline;
    while ((newline = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, newline).replace(/\r$/, "");
      pending = pending.slice(newline + 1);
      if (line === "") {
        if (event.data.length) {
          let data = null;
          try { data = JSON.parse(event.data.join("\n")); } catch { /* not JSON: skipped */ }
          if (data) onEvent({ type: event.type, id: event.id, data });
        }
        event = { type: "message", id: null, data: [] };
        continue;
      }
      if (line.startsWith(":")) continue;
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const text = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") event.type = text;
      else if (field === "data") event.data.push(text);
      else if (field === "id") event.id = text;
    }
  }
}

/** Download through api(): Blob → a temporary <a download>. */
export async function download(path, fallbackName) {
  const response = await api(path);
  const disposition = response.headers.get("Content-Disposition") || "";
  const match = /filename="?([^";]+)"?/.exec(disposition);
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = h("a", { href: url, download: match ? match[1] : fallbackName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
