// Rider activity pages: "near me" sorts the list by distance from the phone; QR check-in posts
// once per page view (one Idempotency-Key, so a retry is answered from the first request).
import {api, fill, locate, newKey, strings} from "../web/lib.js";

const near = document.getElementById("near-me");
if (near) {
  const T = strings("activity-strings");
  const status = document.getElementById("near-status");
  near.addEventListener("click", async () => {
    near.disabled = true;
    try {
      const here = await locate();
      const form = document.getElementById("activity-filter");
      form.lat.value = here.lat.toFixed(5);
      form.lng.value = here.lng.toFixed(5);
      form.submit();
    } catch (err) {
      status.textContent = T[`loc_${err.reason}`] || T.loc_unavailable;
      near.disabled = false;
    }
  });
}

const checkin = document.getElementById("checkin");
if (checkin) {
  const T = strings("checkin-strings");
  const out = document.getElementById("checkin-result");
  const key = checkin.dataset.key || newKey();
  checkin.addEventListener("click", async () => {
    checkin.disabled = true;
    try {
      const s = await api("/api/v1/activities/checkins", {method: "POST",
        headers: {"Idempotency-Key": key}, body: JSON.stringify({token: checkin.dataset.token})});
      out.textContent = fill(T.done, {points: s.points_awarded});
      out.className = "";
      checkin.remove();
    } catch (err) {
      out.textContent = err.message;
      out.className = "error";
      checkin.disabled = false;
    }
  });
}
