// The week editor for a station's opening hours: groups of days × time ranges, "24 h", and the
// rule for public holidays. It writes OpenStreetMap `opening_hours` syntax into the raw field
// (kept under "advanced" for people who know the syntax), and refuses overlapping ranges with a
// message next to the editor before anything is sent.
import {el, fill, strings} from "../web/lib.js";

const OSM_DAYS = ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"];
const minutes = (t) => { const [h, m] = t.split(":").map(Number); return h * 60 + m; };

function start(root) {
  const T = strings(root.dataset.strings);
  const initial = JSON.parse(document.getElementById(root.dataset.initial).textContent);
  const raw = document.getElementById(root.dataset.raw);
  const dayNames = initial.day_names;
  const form = raw.form;
  const rowsEl = root.querySelector(".hours-rows");
  const allDay = root.querySelector("[name=hours_all_day]");
  const holiday = root.querySelector("[name=hours_holiday]");
  const holidayTimes = root.querySelector(".hours-holiday-times");
  const preview = root.querySelector(".hours-preview");
  const errorEl = root.querySelector(".hours-error");
  let touched = false;  // the editor writes the raw field only once the host used it

  // ---- the model, from the page: each day's ranges this week, grouped by identical ranges ----
  const groups = new Map();
  initial.week.forEach((ranges, day) => {
    if (!ranges.length) return;
    const k = JSON.stringify(ranges);
    if (!groups.has(k)) groups.set(k, {days: new Set(), ranges: ranges.map((r) => [r[0], r[1] === "24:00" ? "24:00" : r[1]])});
    groups.get(k).days.add(day);
  });
  const isAllDay = initial.week.length === 7 && initial.week.every((r) => r.length === 1 && r[0][0] === "00:00" && r[0][1] === "24:00");
  allDay.checked = isAllDay;
  holiday.value = initial.holiday.kind;
  if (initial.holiday.kind === "times") {
    holidayTimes.querySelector("[name=hours_holiday_from]").value = initial.holiday.from;
    holidayTimes.querySelector("[name=hours_holiday_to]").value = initial.holiday.to;
  }
  if (isAllDay || !groups.size) addRow({days: new Set([0, 1, 2, 3, 4, 5, 6]), ranges: [["09:00", "21:00"]]});
  else for (const g of groups.values()) addRow(g);

  function addRange(list, [from, to]) {
    const remove = el("button", {type: "button", className: "link", ariaLabel: T.remove_range}, "✕");
    const item = el("div", {className: "hours-range"},
      el("input", {type: "time", className: "from", value: from, ariaLabel: T.opens, required: true}), "–",
      el("input", {type: "time", className: "to", value: to === "24:00" ? "23:59" : to, ariaLabel: T.closes, required: true}),
      remove);
    if (to === "24:00") item.dataset.endOfDay = "1";
    remove.addEventListener("click", () => { item.remove(); changed(); });
    list.append(item);
  }

  function addRow(group) {
    const days = el("div", {className: "hours-days"}, ...dayNames.map((name, i) =>
      el("label", {className: "chip"}, el("input", {type: "checkbox", value: i, checked: group.days.has(i)}), el("span", {}, name))));
    const list = el("div", {className: "hours-ranges"});
    group.ranges.forEach((r) => addRange(list, r));
    const more = el("button", {type: "button"}, T.add_range);
    more.addEventListener("click", () => { addRange(list, ["14:00", "18:00"]); changed(); });
    const drop = el("button", {type: "button", className: "link"}, T.remove_row);
    const row = el("div", {className: "hours-row", dataset: {testid: "hours-row"}}, days, list, el("div", {className: "hours-row-actions"}, more, " ", drop));
    drop.addEventListener("click", () => { row.remove(); changed(); });
    rowsEl.append(row);
  }

  function model() {
    return Array.from(rowsEl.querySelectorAll(".hours-row"), (row) => ({
      days: Array.from(row.querySelectorAll(".hours-days input:checked"), (x) => Number(x.value)),
      ranges: Array.from(row.querySelectorAll(".hours-range"), (r) => {
        const to = r.querySelector(".to").value;
        return [r.querySelector(".from").value, r.dataset.endOfDay && to === "23:59" ? "24:00" : to];
      }),
    })).filter((g) => g.days.length || g.ranges.length);
  }

  function problems(groups) {
    const seen = new Map();
    for (const g of groups) {
      if (!g.days.length) return T.need_days;
      if (!g.ranges.length) return T.need_range;
      for (const d of g.days) {
        if (seen.has(d)) return fill(T.day_twice, {day: dayNames[d]});
        seen.set(d, true);
      }
      const spans = [];
      for (const [from, to] of g.ranges) {
        if (!from || !to) return T.need_range;
        if (from === to) return fill(T.same_time, {time: from});
        const a = minutes(from), b = to === "24:00" ? 1440 : minutes(to);
        spans.push([a, b > a ? b : b + 1440, `${from}–${to}`]);  // past midnight: ends next day
      }
      spans.sort((x, y) => x[0] - y[0]);
      for (let i = 1; i < spans.length; i++) {
        if (spans[i][0] < spans[i - 1][1]) return fill(T.overlap, {a: spans[i - 1][2], b: spans[i][2]});
      }
    }
    return "";
  }

  function daysOsm(days) {
    const sorted = [...days].sort((a, b) => a - b), runs = [];
    for (const d of sorted) {
      if (runs.length && runs[runs.length - 1][1] === d - 1) runs[runs.length - 1][1] = d;
      else runs.push([d, d]);
    }
    return runs.map(([a, b]) => (b - a >= 2 ? `${OSM_DAYS[a]}-${OSM_DAYS[b]}` : b > a ? `${OSM_DAYS[a]},${OSM_DAYS[b]}` : OSM_DAYS[a])).join(",");
  }

  function daysWords(days) {
    if (days.length === 7) return T.every_day;
    const sorted = [...days].sort((a, b) => a - b), runs = [];
    for (const d of sorted) {
      if (runs.length && runs[runs.length - 1][1] === d - 1) runs[runs.length - 1][1] = d;
      else runs.push([d, d]);
    }
    return runs.map(([a, b]) => (b - a >= 2 ? fill(T.from_to, {first: dayNames[a], last: dayNames[b]})
      : b > a ? `${dayNames[a]}${T.sep}${dayNames[b]}` : dayNames[a])).join(T.sep);
  }

  function compose(groups) {
    const rules = [], words = [];
    if (allDay.checked) {
      rules.push("24/7");
      words.push(T.all_day_words);
    } else {
      for (const g of groups) {
        rules.push(`${daysOsm(g.days)} ${g.ranges.map(([a, b]) => `${a}-${b}`).join(",")}`);
        words.push(`${daysWords(g.days)} ${g.ranges.map(([a, b]) => `${a}–${b}`).join(T.sep)}`);
      }
    }
    if (holiday.value === "off") { rules.push("PH off"); words.push(T.holiday_off); }
    if (holiday.value === "times") {
      const from = holidayTimes.querySelector("[name=hours_holiday_from]").value;
      const to = holidayTimes.querySelector("[name=hours_holiday_to]").value;
      rules.push(`PH ${from}-${to}`);
      words.push(fill(T.holiday_times, {times: `${from}–${to}`}));
    }
    return {osm: rules.length ? rules.join("; ") : "closed", words: words.length ? words.join(T.semi) : T.closed_words};
  }

  function changed() {
    touched = true;
    render();
  }

  function render() {
    rowsEl.hidden = allDay.checked;
    root.querySelector(".hours-add-row").hidden = allDay.checked;
    holidayTimes.hidden = holiday.value !== "times";
    const groups = model();
    const problem = allDay.checked ? "" : problems(groups);
    errorEl.textContent = problem;
    errorEl.hidden = !problem;
    if (problem) { preview.textContent = ""; return; }
    const out = compose(groups);
    preview.textContent = fill(T.will_save, {words: out.words});
    if (touched) raw.value = out.osm;
  }

  root.querySelector(".hours-add-row").addEventListener("click", () => {
    addRow({days: new Set(), ranges: [["09:00", "18:00"]]});
    changed();
  });
  root.addEventListener("input", changed);
  root.addEventListener("change", changed);
  raw.addEventListener("input", () => { touched = false; });  // an expert typed it: keep theirs
  form.addEventListener("submit", (event) => {
    if (touched && !allDay.checked && problems(model())) {
      event.preventDefault();
      errorEl.scrollIntoView({block: "center"});
    }
  });
  render();
}

const root = document.querySelector("[data-hours-editor]");
if (root) start(root);
