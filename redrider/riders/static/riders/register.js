// Rider sign-up: the SMS code button (one code a minute), and the county picked prefecture first
// (the same county name exists in several prefectures, e.g. 市中区 in Neijiang and Leshan).
import {api, strings} from "../web/lib.js";

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
