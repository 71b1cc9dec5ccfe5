// The board's timeline (Gantt-like): one bar per task from its start to its due date, the done
// share drawn darker, late bars red; a click opens the task. Fed by the json_script block
// "wp-timeline-data" and the data- attributes of #wp-timeline.
window.addEventListener("load", () => {
  const el = document.getElementById("wp-timeline");
  const source = document.getElementById("wp-timeline-data");
  if (!el || !source || !window.echarts) return;
  const data = JSON.parse(source.textContent);
  const items = data.items || [];
  if (!items.length) { el.hidden = true; return; }
  el.style.height = Math.max(200, Math.min(1600, items.length * 24 + 70)) + "px";
  const day = (iso) => new Date(iso + "T00:00:00+08:00").getTime();
  const labels = items.map((t) => `[${t.measure_number}] ${t.region_name} · ${t.title}`);
  const colour = (t) => (t.status === "done" ? "#1a7f37" : t.overdue ? "#c8161d" : "#3879b5");
  const rows = items.map((t, i) => ({
    value: [i, day(t.start), day(t.due) + 86400000, t.progress, t.id],
    itemStyle: {color: colour(t)},
    task: t,
  }));
  const chart = window.echarts.init(el);
  const labelWidth = Math.min(280, Math.round(el.clientWidth * 0.42));
  chart.setOption({
    grid: {left: labelWidth + 20, right: 30, top: 30, bottom: 30},
    xAxis: {type: "time", position: "top", splitLine: {show: true, lineStyle: {color: "#eef1f4"}}},
    yAxis: {type: "category", data: labels, inverse: true,
            axisLabel: {width: labelWidth, overflow: "truncate", fontSize: 11}},
    tooltip: {
      formatter: (p) => {
        const t = p.data.task;
        return `${t.title}<br>${t.region_name} · ${el.dataset.labelDue} ${t.due}<br>` +
               `${el.dataset.labelProgress} ${t.progress}%`;
      },
    },
    dataZoom: [{type: "inside", xAxisIndex: 0}],
    series: [{
      type: "custom",
      encode: {x: [1, 2], y: 0},
      data: rows,
      renderItem: (params, api) => {
        const start = api.coord([api.value(1), api.value(0)]);
        const end = api.coord([api.value(2), api.value(0)]);
        const height = api.size([0, 1])[1] * 0.6;
        const width = Math.max(2, end[0] - start[0]);
        const done = width * api.value(3) / 100;
        const style = api.style();
        return {type: "group", children: [
          {type: "rect", shape: {x: start[0], y: start[1] - height / 2, width, height},
           style: {fill: style.fill, opacity: 0.3}},
          {type: "rect", shape: {x: start[0], y: start[1] - height / 2, width: done, height},
           style: {fill: style.fill}},
        ]};
      },
      markLine: {symbol: "none", silent: true, lineStyle: {color: "#9e0f15", type: "dashed"},
                 label: {formatter: el.dataset.labelToday},
                 data: [{xAxis: day(data.today)}]},
    }],
  });
  chart.on("click", (p) => {
    if (p.data && p.data.task) {
      window.location.href = el.dataset.taskUrl.replace("/0/", `/${p.data.task.id}/`);
    }
  });
  window.addEventListener("resize", () => chart.resize());
});
