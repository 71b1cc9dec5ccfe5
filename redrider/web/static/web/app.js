// Behaviour every page shares, declared in the markup instead of inline handlers:
//   <select data-autosubmit>      submits its form when changed (region, language, filters);
//   <form data-confirm="...">     asks before submitting (the question is already translated);
//   <form data-keep-enabled>      keeps its button enabled (pages that send by script);
//   <el data-brand="#c8161d">     takes a brand colour as --brand (see the end of this file).
// Other forms disable their button while sending, so a double tap does not post twice.
import {api, csrf} from "./lib.js";

document.addEventListener("htmx:configRequest", (event) => {
  event.detail.headers["X-CSRFToken"] = csrf();
});

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
    return;
  }
  if (event.defaultPrevented || form.hasAttribute("data-keep-enabled")) return;
  const button = form.querySelector("button[type=submit], button:not([type])");
  if (button) setTimeout(() => { button.disabled = true; }, 0);
});

document.addEventListener("change", (event) => {
  const field = event.target;
  if (field.matches && field.matches("[data-autosubmit]") && field.form) {
    if (field.form.requestSubmit) field.form.requestSubmit(); else field.form.submit();
  }
});

// Pages written before the modules (and the browser tests) reach the API through this global.
window.redrider = {csrf, api};

// <el data-brand="#c8161d">: a brand's colour as the --brand custom property, set through the
// CSSOM because the Content-Security-Policy refuses style attributes.
for (const el of document.querySelectorAll("[data-brand]")) {
  if (/^#[0-9a-fA-F]{3,8}$/.test(el.dataset.brand)) el.style.setProperty("--brand", el.dataset.brand);
}
