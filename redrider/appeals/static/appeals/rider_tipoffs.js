// A tip-off about a merchant. Where the rider stands is taken as the merchant's place; with no
// location (often denied in WeChat) the rider taps the place on a map. The photo is resized in
// the browser first, and a file that is not a photo stops the submit with a message beside it.
import {api, fill, locate, say, strings} from "../web/lib.js";
import {createMap} from "../web/maps.js";
import {resizePhoto, size} from "../web/photos.js";

const T = strings("tipoff-strings");
const places = JSON.parse(document.getElementById("tipoff-places").textContent);
const form = document.getElementById("tipoff-form");
const errorBox = document.getElementById("tip-error");
const whereEl = document.getElementById("tip-loc");
const photoErr = document.getElementById("tip-photo-error");
const mapEl = document.getElementById("tip-map");
let point = null, photo = null, map = null, marker = null;

async function setPoint(next) {
  point = next;
  if (map) {
    if (marker) marker.setLatLng([next.lat, next.lng]);
    else marker = L.marker([next.lat, next.lng], {icon: L.divIcon({className: "pin-marker", iconSize: [22, 22]})}).addTo(map);
  }
  try {
    const q = new URLSearchParams({lat: next.lat, lng: next.lng, crs: "wgs84"});
    const county = await api(`/api/v1/regions/locate?${q}`);
    whereEl.textContent = county.region_code ? fill(T.at, {county: county.name}) : T.outside;
    point.ok = Boolean(county.region_code);
  } catch (e) { point.ok = true; }
}

async function openMap() {
  mapEl.hidden = false;
  if (map) return;
  const start = places.county ? [places.county.lat, places.county.lng] : [30.657, 104.066];
  map = await createMap(mapEl, {center: start, zoom: 14});
  map.on("click", (e) => setPoint({lat: e.latlng.lat, lng: e.latlng.lng}));
}

locate().then((here) => setPoint(here), () => {
  whereEl.textContent = T.tap_map;
  openMap();
});

form.photo.addEventListener("change", async () => {
  say(photoErr, "");
  photo = null;
  const file = form.photo.files[0];
  if (!file) return;
  photo = {pending: true};
  try {
    photo = await resizePhoto(file);
    say(photoErr, fill(T.photo_ready, {size: size(photo.bytes)}));
    photoErr.className = "form-result ok";
  } catch (e) {
    photo = {error: true};
    photoErr.className = "field-error";
    say(photoErr, e.reason === "not_image" ? T.not_image : T.photo_too_big);
  }
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  say(errorBox, "");
  if (!point) { say(errorBox, T.need_location); return; }
  if (point.ok === false) { say(errorBox, T.outside); return; }
  if (photo && (photo.error || photo.pending)) { photoErr.scrollIntoView({block: "center"}); return; }
  const data = Object.fromEntries(new FormData(form));
  delete data.photo;
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const tip = await api("/api/v1/tipoffs", {method: "POST",
      body: JSON.stringify(Object.assign(data, {lat: point.lat, lng: point.lng, crs: "wgs84"}))});
    if (photo && photo.blob) {
      const upload = new FormData();
      upload.append("file", photo.blob, "photo.jpg");
      await api(`/api/v1/tipoffs/${tip.id}/photos`, {method: "POST", body: upload});
    }
    window.location.reload();
  } catch (err) { say(errorBox, err.message); button.disabled = false; }
});
