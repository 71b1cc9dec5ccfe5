// Coverage and site planning: the coverage of today's stations, then a plan computed in the
// background (polled until done) drawn on the map and listed in a table.
import {api, el, poll, strings} from "../web/lib.js";
import {createMap} from "../web/maps.js";

const config = JSON.parse(document.getElementById("plan-config").textContent);
const T = strings("plan-strings");
const SOURCES = {delivery_site: T.src_delivery_site, office: T.src_office, grid: T.src_grid, custom: T.src_custom};
const form = document.getElementById("plan-form");
const statusEl = document.getElementById("plan-status");
const progress = document.getElementById("plan-progress");
const figures = document.getElementById("plan-figures");
const sitesBody = document.querySelector("#plan-sites tbody");
const downloads = document.getElementById("plan-downloads");

const pct = (v, d = 1) => (v === null || v === undefined ? "—" : (v * 100).toFixed(d) + "%");
const metres = (v) => (v === null || v === undefined ? "—" : Math.round(v).toLocaleString() + " m");
const card = (label, value) => el("div", {className: "card"}, el("b", {}, value), label);
const setStatus = (text) => { statusEl.textContent = text; };

function params() {
  const data = new FormData(form);
  const body = {region: data.get("region")};
  if (data.get("promise") === "radius") body.radius_m = Number(data.get("radius_m"));
  else { body.minutes = Number(data.get("minutes")); body.speed_kmh = Number(data.get("speed_kmh")); body.detour = Number(data.get("detour")); }
  if (data.get("open_at")) body.open_at = data.get("open_at");
  if (data.get("demand_set")) body.demand_set = Number(data.get("demand_set"));
  return {body, data};
}

async function start() {
  const zoom = config.level === "county" ? 12 : config.level === "prefecture" ? 9 : 7;
  const map = await createMap("plan-map", {center: [config.lat, config.lng], zoom});
  const stationLayer = L.layerGroup().addTo(map);
  const hotspotLayer = L.layerGroup().addTo(map);
  const siteLayer = L.layerGroup().addTo(map);
  L.control.layers(null, {[T.layer_stations]: stationLayer, [T.layer_hotspots]: hotspotLayer, [T.layer_sites]: siteLayer}).addTo(map);

  function drawHotspots(cells) {
    hotspotLayer.clearLayers();
    const max = Math.max(1e-9, ...cells.map((c) => c.weight));
    for (const c of cells) {
      L.polygon(c.boundary, {color: "#f0883e", weight: 1, fillOpacity: 0.15 + 0.55 * c.weight / max, className: "plan-hotspot"})
        .bindTooltip(`${T.hotspot} ${c.weight.toFixed(1)} (${pct(c.share, 2)})`).addTo(hotspotLayer);
    }
  }
  function drawStations(stations, radius) {
    stationLayer.clearLayers();
    for (const s of stations) {
      L.circle([s.lat, s.lng], {radius, color: "#1f6feb", weight: 1, fillOpacity: 0.08}).addTo(stationLayer);
      L.circleMarker([s.lat, s.lng], {radius: 3, color: "#1f6feb", className: "plan-station"}).addTo(stationLayer);
    }
  }

  async function showCoverage() {
    const {body} = params();
    const query = new URLSearchParams(Object.entries(body).filter(([, v]) => v !== undefined && v !== ""));
    query.set("include_stations", "true");
    setStatus("…");
    try {
      const cov = await api("/api/v1/planning/coverage?" + query.toString());
      drawHotspots(cov.hotspots);
      drawStations(cov.stations || [], cov.radius_m);
      figures.replaceChildren(
        card(T.covered, pct(cov.covered_share)), card(T.median, metres(cov.median_m)),
        card(T.p90, metres(cov.p90_m)), card(T.spacing, cov.spacing ? metres(cov.spacing.median_m) : "—"),
        card(T.stations, cov.station_count), card(T.demand, cov.demand_points));
      setStatus(`${cov.region_name} · ${Math.round(cov.radius_m)} m`);
      return cov;
    } catch (err) { setStatus(err.message); return null; }
  }

  function drawPlan(plan) {
    siteLayer.clearLayers();
    sitesBody.replaceChildren();
    const bounds = [];
    for (const s of plan.sites) {
      const icon = L.divIcon({className: "plan-site plan-site-icon", html: String(s.rank), iconSize: [26, 26]});
      const popup = el("div", {}, `#${s.rank} ${T.gain} ${pct(s.gain, 2)}`, el("br"), `${SOURCES[s.source] || s.source} ${s.label || ""}`);
      L.marker([s.lat, s.lng], {icon, title: `#${s.rank}`}).bindPopup(popup).addTo(siteLayer);
      L.circle([s.lat, s.lng], {radius: plan.radius_m, color: "#c8161d", weight: 1, fillOpacity: 0.06}).addTo(siteLayer);
      bounds.push([s.lat, s.lng]);
      const cells = [s.rank, `${s.lat.toFixed(5)}, ${s.lng.toFixed(5)}`, pct(s.gain, 2), SOURCES[s.source] || s.source, s.label || "—"];
      sitesBody.append(el("tr", {}, ...cells.map((text) => el("td", {}, text))));
    }
    if (bounds.length) map.fitBounds(bounds, {padding: [40, 40], maxZoom: 14});
    drawHotspots(plan.hotspots || []);
    const before = (plan.figures || {}).before || {}, after = (plan.figures || {}).after || {};
    figures.replaceChildren(
      card(T.baseline, pct(plan.baseline_coverage)), card(T.coverage, pct(plan.coverage)),
      card(T.bound, pct(plan.bound, 2)), card(T.gap, pct(plan.gap, 2)),
      card(T.median, `${metres(before.median_m)} → ${metres(after.median_m)}`),
      card(T.p90, `${metres(before.p90_m)} → ${metres(after.p90_m)}`),
      card(T.stations, plan.station_count), card(T.demand, plan.demand_points));
    downloads.replaceChildren();
    const links = [["xlsx", T.export_xlsx, `/planning/plans/${plan.id}/export.xlsx`], ["docx", T.export_docx, `/planning/plans/${plan.id}/report.docx`]];
    for (const [kind, label, href] of links) {
      downloads.append(el("a", {className: "button", href, dataset: {kind}}, label), " ");
    }
  }

  async function follow(id) {
    progress.hidden = false;
    const bar = progress.querySelector("progress");
    const plan = await poll(() => api(`/api/v1/planning/plans/${id}`), {
      first: 0, interval: 1500,
      isDone: (p) => p.status === "done" || p.status === "failed",
      onProgress: (p) => {
        bar.value = p.progress;
        if (p.status !== "done" && p.status !== "failed") {
          setStatus(`${p.status === "queued" ? T.queued : T.running} ${p.progress}% ${p.progress_note || ""}`);
        }
      },
    });
    progress.hidden = true;
    if (plan.status === "failed") { setStatus(`${T.failed}: ${plan.error}`); return; }
    setStatus(`${T.done} · ${plan.solver} · ${plan.seconds ? plan.seconds.toFixed(1) + " s" : ""}`);
    drawPlan(plan);
  }

  document.getElementById("promise-kind").addEventListener("change", (e) => {
    const radius = e.target.value === "radius";
    document.querySelectorAll(".by-radius").forEach((x) => { x.hidden = !radius; });
    document.querySelectorAll(".by-minutes").forEach((x) => { x.hidden = radius; });
  });
  document.getElementById("show-coverage").addEventListener("click", showCoverage);
  document.getElementById("plan-region").addEventListener("change", (e) => {
    window.location.search = "?region=" + encodeURIComponent(e.target.value);
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const {body, data} = params();
    if (data.get("target_pct")) body.target_share = Number(data.get("target_pct")) / 100;
    else body.k = Number(data.get("k"));
    body.candidate_sources = data.getAll("candidate_sources");
    setStatus(T.running + "…");
    const button = document.getElementById("run-plan");
    button.disabled = true;
    try {
      const cov = showCoverage();
      const plan = await api("/api/v1/planning/plans", {method: "POST", body: JSON.stringify(body)});
      await cov;
      await follow(plan.id);
    } catch (err) {
      setStatus(err.message);
    } finally {
      button.disabled = false;
    }
  });
  if (config.plan) follow(config.plan);
}

start();
