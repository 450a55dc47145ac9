// Render check: every chart must hold an SVG that drew data (a path in one
// of the data colours, with a visible size). The outcome goes into
// #render-check, which the browser test reads back from the DOM.
(function () {
  var out = document.getElementById("render-check");
  var palette = (document.body.getAttribute("data-palette") || "").split(" ");
  var problems = [];
  var figures = document.querySelectorAll("figure.chart");
  var want = parseInt(document.body.getAttribute("data-charts") || "0", 10);
  if (figures.length !== want) {
    problems.push("want " + want + " charts, found " + figures.length);
  }
  figures.forEach(function (fig) {
    var id = fig.getAttribute("data-chart");
    var svg = fig.querySelector("svg");
    if (!svg) { problems.push(id + ": no svg"); return; }
    var box = svg.getBoundingClientRect();
    if (box.width < 50 || box.height < 50) { problems.push(id + ": svg not laid out"); return; }
    var drawn = 0;
    svg.querySelectorAll("path").forEach(function (p) {
      var style = p.getAttribute("style") || "";
      var d = p.getAttribute("d") || "";
      for (var i = 0; i < palette.length; i++) {
        if (palette[i] && style.indexOf(palette[i]) >= 0 && d.length > 4) { drawn++; return; }
      }
    });
    if (drawn === 0) { problems.push(id + ": chart is empty"); }
  });
  out.textContent = problems.length ? "render-check: FAIL " + problems.join("; ") : "render-check: OK " + figures.length + " charts";
})();
