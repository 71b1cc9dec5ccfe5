// Rider sign-up: the SMS code button (one code a minute), and the work county picked
// province → prefecture → county from the national region tree (the same county name exists
// in several prefectures, e.g. 市中区 in Neijiang and Leshan). The page carries the default
// province's prefectures and counties; another province loads through the regions API.
import {api, el, strings} from "../web/lib.js";

const T = strings("register-strings");
const button = document.getElementById("send-code");
const msg = document.getElementById("code-msg");

button.addEventListener("click", async () => {
  button.disabled = true;
  try {
    await api("/api/v1/riders/public/sms-codes", {method: "POST",
      body: JSON.stringify({phone: document.getElementById("phone").value})});
    msg.textContent = T.sent;
    setTimeout(() => { button.disabled = false; }, 60000);
  } catch (err) {
    msg.textContent = err.message;
    button.disabled = false;
  }
});

const province = document.getElementById("rp-province");
const prefecture = document.getElementById("rp-prefecture");
const county = document.getElementById("rp-county");
// prefecture code → [[code, name], ...], from the page first
const counties = {};
county.querySelectorAll("optgroup").forEach((group) => {
  counties[group.dataset.prefecture] = Array.from(group.querySelectorAll("option"), (o) => [o.value, o.textContent]);
});
const chosen = county.value;

function options(select, items, selected) {
  select.replaceChildren(el("option", {value: ""}, T.choose),
    ...items.map(([code, name]) => el("option", {value: code, selected: code === selected}, name)));
}

async function children(code) {
  const body = await api(`/api/v1/regions/${code}/children`);
  return body.items.map((r) => [r.code, r.name, r.level]);
}

async function showCounties() {
  const code = prefecture.value;
  if (!code) { options(county, [], ""); return; }
  if (!counties[code]) {
    options(county, [], "");
    county.firstChild.textContent = T.loading;
    try {
      const found = await children(code);
      // A county-level city directly under its province is its own only choice.
      counties[code] = found.length ? found : [[code, prefecture.selectedOptions[0].textContent]];
    } catch (err) { county.firstChild.textContent = T.failed; return; }
  }
  options(county, counties[code], chosen);
  if (counties[code].length === 1) county.value = counties[code][0][0];
}

province.addEventListener("change", async () => {
  options(prefecture, [], "");
  options(county, [], "");
  prefecture.firstChild.textContent = T.loading;
  try {
    options(prefecture, (await children(province.value)).map(([c, n]) => [c, n]), "");
  } catch (err) { prefecture.firstChild.textContent = T.failed; }
});
prefecture.addEventListener("change", showCounties);
// With the script the county list is the chosen prefecture's only (without it: all, grouped).
showCounties();
// The picker now answers a prefecture pick (the browser tests wait for this before picking).
document.getElementById("region-picker").dataset.state = "ready";
