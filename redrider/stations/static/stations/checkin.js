// QR check-in: one Idempotency-Key per page view, so a double tap or a retry after a lost answer
// is answered from the first request instead of counting twice.
import {api, newKey} from "../web/lib.js";

const app = document.getElementById("checkin-app");
const button = document.getElementById("checkin-button");
if (app && button) {
  const key = newKey();
  app.dataset.idempotencyKey = key;
  const result = document.getElementById("checkin-result");
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const body = await api(`/api/v1/stations/${app.dataset.station}/checkins`,
                             {method: "POST", body: "{}", headers: {"Idempotency-Key": key}});
      document.querySelector("[data-testid=today-count]").textContent = body.today;
      document.querySelector("[data-testid=here-now]").textContent = body.here_now;
      result.textContent = body.counted ? app.dataset.ok : app.dataset.again;
      result.dataset.state = "done";
    } catch (err) {
      result.textContent = err.message;
      button.disabled = false;
    }
  });
}
