// The rider's appeal form: category, where (the phone's position), one sentence, a photo.
// Nearby open cases of the same category can be joined instead of filing a duplicate.
import {api, el, fill, locate, newKey, say, strings} from "../web/lib.js";

const T = strings("appeal-strings");
const form = document.getElementById("appeal-form");
const status = document.getElementById("loc-status");
const nearby = document.getElementById("nearby");
const errorBox = document.getElementById("form-error");
const maxBytes = Number(form.dataset.maxPhotoBytes);
let key = newKey();
const located = () => form.lat.value && form.lng.value;

locate().then((here) => {
  form.lat.value = here.lat.toFixed(6);
  form.lng.value = here.lng.toFixed(6);
  status.textContent = `${T.located} ✓`;
  loadNearby();
}, (err) => { status.textContent = err.reason === "unsupported" ? T.unsupported : T.noloc; });

async function loadNearby() {
  const category = form.category.value;
  if (!category || !located()) { nearby.replaceChildren(); return; }
  // GPS gives WGS-84; the API takes crs explicitly.
  const q = new URLSearchParams({lat: form.lat.value, lng: form.lng.value, crs: "wgs84", category});
  try {
    const body = await api(`/api/v1/appeals/nearby?${q}`);
    nearby.replaceChildren();
    if (!body.count) return;
    nearby.append(el("p", {}, T.nearby));
    for (const item of body.items) {
      const button = el("button", {type: "button", dataset: {testid: "me-too"}}, T.me_too);
      button.addEventListener("click", async () => {
        try {
          await api(`/api/v1/appeals/${item.id}/me-too`, {method: "POST"});
          button.textContent = `${T.joined} ✓`;
          button.disabled = true;
        } catch (err) { say(errorBox, err.message); }
      });
      const text = fill(T.nearby_item, {id: item.id, text: item.description, m: Math.round(item.distance_m), n: item.supporters + 1});
      nearby.append(el("div", {className: "nearby-case"}, el("span", {}, text), button));
    }
  } catch (err) { /* the list is a convenience: filing still works */ }
}
form.addEventListener("change", (e) => { if (e.target.name === "category") loadNearby(); });

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  say(errorBox, "");
  const photo = form.photo.files[0];
  if (!form.category.value) return say(errorBox, T.need_category);
  if (!located()) return say(errorBox, T.need_location);
  if (!form.description.value.trim()) return say(errorBox, T.need_text);
  if (photo && photo.size > maxBytes) return say(errorBox, T.too_big);
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    const appeal = await api("/api/v1/appeals", {
      method: "POST", headers: {"Idempotency-Key": key},
      body: JSON.stringify({category: form.category.value, description: form.description.value.trim(),
                            lat: Number(form.lat.value), lng: Number(form.lng.value), crs: "wgs84"}),
    });
    if (photo) {
      const data = new FormData();
      data.append("file", photo);
      try { await api(`/api/v1/appeals/${appeal.id}/photos`, {method: "POST", body: data}); }
      catch (err) { window.alert(T.photo_failed + err.message); }
    }
    key = newKey();
    window.location.href = `${form.dataset.caseUrl}${appeal.id}/`;
  } catch (err) {
    say(errorBox, err.message);
    button.disabled = false;
  }
});
