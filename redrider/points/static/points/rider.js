// The rider's points tab: redeem an item (one Idempotency-Key per intended redemption) and
// apply for a benefit.
import {api, el, newKey, strings} from "../web/lib.js";

const T = strings("points-strings");
const out = document.getElementById("redeem-result");

document.querySelectorAll("button.redeem").forEach((b) => b.addEventListener("click", async () => {
  b.disabled = true;
  try {
    const order = await api("/api/v1/points/redemptions", {method: "POST",
      headers: {"Idempotency-Key": newKey()},
      body: JSON.stringify({item_id: Number(b.dataset.item), quantity: 1})});
    out.className = "";
    out.replaceChildren(T.redeemed, " ", el("b", {className: "pickup-code", dataset: {testid: "pickup-code"}}, order.pickup_code));
  } catch (err) {
    out.textContent = err.message;
    out.className = "error";
  }
  b.disabled = false;
}));

document.querySelectorAll("button.apply").forEach((b) => b.addEventListener("click", async () => {
  try {
    await api(`/api/v1/points/benefits/${b.dataset.benefit}/applications`, {method: "POST"});
    b.replaceWith(T.applied);
  } catch (err) { b.insertAdjacentText("afterend", " " + err.message); }
}));
