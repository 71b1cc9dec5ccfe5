// The task page: the progress slider and the number box move together; the evidence form shows
// only the fields its kind needs. Everything works without this script (the number box is the
// submitted value, and every evidence field is shown).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input[type=range][data-sync]").forEach((range) => {
    const box = document.getElementById(range.dataset.sync);
    if (!box) return;
    range.addEventListener("input", () => { box.value = range.value; });
    box.addEventListener("input", () => { range.value = box.value; });
  });
  const kind = document.getElementById("wp-evidence-kind");
  if (kind) {
    const fields = kind.form.querySelectorAll("[data-kinds]");
    const show = () => fields.forEach((el) => {
      el.hidden = !el.dataset.kinds.split(" ").includes(kind.value);
    });
    kind.addEventListener("change", show);
    show();
  }
});
