// The monthly trend of the on-time and early rates against their targets (Chart.js, vendored).
(function () {
  const source = document.getElementById("trend-data");
  const canvas = document.getElementById("trend");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const flat = (value) => data.labels.map(() => value);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        { label: canvas.dataset.onTime || "On time or early (%)", data: data.on_time, borderColor: "#1d6b36" },
        { label: canvas.dataset.early || "Early (%)", data: data.early, borderColor: "#0b4f9c" },
        // The targets, dashed, named in the legend.
        { label: canvas.dataset.onTimeTarget, data: flat(data.targets[0]), borderColor: "#1d6b36", borderDash: [4, 4], pointRadius: 0 },
        { label: canvas.dataset.earlyTarget, data: flat(data.targets[1]), borderColor: "#0b4f9c", borderDash: [4, 4], pointRadius: 0 },
      ],
    },
    // The canvas fills its box (320 px tall) at every width instead of collapsing on a phone.
    options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { min: 0, max: 100 } } },
  });
})();
