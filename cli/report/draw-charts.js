// Runs in the report page: draws each endpoint's latency-over-time chart and latency histogram with uPlot,
// from the JSON in #report-data. Each drawn chart's element gets data-drawn="<points>".
/* global document, uPlot */
(() => {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  if (!data.load) return;
  const duration = data.load.report.durationSeconds;
  const OK = '#2563eb';
  const FAILED = '#dc2626';
  const widthOf = (element) => Math.max(320, Math.floor(element.getBoundingClientRect().width));
  const positive = (milliseconds) => Math.max(milliseconds, 0.01);
  const dots = (color) => ({ show: true, size: 5, width: 0, fill: color, stroke: color });

  Object.values(data.load.charts.endpoints).forEach((endpoint, index) => {
    drawTimeline(document.getElementById(`timeline-${index}`), endpoint);
    drawHistogram(document.getElementById(`histogram-${index}`), endpoint);
  });

  /** Every sampled request as a dot at the time it left: blue when answered 200, red when it failed. */
  function drawTimeline(element, endpoint) {
    const rows = [
      ...endpoint.ok.atSeconds.map((at, i) => [at, positive(endpoint.ok.latencyMs[i]), null]),
      ...endpoint.failures.atSeconds.map((at, i) => [at, null, positive(endpoint.failures.latencyMs[i])]),
    ].sort((a, b) => a[0] - b[0]);
    if (rows.length === 0) return;
    const options = {
      width: widthOf(element),
      height: 260,
      scales: { x: { time: false, range: (_chart, _min, max) => [0, Math.max(max, duration)] }, y: { distr: 3 } },
      axes: [{ label: 'seconds since the start' }, { label: 'latency (ms, log scale)' }],
      series: [
        { label: 'sent at (s)' },
        { label: 'answered 200 (ms)', stroke: OK, paths: () => null, points: dots(OK) },
        { label: 'failed (ms)', stroke: FAILED, paths: () => null, points: dots(FAILED) },
      ],
    };
    new uPlot(
      options,
      [0, 1, 2].map((column) => rows.map((row) => row[column])),
      element,
    );
    element.dataset.drawn = String(rows.length);
  }

  /**
   * One bar per log-spaced bucket, evenly spaced: bar i spans i - 0.5 to i + 0.5 on the x scale, and the axis
   * names the bucket bounds at those edges.
   */
  function drawHistogram(element, endpoint) {
    const buckets = endpoint.histogram;
    if (buckets.length === 0) return;
    const edges = [...buckets.map((bucket) => bucket.fromMs), buckets[buckets.length - 1].toMs];
    const step = Math.ceil(edges.length / 8);
    const edgeSplits = edges.map((_, index) => index - 0.5).filter((_, index) => index % step === 0);
    const options = {
      width: widthOf(element),
      height: 260,
      scales: {
        x: { time: false, range: () => [-0.5, buckets.length - 0.5] },
        y: { range: (_chart, _min, max) => [0, Math.max(1, max) * 1.1] },
      },
      axes: [
        {
          label: 'latency (ms), bucket bounds',
          splits: () => edgeSplits,
          values: (_chart, splits) => splits.map((split) => String(edges[split + 0.5])),
        },
        { label: 'answers' },
      ],
      series: [
        {
          label: 'latency',
          value: (_chart, _value, _series, index) => (index === null ? '--' : `${buckets[index].fromMs}–${buckets[index].toMs} ms`),
        },
        {
          label: 'answers',
          stroke: OK,
          fill: `${OK}99`,
          paths: uPlot.paths.bars({ size: [0.9, 80] }),
          points: { show: false },
        },
      ],
    };
    new uPlot(options, [buckets.map((_, index) => index), buckets.map((bucket) => bucket.count)], element);
    element.dataset.drawn = String(buckets.length);
  }
})();
