/* SIDP3 dashboards: draw each <canvas data-chart="ID"> from the JSON in <script id="ID"> (json_script).
   No inline script: the page carries only data; the same numbers are in the table beside each chart. */
(function () {
  "use strict";
  var PALETTE = ["#b3131b", "#2b6cb0", "#d69e2e", "#2f855a", "#6b46c1", "#c05621", "#4a5568", "#b83280"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") return;
    var spec = JSON.parse(source.textContent);
    var round = spec.kind === "doughnut";
    var datasets = spec.datasets.map(function (set, index) {
      var colour = round ? PALETTE.slice(0, spec.labels.length) : PALETTE[index % PALETTE.length];
      return { label: set.label, data: set.data, backgroundColor: colour, borderWidth: round ? 1 : 0 };
    });
    var options = {
      responsive: true,
      aspectRatio: round ? 2 : 1.8,
      animation: false,
      plugins: { legend: { display: round || datasets.length > 1, position: "bottom" } }
    };
    if (!round) {
      options.scales = {
        x: { stacked: spec.stacked, title: { display: !!spec.x_title, text: spec.x_title } },
        y: {
          stacked: spec.stacked,
          beginAtZero: true,
          ticks: { precision: 0 },
          title: { display: !!spec.y_title, text: spec.y_title }
        }
      };
      if (spec.y_max) options.scales.y.max = spec.y_max;
    }
    new Chart(canvas, { type: spec.kind, data: { labels: spec.labels, datasets: datasets }, options: options });
  }

  function ready() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
    document.querySelectorAll(".dashboard-year select").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
