// Draws the analytics page's charts. Each <figure data-chart> holds an
// ECharts option built on the server (charming); this script loads ECharts
// (vendored from npm into /vendor, on this page only), draws every figure
// into its .chart__canvas and marks it .chart--drawn (the CSS then hides the
// data table it replaces). When the page re-renders with new figures (live
// updates), the option attribute or the figure changes and the chart follows,
// and a figure whose class was rewritten is marked again.
(function () {
  'use strict';
  if (window.karavaiCharts) {
    window.karavaiCharts.scan();
    return;
  }
  var drawn = new Map(); // canvas element -> { chart, option }

  function scan() {
    if (!window.echarts) return;
    document.querySelectorAll('figure[data-chart]').forEach(function (figure) {
      var canvas = figure.querySelector('.chart__canvas');
      if (!canvas) return;
      var option = figure.getAttribute('data-chart');
      var entry = drawn.get(canvas);
      if (!entry) {
        entry = { chart: window.echarts.init(canvas), option: null, ok: false };
        drawn.set(canvas, entry);
      }
      if (entry.option !== option) {
        entry.option = option;
        try {
          entry.chart.setOption(JSON.parse(option), true);
          entry.ok = true;
        } catch (e) {
          entry.ok = false;
          console.error('chart', figure.id, e);
        }
      }
      // Marked on every scan: a live re-render may write the figure's class
      // attribute anew (without this mark) while keeping its canvas.
      figure.classList.toggle('chart--drawn', entry.ok);
    });
    drawn.forEach(function (entry, canvas) {
      if (!canvas.isConnected) {
        entry.chart.dispose();
        drawn.delete(canvas);
      }
    });
  }

  var queued = false;
  function later() {
    if (queued) return;
    queued = true;
    window.requestAnimationFrame(function () {
      queued = false;
      scan();
    });
  }

  window.karavaiCharts = { scan: scan };
  new MutationObserver(later).observe(document.body, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['data-chart', 'class'],
  });
  window.addEventListener('resize', function () {
    drawn.forEach(function (entry) {
      entry.chart.resize();
    });
  });
  if (window.echarts) {
    scan();
  } else {
    var script = document.createElement('script');
    script.src = '/vendor/echarts.min.js';
    script.onload = scan;
    document.head.appendChild(script);
  }
})();
