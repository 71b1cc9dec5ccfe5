// The cockpit page: the trend of any indicator, the county map coloured by any indicator, and the
// ranking of the child regions. A click on the map or on a bar drills down one level (the
// region menu and the breadcrumb follow: the page's ?region= moves the console's focus).
import {api, strings} from "../web/lib.js";
import {boundaries, childOf, drawMap, drawRanking, drawTrend, fontsReady} from "./charts.js";

const data = JSON.parse(document.getElementById("chart-data").textContent);
const T = strings("indicator-strings");
const label = (key) => data.labels[key] || key;
const childCodes = data.children.map((c) => c.code);

function period() {
  const q = new URLSearchParams();
  if (data.from) q.set("from", data.from);
  if (data.to) q.set("to", data.to);
  return q;
}

/** Go one level down, to the child region containing `code` (a county clicked on the map). */
function drill(code) {
  const target = childOf(code, childCodes);
  if (!target) return;
  const q = period();
  q.set("region", target);
  window.location.assign(`${window.location.pathname}?${q}`);
}

function ranking() {
  const el = document.getElementById("chart");
  if (!el) return;
  const chart = echarts.init(el);
  const select = document.getElementById("chart-key");
  const draw = () => {
    const key = select.value;
    const rows = data.children.map((c) => ({code: c.code, name: c.name, value: c.values[key]}));
    drawRanking(chart, rows, {label: label(key), onPick: drill});
    el.dataset.key = key;
  };
  select.addEventListener("change", draw);
  window.addEventListener("resize", () => chart.resize());
  draw();
}

async function countyMap() {
  const el = document.getElementById("map");
  if (!el) return;
  const chart = echarts.init(el);
  window.addEventListener("resize", () => chart.resize());
  const select = document.getElementById("map-key");
  const geo = await boundaries(data.region);
  if (!geo.features.length) {
    el.textContent = T.no_map;
    return;
  }
  const draw = async () => {
    const q = period();
    q.set("region", data.region);
    q.set("key", select.value);
    const body = await api(`/api/v1/dashboard/map?${q}`);
    drawMap(chart, geo, body.items, {name: data.region, label: label(select.value),
      onPick: childCodes.length ? drill : null});
    el.dataset.units = String(body.items.length);
    el.dataset.drawn = select.value;
    el.dataset.drawnMs = String(Math.round(performance.now()));
  };
  select.addEventListener("change", draw);
  await draw();
}

async function trend() {
  const el = document.getElementById("trend");
  const select = document.getElementById("trend-key");
  const chart = echarts.init(el);
  window.addEventListener("resize", () => chart.resize());
  const body = await api(`/api/v1/dashboard/trends?region=${encodeURIComponent(el.dataset.region)}&months=12`);
  for (const key of Object.keys(body.series)) {
    const option = document.createElement("option");
    option.value = key;
    option.textContent = label(key);
    select.append(option);
  }
  if (body.series.station_checkins) select.value = "station_checkins";
  const draw = () => {
    const partial = drawTrend(chart, body.months,
      [{name: label(select.value), values: body.series[select.value] || []}],
      {partialMonth: data.month, soFar: T.so_far});
    el.dataset.partial = partial ? "true" : "false";
    el.dataset.drawnMs = String(Math.round(performance.now()));
  };
  select.addEventListener("change", draw);
  draw();
}

if (window.echarts) {
  // (the charts' canvas text uses the page's fonts: a Tibetan page's face loaded first)
  fontsReady().then(() => {
    ranking();
    countyMap();
    trend();
  });
}
