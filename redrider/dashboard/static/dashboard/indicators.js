// Indicator charts: one bar per child region for the chosen indicator, and the region's monthly
// trend. The current month is still running, so its point is drawn dashed and labelled as
// "so far" instead of reading as a collapse. Tooltips are drawn by ECharts itself (richText):
// no HTML with inline style, which the Content-Security-Policy refuses.
import {api, strings} from "../web/lib.js";

const data = JSON.parse(document.getElementById("chart-data").textContent);
const T = strings("indicator-strings");
const label = (key) => data.labels[key] || data.trendLabels[key] || key;
const RED = "#c8161d";

function childrenChart() {
  const el = document.getElementById("chart");
  if (!el) return;
  const chart = echarts.init(el);
  const select = document.getElementById("chart-key");
  const draw = () => chart.setOption({
    tooltip: {renderMode: "richText"}, grid: {left: 50, right: 10, bottom: 80},
    xAxis: {type: "category", data: data.regions, axisLabel: {rotate: 45}},
    yAxis: {type: "value"},
    series: [{type: "bar", name: label(select.value), data: data.series[select.value], itemStyle: {color: RED}}],
  });
  select.addEventListener("change", draw);
  window.addEventListener("resize", () => chart.resize());
  draw();
}

async function trendChart() {
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
  const months = body.months.slice();
  const partial = months.length > 0 && months[months.length - 1] === data.month;
  if (partial) months[months.length - 1] = `${data.month} ${T.so_far}`;
  el.dataset.partial = partial ? "true" : "false";
  const draw = () => {
    const values = body.series[select.value] || [];
    const last = values.length - 1;
    const full = partial ? values.map((v, i) => (i < last ? v : null)) : values;
    const running = partial ? values.map((v, i) => (i >= last - 1 ? v : null)) : [];
    chart.setOption({
      tooltip: {trigger: "axis", renderMode: "richText"}, grid: {left: 50, right: 10, bottom: 30},
      xAxis: {type: "category", data: months}, yAxis: {type: "value"},
      series: [
        {type: "line", smooth: true, name: label(select.value), data: full, itemStyle: {color: RED}},
        {type: "line", name: `${label(select.value)} ${T.so_far}`, data: running, itemStyle: {color: RED},
         lineStyle: {type: "dashed"}, symbol: "emptyCircle"},
      ],
    }, true);
  };
  select.addEventListener("change", draw);
  draw();
}

if (window.echarts) {
  childrenChart();
  trendChart();
}
