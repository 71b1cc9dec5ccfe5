// What the cockpit and the big screen draw alike: the county choropleth from the boundaries the
// project ships (vendor/boundaries, built by tools/build_boundaries.py; no map tiles), the ranking
// of child regions, and the monthly trend. ECharts draws its own tooltips (richText): no HTML
// with inline style, which the Content-Security-Policy refuses.

const cache = new Map();

/**
 * The page's own font stack for the text ECharts draws on its canvas: a canvas knows nothing of
 * the page's faces, so without it Tibetan falls to a system font without Tibetan glyphs (boxes).
 */
export function textStyle() {
  return {fontFamily: getComputedStyle(document.body).fontFamily};
}

/** Resolves once the page's web fonts are loaded (a canvas drawn before keeps the fallback). */
export function fontsReady() {
  return document.fonts ? document.fonts.ready.catch(() => null) : Promise.resolve();
}

/** The shared prefix of a region and everything under it (GB/T 2260). */
export function prefix(code) {
  if (code === "000000") return "";
  if (code.endsWith("0000")) return code.slice(0, 2);
  if (code.endsWith("00")) return code.slice(0, 4);
  return code;
}

/** Which of `codes` contains (or is) `code`. */
export function childOf(code, codes) {
  return codes.find((c) => code.startsWith(prefix(c))) || null;
}

async function json(path) {
  if (!cache.has(path)) {
    const base = document.body.dataset.boundaries || "/static/vendor/boundaries/";
    cache.set(path, fetch(base + path).then((r) => (r.ok ? r.json() : null)).catch(() => null));
  }
  return cache.get(path);
}

/**
 * The outlines a region's map is drawn with: the provinces for the whole country, else the
 * counties under the region (a county: itself), as one GeoJSON FeatureCollection whose
 * features carry `code` and `name`.
 */
export async function boundaries(region) {
  if (region === "000000") return (await json("china.json")) || {type: "FeatureCollection", features: []};
  const province = await json(`p/${region.slice(0, 2)}.json`);
  let files = province ? (province.county_files || []).map((f) => f.file) : [];
  if (!region.endsWith("0000")) {
    files = files.filter((f) => f === `c/${region.slice(0, 4)}.json`);
    if (!files.length) files = [`c/${region.slice(0, 4)}.json`];
  }
  const parts = await Promise.all(files.map((f) => json(f)));
  const mine = prefix(region);
  const features = parts.flatMap((p) => (p ? p.features : []))
    .filter((f) => f.properties.code.startsWith(mine));
  return {type: "FeatureCollection", features};
}

const RED = ["#fff1f0", "#ffccc7", "#ff7875", "#e5383b", "#c8161d", "#820014"];

/** Colour each unit by its value; `onPick(code)` when one is clicked. */
export function drawMap(chart, geo, items, {name, onPick, dark = false, label = ""}) {
  settle(chart, label);
  const mapName = `m${name}`;
  echarts.registerMap(mapName, geo);
  const names = Object.fromEntries(items.map((i) => [i.region_code, i.name]));
  const values = items.map((i) => i.value).filter((v) => typeof v === "number");
  chart.setOption({
    textStyle: textStyle(),
    tooltip: {trigger: "item", renderMode: "richText",
      formatter: (p) => `${names[p.name] || p.name}\n${label}: ${p.value == null || Number.isNaN(p.value) ? "—" : p.value}`},
    visualMap: {min: 0, max: Math.max(1, ...values), calculable: true, left: 10, bottom: 10,
      inRange: {color: RED}, textStyle: {color: dark ? "#e6e6e6" : "#333"}},
    series: [{
      type: "map", map: mapName, nameProperty: "code", roam: true, selectedMode: false,
      label: {show: geo.features.length <= 40, color: dark ? "#fff" : "#333", fontSize: 10,
        formatter: (p) => names[p.name] || ""},
      itemStyle: {borderColor: dark ? "#555" : "#999", areaColor: dark ? "#2b2b2b" : "#eee"},
      emphasis: {label: {show: true}, itemStyle: {areaColor: "#ffd666"}},
      data: items.map((i) => ({name: i.region_code, value: i.value})),
    }],
  }, true);
  chart.off("click");
  if (onPick) chart.on("click", (p) => p && p.name && onPick(p.name));
}

/** Marks the chart's element `data-settled` once its drawing (and animation) has finished. */
function settle(chart, value) {
  const el = chart.getDom();
  delete el.dataset.settled;
  chart.off("finished");
  chart.on("finished", () => { el.dataset.settled = value; });
}

/** Child regions as bars, largest first; `onPick(code)` on a click. */
export function drawRanking(chart, rows, {label, onPick, dark = false, horizontal = false}) {
  settle(chart, label);
  const sorted = rows.slice().sort((a, b) => (b.value ?? -1) - (a.value ?? -1));
  const cats = sorted.map((r) => r.name);
  const axisText = {color: dark ? "#ddd" : "#333"};
  const category = {type: "category", data: cats, axisLabel: Object.assign({rotate: horizontal ? 0 : 45}, axisText),
    inverse: horizontal};
  const value = {type: "value", axisLabel: axisText, splitLine: {lineStyle: {color: dark ? "#333" : "#eee"}}};
  chart.setOption({
    textStyle: textStyle(),
    tooltip: {renderMode: "richText"},
    grid: horizontal ? {left: 90, right: 30, top: 10, bottom: 20} : {left: 50, right: 10, bottom: 80},
    xAxis: horizontal ? value : category,
    yAxis: horizontal ? category : value,
    series: [{type: "bar", name: label, data: sorted.map((r) => ({value: r.value, code: r.code})),
      itemStyle: {color: "#e5383b"}, label: {show: horizontal, position: "right", color: axisText.color}}],
  }, true);
  chart.off("click");
  if (onPick) chart.on("click", (p) => p && p.data && p.data.code && onPick(p.data.code));
}

/** A monthly series; when the last month is the running one its point is dashed, "so far". */
export function drawTrend(chart, months, series, {partialMonth, soFar = "", dark = false}) {
  const labels = months.slice();
  const partial = labels.length > 0 && labels[labels.length - 1] === partialMonth;
  if (partial) labels[labels.length - 1] = `${partialMonth} ${soFar}`;
  const axisText = {color: dark ? "#ddd" : "#333"};
  const out = [];
  const colours = ["#e5383b", "#f4a261", "#2a9d8f", "#8ecae6"];
  series.forEach((s, i) => {
    const last = s.values.length - 1;
    const colour = {color: colours[i % colours.length]};
    out.push({type: "line", smooth: true, name: s.name, itemStyle: colour,
      data: partial ? s.values.map((v, j) => (j < last ? v : null)) : s.values});
    if (partial) {
      out.push({type: "line", name: `${s.name} ${soFar}`, itemStyle: colour, lineStyle: {type: "dashed"},
        symbol: "emptyCircle", data: s.values.map((v, j) => (j >= last - 1 ? v : null))});
    }
  });
  chart.setOption({
    textStyle: textStyle(),
    tooltip: {trigger: "axis", renderMode: "richText"},
    // one line whatever the language: a longer legend pages instead of covering the plot
    legend: series.length > 1
      ? {type: "scroll", textStyle: axisText, top: 0, pageTextStyle: axisText,
        pageIconColor: axisText.color, data: series.map((s) => s.name)}  // (no "so far" twins)
      : undefined,
    grid: {left: 50, right: 10, bottom: 30, top: series.length > 1 ? 30 : 10},
    xAxis: {type: "category", data: labels, axisLabel: axisText},
    yAxis: {type: "value", axisLabel: axisText, splitLine: {lineStyle: {color: dark ? "#333" : "#eee"}}},
    series: out,
  }, true);
  return partial;
}
