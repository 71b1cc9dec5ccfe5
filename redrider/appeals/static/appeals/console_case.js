// The officer's case page: the pin on a small map, drawn after the page (the action buttons
// never wait for the map library).
import {createMap} from "../web/maps.js";

const mapEl = document.getElementById("case-map");
if (mapEl) {
  const at = [Number(mapEl.dataset.lat), Number(mapEl.dataset.lng)];
  const draw = () => createMap(mapEl, {center: at, zoom: 15}).then((map) => {
    L.marker(at, {icon: L.divIcon({className: "pin-marker", iconSize: [22, 22]}), interactive: false}).addTo(map);
  }).catch(() => { mapEl.hidden = true; });
  // After the page has settled, so a click on an action is not slowed by the map.
  if (document.readyState === "complete") setTimeout(draw, 0);
  else window.addEventListener("load", () => setTimeout(draw, 0));
}
