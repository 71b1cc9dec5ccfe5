// The big screen: headline figures, the ranking of the child regions, the county map, the trend
// and the appeals by category, all for one region, re-read from the API every minute. A failed
// refresh keeps the last figures on screen and says so.
import {api, strings} from "../web/lib.js";
import {boundaries, drawMap, drawRanking, drawTrend, fontsReady, textStyle} from "./charts.js";

const S = JSON.parse(document.getElementById("screen-data").textContent);
const T = strings("screen-strings");
const label = (key) => S.labels[key] || key;
// Chinese and Tibetan set a unit in full-width brackets, English in its own.
const WIDE = /^(zh|bo)/.test(document.documentElement.lang || "zh");

/** The tile's name: its label, with its unit unless the label names one already. */
function named(key) {
  const text = label(key);
  const unit = S.units[key];
  if (!unit || text.includes("（") || text.includes("(")) return text;
  return WIDE ? `${text}（${unit}）` : `${text} (${unit})`;
}

/** A panel's title followed by the indicator it shows. */
function entitle(id, key) {
  const title = document.getElementById(id);
  let which = title.querySelector(".which");
  if (!which) {
    which = document.createElement("small");
    which.className = "which";
    title.append(which);
  }
  which.textContent = ` · ${label(key)}`;
  title.dataset.key = key;
}
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
    name.textContent = named(key);
    tile.title = name.textContent;  // the whole name where two lines cut it short
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
  entitle("rank-title", S.rankKey);
  entitle("map-title", S.mapKey);
  drawMap(chart("screen-map"), geo, map.items, {name: `screen${S.region}`, dark: true, label: label(S.mapKey)});
  drawTrend(chart("screen-trend"), trend.months,
    S.trendKeys.map((k) => ({name: label(k), values: trend.series[k] || []})),
    {partialMonth: trend.months[trend.months.length - 1], soFar: T.so_far, dark: true});
  const cats = S.categories
    .map((k) => ({name: S.categoryNames[k] || label(k), value: figures.indicators[k] || 0}))
    .filter((c) => c.value > 0);
  const counts = Object.fromEntries(cats.map((c) => [c.name, c.value]));
  chart("screen-appeals").setOption({
    textStyle: textStyle(),
    tooltip: {trigger: "item", renderMode: "richText"},
    // the names in a list beside the ring, each with its count: no label runs into another,
    // in whichever language (Tibetan and English names are long)
    legend: {type: "scroll", orient: "vertical", right: 10, top: "middle", itemGap: 8,
      formatter: (name) => `{n|${counts[name]}} ${name}`,
      textStyle: {color: "#ddd", fontSize: 13, width: 200, overflow: "truncate",
        rich: {n: {color: "#ffd666", fontWeight: "bold", width: 30}}},
      pageTextStyle: {color: "#ddd"}, pageIconColor: "#ddd"},
    series: [{type: "pie", center: ["27%", "50%"], radius: ["36%", "70%"], data: cats,
      label: {show: false}, itemStyle: {borderColor: "#121726", borderWidth: 2}}],
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
  const [geo] = await Promise.all([boundaries(S.region), fontsReady()]);
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
