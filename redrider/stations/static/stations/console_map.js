// The console registry map: every station of the filtered list (up to a cap) as a small circle.
window.addEventListener("load", () => {
  const el = document.getElementById("console-map");
  if (!el || !window.L) return;
  const points = JSON.parse(el.dataset.points || "[]");
  const map = L.map(el).setView([30.66, 104.06], 8);
  L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {maxZoom: 19, attribution: "© OpenStreetMap"}).addTo(map);
  const colour = {open: "#1a7f37", temporarily_closed: "#9a6700", broken: "#c8161d", retired: "#888"};
  const bounds = [];
  points.forEach(([id, name, lat, lng, status]) => {
    L.circleMarker([lat, lng], {radius: 5, color: colour[status] || "#333", weight: 2, className: "console-station"})
      .bindPopup('<a href="' + id + '/">' + name.replace(/[<&]/g, "") + "</a>").addTo(map);
    bounds.push([lat, lng]);
  });
  if (bounds.length) map.fitBounds(bounds, {padding: [20, 20], maxZoom: 15});
});
