// The rider's case page: confirm (with a rating) or reopen a resolved case; answer the
// follow-up visit two weeks later.
import {api, say, strings} from "../web/lib.js";

const T = strings("case-strings");
const root = document.getElementById("case-app");
const errorBox = document.getElementById("case-error");
const url = `/api/v1/appeals/${root.dataset.appeal}`;
const fail = (err) => say(errorBox, err.message);

document.querySelectorAll("[data-action]").forEach((button) => button.addEventListener("click", async () => {
  const action = button.dataset.action;
  const body = {action, note: ""};
  if (action === "confirm") {
    const rating = document.querySelector("input[name=satisfaction]:checked");
    body.satisfaction = rating ? Number(rating.value) : undefined;
  }
  if (action === "reopen") body.note = window.prompt(T.what_else) || "";
  try {
    await api(`${url}/transitions`, {method: "POST", body: JSON.stringify(body)});
    window.location.reload();
  } catch (err) { fail(err); }
}));

document.querySelectorAll("[data-follow-up]").forEach((button) => button.addEventListener("click", async () => {
  try {
    await api(`${url}/follow-up`, {method: "POST", body: JSON.stringify({still_fixed: button.dataset.followUp === "true"})});
    window.location.reload();
  } catch (err) { fail(err); }
}));
