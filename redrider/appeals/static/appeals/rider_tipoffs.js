// A tip-off about a merchant: where the rider stands is taken as the merchant's place.
import {api, locate, say, strings} from "../web/lib.js";

const T = strings("tipoff-strings");
const form = document.getElementById("tipoff-form");
const errorBox = document.getElementById("tip-error");
const maxBytes = Number(form.dataset.maxPhotoBytes);
let point = null;
locate().then((here) => { point = here; }, () => {});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!point) { say(errorBox, T.need_location); return; }
  const data = Object.fromEntries(new FormData(form));
  delete data.photo;
  try {
    const tip = await api("/api/v1/tipoffs", {method: "POST",
      body: JSON.stringify(Object.assign(data, {lat: point.lat, lng: point.lng, crs: "wgs84"}))});
    const photo = form.photo.files[0];
    if (photo && photo.size <= maxBytes) {
      const upload = new FormData();
      upload.append("file", photo);
      await api(`/api/v1/tipoffs/${tip.id}/photos`, {method: "POST", body: upload});
    }
    window.location.reload();
  } catch (err) { say(errorBox, err.message); }
});
