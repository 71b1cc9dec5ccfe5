// Honours pages: live totals of score forms, range sliders mirrored into number inputs,
// a "copy link" button for sharing in WeChat.
// Fed only by data- attributes: no inline script on any page.

function sumInto(form) {
  const target = document.querySelector(form.dataset.totalTarget);
  if (!target) return;
  let total = 0;
  for (const input of form.querySelectorAll(form.dataset.totalOf)) {
    const value = Number.parseInt(input.value, 10);
    if (Number.isFinite(value)) total += value;
  }
  target.textContent = String(total);
}

for (const form of document.querySelectorAll("form[data-total-of]")) {
  form.addEventListener("input", () => sumInto(form));
  sumInto(form);
}

for (const range of document.querySelectorAll("input[type=range][data-mirror]")) {
  const number = document.querySelector(range.dataset.mirror);
  if (!number) continue;
  range.addEventListener("input", () => {
    number.value = range.value;
    number.dispatchEvent(new Event("input", {bubbles: true}));
  });
  number.addEventListener("input", () => {
    if (number.value !== "") range.value = number.value;
  });
}

// Confirmations (form[data-confirm]) are asked once, by the shared web/app.js.

for (const button of document.querySelectorAll("[data-copy-link]")) {
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(window.location.href);
      button.textContent = button.dataset.done;
    } catch {
      window.prompt("", window.location.href);
    }
  });
}
