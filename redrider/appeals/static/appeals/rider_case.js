// The rider's case page: where the pin is (a small map, loaded after the page), a photo added
// after filing (resized first), confirming (with a rating the rider chooses — none is
// preselected) or reopening a resolved case, and the follow-up two weeks later.
import {api, fill, say, strings} from "../web/lib.js";
import {createMap} from "../web/maps.js";
import {resizePhoto, size} from "../web/photos.js";

const T = strings("case-strings");
const root = document.getElementById("case-app");
const url = `/api/v1/appeals/${root.dataset.appeal}`;

document.querySelectorAll("[data-action]").forEach((button) => button.addEventListener("click", async () => {
  const action = button.dataset.action;
  const result = document.querySelector('[data-result-for="confirm"]');
  say(result, "");
  const body = {action, note: ""};
  if (action === "confirm") {
    const rating = document.querySelector("input[name=satisfaction]:checked");
    if (!rating) { say(document.getElementById("rating-error"), T.need_rating); return; }
    body.satisfaction = Number(rating.value);
  }
  if (action === "reopen") body.note = window.prompt(T.what_else) || "";
  button.disabled = true;
  try {
    await api(`${url}/transitions`, {method: "POST", body: JSON.stringify(body)});
    window.location.reload();
  } catch (err) { say(result, err.message); button.disabled = false; }
}));
document.querySelectorAll("input[name=satisfaction]").forEach((x) => x.addEventListener("change", () => {
  say(document.getElementById("rating-error"), "");
}));

document.querySelectorAll("[data-follow-up]").forEach((button) => button.addEventListener("click", async () => {
  const result = document.querySelector('[data-result-for="follow-up"]');
  try {
    await api(`${url}/follow-up`, {method: "POST", body: JSON.stringify({still_fixed: button.dataset.followUp === "true"})});
    window.location.reload();
  } catch (err) { say(result, err.message); }
}));

const adder = document.getElementById("add-photo");
if (adder) {
  const result = document.getElementById("photo-result");
  const show = (text, kind) => { say(result, text); result.className = `form-result ${kind}`; };
  adder.photo.addEventListener("change", async () => {
    const file = adder.photo.files[0];
    if (!file) return;
    let photo;
    try {
      photo = await resizePhoto(file);
    } catch (err) {
      show(err.reason === "not_image" ? T.not_image : T.photo_too_big, "error");
      return;
    }
    show(fill(T.photo_ready, {size: size(photo.bytes)}), "");
    const data = new FormData();
    data.append("file", photo.blob, "photo.jpg");
    try {
      await api(`${url}/photos`, {method: "POST", body: data});
      show(T.photo_added, "ok");
      window.location.reload();
    } catch (err) { show(err.message, "error"); }
  });
}

const mapEl = document.getElementById("case-map");
if (mapEl) {
  const at = [Number(mapEl.dataset.lat), Number(mapEl.dataset.lng)];
  createMap(mapEl, {center: at, zoom: 15, zoomControl: false}).then((map) => {
    L.marker(at, {icon: L.divIcon({className: "pin-marker", iconSize: [22, 22]}), interactive: false}).addTo(map);
  }).catch(() => { mapEl.hidden = true; });
}
