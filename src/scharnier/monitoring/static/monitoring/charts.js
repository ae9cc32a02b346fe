// Progressive enhancement: draw the Vega-Lite charts whose data the page already shows in tables.
// Runs with Vega's expression interpreter, so the CSP needs no 'unsafe-eval'.
(function () {
  "use strict";
  function draw() {
    var data = document.getElementById("monitoring-charts");
    if (!data || typeof vegaEmbed !== "function") return;
    var specs = JSON.parse(data.textContent);
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var spec = specs[el.getAttribute("data-chart")];
      if (!spec) return;
      el.hidden = false;
      // No injected <style> elements (the CSP allows only our own style sheets): the tooltip's
      // look is in scharnier.css.
      vegaEmbed(el, spec, {
        actions: false, ast: true, expr: vega.expressionInterpreter, renderer: "svg",
        defaultStyle: false, tooltip: { disableDefaultStyle: true }
      })
        .catch(function () { el.hidden = true; });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
