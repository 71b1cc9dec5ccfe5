// The survey builder: questions added one by one, saved through the API in one request.
import {api, el, strings} from "../web/lib.js";

const T = strings("survey-strings");
const list = document.getElementById("sv-questions");
const kindSelect = document.getElementById("sv-kind");
const labels = Object.fromEntries(Array.from(kindSelect.options, (o) => [o.value, o.textContent]));

document.getElementById("sv-add").addEventListener("click", () => {
  const kind = kindSelect.value;
  const remove = el("button", {type: "button", className: "link", ariaLabel: T.remove}, "✕");
  const li = el("li", {dataset: {kind}}, el("b", {}, labels[kind]), " ",
    el("input", {className: "q-text q-wide", maxLength: 255, placeholder: T.question}), " ",
    kind === "single" || kind === "multiple" ? el("input", {className: "q-options q-mid", placeholder: T.options}) : null,
    kind === "rating" ? el("input", {className: "q-scale", type: "number", min: 2, max: 10, value: 5, ariaLabel: T.scale}) : null,
    " ", remove);
  remove.addEventListener("click", () => li.remove());
  list.append(li);
});

document.getElementById("sv-save").addEventListener("click", async () => {
  const questions = Array.from(list.children, (li) => {
    const q = {kind: li.dataset.kind, text: li.querySelector(".q-text").value};
    const opts = li.querySelector(".q-options");
    if (opts) q.options = opts.value.split(/[、,，]/).map((s) => s.trim()).filter(Boolean);
    const scale = li.querySelector(".q-scale");
    if (scale) q.scale_max = parseInt(scale.value, 10);
    return q;
  });
  try {
    const survey = await api("/api/v1/riders/surveys", {method: "POST", body: JSON.stringify({
      title: document.getElementById("sv-title").value, intro: document.getElementById("sv-intro").value,
      open_now: document.getElementById("sv-open").checked, questions})});
    window.location = `${document.getElementById("builder").dataset.surveysUrl}${survey.id}/`;
  } catch (err) {
    document.getElementById("sv-msg").textContent = err.message;
  }
});
