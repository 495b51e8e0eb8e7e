/*
 * Copyright 2026 The OnceOnly Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/* The OnceOnly console: plain browser JavaScript, no build step. Every page asks the hub's public API with the
   token typed at sign-in (kept in this tab's sessionStorage only), so the API's authentication, grants, masking
   and access log apply to the console exactly as to any client: it has no back door and holds no data. Text is
   always set as text (never parsed as HTML). */
"use strict";
(function () {
  const TOKEN = "onceonly.token";
  const PURPOSE = "onceonly.purpose";
  const STEWARD_PURPOSE = "onceonly.stewardPurpose";
  const STEWARDSHIP = "data-stewardship"; // the purpose the admin pages showing personal data name by convention
  const LANGUAGE = "onceonly.language";
  const TREND_MINUTES = 15;
  const POLL_MS = 2000;
  const main = document.getElementById("main");
  let me = null;          // GET /v1/client
  let timer = null;       // the current page's refresh timer
  const trends = {};      // source id -> {t: [], lag: [], rate: []}, sampled while the console is open

  // ---- labels ---------------------------------------------------------------------------------------------
  function language() { return localStorage.getItem(LANGUAGE) || (navigator.language.startsWith("zh") ? "zh" : "en"); }
  function t(key, values) {
    const labels = window.ONCEONLY_LABELS;
    let text = (labels[language()] && labels[language()][key]) || labels.en[key] || key;
    Object.entries(values || {}).forEach(([name, value]) => { text = text.split("{" + name + "}").join(String(value)); });
    return text;
  }
  function translateStatic() {
    document.documentElement.lang = language() === "zh" ? "zh-CN" : "en";
    document.querySelectorAll("[data-i18n]").forEach(node => { node.textContent = t(node.dataset.i18n); });
    document.getElementById("language").textContent = language() === "zh" ? "English" : "中文";
    document.title = t("brand");
  }

  // ---- building the page ----------------------------------------------------------------------------------
  /** An element with attributes (on* never: handlers are given as functions) and children (text or nodes). */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (value === null || value === undefined || value === false) return;
      if (typeof value === "function") node.addEventListener(name, value);
      else if (name === "className") node.className = value;
      else node.setAttribute(name, value === true ? "" : value);
    });
    children.flat().forEach(child => {
      if (child === null || child === undefined) return;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    });
    return node;
  }
  function table(id, headers, rows) {
    return el("table", { id }, el("thead", null, el("tr", null, headers.map(h => el("th", null, t(h))))), el("tbody", null, rows));
  }
  function show(...nodes) {
    main.replaceChildren(...nodes);
  }
  function outcome(id, text, failed) {
    return el("div", { id, className: "outcome" + (failed ? " error" : ""), role: "status" }, text);
  }
  function when(instant) {
    return instant ? new Date(instant).toLocaleString(language() === "zh" ? "zh-CN" : "en-GB") : "–";
  }
  function bytes(n) {
    if (n === null || n === undefined) return "–";
    return n >= 1048576 ? (n / 1048576).toFixed(1) + " MB" : n >= 1024 ? (n / 1024).toFixed(0) + " kB" : n + " B";
  }
  function duration(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    return seconds < 120 ? seconds + " s" : seconds < 7200 ? Math.round(seconds / 60) + " min"
      : seconds < 172800 ? Math.round(seconds / 3600) + " h" : Math.round(seconds / 86400) + " d";
  }
  /** Identity numbers in a text the hub does not decide per grant, masked as the hub masks
      them in its logs (first 3, last 2 shown): defence in depth for reasons and source errors, which are meant to carry none. */
  function maskIdentityNumbers(text) {
    return String(text).replace(/(?<![0-9A-Za-z])(\d{17}[0-9Xx]|\d{15})(?![0-9A-Za-z])/g,
      number => number.slice(0, 3) + "*".repeat(number.length - 5) + number.slice(-2));
  }
  function valueText(value) {
    return value === null || value === undefined ? "–" : typeof value === "object" ? JSON.stringify(value) : String(value);
  }

  // ---- the API --------------------------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status, body) {
      super((body && body.message) || ("HTTP " + status));
      this.status = status;
      this.code = body && body.error;
    }
  }
  async function api(method, path, body, purpose) {
    const headers = { "Authorization": "Bearer " + sessionStorage.getItem(TOKEN) };
    if (purpose) headers["X-Purpose"] = purpose;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store", credentials: "omit", redirect: "error" });
    const json = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, json);
    return json;
  }
  /** A refusal as the API gave it (status, code, message), with what the code means for the signed-in token. */
  function refusal(error) {
    const text = error instanceof ApiError ? error.status + " " + (error.code || "") + ": " + error.message : String(error);
    const refused = error instanceof ApiError && (error.status === 401 || error.status === 403);
    const known = refused && error.code && t("refusal." + error.code) !== "refusal." + error.code;
    return el("div", { id: "refusal", className: "outcome error", role: "alert", "data-error": refused ? error.code : null },
      refused ? t("refused") + " — " : "", text,
      known ? el("p", { className: "reason" }, t("refusal." + error.code, { purpose: stewardPurpose(), client: me ? me.id : "" })) : null);
  }
  /**
   * The purpose the admin pages that show personal data (conflicts, corrections, a quarantined change) name:
   * the one picked on those pages when granted, else data-stewardship — also when not granted, so that the API
   * answers purpose_not_granted, which says what the token lacks.
   */
  function stewardPurpose() {
    const granted = me ? me.grants.map(g => g.purpose) : [];
    const chosen = sessionStorage.getItem(STEWARD_PURPOSE);
    if (chosen && granted.includes(chosen)) return chosen;
    return granted.includes(STEWARDSHIP) || granted.length === 0 ? STEWARDSHIP : granted[0];
  }
  /** A picker of the token's granted purposes for the admin pages; choosing one shows the page again under it. */
  function stewardPurposePicker() {
    const chosen = stewardPurpose();
    const granted = me.grants.map(g => g.purpose);
    const options = (granted.includes(chosen) ? granted : [chosen].concat(granted))
      .map(p => el("option", { value: p, selected: p === chosen }, p));
    return el("label", { className: "inline" }, t("steward.purpose") + " ",
      el("select", { id: "steward-purpose", change: event => {
        sessionStorage.setItem(STEWARD_PURPOSE, event.target.value);
        render();
      } }, options));
  }
  function purpose() {
    const granted = me ? me.grants.map(g => g.purpose) : [];
    const chosen = sessionStorage.getItem(PURPOSE);
    if (chosen && granted.includes(chosen)) return chosen;
    return granted.includes("citizen-portal") ? "citizen-portal" : granted[0] || null;
  }

  /** A small modal asking to confirm an action; resolves to null when cancelled, else to {note, value}. */
  function confirmAction(text, options) {
    const dialog = document.getElementById("confirm");
    document.getElementById("confirm-text").textContent = text;
    const note = document.getElementById("confirm-note");
    const value = document.getElementById("confirm-value");
    note.value = ""; value.value = (options && options.value) || "";
    document.getElementById("confirm-note-label").hidden = !(options && options.note);
    document.getElementById("confirm-value-label").hidden = !(options && options.proposedValue);
    return new Promise(resolve => {
      dialog.addEventListener("close", () => {
        resolve(dialog.returnValue === "ok" ? { note: note.value.trim(), value: value.value } : null);
      }, { once: true });
      dialog.returnValue = "";
      dialog.showModal();
    });
  }

  // ---- sign-in --------------------------------------------------------------------------------------------
  function signInPage(message) {
    const token = el("input", { id: "token", type: "password", autocomplete: "off", required: true });
    const form = el("form", { id: "sign-in-form", className: "signin", submit: async event => {
      event.preventDefault();
      sessionStorage.setItem(TOKEN, token.value.trim());
      try {
        me = await api("GET", "/v1/client");
        location.hash = me.administrator ? "#/sources" : "#/citizen";
        render();
      } catch (error) {
        sessionStorage.removeItem(TOKEN);
        show(signInPage(t("signin.failed") + ": " + error.message));
      }
    } },
    el("h1", null, t("signin.title")),
    el("label", null, t("signin.token"), token),
    el("p", { className: "muted" }, t("signin.help")),
    message ? el("p", { id: "sign-in-error", className: "error" }, message) : null,
    el("button", { id: "sign-in", type: "submit", className: "primary" }, t("signin.button")));
    return form;
  }
  function signOut() {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(PURPOSE);
    sessionStorage.removeItem(STEWARD_PURPOSE);
    me = null;
    location.hash = "";
    render();
  }

  // ---- charts ---------------------------------------------------------------------------------------------
  /** A small line chart; series: [{label, values, stroke}], threshold lines as constant series. */
  function chart(target, times, series, options) {
    target.dataset.samples = times.length;
    const width = (options && options.width) || 180;
    const height = (options && options.height) || 48;
    const small = !(options && options.axes);
    return new uPlot({
      width, height, legend: { show: !small }, cursor: { show: !small }, pxAlign: 0,
      scales: { x: { time: true }, y: (options && options.range) ? { range: options.range } : { auto: true } },
      axes: small ? [{ show: false }, { show: false }] : [{}, { values: (u, ticks) => ticks.map(v => (options.percent ? Math.round(v * 100) + " %" : v)) }],
      // A line needs two points: until then, the one sample is drawn as a dot.
      series: [{}].concat(series.map(s => ({ label: s.label, stroke: s.stroke, width: s.dash ? 1 : 1.5, dash: s.dash,
        points: { show: times.length < 2 } })))
    }, [times].concat(series.map(s => s.values)), target);
  }
  function sample(source) {
    const trend = trends[source.id] || (trends[source.id] = { t: [], lag: [], rate: [] });
    const now = Date.now() / 1000;
    trend.t.push(now);
    trend.lag.push(source.lag && source.lag.seconds !== null ? source.lag.seconds : null);
    trend.rate.push(source.eventsPerSecond);
    while (trend.t.length && trend.t[0] < now - TREND_MINUTES * 60) {
      trend.t.shift(); trend.lag.shift(); trend.rate.shift();
    }
    return trend;
  }

  // ---- sources (DBA) --------------------------------------------------------------------------------------
  function progress(source) {
    const done = source.snapshot.rowsDone;
    const total = source.snapshot.rowsTotal;
    const snapshotting = ["starting", "snapshot", "snapshotting"].includes(source.state);
    // Once streaming, the snapshot is over whatever the table statistics estimated its total to be.
    const percent = !snapshotting ? 100 : total ? Math.min(99, Math.floor(100 * done / total)) : 0;
    const eta = snapshotting && source.snapshot.etaSeconds !== null ? " · " + t("sources.eta") + " " + source.snapshot.etaSeconds + " s" : "";
    return el("span", null, el("progress", { max: 100, value: percent }), " ",
      el("span", { className: "percent" }, percent + " %"), " ",
      el("span", { className: "muted" }, done + (total !== null ? " / " + total : "") + " " + t("sources.rows") + eta));
  }
  /** The hub's own samples of the last 15 minutes, once per source and page load: the charts start from the recent past. */
  async function seedTrend(id) {
    const trend = await api("GET", "/v1/admin/sources/" + encodeURIComponent(id) + "/trend").catch(() => ({ samples: [] }));
    trends[id] = { t: trend.samples.map(s => s.at), lag: trend.samples.map(s => s.lagSeconds), rate: trend.samples.map(s => s.eventsPerSecond) };
  }
  /** Retained WAL against watch.walWarningMb, when the source has a log to retain. */
  function walText(source) {
    return bytes(source.retainedWalBytes) + (source.retainedWalLimitBytes ? " / " + bytes(source.retainedWalLimitBytes) : "");
  }
  function walOver(source) {
    return source.retainedWalLimitBytes && source.retainedWalBytes !== null && source.retainedWalBytes > source.retainedWalLimitBytes;
  }
  async function sourcesPage() {
    const body = await api("GET", "/v1/admin/sources");
    await Promise.all(body.sources.filter(source => !trends[source.id]).map(source => seedTrend(source.id)));
    const rows = body.sources.map(source => {
      const trend = sample(source);
      const lagChart = el("div", { className: "chart lag-chart" });
      const rateChart = el("div", { className: "chart rate-chart" });
      const row = el("tr", { "data-source": source.id },
        el("td", null, el("a", { href: "#/sources/" + encodeURIComponent(source.id) }, source.id)),
        el("td", null, source.department),
        el("td", null, source.kind),
        el("td", null, el("span", { className: "state", "data-state": source.state }, source.state)),
        el("td", { className: "snapshot" }, progress(source)),
        el("td", { className: "num" }, duration(source.lag.seconds), lagChart),
        el("td", { className: "num" }, source.eventsPerSecond, rateChart),
        el("td", { className: "num" + (walOver(source) ? " warning" : "") }, walText(source),
          source.warning ? el("div", { className: "warning" }, source.warning) : null),
        el("td", { className: "num" }, source.quarantine.held ? el("a", { href: "#/quarantine?source=" + encodeURIComponent(source.id) }, source.quarantine.held) : "0"),
        el("td", { className: "error" }, source.lastError ? maskIdentityNumbers(source.lastError) : ""));
      return { row, draw: () => {
        chart(lagChart, trend.t, [{ label: t("sources.lag"), values: trend.lag, stroke: "#0b63ce" }]);
        chart(rateChart, trend.t, [{ label: t("sources.rate"), values: trend.rate, stroke: "#1f8a4c" }]);
      } };
    });
    show(el("h1", null, t("sources.title")),
      el("p", { className: "muted" }, t("sources.lag") + " / " + t("sources.rate") + ": " + t("sources.trend")),
      table("sources", ["sources.id", "sources.department", "sources.kind", "sources.state", "sources.snapshot", "sources.lag",
        "sources.rate", "sources.wal", "sources.quarantine", "sources.lastError"], rows.map(r => r.row)));
    rows.forEach(r => r.draw());
  }

  async function sourcePage(id) {
    const source = await api("GET", "/v1/admin/sources/" + encodeURIComponent(id));
    const result = el("div", { id: "action-outcome" });
    const action = (verb, method, path, body) => el("button", { id: verb, type: "button", click: async () => {
      if (!await confirmAction(t("source.confirm." + verb, { id }))) return;
      try {
        const after = await api(method, path, body);
        result.replaceChildren(outcome("outcome", t("sources.state") + ": " + after.state));
      } catch (error) {
        result.replaceChildren(refusal(error));
      }
    } }, t("source." + verb));
    const base = "/v1/admin/sources/" + encodeURIComponent(id);
    const facts = [
      ["sources.department", source.department], ["sources.kind", source.kind],
      ["sources.state", el("span", { className: "state", "data-state": source.state }, source.state)],
      ["sources.snapshot", progress(source)], ["source.tables", source.tables.join(", ")],
      ["sources.lag", duration(source.lag.seconds)], ["sources.rate", source.eventsPerSecond],
      ["source.events", source.events], ["sources.wal", walText(source)], ["source.warning", source.warning || ""],
      ["source.lastPosition", source.lastPosition || "–"], ["source.outages", source.outages],
      ["sources.lastError", source.lastError ? maskIdentityNumbers(source.lastError) + " (" + when(source.lastErrorTime) + ")" : ""]];
    const preflight = el("div", { id: "preflight" });
    show(el("h1", null, t("source.title", { id })),
      el("div", { className: "toolbar" }, action("pause", "POST", base + "/pause"), action("resume", "POST", base + "/resume"),
        action("resnapshot", "POST", base + "/resnapshot", {})),
      result,
      el("table", { id: "source" }, el("tbody", null, facts.map(([label, value]) => el("tr", null, el("th", null, t(label)), el("td", null, value))))),
      el("h2", null, t("source.preflight")), preflight);
    try {
      const report = await api("GET", base + "/preflight");
      preflight.replaceChildren(table("preflight-items", ["source.item", "source.status", "source.detail", "source.remedy"],
        report.items.map(item => el("tr", { "data-status": item.status }, el("td", null, item.name),
          el("td", null, el("span", { className: "state", "data-state": item.status === "pass" ? "streaming" : item.status === "fail" ? "failed" : "paused" }, item.status)),
          el("td", null, item.detail || ""), el("td", null, item.remedy ? el("pre", null, item.remedy) : "")))));
    } catch (error) {
      preflight.replaceChildren(refusal(error));
    }
  }

  // ---- quarantine (steward) -------------------------------------------------------------------------------
  function reasonsText(reasons) {
    return (reasons || []).map(r => r.field + ": " + r.reason).join("; ");
  }
  async function quarantinePage(query) {
    const source = query.get("source") || "";
    const status = query.get("status") || "held";
    const summary = await api("GET", "/v1/admin/quarantine/summary");
    const list = await api("GET", "/v1/admin/quarantine?limit=200&status=" + encodeURIComponent(status)
      + (source ? "&source=" + encodeURIComponent(source) : ""));
    const sources = [...new Set(summary.held.map(c => c.source).concat(source ? [source] : []))].sort();
    const result = el("div", { id: "bulk-outcome" });
    const filter = el("form", { className: "inline", id: "quarantine-filter", submit: event => {
      event.preventDefault();
      const data = new FormData(event.target);
      location.hash = "#/quarantine?source=" + encodeURIComponent(data.get("source")) + "&status=" + encodeURIComponent(data.get("status"));
    } },
    el("select", { name: "source", id: "filter-source" }, el("option", { value: "" }, t("quarantine.all")),
      sources.map(s => el("option", { value: s, selected: s === source }, s))),
    el("select", { name: "status", id: "filter-status" }, ["held", "replayed", "discarded", "all"].map(s => el("option", { value: s, selected: s === status }, s))),
    el("button", { type: "submit" }, t("show")));
    const held = list.entries.filter(e => e.status === "held");
    const bulk = el("div", { className: "toolbar" },
      el("button", { id: "replay-filtered", type: "button", disabled: held.length === 0, click: async () => {
        if (!await confirmAction(t("quarantine.confirm.replayAll", { n: held.length }))) return;
        try {
          // The API replays a whole source at once; the shown entries of every source otherwise, one by one.
          const results = source && status === "held"
            ? (await api("POST", "/v1/admin/quarantine/replay?source=" + encodeURIComponent(source))).results
            : await Promise.all(held.map(e => api("POST", "/v1/admin/quarantine/" + e.id + "/replay").catch(error => ({ id: e.id, outcome: "refused: " + error.message }))));
          const count = outcome => results.filter(r => r.outcome === outcome).length;
          result.replaceChildren(outcome("outcome", t("quarantine.results", { applied: count("applied"), superseded: count("superseded"),
            rejected: count("rejected_again"), other: results.length - count("applied") - count("superseded") - count("rejected_again") })));
        } catch (error) { result.replaceChildren(refusal(error)); }
      } }, t("quarantine.replayFiltered")),
      el("button", { id: "discard-filtered", type: "button", className: "danger", disabled: held.length === 0, click: async () => {
        const answer = await confirmAction(t("quarantine.confirm.discardAll", { n: held.length }), { note: true });
        if (!answer) return;
        const results = await Promise.all(held.map(e => api("POST", "/v1/admin/quarantine/" + e.id + "/discard", { note: answer.note })
          .then(() => true, () => false)));
        result.replaceChildren(outcome("outcome", t("quarantine.discard") + ": " + results.filter(Boolean).length + " / " + results.length,
          results.includes(false)));
      } }, t("quarantine.discardFiltered")));
    show(el("h1", null, t("quarantine.title")),
      el("h2", null, t("quarantine.summary")),
      table("quarantine-summary", ["quarantine.source", "quarantine.field", "quarantine.reason", "quarantine.held"],
        summary.held.map(c => el("tr", null, el("td", null, c.source), el("td", null, c.field), el("td", null, c.reason), el("td", { className: "num" }, c.held)))),
      el("h2", null, t("quarantine.list")), filter, bulk, result,
      table("quarantine-entries", ["quarantine.received", "quarantine.source", "quarantine.table", "quarantine.reasons", "quarantine.status"],
        list.entries.map(e => el("tr", { "data-entry": e.id },
          el("td", null, el("a", { href: "#/quarantine/" + e.id }, when(e.receivedAt))), el("td", null, e.source), el("td", null, e.table),
          el("td", null, maskIdentityNumbers(reasonsText(e.reasons))), el("td", null, e.status)))));
  }

  async function quarantineEntryPage(id) {
    // The raw change is personal data: asked under the steward's purpose, masked by the hub as that grant decides.
    let entry;
    try {
      entry = await api("GET", "/v1/admin/quarantine/" + encodeURIComponent(id), undefined, stewardPurpose());
    } catch (error) { // the picker stays, so that another granted purpose can be tried
      show(el("h1", null, t("quarantine.entry", { id })), el("div", { className: "toolbar" }, stewardPurposePicker()), refusal(error));
      return;
    }
    const result = el("div", { id: "entry-outcome" });
    const settled = status => { // the entry left the quarantine: say so, and offer nothing more to do with it
      document.getElementById("entry-status").textContent = status;
      document.getElementById("replay").disabled = true;
      document.getElementById("discard").disabled = true;
    };
    show(el("h1", null, t("quarantine.entry", { id })), el("div", { className: "toolbar" }, stewardPurposePicker()),
      el("p", null, entry.source + " · " + entry.table + " · " + when(entry.receivedAt) + " · ",
        el("span", { id: "entry-status", className: "state" }, entry.status)),
      el("div", { className: "toolbar" },
        el("button", { id: "replay", type: "button", className: "primary", disabled: entry.status !== "held", click: async () => {
          if (!await confirmAction(t("quarantine.confirm.replay", { id }))) return;
          try {
            const replayed = await api("POST", "/v1/admin/quarantine/" + id + "/replay");
            result.replaceChildren(outcome("outcome", t("quarantine.outcome") + ": " + replayed.outcome
              + (replayed.reasons ? " — " + maskIdentityNumbers(reasonsText(replayed.reasons)) : ""), replayed.outcome === "rejected_again"));
            if (replayed.outcome === "applied" || replayed.outcome === "superseded") settled("replayed");
          } catch (error) { result.replaceChildren(refusal(error)); }
        } }, t("quarantine.replay")),
        el("button", { id: "discard", type: "button", className: "danger", disabled: entry.status !== "held", click: async () => {
          const answer = await confirmAction(t("quarantine.confirm.discard", { id }), { note: true });
          if (!answer) return;
          try {
            const discarded = await api("POST", "/v1/admin/quarantine/" + id + "/discard", { note: answer.note });
            result.replaceChildren(outcome("outcome", t("quarantine.outcome") + ": " + discarded.status));
            settled(discarded.status);
          } catch (error) { result.replaceChildren(refusal(error)); }
        } }, t("quarantine.discard"))),
      result,
      el("h2", null, t("quarantine.reasons")),
      table("entry-reasons", ["quarantine.field", "quarantine.reason"],
        entry.reasons.map(r => el("tr", null, el("td", null, r.field), el("td", null, maskIdentityNumbers(r.reason))))),
      el("h2", null, t("quarantine.raw")),
      el("pre", { id: "envelope" }, JSON.stringify(entry.envelope, null, 2)));
  }

  // ---- conflicts and corrections (steward) ----------------------------------------------------------------
  /** Why the first candidate won: the schema's authority order when it ranks the departments, else recency. */
  function why(conflict, catalogue) {
    const entity = catalogue.entities.find(e => e.entity === conflict.entity);
    const field = entity && entity.fields.find(f => f.name === conflict.field);
    const authority = (field && field.authority) || [];
    const [winner, ...others] = conflict.candidates;
    const rank = department => { const i = authority.indexOf(department); return i < 0 ? authority.length : i; };
    if (winner && others.every(o => rank(winner.department) < rank(o.department))) {
      return t("conflicts.authority", { dept: winner.department });
    }
    return t("conflicts.recency", { at: when(winner && winner.asOf) });
  }
  function candidateText(candidate) {
    return candidate.department + ": " + valueText(candidate.value);
  }
  /**
   * The departments the steward may filter by: an administrator's own (GET /v1/client), an operator's every
   * department the catalogue names. No filter shows all of them.
   */
  function stewardedDepartments(catalogue) {
    if (me.role !== "operator") return me.departments || [];
    return [...new Set(catalogue.entities.flatMap(e => e.departments))].sort();
  }
  async function stewardshipPage(query) {
    const department = query.get("department") || "";
    const chosen = stewardPurpose();
    const catalogue = await api("GET", "/v1/catalog");
    const departments = stewardedDepartments(catalogue);
    const header = [el("h1", null, t("stewardship.title")),
      el("div", { className: "toolbar" }, stewardPurposePicker(), " ",
        el("label", { className: "inline" }, t("conflicts.department") + " ", el("select", { id: "department", change: event => {
          location.hash = "#/stewardship" + (event.target.value ? "?department=" + encodeURIComponent(event.target.value) : "");
        } }, el("option", { value: "", selected: !department }, t(me.role === "operator" ? "steward.everyDepartment" : "steward.myDepartments")),
        (departments.includes(department) || !department ? departments : departments.concat([department]))
          .map(d => el("option", { value: d, selected: d === department }, d)))))];
    const filter = department ? "&department=" + encodeURIComponent(department) : "";
    let conflicts, corrections;
    try {
      [conflicts, corrections] = await Promise.all([
        api("GET", "/v1/admin/conflicts?limit=100" + filter, undefined, chosen),
        api("GET", "/v1/admin/corrections?status=open" + filter, undefined, chosen)]);
    } catch (error) { // the pickers stay, so that another purpose or department can be chosen
      show(...header, refusal(error));
      return;
    }
    const result = el("div", { id: "correction-outcome" });
    const resolve = (correction, verb, outcomeWord) => el("button", { type: "button", className: verb === "reject" ? "danger" : "primary",
      "data-action": verb, click: async () => {
        const answer = await confirmAction(t("corrections.confirm." + verb, { id: correction.id }), { note: true });
        if (!answer) return;
        try {
          const resolved = await api("POST", "/v1/admin/corrections/" + correction.id + "/resolve",
            answer.note ? { outcome: outcomeWord, note: answer.note } : { outcome: outcomeWord }, chosen);
          result.replaceChildren(outcome("outcome", t("corrections.resolved", { id: resolved.id, status: resolved.status })));
        } catch (error) { result.replaceChildren(refusal(error)); }
      } }, t("corrections." + verb));
    show(...header,
      el("h2", null, t("corrections.title")), result,
      table("corrections", ["corrections.id", "conflicts.entity", "conflicts.subject", "conflicts.field", "corrections.proposed", "note",
        "conflicts.department", "corrections.filedBy", ""],
        corrections.corrections.map(c => el("tr", { "data-correction": c.id },
          el("td", null, c.id), el("td", null, c.entity), el("td", null, c.subject), el("td", null, c.field),
          el("td", null, valueText(c.proposedValue)), el("td", null, c.note), el("td", null, c.department),
          el("td", null, c.filedBy + " · " + c.purpose), el("td", null, resolve(c, "accept", "accepted"), " ", resolve(c, "reject", "rejected"))))),
      el("h2", null, t("conflicts.title")),
      table("conflicts", ["conflicts.entity", "conflicts.subject", "conflicts.field", "conflicts.won", "conflicts.others", "conflicts.why", "conflicts.detected"],
        conflicts.conflicts.map(c => el("tr", null, el("td", null, c.entity), el("td", null, c.subject), el("td", null, c.field),
          el("td", null, c.candidates.length ? candidateText(c.candidates[0]) : "–"),
          el("td", null, c.candidates.slice(1).map(candidateText).join("; ")),
          el("td", { className: "why" }, why(c, catalogue)), el("td", null, when(c.detectedAt))))));
  }

  // ---- catalogue and coverage (service owner) -------------------------------------------------------------
  function percent(share) {
    return Math.round(share * 1000) / 10 + " %";
  }
  async function cataloguePage() {
    const [catalogue, forms] = await Promise.all([api("GET", "/v1/catalog"), api("GET", "/v1/forms")]);
    const cards = await Promise.all(forms.forms.map(async form => {
      const [coverage, history] = await Promise.all([api("GET", "/v1/forms/" + encodeURIComponent(form.id) + "/coverage"),
        api("GET", "/v1/forms/" + encodeURIComponent(form.id) + "/coverage/history?hours=24&buckets=48")]);
      const plot = el("div", { className: "coverage-chart" });
      const line = (label, share, target) => el("div", null, t(label) + ": ", el("strong", null, percent(share)), " (" + t("coverage.target") + " "
        + percent(target) + ", " + (coverage.prefills > 0 && share >= target ? t("coverage.met") : t("coverage.notMet")) + ")");
      const card = el("div", { className: "card", "data-form": form.id }, el("h2", null, form.title + " (" + form.id + ")"),
        el("div", { className: "muted" }, t("coverage.prefills", { n: coverage.prefills })),
        line("coverage.fields", coverage.fields.share, coverage.fields.target),
        line("coverage.materials", coverage.materials.share, coverage.materials.target),
        el("div", { className: "muted" }, t("coverage.history")), plot);
      return { card, draw: () => {
        const times = history.buckets.map(b => Date.parse(b.start) / 1000);
        chart(plot, times, [
          { label: t("coverage.fields"), values: history.buckets.map(b => b.fieldShare), stroke: "#0b63ce" },
          { label: t("coverage.materials"), values: history.buckets.map(b => b.materialShare), stroke: "#1f8a4c" },
          { label: t("coverage.target") + " " + percent(history.fieldTarget), values: times.map(() => history.fieldTarget), stroke: "#0b63ce", dash: [4, 4] },
          { label: t("coverage.target") + " " + percent(history.materialTarget), values: times.map(() => history.materialTarget), stroke: "#1f8a4c", dash: [4, 4] }],
        { width: 400, height: 180, axes: true, percent: true, range: [0, 1] });
      } };
    }));
    show(el("h1", null, t("catalogue.title")),
      el("h2", null, t("coverage.title")), el("div", { className: "cards", id: "coverage" }, cards.map(c => c.card)),
      el("h2", null, t("catalogue.entities")),
      el("div", { id: "catalogue" }, catalogue.entities.map(entity => el("section", { "data-entity": entity.entity },
        el("h2", null, entity.entity), el("p", { className: "muted" }, entity.description),
        el("p", null, t("catalogue.departments") + ": " + entity.departments.join(", ")),
        el("p", null, t("catalogue.freshness") + ": " + (entity.sources.map(s => s.source + " — " + s.rows + " " + t("catalogue.rows") + ", "
          + t("catalogue.lastChange") + " " + when(s.lastChange)).join("; ") || t("none"))),
        table(null, ["catalogue.field", "catalogue.type", "catalogue.sharing", "catalogue.sensitivity", "catalogue.authority"],
          entity.fields.map(f => el("tr", null, el("td", { title: f.description || "" }, f.name), el("td", null, f.type), el("td", null, f.sharing),
            el("td", null, f.sensitivity), el("td", null, f.authority.join(" > ")))))))));
    cards.forEach(c => c.draw());
  }

  // ---- the citizen's view (for the portal's developers to copy) -------------------------------------------
  async function citizenPage(query) {
    const subject = query.get("subject") || "";
    const chosen = purpose();
    const form = el("form", { className: "inline", id: "citizen-form", submit: event => {
      event.preventDefault();
      const data = new FormData(event.target);
      sessionStorage.setItem(PURPOSE, data.get("purpose"));
      location.hash = "#/citizen?subject=" + encodeURIComponent(String(data.get("subject")).trim());
    } },
    el("label", null, t("citizen.subject") + " ", el("input", { id: "subject", name: "subject", value: subject, size: 22 })),
    el("label", null, t("citizen.purpose") + " ", el("select", { id: "purpose", name: "purpose" },
      (me.grants || []).map(g => el("option", { value: g.purpose, selected: g.purpose === chosen }, g.purpose)))),
    el("button", { type: "submit", id: "show-subject", className: "primary" }, t("show")));
    const content = el("div", { id: "citizen" });
    show(el("h1", null, t("citizen.title")), form, content);
    if (!subject) return;
    const result = el("div", { id: "correction-outcome" });
    let picture;
    try {
      picture = await api("GET", "/v1/subjects/" + encodeURIComponent(subject), undefined, chosen);
    } catch (error) {
      content.replaceChildren(refusal(error));
      return;
    }
    const wrong = (entity, key, field, shown) => el("button", { type: "button", className: "link", "data-wrong": entity + "." + field, click: async () => {
      const answer = await confirmAction(t("citizen.confirm.wrong", { entity, field }), { note: true, proposedValue: true });
      if (!answer) return;
      try {
        const filed = await api("POST", "/v1/corrections", { entity, subject: key, field, note: answer.note || "-",
          proposedValue: answer.value || null }, chosen);
        result.replaceChildren(outcome("outcome", t("citizen.filed", { id: filed.id, department: filed.department })));
      } catch (error) { result.replaceChildren(refusal(error)); }
    } }, t("citizen.wrong"));
    const records = Object.entries(picture.records).flatMap(([entity, list]) => list.map(record => el("section", { "data-record": entity },
      el("h2", null, entity + " · " + maskIdentityNumbers(record.key) + (record.roles ? " (" + record.roles.join(", ") + ")" : "")),
      table(null, ["citizen.field", "citizen.value", "citizen.source", "citizen.date", ""],
        Object.entries(record.fields).map(([name, field]) => el("tr", { "data-field": entity + "." + name },
          el("td", null, name),
          el("td", { className: field.masked ? "masked value" : "value" }, valueText(field.value),
            field.masked ? el("span", { className: "badge" }, t("citizen.masked")) : null,
            field.disputed ? el("span", { className: "badge" }, t("citizen.disputed")) : null),
          el("td", null, (field.source || "") + (field.department ? " · " + field.department : "")),
          el("td", null, when(field.asOf)),
          el("td", null, wrong(entity, record.key, name, field))))))));
    let log;
    try {
      const entries = (await api("GET", "/v1/subjects/" + encodeURIComponent(subject) + "/access-log?limit=100", undefined, chosen)).entries;
      log = table("access-log", ["citizen.at", "citizen.client", "citizen.purpose", "citizen.action", "citizen.fields"],
        entries.map(e => el("tr", { "data-seq": e.seq }, el("td", null, when(e.at)), el("td", null, e.organisation + " (" + e.client + ")"),
          el("td", null, e.purpose), el("td", null, e.action), el("td", null, e.fields.join(", ")))));
    } catch (error) {
      log = refusal(error);
    }
    content.replaceChildren(result, el("h2", null, t("citizen.records")), ...records, el("h2", null, t("citizen.accessLog")), log);
  }

  // ---- navigation -----------------------------------------------------------------------------------------
  const pages = [
    [/^#\/sources$/, () => sourcesPage(), true],
    [/^#\/sources\/(.+)$/, m => sourcePage(decodeURIComponent(m[1])), false],
    [/^#\/quarantine$/, (m, q) => quarantinePage(q), false],
    [/^#\/quarantine\/(\d+)$/, m => quarantineEntryPage(m[1]), false],
    [/^#\/stewardship$/, (m, q) => stewardshipPage(q), false],
    [/^#\/catalogue$/, () => cataloguePage(), false],
    [/^#\/citizen$/, (m, q) => citizenPage(q), false]];

  async function render() {
    clearTimeout(timer);
    translateStatic();
    const signedIn = sessionStorage.getItem(TOKEN);
    document.getElementById("nav").hidden = !signedIn;
    document.getElementById("sign-out").hidden = !signedIn;
    if (!signedIn) {
      document.getElementById("who").textContent = "";
      show(signInPage());
      return;
    }
    if (!me) {
      try {
        me = await api("GET", "/v1/client");
      } catch (error) {
        sessionStorage.removeItem(TOKEN);
        show(signInPage(t("signin.failed") + ": " + error.message));
        return;
      }
    }
    document.getElementById("who").textContent = t("who", { id: me.id, role: me.role });
    const [path, search] = (location.hash || (me.administrator ? "#/sources" : "#/citizen")).split("?");
    const query = new URLSearchParams(search || "");
    document.querySelectorAll("#nav a").forEach(a => a.classList.toggle("active", path.startsWith("#/" + a.dataset.page)));
    const page = pages.find(([pattern]) => pattern.test(path));
    if (!page) {
      location.hash = me.administrator ? "#/sources" : "#/citizen";
      return;
    }
    const shownHash = location.hash;
    try {
      await page[1](path.match(page[0]), query);
    } catch (error) {
      show(refusal(error));
    }
    main.dataset.page = path.split("/")[1];
    main.dataset.shown = shownHash; // what the page shows now (tests wait for it)
    if (page[2] && location.hash === shownHash) {
      // A live page: asked again every two seconds while it is shown.
      const again = () => {
        if (location.hash !== shownHash) return;
        if (document.getElementById("confirm").open) timer = setTimeout(again, POLL_MS); // not under an open question
        else render();
      };
      timer = setTimeout(again, POLL_MS);
    }
  }

  window.addEventListener("hashchange", render);
  document.getElementById("sign-out").addEventListener("click", signOut);
  document.getElementById("language").addEventListener("click", () => {
    localStorage.setItem(LANGUAGE, language() === "zh" ? "en" : "zh");
    render();
  });
  render();
})();
