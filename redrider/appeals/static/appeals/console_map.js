// The hotspot map of the console: clusters of open cases as circles, and the same clusters as
// a table (which works with no map at all). The region in focus comes from the page.
import {api, el} from "../web/lib.js";
import {createMap} from "../web/maps.js";

const root = document.getElementById("hotspot-map");
const form = document.getElementById("map-filters");
const rows = document.getElementById("hotspot-rows");

function caseLinks(ids) {
  const span = el("span");
  for (const id of ids.slice(0, 20)) span.append(el("a", {href: `/appeals/console/${id}/`}, `#${id}`), " ");
  return span;
}

async function start() {
  const map = await createMap(root, {center: [30.66, 104.07], zoom: 11});
  const layer = L.layerGroup().addTo(map);
  async function load(event) {
    if (event) event.preventDefault();
    const q = new URLSearchParams(new FormData(form));
    q.set("region", root.dataset.region || "");
    const body = await api(`/api/v1/appeals/hotspots?${q}`);
    layer.clearLayers();
    rows.replaceChildren();
    const bounds = [];
    for (const h of body.items) {
      const popup = el("div", {}, el("b", {}, h.category_label), ` · ${h.size}`, el("br"), caseLinks(h.case_ids));
      L.circle([h.lat, h.lng], {radius: h.radius_m, color: "#c8161d", weight: 1, fillOpacity: Math.min(0.15 + h.weight / 40, 0.6)})
        .bindPopup(popup).addTo(layer);
      bounds.push([h.lat, h.lng]);
      rows.append(el("tr", {}, el("td", {}, h.category_label), el("td", {}, h.size), el("td", {}, h.weight),
                     el("td", {}, caseLinks(h.case_ids))));
    }
    if (bounds.length) map.fitBounds(bounds, {maxZoom: 15, padding: [30, 30]});
  }
  form.addEventListener("submit", load);
  load();
}

if (root) start();
