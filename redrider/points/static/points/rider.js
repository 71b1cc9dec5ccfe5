// The rider's points tab. Redeeming asks first (what it costs, where to pick it up), then
// updates the balance, the stock and every card's availability in place — no reload. One
// Idempotency-Key per confirmed redemption, reused if the same confirmation is retried.
// With the phone's position the rewards are re-sorted by distance from the rider.
import {api, distance, el, fill, locate, newKey, say, strings} from "../web/lib.js";

const T = strings("points-strings");
const balanceEl = document.getElementById("balance");
const cards = Array.from(document.querySelectorAll(".reward"));

function refresh(balance) {
  for (const card of cards) {
    const cost = Number(card.dataset.cost), stock = Number(card.dataset.stock);
    const reasonEl = card.querySelector(".reward-reason");
    let reason = "";
    if (card.dataset.limitReached) reason = card.dataset.limitReached;  // said by the page
    else if (stock < 1) reason = T.sold_out;
    else if (cost > balance) reason = fill(T.short, {n: cost - balance});
    say(reasonEl, reason);
    card.classList.toggle("unavailable", Boolean(reason));
    card.querySelector(".redeem").disabled = Boolean(reason);
    card.querySelector(".reward-stock").textContent = fill(T.stock, {n: stock});
  }
}

for (const card of cards) {
  const redeem = card.querySelector(".redeem");
  const confirmBox = card.querySelector(".reward-confirm");
  const result = card.querySelector(".form-result");
  let key = null;
  redeem.addEventListener("click", () => {
    key = newKey();
    say(result, "");
    const question = fill(T.confirm, {cost: card.dataset.cost, name: card.dataset.name}) +
      (card.dataset.place ? " " + fill(T.pickup, {place: card.dataset.place, days: card.dataset.days}) : "");
    confirmBox.querySelector(".reward-question").textContent = question;
    confirmBox.hidden = false;
    redeem.hidden = true;
    confirmBox.querySelector(".confirm-yes").focus();
  });
  confirmBox.querySelector(".confirm-no").addEventListener("click", () => {
    confirmBox.hidden = true;
    redeem.hidden = false;
  });
  const yes = confirmBox.querySelector(".confirm-yes");
  yes.addEventListener("click", async () => {
    yes.disabled = true;
    try {
      const order = await api("/api/v1/points/redemptions", {method: "POST",
        headers: {"Idempotency-Key": key}, body: JSON.stringify({item_id: Number(card.dataset.item), quantity: 1})});
      const balance = Number(balanceEl.textContent) - order.points;
      balanceEl.textContent = String(balance);
      card.dataset.stock = String(Number(card.dataset.stock) - order.quantity);
      result.className = "form-result ok";
      result.replaceChildren(T.redeemed, " ", el("b", {className: "pickup-code", dataset: {testid: "pickup-code"}}, order.pickup_code));
      result.hidden = false;
      addOrder(card.dataset.name, order);
      refresh(balance);
    } catch (err) {
      result.className = "form-result error";
      say(result, err.message);
      if (err.body && err.body.code === "out_of_stock") card.dataset.stock = "0";
      if (err.body && err.body.code === "per_rider_limit") card.dataset.limitReached = err.message;
      if (err.body && err.body.code === "insufficient_points" && err.body.available !== undefined) {
        balanceEl.textContent = String(err.body.available);
      }
      refresh(Number(balanceEl.textContent));
    }
    yes.disabled = false;
    confirmBox.hidden = true;
    redeem.hidden = false;
  });
}

function addOrder(name, order) {
  const list = document.getElementById("orders");
  const empty = document.getElementById("no-orders");
  if (empty) empty.remove();
  list.prepend(el("li", {}, `${name} × ${order.quantity} · ${order.status_label} · `,
    el("b", {className: "pickup-code"}, order.pickup_code)));
}

// Nearest first, from where the phone is (the page was sorted from the rider's work county).
locate({timeout: 8000}).then((here) => {
  const box = document.getElementById("catalogue");
  const far = Number.POSITIVE_INFINITY;
  const rad = Math.PI / 180;
  const metres = (c) => {
    if (!c.dataset.lat) return far;
    const dLat = (Number(c.dataset.lat) - here.lat) * rad, dLng = (Number(c.dataset.lng) - here.lng) * rad;
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(here.lat * rad) * Math.cos(Number(c.dataset.lat) * rad) * Math.sin(dLng / 2) ** 2;
    return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
  };
  const sorted = cards.map((c) => [metres(c), Number(c.dataset.cost), c]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  for (const [m, , card] of sorted) {
    if (m !== far) card.querySelector(".reward-distance").textContent = ` · ${distance(m, T)}`;
    box.append(card);
  }
}, () => { /* no position: the page's order (from the work county) stands */ });

document.querySelectorAll("button.apply").forEach((b) => b.addEventListener("click", async () => {
  try {
    await api(`/api/v1/points/benefits/${b.dataset.benefit}/applications`, {method: "POST"});
    b.replaceWith(T.applied);
  } catch (err) { b.insertAdjacentText("afterend", " " + err.message); }
}));
