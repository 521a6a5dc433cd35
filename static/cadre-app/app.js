/* SIDP3 Kader: the cadre app under /kader-app/ (docs/developer/cadre-app.md).
 *
 * A shell rendered by Django (templates/cadre_app/app.html) and this module. It works without a connection:
 * - the profile, the cadre's reports, the schedule and the locus' figures are kept in IndexedDB ("cache");
 * - every activity (with its photos as Blobs) and every check-in is put in IndexedDB ("outbox") with an id
 *   made on the phone (crypto.randomUUID()) and sent when the connection returns (the `online` event, the
 *   app's start, and a retry with backoff). The server answers a resend of the same id with the same record,
 *   so a cut in the middle of a send never makes a duplicate.
 * The app speaks Indonesian only, like the programme's cadres; its words are in this file.
 */

const API = "/api/v1/app/";
const DB_NAME = "sidp3-kader";
const MAX_PHOTO_BYTES = 500000;
const RETRY_MIN_MS = 5000;
const RETRY_MAX_MS = 5 * 60 * 1000;
const body = document.body;
const $ = (id) => document.getElementById(id);

const FINAL_REFUSALS = {
  404: "Laporan ini tidak ada lagi di KPU (mungkin dihapus petugas).",
  409: "Laporan ini bertentangan dengan data di KPU.",
  413: "Berkas terlalu besar untuk dikirim.",
};

const STATUS = {
  waiting: ["Menunggu dikirim", "text-bg-warning"],
  invalid: ["Perlu diperbaiki", "text-bg-danger"],
  dilaporkan: ["Terkirim (dilaporkan)", "text-bg-info"],
  diterima: ["Diterima", "text-bg-success"],
  dikembalikan: ["Dikembalikan", "text-bg-danger"],
  hadir: ["Hadir", "text-bg-success"],
};

/* ---------- IndexedDB ---------- */

let dbPromise;
function db() {
  dbPromise ??= new Promise((resolve, reject) => {
    const open = indexedDB.open(DB_NAME, 1);
    open.onupgradeneeded = () => {
      open.result.createObjectStore("outbox", { keyPath: "id" });
      open.result.createObjectStore("cache", { keyPath: "key" });
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  return dbPromise;
}

async function tx(store, mode, work) {
  const database = await db();
  return new Promise((resolve, reject) => {
    const transaction = database.transaction(store, mode);
    const request = work(transaction.objectStore(store));
    transaction.oncomplete = () => resolve(request?.result);
    transaction.onerror = () => reject(transaction.error);
    transaction.onabort = () => reject(transaction.error);
  });
}

const outbox = {
  all: () => tx("outbox", "readonly", (s) => s.getAll()),
  put: (entry) => tx("outbox", "readwrite", (s) => s.put(entry)),
  remove: (id) => tx("outbox", "readwrite", (s) => s.delete(id)),
};
const cache = {
  get: async (key) => (await tx("cache", "readonly", (s) => s.get(key)))?.value,
  put: (key, value) => tx("cache", "readwrite", (s) => s.put({ key, value, at: new Date().toISOString() })),
  when: async (key) => (await tx("cache", "readonly", (s) => s.get(key)))?.at,
};

/* ---------- the API ---------- */

class SignedOut extends Error {}
class Rejected extends Error {
  constructor(errors) {
    super("rejected");
    this.errors = errors;
  }
}
class Retry extends Error {}

function csrfToken() {
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

async function api(path, { method = "GET", json, form } = {}) {
  const headers = { Accept: "application/json" };
  let payload;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(json);
  } else if (form) {
    payload = form;
  }
  if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
  let response;
  try {
    response = await fetch(API + path, { method, headers, body: payload, credentials: "same-origin" });
  } catch (error) {
    throw new Retry(String(error));
  }
  if (response.status === 401 || response.status === 403) {
    showSignedOut(true);
    throw new SignedOut();
  }
  showSignedOut(false);
  if (response.status === 400) throw new Rejected(await response.json().catch(() => ({})));
  // Answers that sending again will never change: the entry is kept with the reason, the others go on.
  if (response.status in FINAL_REFUSALS) throw new Rejected({ non_field_errors: [FINAL_REFUSALS[response.status]] });
  if (!response.ok) throw new Retry(`HTTP ${response.status}`);
  return response.status === 204 ? null : response.json();
}

/* ---------- small helpers ---------- */

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function today() {
  const now = new Date();
  now.setMinutes(now.getMinutes() - now.getTimezoneOffset());
  return now.toISOString().slice(0, 10);
}

function formatDate(iso, withTime = false) {
  if (!iso) return "";
  const options = withTime
    ? { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" }
    : { day: "numeric", month: "short", year: "numeric" };
  const date = iso.length === 10 ? new Date(`${iso}T00:00:00`) : new Date(iso);
  return date.toLocaleString("id-ID", options);
}

function badge(state, label) {
  const [text, cls] = STATUS[state] || [label || state, "text-bg-secondary"];
  return el("span", { class: `badge status ${cls}`, text: label && !STATUS[state] ? label : text });
}

function flash(message) {
  const box = $("flash");
  box.textContent = message;
  box.hidden = false;
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => {
    box.hidden = true;
  }, 6000);
}

function showSignedOut(on) {
  $("signed-out").hidden = !on;
}

function errorText(errors) {
  if (!errors || typeof errors !== "object") return "Data ditolak server.";
  return Object.values(errors).flat().map(String).join(" ");
}

/* ---------- photos: reduced on the phone ---------- */

function toBlob(canvas, quality) {
  return new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", quality));
}

export async function reducePhoto(file, maxBytes = MAX_PHOTO_BYTES) {
  const bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  let scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d");
  for (let round = 0; round < 12; round += 1) {
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    context.fillStyle = "#fff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    for (const quality of [0.82, 0.7, 0.58, 0.46]) {
      const blob = await toBlob(canvas, quality);
      if (blob && blob.size < maxBytes) {
        bitmap.close?.();
        return blob;
      }
    }
    scale *= 0.75;
  }
  bitmap.close?.();
  throw new Error("Foto tidak dapat diperkecil.");
}

/* ---------- the queue ---------- */

let profile = null;
let flushing = null;
let retryDelay = RETRY_MIN_MS;
let retryTimer = null;

function scheduleRetry() {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => flush(), retryDelay);
  retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
}

async function sendActivity(entry) {
  if (!entry.serverId) {
    const saved = await api("activities/", { method: "POST", json: entry.payload });
    entry.serverId = saved.id;
    await outbox.put(entry);
  }
  for (const photo of entry.photos) {
    if (photo.sent) continue;
    const form = new FormData();
    form.append("client_id", photo.id);
    form.append("photo", photo.blob, `foto-${photo.id.slice(0, 8)}.jpg`);
    await api(`activities/${entry.serverId}/photos/`, { method: "POST", form });
    photo.sent = true;
    await outbox.put(entry);
  }
  await outbox.remove(entry.id);
}

async function sendCheckIn(entry) {
  const answer = await api("check-in/", { method: "POST", json: { code: entry.code, client_id: entry.id } });
  const done = (await cache.get("check-ins")) || [];
  done.unshift({ id: entry.id, session: answer.session, status: answer.status, at: new Date().toISOString() });
  await cache.put("check-ins", done.slice(0, 50));
  await outbox.remove(entry.id);
}

/** Sends everything waiting, oldest first; one run at a time. A network error or a server fault stops the
 * run and retries later (backoff); a refused entry is kept with the server's messages, the others go on. */
export function flush() {
  flushing ??= (async () => {
    let sent = 0;
    try {
      const entries = (await outbox.all()).filter((e) => !e.errors).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
      for (const entry of entries) {
        try {
          if (entry.kind === "activity") await sendActivity(entry);
          else await sendCheckIn(entry);
          sent += 1;
        } catch (error) {
          if (!(error instanceof Rejected)) throw error;
          entry.errors = error.errors;
          await outbox.put(entry);
        }
      }
      retryDelay = RETRY_MIN_MS;
      clearTimeout(retryTimer);
      if (sent) {
        flash(sent === 1 ? "1 entri terkirim ke KPU." : `${sent} entri terkirim ke KPU.`);
        await refresh();
      }
    } catch (error) {
      if (error instanceof Retry) scheduleRetry();
      else if (!(error instanceof SignedOut)) {
        console.warn(error);
        scheduleRetry();
      }
    } finally {
      flushing = null;
      await render();
    }
  })();
  return flushing;
}

/* ---------- reading the server (cached for offline) ---------- */

async function refresh() {
  const reads = [
    ["profile", "profile/"],
    ["activities", "activities/"],
    ["schedule", "schedule/"],
    ["figures", "figures/"],
  ];
  await Promise.all(
    reads.map(async ([key, path]) => {
      try {
        let value = await api(path);
        if (value && !Array.isArray(value) && Array.isArray(value.results) && key !== "profile") value = value.results;
        await cache.put(key, value);
      } catch (error) {
        if (!(error instanceof Retry || error instanceof SignedOut)) console.warn(error);
      }
    }),
  );
  await render();
}

/* ---------- screens ---------- */

const SCREENS = ["lapor", "laporan", "jadwal", "presensi", "angka"];

function showScreen() {
  const name = SCREENS.includes(location.hash.slice(1)) ? location.hash.slice(1) : "lapor";
  for (const section of document.querySelectorAll("[data-screen]")) section.hidden = section.dataset.screen !== name;
  for (const tab of document.querySelectorAll("[data-tab]")) {
    const active = tab.dataset.tab === name;
    tab.classList.toggle("active", active);
    if (active) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
  if (name !== "presensi") stopScan();
}

function fillSelect(select, options) {
  const chosen = select.value;
  select.replaceChildren(el("option", { value: "", text: "— pilih —" }), ...options.map((o) => el("option", { value: o.value, text: o.label })));
  if (chosen) select.value = chosen;
}

function renderProfile() {
  if (!profile) {
    $("who").textContent = navigator.onLine ? "Memuat…" : "Belum ada data: buka sekali saat ada sinyal.";
    return;
  }
  const locus = profile.locus || {};
  $("who").textContent = `${profile.cadre?.full_name || ""} · ${locus.village_name || ""}${locus.regency_name ? `, ${locus.regency_name}` : ""}`;
  const form = $("activity-form");
  if (!form.dataset.filled) {
    fillSelect($("method"), profile.methods || []);
    fillSelect($("topic"), profile.topics || []);
    const segments = profile.segments || [];
    $("segments").replaceChildren(
      ...segments.map((segment) =>
        el(
          "div",
          { class: "col-6" },
          el("label", { class: "form-label small", for: `segment-${segment.code}`, text: segment.label }),
          el("input", {
            class: "form-control",
            type: "number",
            inputmode: "numeric",
            min: "0",
            value: "0",
            id: `segment-${segment.code}`,
            "data-segment": segment.code,
          }),
        ),
      ),
    );
    $("segments-fieldset").hidden = segments.length === 0;
    form.dataset.filled = "1";
  }
}

function reportCard({ title, heldOn, state, label, lines }) {
  return el(
    "div",
    { class: "card report-card" },
    el(
      "div",
      { class: "card-body py-2" },
      el("div", { class: "d-flex justify-content-between gap-2" }, el("div", { class: "fw-semibold", text: title }), badge(state, label)),
      el("div", { class: "small text-muted", text: formatDate(heldOn) }),
      lines.filter(Boolean).map((line) => el("div", { class: `small ${line.cls || ""}`, text: line.text })),
    ),
  );
}

async function renderReports(entries) {
  const server = (await cache.get("activities")) || [];
  const byClient = new Map(server.map((a) => [a.client_id, a]));
  const cards = [];
  const local = entries.filter((e) => e.kind === "activity");
  for (const entry of local) {
    const known = byClient.get(entry.id);
    const waitingPhotos = entry.photos.filter((p) => !p.sent).length;
    if (known) byClient.delete(entry.id);
    const state = entry.errors ? "invalid" : known ? known.status : "waiting";
    cards.push({
      sortKey: entry.payload.held_on,
      title: entry.payload.title,
      heldOn: entry.payload.held_on,
      state,
      label: known?.status_label,
      lines: [
        entry.errors && { text: errorText(entry.errors), cls: "text-danger" },
        waitingPhotos && { text: `${waitingPhotos} foto menunggu dikirim` },
        known?.review_note && { text: `Catatan kantor: ${known.review_note}` },
      ],
      entry,
    });
  }
  for (const item of byClient.values()) {
    cards.push({
      sortKey: item.held_on,
      title: item.title,
      heldOn: item.held_on,
      state: item.status,
      label: item.status_label,
      lines: [
        { text: `${(item.reached_men || 0) + (item.reached_women || 0)} orang dijangkau · ${item.photo_count || 0} foto` },
        item.review_note && { text: `Catatan kantor: ${item.review_note}`, cls: "text-danger" },
      ],
    });
  }
  cards.sort((a, b) => String(b.sortKey).localeCompare(String(a.sortKey)));
  const nodes = cards.map((card) => {
    const node = reportCard(card);
    if (card.entry?.errors) {
      const remove = el("button", { class: "btn btn-sm btn-outline-danger mt-2", type: "button", text: "Hapus dari ponsel" });
      remove.addEventListener("click", async () => {
        if (window.confirm("Hapus laporan ini dari ponsel?")) {
          await outbox.remove(card.entry.id);
          await render();
        }
      });
      node.querySelector(".card-body").append(remove);
    }
    return node;
  });
  $("reports").replaceChildren(...(nodes.length ? nodes : [el("p", { class: "text-muted", text: "Belum ada laporan." })]));
}

const MODES = { luring: "Tatap muka (luring)", daring: "Daring", hybrid: "Hybrid" };

function sessionTime(session) {
  const start = formatDate(session.starts_at, true);
  if (!session.ends_at) return start;
  const sameDay = session.starts_at.slice(0, 10) === session.ends_at.slice(0, 10);
  const end = sameDay
    ? new Date(session.ends_at).toLocaleTimeString("id-ID", { hour: "2-digit", minute: "2-digit" })
    : formatDate(session.ends_at, true);
  return `${start} – ${end}`;
}

async function renderSchedule(entries) {
  const sessions = (await cache.get("schedule")) || [];
  const pending = entries.filter((e) => e.kind === "check-in").length;
  const nodes = sessions.map((s) =>
    el(
      "div",
      { class: "card" },
      el(
        "div",
        { class: "card-body py-2" },
        el(
          "div",
          { class: "d-flex justify-content-between gap-2" },
          el("div", { class: "fw-semibold", text: s.session_number ? `Sesi ${s.session_number}: ${s.title}` : s.title }),
          s.checked_in ? el("span", { class: "badge text-bg-success status", text: "Hadir" }) : null,
        ),
        el("div", { class: "small", text: sessionTime(s) }),
        el("div", { class: "small text-muted", text: [s.place, MODES[s.mode] || s.mode].filter(Boolean).join(" · ") }),
      ),
    ),
  );
  if (pending) nodes.unshift(el("div", { class: "alert alert-warning py-2 small", text: `${pending} presensi menunggu dikirim.` }));
  $("schedule").replaceChildren(...(nodes.length ? nodes : [el("p", { class: "text-muted", text: "Belum ada jadwal pelatihan untuk lokus Anda." })]));
}

async function renderCheckIns(entries) {
  const done = (await cache.get("check-ins")) || [];
  const nodes = [
    ...entries
      .filter((e) => e.kind === "check-in")
      .map((e) =>
        reportCard({
          title: "Presensi pelatihan",
          heldOn: e.createdAt,
          state: e.errors ? "invalid" : "waiting",
          lines: [e.errors && { text: errorText(e.errors), cls: "text-danger" }],
        }),
      ),
    ...done.map((d) => reportCard({ title: d.session?.title || "Presensi", heldOn: d.at, state: "hadir", lines: [] })),
  ];
  $("check-ins").replaceChildren(...(nodes.length ? nodes : [el("p", { class: "text-muted small", text: "Belum ada presensi." })]));
}

const FIGURES = [
  ["activities", "Kegiatan diterima"],
  ["people_reached", "Orang dijangkau"],
  ["sessions_held", "Sesi pelatihan terlaksana"],
  ["sessions_planned", "Sesi pelatihan direncanakan"],
  ["cadres_on_roster", "Kader aktif"],
  ["roster_size", "Jumlah kader seharusnya"],
  ["women_percent", "Persen perempuan"],
];

async function renderFigures() {
  const figures = await cache.get("figures");
  if (!figures) {
    $("figures").replaceChildren(el("p", { class: "text-muted", text: "Angka belum tersedia: buka saat ada sinyal." }));
    return;
  }
  $("figures").replaceChildren(
    ...FIGURES.filter(([key]) => figures[key] !== undefined && figures[key] !== null).map(([key, label]) =>
      el(
        "div",
        { class: "col-6" },
        el(
          "div",
          { class: "card h-100" },
          el(
            "div",
            { class: "card-body py-2" },
            el("div", {
              class: "figure-value",
              text: key === "women_percent" ? `${Number(figures[key]).toLocaleString("id-ID", { maximumFractionDigits: 1 })}%` : Number(figures[key]).toLocaleString("id-ID"),
            }),
            el("div", { class: "small text-muted", text: label }),
          ),
        ),
      ),
    ),
  );
  const when = await cache.when("figures");
  $("figures-when").textContent = when ? `Diperbarui ${formatDate(when, true)}` : "";
}

async function render() {
  profile = (await cache.get("profile")) || null;
  const entries = await outbox.all();
  renderProfile();
  const waiting = entries.filter((e) => !e.errors).length;
  $("queue-count").hidden = waiting === 0;
  $("queue-count").textContent = String(waiting);
  $("queue-status").textContent = waiting ? `${waiting} entri menunggu dikirim${navigator.onLine ? "" : " (tanpa sinyal)"}.` : "";
  await Promise.all([renderReports(entries), renderSchedule(entries), renderCheckIns(entries), renderFigures()]);
}

function renderNetwork() {
  const online = navigator.onLine;
  const status = $("net-status");
  status.textContent = online ? "Daring" : "Luring";
  status.className = `badge rounded-pill ${online ? "text-bg-light" : "text-bg-dark"}`;
}

/* ---------- recording an activity ---------- */

let chosenPhotos = [];

async function choosePhotos(event) {
  const files = [...event.target.files];
  const previews = $("photo-previews");
  $("save-activity").disabled = true;
  try {
    for (const file of files) {
      const blob = await reducePhoto(file, profile?.max_photo_bytes || MAX_PHOTO_BYTES);
      const photo = { id: crypto.randomUUID(), blob };
      chosenPhotos.push(photo);
      const url = URL.createObjectURL(blob);
      const remove = el("button", { type: "button", class: "btn btn-sm btn-link p-0 d-block", text: "Hapus" });
      const figure = el("figure", { class: "m-0 text-center" }, el("img", { src: url, alt: "Foto kegiatan", class: "photo-preview" }), el("figcaption", { class: "small text-muted", text: `${Math.round(blob.size / 1000)} KB` }), remove);
      remove.addEventListener("click", () => {
        chosenPhotos = chosenPhotos.filter((p) => p !== photo);
        URL.revokeObjectURL(url);
        figure.remove();
      });
      previews.append(figure);
    }
  } catch (error) {
    showFormErrors([String(error.message || error)]);
  } finally {
    $("save-activity").disabled = false;
    event.target.value = "";
  }
}

function showFormErrors(messages) {
  const box = $("form-errors");
  box.replaceChildren(...messages.map((m) => el("div", { text: m })));
  box.hidden = messages.length === 0;
}

function number(id) {
  const value = Number.parseInt($(id).value, 10);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

async function saveActivity(event) {
  event.preventDefault();
  const form = event.target;
  const problems = [];
  if (!$("held_on").value) problems.push("Tanggal kegiatan wajib diisi.");
  if (!$("method").value) problems.push("Metode wajib dipilih.");
  if (!$("topic").value) problems.push("Topik wajib dipilih.");
  if (!$("title").value.trim()) problems.push("Judul atau tempat kegiatan wajib diisi.");
  showFormErrors(problems);
  if (problems.length) return;
  const segmentReach = {};
  for (const input of form.querySelectorAll("[data-segment]")) {
    const value = Number.parseInt(input.value, 10);
    if (value > 0) segmentReach[input.dataset.segment] = value;
  }
  const id = crypto.randomUUID();
  const entry = {
    id,
    kind: "activity",
    createdAt: new Date().toISOString(),
    payload: {
      client_id: id,
      held_on: $("held_on").value,
      title: $("title").value.trim(),
      method: $("method").value,
      topic: $("topic").value,
      reached_men: number("reached_men"),
      reached_women: number("reached_women"),
      reached_disabled: number("reached_disabled"),
      reached_first_time: number("reached_first_time"),
      segment_reach: segmentReach,
      notes: $("notes").value.trim(),
    },
    photos: chosenPhotos.map((p) => ({ id: p.id, blob: p.blob, sent: false })),
  };
  await outbox.put(entry);
  form.reset();
  delete form.dataset.filled;
  chosenPhotos = [];
  $("photo-previews").replaceChildren();
  $("held_on").value = today();
  flash(navigator.onLine ? "Laporan disimpan dan sedang dikirim." : "Laporan disimpan di ponsel. Akan dikirim saat ada sinyal.");
  location.hash = "#laporan";
  await render();
  flush();
}

/* ---------- check-in: the session's QR code ---------- */

export function codeFromText(text) {
  const match = String(text).match(/\/kader-app\/presensi\/([^/?#]+)\/?/);
  if (match) return decodeURIComponent(match[1]);
  return /^[\w:.-]+$/.test(String(text).trim()) ? String(text).trim() : null;
}

async function queueCheckIn(code) {
  const entries = await outbox.all();
  if (!entries.some((e) => e.kind === "check-in" && e.code === code)) {
    const id = crypto.randomUUID();
    await outbox.put({ id, kind: "check-in", code, createdAt: new Date().toISOString() });
  }
  flash(navigator.onLine ? "Presensi disimpan dan sedang dikirim." : "Presensi disimpan di ponsel. Akan dikirim saat ada sinyal.");
  await render();
  flush();
}

let scanStream = null;
let scanning = false;

function loadJsQR() {
  if (window.jsQR) return Promise.resolve(window.jsQR);
  return new Promise((resolve, reject) => {
    const script = el("script", { src: body.dataset.jsqr });
    script.addEventListener("load", () => resolve(window.jsQR));
    script.addEventListener("error", () => reject(new Error("Pemindai QR tidak dapat dimuat.")));
    document.head.append(script);
  });
}

async function detector() {
  if ("BarcodeDetector" in window) {
    const formats = await window.BarcodeDetector.getSupportedFormats?.();
    if (!formats || formats.includes("qr_code")) {
      const native = new window.BarcodeDetector({ formats: ["qr_code"] });
      return async (video) => (await native.detect(video))[0]?.rawValue;
    }
  }
  const jsQR = await loadJsQR();
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async (video) => {
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    if (!canvas.width) return null;
    context.drawImage(video, 0, 0);
    const image = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(image.data, image.width, image.height)?.data;
  };
}

async function startScan() {
  const errorBox = $("scan-error");
  errorBox.hidden = true;
  try {
    const detect = await detector();
    scanStream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
    const video = $("scan-video");
    video.srcObject = scanStream;
    $("scanner").hidden = false;
    $("scan-start").hidden = true;
    await video.play();
    scanning = true;
    while (scanning) {
      const text = await detect(video).catch(() => null);
      const code = text && codeFromText(text);
      if (code) {
        stopScan();
        await queueCheckIn(code);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  } catch (error) {
    stopScan();
    errorBox.textContent = `Kamera tidak dapat dipakai (${error.message || error}). Anda juga dapat memindai kode QR dengan aplikasi kamera ponsel.`;
    errorBox.hidden = false;
  }
}

function stopScan() {
  scanning = false;
  if (scanStream) for (const track of scanStream.getTracks()) track.stop();
  scanStream = null;
  $("scanner").hidden = true;
  $("scan-start").hidden = false;
}

/* ---------- start ---------- */

async function start() {
  $("held_on").value = today();
  $("held_on").max = today();
  renderNetwork();
  showScreen();
  window.addEventListener("hashchange", showScreen);
  window.addEventListener("online", () => {
    renderNetwork();
    retryDelay = RETRY_MIN_MS;
    flush();
    refresh();
  });
  window.addEventListener("offline", () => {
    renderNetwork();
    render();
  });
  $("activity-form").addEventListener("submit", saveActivity);
  $("photos").addEventListener("change", choosePhotos);
  $("scan-start").addEventListener("click", startScan);
  $("scan-stop").addEventListener("click", stopScan);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(body.dataset.sw, { scope: body.dataset.scope }).catch((error) => console.warn(error));
  }
  await render();
  const arrived = location.pathname.match(/\/presensi\/([^/]+)\/?$/);
  if (arrived) {
    history.replaceState(null, "", `${body.dataset.scope}#presensi`);
    showScreen();
    await queueCheckIn(decodeURIComponent(arrived[1]));
  }
  await refresh();
  await flush();
}

start();
