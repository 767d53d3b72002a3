// The ServiceQueue dashboard: one page, views chosen by the URL's hash, data from /api/* polled every second or two.
"use strict";

const view = document.getElementById("view");
const statusLine = document.getElementById("status");
const palette = ["#2f5bd3", "#1f8a4c", "#b7791f", "#8e44ad", "#c0392b", "#16a085", "#d35400", "#34495e"];
let timer = null;

function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c]));
}

async function api(path, options) {
  const response = await fetch(path, options);
  if (response.status === 401) {
    location.href = "/unauthorized";
    throw new Error("not signed in");
  }
  if (!response.ok) {
    throw new Error(path + ": " + response.status);
  }
  return response.status === 204 ? null : response.json();
}

function every(ms, action) {
  const run = async () => {
    try {
      await action();
      statusLine.textContent = "updated " + new Date().toLocaleTimeString();
    } catch (error) {
      statusLine.textContent = error.message;
    }
  };
  run();
  timer = setInterval(run, ms);
}

function colorFor(name) {
  let hash = 0;
  for (const c of name) hash = (hash * 31 + c.charCodeAt(0)) >>> 0;
  return palette[hash % palette.length];
}

function uptime(startedAt) {
  if (!startedAt) return "";
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(startedAt)) / 1000));
  const h = Math.floor(seconds / 3600), m = Math.floor(seconds / 60) % 60, s = seconds % 60;
  return (h ? h + "h " : "") + (h || m ? m + "m " : "") + s + "s";
}

function attributes(map) {
  return Object.entries(map || {}).map(([k, v]) => esc(k) + "=" + esc(v)).join(" · ");
}

async function serviceNames() {
  const resources = await api("/api/resources");
  return resources.filter(r => r.kind === "project").map(r => r.name);
}

// Resources: state, health, endpoints, pid, uptime, restarts; stop, start, restart.
function showResources() {
  view.innerHTML = `<table id="resources"><thead><tr><th>Name</th><th>Kind</th><th>State</th><th>Endpoints</th>
    <th>PID</th><th>Uptime</th><th>Restarts</th><th>Actions</th></tr></thead><tbody></tbody></table>`;
  const body = view.querySelector("tbody");
  body.addEventListener("click", async event => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    button.disabled = true;
    await api(`/api/resources/${encodeURIComponent(button.dataset.name)}/${button.dataset.action}`, { method: "POST" });
  });
  every(1000, async () => {
    const resources = await api("/api/resources");
    body.innerHTML = resources.map(r => `<tr data-resource="${esc(r.name)}">
      <td><a href="#/console/${encodeURIComponent(r.name)}">${esc(r.name)}</a></td>
      <td>${esc(r.kind)}</td>
      <td><span class="state ${esc(r.state)}">${esc(r.state)}</span>
        ${r.exitCode !== null && r.exitCode !== undefined ? `<span class="muted">exit ${esc(r.exitCode)}</span>` : ""}
        ${r.stoppedByUser ? `<span class="muted">stopped</span>` : ""}
        ${r.error ? `<div class="attrs">${esc(r.error)}</div>` : ""}</td>
      <td>${r.endpoints.map(e => e.url.startsWith("http")
        ? `<a href="${esc(e.url)}" target="_blank" rel="noopener">${esc(e.name)} ${esc(e.url)}</a>`
        : `${esc(e.name)} ${esc(e.url)}`).join("<br>")}</td>
      <td>${esc(r.pid ?? "")}</td>
      <td>${r.pid ? uptime(r.startedAt) : ""}</td>
      <td>${esc(r.restarts)}</td>
      <td>${["stop", "start", "restart"].map(a =>
        `<button data-action="${a}" data-name="${esc(r.name)}">${a}</button>`).join("")}</td>
    </tr>`).join("");
  });
}

// Console logs: the resource's own output, live, filtered on the server.
async function showConsole(resource) {
  const names = (await api("/api/resources")).map(r => r.name);
  resource = resource || names[0] || "";
  view.innerHTML = `<div class="toolbar">
      <select id="resource">${names.map(n => `<option ${n === resource ? "selected" : ""}>${esc(n)}</option>`).join("")}</select>
      <input id="search" placeholder="search" size="30">
      <label><input type="checkbox" id="follow" checked> follow</label>
    </div><pre class="console" id="lines"></pre>`;
  const lines = view.querySelector("#lines");
  const search = view.querySelector("#search");
  let last = 0;
  view.querySelector("#resource").addEventListener("change", e => { location.hash = "#/console/" + encodeURIComponent(e.target.value); });
  search.addEventListener("input", () => { last = 0; lines.textContent = ""; });
  every(1000, async () => {
    const q = search.value ? "&q=" + encodeURIComponent(search.value) : "";
    const page = await api(`/api/console/${encodeURIComponent(resource)}?after=${last}${q}`);
    last = page.last;
    if (page.lines.length) {
      lines.textContent += page.lines.map(l => l.text).join("\n") + "\n";
      if (view.querySelector("#follow").checked) lines.scrollTop = lines.scrollHeight;
    }
  });
}

// Structured logs from OTLP.
async function showLogs() {
  const services = await serviceNames();
  view.innerHTML = `<div class="toolbar">
      <select id="service"><option value="">all services</option>${services.map(s => `<option>${esc(s)}</option>`).join("")}</select>
      <select id="level">${["", "Debug", "Information", "Warning", "Error"].map(l => `<option value="${l}">${l || "any level"}</option>`).join("")}</select>
      <input id="search" placeholder="search message or attributes" size="36">
    </div>
    <table><thead><tr><th>Time</th><th>Level</th><th>Service</th><th>Message</th><th>Trace</th></tr></thead><tbody></tbody></table>`;
  const body = view.querySelector("tbody");
  every(2000, async () => {
    const params = new URLSearchParams({ limit: "300" });
    for (const id of ["service", "level"]) if (view.querySelector("#" + id).value) params.set(id, view.querySelector("#" + id).value);
    if (view.querySelector("#search").value) params.set("q", view.querySelector("#search").value);
    const logs = await api("/api/logs?" + params);
    body.innerHTML = logs.reverse().map(l => `<tr>
      <td>${esc(new Date(l.timestamp).toLocaleTimeString())}</td>
      <td class="level-${esc(l.level)}">${esc(l.level)}</td>
      <td>${esc(l.service)}</td>
      <td>${esc(l.message)}<div class="attrs">${esc(l.category)} ${attributes(l.attributes)}</div></td>
      <td>${l.traceId ? `<a href="#/traces/${esc(l.traceId)}">${esc(l.traceId.slice(0, 8))}</a>` : ""}</td>
    </tr>`).join("");
  });
}

// Traces: the list, and one trace as a waterfall.
async function showTraces() {
  const services = await serviceNames();
  view.innerHTML = `<div class="toolbar">
      <select id="service"><option value="">all services</option>${services.map(s => `<option>${esc(s)}</option>`).join("")}</select>
    </div>
    <table><thead><tr><th>Time</th><th>Name</th><th>Services</th><th>Spans</th><th>Duration</th><th></th></tr></thead><tbody></tbody></table>`;
  const body = view.querySelector("tbody");
  every(2000, async () => {
    const service = view.querySelector("#service").value;
    const traces = await api("/api/traces?limit=200" + (service ? "&service=" + encodeURIComponent(service) : ""));
    body.innerHTML = traces.map(t => `<tr>
      <td>${esc(new Date(t.start).toLocaleTimeString())}</td>
      <td><a href="#/traces/${esc(t.traceId)}">${esc(t.name)}</a></td>
      <td>${t.services.map(s => `<span style="color:${colorFor(s)}">${esc(s)}</span>`).join(", ")}</td>
      <td>${esc(t.spanCount)}</td>
      <td>${t.durationMs.toFixed(1)} ms</td>
      <td>${t.hasError ? `<span class="error">error</span>` : ""}</td>
    </tr>`).join("");
  });
}

async function showTrace(traceId) {
  const trace = await api("/api/traces/" + encodeURIComponent(traceId));
  const depth = new Map();
  const ids = new Set(trace.spans.map(s => s.spanId));
  const level = span => {
    if (depth.has(span.spanId)) return depth.get(span.spanId);
    const parent = span.parentSpanId && ids.has(span.parentSpanId) ? trace.spans.find(s => s.spanId === span.parentSpanId) : null;
    const d = parent && parent !== span ? level(parent) + 1 : 0;
    depth.set(span.spanId, d);
    return d;
  };
  const total = Math.max(trace.durationMs, 0.001);
  view.innerHTML = `<p><a href="#/traces">← traces</a> · trace <code>${esc(trace.traceId)}</code> ·
      ${trace.durationMs.toFixed(1)} ms · <a href="#/logs" id="trace-logs">logs of this trace</a></p>
    <table class="waterfall"><thead><tr><th>Span</th><th>Service</th><th style="width:45%">Timeline</th><th>Duration</th></tr></thead>
    <tbody>${trace.spans.map((s, i) => `<tr data-index="${i}">
      <td style="padding-left:${8 + level(s) * 16}px" class="${s.status === "error" ? "error" : ""}">${esc(s.name)}
        <span class="muted">${esc(s.kind)}</span></td>
      <td style="color:${colorFor(s.service)}">${esc(s.service)}</td>
      <td><div class="bar"><span style="left:${(s.offsetMs / total * 100).toFixed(2)}%;width:${(s.durationMs / total * 100).toFixed(2)}%;
        background:${s.status === "error" ? "var(--bad)" : colorFor(s.service)}"></span></div></td>
      <td>${s.durationMs.toFixed(2)} ms</td></tr>`).join("")}</tbody></table>
    <div id="detail" class="chart" style="margin-top:12px">Select a span.</div>`;
  view.querySelector("#trace-logs").addEventListener("click", async event => {
    event.preventDefault();
    const logs = await api("/api/logs?traceId=" + encodeURIComponent(trace.traceId));
    view.querySelector("#detail").innerHTML = "<h3>Logs</h3>" + (logs.map(l =>
      `<div><span class="level-${esc(l.level)}">${esc(l.level)}</span> ${esc(l.service)}: ${esc(l.message)}</div>`).join("") || "none");
  });
  view.querySelector("tbody").addEventListener("click", event => {
    const row = event.target.closest("tr[data-index]");
    if (!row) return;
    view.querySelectorAll("tr.selected").forEach(r => r.classList.remove("selected"));
    row.classList.add("selected");
    const s = trace.spans[Number(row.dataset.index)];
    view.querySelector("#detail").innerHTML = `<h3>${esc(s.name)}</h3>
      <div>${esc(s.service)} · ${esc(s.scope)} · ${esc(s.kind)} · status ${esc(s.status)} ${esc(s.statusMessage ?? "")}</div>
      <table>${Object.entries(s.attributes).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${esc(v)}</td></tr>`).join("")}</table>
      ${s.events.map(e => `<div class="attrs">+${e.offsetMs.toFixed(1)} ms ${esc(e.name)} ${attributes(e.attributes)}</div>`).join("")}`;
  });
}

// Metrics: request rate and latency from http.server.request.duration, and the system's own instruments.
function rates(series) {
  const out = [];
  for (let i = 1; i < series.points.length; i++) {
    const a = series.points[i - 1], b = series.points[i];
    const seconds = (Date.parse(b.time) - Date.parse(a.time)) / 1000;
    if (seconds <= 0) continue;
    const count = series.temporality === "delta" ? b.count : b.count - a.count;
    const sum = series.temporality === "delta" ? b.sum : b.sum - a.sum;
    out.push({ time: b.time, rate: Math.max(0, count) / seconds, mean: count > 0 ? sum / count : 0 });
  }
  return out;
}

function chart(title, unit, points) {
  if (points.length === 0) return `<div class="chart"><h3>${esc(title)}</h3><div class="muted">no data yet</div></div>`;
  const w = 400, h = 110;
  const xs = points.map(p => Date.parse(p.time)), ys = points.map(p => p.value);
  const x0 = Math.min(...xs), x1 = Math.max(...xs, x0 + 1), y1 = Math.max(...ys, 1e-9);
  const path = points.map((p, i) => `${i ? "L" : "M"}${((xs[i] - x0) / (x1 - x0) * w).toFixed(1)},${(h - ys[i] / y1 * (h - 10)).toFixed(1)}`).join(" ");
  const latest = ys[ys.length - 1];
  return `<div class="chart"><h3>${esc(title)} <span class="muted">${latest.toFixed(latest < 10 ? 2 : 0)} ${esc(unit)} (max ${y1.toFixed(2)})</span></h3>
    <svg viewBox="0 0 ${w} ${h}" preserveAspectRatio="none"><path d="${path}" fill="none" stroke="#2f5bd3" stroke-width="1.5"/></svg></div>`;
}

async function showMetrics(service) {
  const services = await serviceNames();
  service = service || services[0] || "";
  view.innerHTML = `<div class="toolbar"><select id="service">${services.map(s => `<option ${s === service ? "selected" : ""}>${esc(s)}</option>`).join("")}</select></div>
    <div class="charts" id="charts"></div>`;
  view.querySelector("#service").addEventListener("change", e => { location.hash = "#/metrics/" + encodeURIComponent(e.target.value); });
  const charts = view.querySelector("#charts");
  every(5000, async () => {
    const all = await api("/api/metrics?service=" + encodeURIComponent(service));
    const html = [];
    const requests = all.find(m => m.name === "http.server.request.duration");
    if (requests) {
      const r = rates(requests);
      html.push(chart("HTTP requests", "req/s", r.map(p => ({ time: p.time, value: p.rate }))));
      html.push(chart("HTTP latency (mean)", requests.unit === "s" ? "ms" : requests.unit,
        r.map(p => ({ time: p.time, value: requests.unit === "s" ? p.mean * 1000 : p.mean }))));
    }
    for (const m of all.filter(m => m.meter.startsWith("ServiceQueue."))) {
      if (m.kind === "histogram") {
        html.push(chart(m.name + " (rate)", "/s", rates(m).map(p => ({ time: p.time, value: p.rate }))));
      } else if (m.kind === "counter" && m.temporality === "cumulative") {
        const points = m.points.slice(1).map((p, i) => ({
          time: p.time,
          value: Math.max(0, p.value - m.points[i].value) / Math.max(0.001, (Date.parse(p.time) - Date.parse(m.points[i].time)) / 1000),
        }));
        html.push(chart(m.name + " (rate)", "/s", points));
      } else {
        html.push(chart(m.name, m.unit, m.points.map(p => ({ time: p.time, value: p.value }))));
      }
    }
    charts.innerHTML = html.join("") || `<div class="muted">No metrics from ${esc(service)} yet (they are exported every few seconds).</div>`;
  });
}

function route() {
  clearInterval(timer);
  const [, name = "resources", argument = ""] = location.hash.split("/");
  document.querySelectorAll("nav a").forEach(a => a.classList.toggle("active", a.dataset.view === name));
  const arg = decodeURIComponent(argument);
  const show = {
    resources: showResources,
    console: () => showConsole(arg),
    logs: showLogs,
    traces: () => (arg ? showTrace(arg) : showTraces()),
    metrics: () => showMetrics(arg),
  }[name] || showResources;
  Promise.resolve(show()).catch(error => { view.innerHTML = `<p class="error">${esc(error.message)}</p>`; });
}

window.addEventListener("hashchange", route);
route();
