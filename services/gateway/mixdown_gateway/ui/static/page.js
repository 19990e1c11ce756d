// The page's shared state and the small helpers every part of it uses.

import { Listening } from "./listen.js";
import { h } from "./report.js";

export const $ = (id) => document.getElementById(id);
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export const listening = new Listening();

export const state = {
  tables: null,
  acceptsReference: false,
  mode: "mix",
  tracks: [],
  job: null,
  lastEventId: 0,
  watch: 0,
  abort: null,
  localFiles: new Map(),   // job id → the File objects uploaded from this page
  revisions: [],
  shownRevision: null,     // the revision in the player, QC report and downloads
  sliders: null,
  sliderTarget: null,
  busy: false,
};

export function showBanner(message, action) {
  const banner = $("banner");
  banner.replaceChildren(message);
  if (action) banner.append(h("button", { type: "button", class: "small", onclick: action.run }, action.label));
  banner.hidden = false;
}

export function hideBanner() {
  $("banner").hidden = true;
}

export function showSection(id, visible) {
  $(id).hidden = !visible;
}
