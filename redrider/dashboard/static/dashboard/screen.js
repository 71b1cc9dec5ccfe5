// The big screen: headline figures, the ranking of the child regions, the county map, the trend
// and the appeals by category, all for one region, re-read from the API every minute. A failed
// refresh keeps the last figures on screen and says so.
import {api, strings} from "../web/lib.js";
import {boundaries, drawMap, drawRanking, drawTrend} from "./charts.js";

const S = JSON.parse(document.getElementById("screen-data").textContent);
const T = strings("screen-strings");
const label = (key) => S.labels[key] || key;
const charts = {};

function chart(id) {
  if (!charts[id]) charts[id] = echarts.init(document.getElementById(id), null, {renderer: "canvas"});
  return charts[id];
}

function kpis(values) {
  const box = document.getElementById("screen-kpis");
  box.replaceChildren(...S.keys.map((key) => {
    const tile = document.createElement("div");
    tile.className = "screen-kpi";
    tile.dataset.key = key;
    const figure = document.createElement("b");
    const v = values[key];
    figure.textContent = v == null ? "—" : Number(v).toLocaleString("zh-CN");
    const name = document.createElement("span");
    // (a label that names its unit already, "学习培训班（期）", gets none added)
    const unit = S.units[key] && !label(key).includes("（") ? `（${S.units[key]}）` : "";
    name.textContent = `${label(key)}${unit}`;
    tile.append(figure, name);
    return tile;
  }));
}

async function refresh(geo) {
  const region = encodeURIComponent(S.region);
  const [figures, children, map, trend] = await Promise.all([
    api(`/api/v1/dashboard/indicators?region=${region}`),
    api(`/api/v1/dashboard/indicators/children?region=${region}&keys=${S.rankKey}`),
    api(`/api/v1/dashboard/map?region=${region}&key=${S.mapKey}`),
    api(`/api/v1/dashboard/trends?region=${region}&months=12&keys=${S.trendKeys.join(",")}`),
  ]);
  kpis(figures.indicators);
  drawRanking(chart("screen-rank"),
    children.items.map((c) => ({code: c.region_code, name: c.name, value: c.indicators[S.rankKey]})),
    {label: label(S.rankKey), dark: true, horizontal: true});
  document.getElementById("rank-title").dataset.key = S.rankKey;
  drawMap(chart("screen-map"), geo, map.items, {name: `screen${S.region}`, dark: true, label: label(S.mapKey)});
  drawTrend(chart("screen-trend"), trend.months,
    S.trendKeys.map((k) => ({name: label(k), values: trend.series[k] || []})),
    {partialMonth: trend.months[trend.months.length - 1], soFar: T.so_far, dark: true});
  const cats = S.categories.map((k) => ({name: label(k), value: figures.indicators[k] || 0}))
    .filter((c) => c.value > 0);
  chart("screen-appeals").setOption({
    tooltip: {trigger: "item", renderMode: "richText"},
    series: [{type: "pie", radius: ["35%", "70%"], data: cats,
      label: {color: "#ddd", fontSize: 11}, itemStyle: {borderColor: "#121726", borderWidth: 2}}],
  }, true);
  const now = new Date();
  document.getElementById("screen-updated").textContent = `${T.updated} ${now.toLocaleTimeString("zh-CN")}`;
  document.body.dataset.refreshed = String(Number(document.body.dataset.refreshed || 0) + 1);
}

function clock() {
  const el = document.getElementById("screen-clock");
  const tick = () => { el.textContent = new Date().toLocaleString("zh-CN", {hour12: false}); };
  tick();
  setInterval(tick, 1000);
}

async function start() {
  clock();
  const geo = await boundaries(S.region);
  const run = async () => {
    try {
      await refresh(geo);
    } catch (err) {
      document.getElementById("screen-updated").textContent = T.failed;
    }
  };
  await run();
  setInterval(run, S.refreshSeconds * 1000);
  window.addEventListener("resize", () => Object.values(charts).forEach((c) => c.resize()));
}

if (window.echarts) start();
