// The rider's appeal form: a category, where the problem is, one sentence, a photo.
//
// Where: the phone's position when location is allowed; otherwise (often, inside WeChat) a tap on
// the map or a landmark the rider knows (a station, a delivery site, the county seat). Before the
// rider submits, the pin is always said in words: county, nearest landmark and its distance.
// Photo: resized in the browser (web/photos.js) as soon as it is chosen; a file that is not a
// photo stops the submit with a message next to the field.
// Nearby open cases of the same category can be joined instead of filing a duplicate.
import {api, distance, el, fill, locate, newKey, say, strings} from "../web/lib.js";
import {createMap, metresBetween} from "../web/maps.js";
import {resizePhoto, size} from "../web/photos.js";

const T = strings("appeal-strings");
const places = JSON.parse(document.getElementById("appeal-places").textContent);
const form = document.getElementById("appeal-form");
const words = document.getElementById("pin-words");
const nearby = document.getElementById("nearby");
const mapEl = document.getElementById("pin-map");
const err = {
  category: document.getElementById("err-category"),
  where: document.getElementById("err-where"),
  description: document.getElementById("err-description"),
  photo: document.getElementById("err-photo"),
  form: document.getElementById("form-error"),
};
const metres = (m) => distance(m, T);
let key = newKey();
let pin = null;        // {lat, lng, source: "gps" | "map" | "landmark", name?}
let pinOk = false;     // the pin is inside a county we serve
let photo = null;      // {blob, bytes} once resized, or {error}
let map = null, marker = null;
let described = 0;     // the latest description request (older answers are dropped)

// ---- where ----------------------------------------------------------------------------------

async function describe(current) {
  const ticket = ++described;
  words.textContent = T.checking;
  words.dataset.state = "checking";
  const q = new URLSearchParams({lat: current.lat, lng: current.lng, crs: "wgs84"});
  let county = null, station = null;
  try {
    county = await api(`/api/v1/regions/locate?${q}`);
  } catch (e) { county = null; }
  if (!county || !county.region_code) {
    if (ticket !== described) return;
    pinOk = false;
    words.textContent = T.outside;
    words.dataset.state = "outside";
    say(err.where, T.outside_hint);
    return;
  }
  try {
    q.set("limit", "1");
    q.set("radius_m", "5000");
    const body = await api(`/api/v1/stations/nearby?${q}`);
    station = body.items[0] || null;
  } catch (e) { station = null; }
  if (ticket !== described) return;
  // The nearest thing the rider would recognise: the nearest station, or one of the county's
  // delivery sites or its seat if that is nearer.
  const here = [current.lat, current.lng];
  const candidates = places.items.map((p) => ({name: p.name, m: metresBetween(here, [p.lat, p.lng])}));
  if (station) candidates.push({name: station.name, m: station.distance_m});
  candidates.sort((a, b) => a.m - b.m);
  const near = candidates[0];
  pinOk = true;
  say(err.where, "");
  if (current.source === "landmark") words.textContent = fill(T.at_landmark, {county: county.name, landmark: current.name});
  else if (near && near.m <= 5000) words.textContent = fill(T.near_landmark, {county: county.name, landmark: near.name, distance: metres(near.m)});
  else words.textContent = fill(T.in_county, {county: county.name});
  words.dataset.state = "described";
}

function setPin(next) {
  pin = next;
  form.lat.value = next.lat.toFixed(6);
  form.lng.value = next.lng.toFixed(6);
  if (map) drawPin();
  describe(next);
  loadNearby();
}

function drawPin() {
  if (!pin) return;
  const at = [pin.lat, pin.lng];
  if (marker) marker.setLatLng(at);
  else marker = L.marker(at, {icon: L.divIcon({className: "pin-marker", iconSize: [22, 22]}), interactive: false}).addTo(map);
  // A zoom is never animated: Leaflet starts a zoom animation on the next frame and then moves
  // the map back to where it was aimed, so a tap right after it could land somewhere else.
  const zoom = Math.max(map.getZoom(), 15);
  if (zoom !== map.getZoom()) map.setView(at, zoom, {animate: false});
  else map.panTo(at);
}

let mapOpening = null;

function openMap() {
  mapEl.hidden = false;
  document.getElementById("pin-map-hint").hidden = false;
  mapOpening = mapOpening || (async () => {
    try {
      // Centred where the pin is when the map is ready (a landmark may be picked meanwhile).
      const made = await createMap(mapEl, {
        center: places.county ? [places.county.lat, places.county.lng] : [30.657, 104.066], zoom: 13,
      });
      map = made;
      map.on("click", (e) => setPin({lat: e.latlng.lat, lng: e.latlng.lng, source: "map"}));
      drawPin();
      mapEl.dataset.state = "ready";  // taps now place the pin (the browser tests wait for this)
    } catch (e) {
      mapEl.hidden = true;
      say(err.where, T.no_map);
    }
  })();
  return mapOpening;
}

function landmarkButtons() {
  const box = document.getElementById("landmark-list");
  const kinds = {seat: T.kind_seat, station: T.kind_station, site: T.kind_site};
  for (const p of places.items) {
    const b = el("button", {type: "button", className: "landmark", dataset: {testid: "landmark"}},
      el("b", {}, p.name), el("span", {className: "muted"}, kinds[p.kind] || ""));
    b.addEventListener("click", () => {
      setPin({lat: p.lat, lng: p.lng, source: "landmark", name: p.name});
      box.querySelectorAll(".landmark").forEach((x) => x.classList.toggle("chosen", x === b));
    });
    box.append(b);
  }
  if (!places.items.length) document.getElementById("landmarks").hidden = true;
}

async function useGps(asked = false) {
  if (asked || !pin) words.textContent = T.locating;
  try {
    const here = await locate();
    // A pin the rider placed meanwhile (map or landmark) is theirs: a late position does not move it.
    if (asked || !pin || pin.source === "gps") setPin({lat: here.lat, lng: here.lng, source: "gps"});
  } catch (e) {
    if (asked || !pin) {
      words.textContent = e.reason === "denied" ? T.denied : e.reason === "unsupported" ? T.unsupported : T.noloc;
      document.getElementById("landmarks").open = true;
    }
    openMap();
  }
}

document.getElementById("pick-map").addEventListener("click", openMap);
document.getElementById("use-gps").addEventListener("click", () => useGps(true));
landmarkButtons();
useGps();

// ---- nearby cases -------------------------------------------------------------------------------

async function loadNearby() {
  const category = form.category.value;
  if (!category || !pin) { nearby.replaceChildren(); return; }
  const q = new URLSearchParams({lat: pin.lat, lng: pin.lng, crs: "wgs84", category});
  try {
    const body = await api(`/api/v1/appeals/nearby?${q}`);
    nearby.replaceChildren();
    if (!body.count) return;
    nearby.append(el("p", {}, T.nearby));
    for (const item of body.items) {
      const button = el("button", {type: "button", dataset: {testid: "me-too"}}, T.me_too);
      const result = el("span", {className: "form-result", role: "status"});
      button.addEventListener("click", async () => {
        try {
          // "Me too" is for a case near where the rider is: the pin travels with the request.
          await api(`/api/v1/appeals/${item.id}/me-too`, {
            method: "POST",
            body: JSON.stringify({lat: pin.lat, lng: pin.lng, crs: "wgs84", category}),
          });
          button.textContent = `${T.joined} ✓`;
          button.disabled = true;
        } catch (e) { result.textContent = e.message; result.className = "form-result error"; }
      });
      const text = fill(T.nearby_item, {id: item.id, text: item.description, m: Math.round(item.distance_m), n: item.supporters + 1});
      nearby.append(el("div", {className: "nearby-case"}, el("span", {}, text), button, result));
    }
  } catch (e) { /* the list is a convenience: filing still works */ }
}
form.addEventListener("change", (e) => {
  if (e.target.name === "category") { say(err.category, ""); loadNearby(); }
});

// ---- photo --------------------------------------------------------------------------------------

const preview = document.getElementById("photo-preview");
form.photo.addEventListener("change", async () => {
  const file = form.photo.files[0];
  say(err.photo, "");
  preview.hidden = true;
  photo = null;
  if (!file) return;
  photo = {pending: true};
  try {
    const done = await resizePhoto(file);
    photo = done;
    const img = preview.querySelector("img");
    if (img.src) URL.revokeObjectURL(img.src);
    img.src = URL.createObjectURL(done.blob);
    preview.querySelector(".photo-size").textContent = fill(T.photo_ready, {size: size(done.bytes)});
    preview.hidden = false;
  } catch (e) {
    photo = {error: e.reason === "not_image" ? T.not_image : T.photo_too_big};
    say(err.photo, photo.error);
  }
});
document.getElementById("photo-remove").addEventListener("click", () => {
  form.photo.value = "";
  photo = null;
  preview.hidden = true;
  say(err.photo, "");
});

async function uploadPhoto(id) {
  const data = new FormData();
  data.append("file", photo.blob, "photo.jpg");
  await api(`/api/v1/appeals/${id}/photos`, {method: "POST", body: data});
}

// ---- submit -------------------------------------------------------------------------------------

let filed = null;  // the case, once filed (a retry only re-sends the photo)

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  Object.values(err).forEach((box) => say(box, ""));
  let first = null;
  const problem = (box, text) => { say(box, text); first = first || box; };
  if (!form.category.value) problem(err.category, T.need_category);
  if (!pin) problem(err.where, T.need_location);
  else if (!pinOk) problem(err.where, T.outside_hint);
  if (!form.description.value.trim()) problem(err.description, T.need_text);
  if (photo && photo.pending) problem(err.photo, T.photo_wait);
  if (photo && photo.error) problem(err.photo, T.photo_fix);
  if (first) { first.scrollIntoView({block: "center"}); return; }
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    if (!filed) {
      filed = await api("/api/v1/appeals", {
        method: "POST", headers: {"Idempotency-Key": key},
        body: JSON.stringify({category: form.category.value, description: form.description.value.trim(),
                              lat: pin.lat, lng: pin.lng, crs: "wgs84"}),
      });
    }
  } catch (e) {
    say(e.body && e.body.code && /point|crs|lat|lng|region/.test(e.body.code) ? err.where : err.form, e.message);
    button.disabled = false;
    return;
  }
  if (photo && photo.blob) {
    try {
      await uploadPhoto(filed.id);
    } catch (e) {
      // The case exists; the photo did not arrive. Say so next to the photo and let the rider
      // retry (the same button sends only the photo) or go on without it.
      say(err.photo, fill(T.photo_failed, {reason: e.message}));
      document.getElementById("go-without-photo").hidden = false;
      document.getElementById("go-without-photo").href = `${form.dataset.caseUrl}${filed.id}/`;
      button.textContent = T.retry_photo;
      button.disabled = false;
      return;
    }
  }
  key = newKey();
  window.location.href = `${form.dataset.caseUrl}${filed.id}/`;
});
