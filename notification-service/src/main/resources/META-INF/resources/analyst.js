// Unison analytics (analyst.html): CSAT/NPS/CES by department and by period with response counts, the satisfaction
// of customers who met a contradiction against those who did not, hand-offs between departments, touches by
// channel. Data: GET /views/analytics (feedback- and journey-service through this service), GET /views/rules.
(function () {
  'use strict';

  const V = window.Views;
  const { $ } = V;
  const figs = {
    department: V.figure('fig-sat-department', 'Satisfaction by department'),
    period: V.figure('fig-sat-period', 'Satisfaction by period'),
    impact: V.figure('fig-impact', 'CSAT with and without a contradiction, by rule, with 95% intervals'),
    handoffs: V.figure('fig-handoffs', 'Hand-offs between departments as a matrix'),
    channels: V.figure('fig-channels', 'Touches by channel, stacked by department'),
  };
  const METRIC = { csat: 'CSAT %', nps: 'NPS', ces: 'CES' };
  let data = null;
  let rules = null;

  /** Wilson 95% interval of a proportion given in percent over n answers. */
  function wilson(percent, n) {
    if (percent == null || !n) return [null, null];
    const p = percent / 100;
    const z = 1.96;
    const d = 1 + z * z / n;
    const centre = (p + z * z / (2 * n)) / d;
    const half = z * Math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d;
    return [Math.round((centre - half) * 1000) / 10, Math.round((centre + half) * 1000) / 10];
  }

  function scoreRows(groups) {
    return groups.map((g) => [g.key, g.scores.csat.value, g.scores.csat.n, g.scores.nps.value, g.scores.nps.n,
      g.scores.ces.value, g.scores.ces.n, g.complaints, g.bugReports]);
  }
  const SCORE_COLUMNS = ['group', 'CSAT %', 'CSAT n', 'NPS', 'NPS n', 'CES', 'CES n', 'complaints', 'bug reports'];

  function satisfaction(fig, report, metric, line) {
    const groups = report.groups || [];
    fig.chart.setOption({
      aria: { enabled: true, label: { description: `${METRIC[metric]} by ${report.groupBy}, with the number of answers behind each figure` } },
      tooltip: { trigger: 'axis', confine: true, formatter: (ps) => ps.map((p) => `${p.name}: ${p.value == null ? '–' : p.value} (n ${groups[p.dataIndex].scores[metric].n})`).join('<br>') },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: groups.map((g) => line ? g.key.slice(0, 10) : g.key), axisLabel: { interval: 0, rotate: groups.length > 5 ? 30 : 0 } },
      yAxis: { type: 'value', name: METRIC[metric], ...(metric === 'csat' ? { min: 0, max: 100 } : {}) },
      series: [{ type: line ? 'line' : 'bar', barMaxWidth: 40, color: '#3538cd', connectNulls: false,
        data: groups.map((g) => g.scores[metric].value),
        label: { show: !line, position: 'top', formatter: (p) => 'n ' + groups[p.dataIndex].scores[metric].n } }],
    }, { notMerge: true });
    fig.table(SCORE_COLUMNS, scoreRows(groups), (r) => ({ 'data-key': r[0], 'data-csat-n': r[2] }));
  }

  function impact(fig, report) {
    const base = report.withoutAlert;
    const entries = [{ name: 'no contradiction', scores: base.scores, customers: base.customers, colour: '#667085' },
      ...report.rules.map((r) => ({ name: r.rule, scores: r.withAlert.scores, customers: r.withAlert.customers, colour: rules.colour(r.rule), difference: r.difference }))];
    const intervals = entries.map((e) => wilson(e.scores.csat.value, e.scores.csat.n));
    fig.chart.setOption({
      aria: { enabled: true, label: { description: 'CSAT of answers after an alert of each rule against answers with none, with 95% Wilson intervals' } },
      tooltip: { trigger: 'item', confine: true },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: entries.map((e) => e.name), axisLabel: { interval: 0, rotate: entries.length > 5 ? 30 : 0 } },
      yAxis: { type: 'value', name: 'CSAT %', min: 0, max: 100 },
      series: [
        { type: 'bar', barMaxWidth: 40, data: entries.map((e) => ({ value: e.scores.csat.value, itemStyle: { color: e.colour } })),
          label: { show: true, position: 'insideTop', color: '#fff', formatter: (p) => 'n ' + entries[p.dataIndex].scores.csat.n } },
        { type: 'custom', name: '95% interval', data: intervals.map((iv, i) => [i, iv[0], iv[1]]),
          renderItem: (params, api) => {
            if (api.value(1) == null || isNaN(api.value(1))) return null;
            const low = api.coord([api.value(0), api.value(1)]);
            const high = api.coord([api.value(0), api.value(2)]);
            const w = 6;
            const style = { stroke: '#101828', lineWidth: 1.5 };
            return { type: 'group', children: [
              { type: 'line', shape: { x1: low[0], y1: low[1], x2: high[0], y2: high[1] }, style },
              { type: 'line', shape: { x1: low[0] - w, y1: low[1], x2: low[0] + w, y2: low[1] }, style },
              { type: 'line', shape: { x1: high[0] - w, y1: high[1], x2: high[0] + w, y2: high[1] }, style }] };
          }, z: 10 },
      ],
    }, { notMerge: true });
    fig.table(['cohort', 'customers', 'CSAT %', 'CSAT n', '95% low', '95% high', 'CSAT difference', 'NPS', 'NPS n', 'NPS difference', 'CES', 'CES n', 'CES difference'],
      entries.map((e, i) => [e.name, e.customers, e.scores.csat.value, e.scores.csat.n, intervals[i][0], intervals[i][1],
        e.difference ? e.difference.csat : null, e.scores.nps.value, e.scores.nps.n, e.difference ? e.difference.nps : null,
        e.scores.ces.value, e.scores.ces.n, e.difference ? e.difference.ces : null]),
      (r) => ({ 'data-cohort': r[0], 'data-customers': r[1] }));
  }

  function handoffs(fig, m) {
    const depts = m.departments || [];
    const cells = [];
    depts.forEach((from, i) => depts.forEach((to, j) => cells.push([j, i, (m.matrix[i] || [])[j] || 0])));
    const max = Math.max(1, ...cells.map((c) => c[2]));
    fig.chart.setOption({
      aria: { enabled: true, label: { description: `Cases handed from one department (rows) to another (columns): ${m.total} in all` } },
      tooltip: { position: 'top', formatter: (p) => `${depts[p.value[1]]} → ${depts[p.value[0]]}: ${p.value[2]}` },
      grid: { left: 8, right: 16, top: 24, bottom: 50, containLabel: true },
      xAxis: { type: 'category', data: depts, name: 'to', splitArea: { show: true }, axisLabel: { interval: 0, rotate: depts.length > 4 ? 30 : 0 } },
      yAxis: { type: 'category', data: depts, name: 'from', inverse: true, splitArea: { show: true } },
      visualMap: { min: 0, max, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 80, inRange: { color: ['#f2f4f7', '#3538cd'] } },
      series: [{ type: 'heatmap', data: cells, label: { show: true } }],
    }, { notMerge: true });
    fig.table(['from \\ to', ...depts], depts.map((from, i) => [from, ...depts.map((to, j) => (m.matrix[i] || [])[j] || 0)]),
      (r) => ({ 'data-from': r[0] }));
  }

  function channels(fig, counts) {
    const groups = counts.groups || [];
    const chans = [...new Set(groups.map((g) => g.channel))].sort();
    const depts = [...new Set(groups.map((g) => g.department))].sort();
    const cell = new Map(groups.map((g) => [g.channel + '\n' + g.department, g.count]));
    fig.chart.setOption({
      aria: { enabled: true, label: { description: `Touches by channel, stacked by department: ${counts.total} in all` } },
      color: V.PALETTE,
      tooltip: { trigger: 'axis', confine: true },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: chans },
      yAxis: { type: 'value', minInterval: 1 },
      series: depts.map((d) => ({ name: d, type: 'bar', stack: 'touches', data: chans.map((c) => cell.get(c + '\n' + d) || 0) })),
    }, { notMerge: true });
    fig.table(['channel', ...depts, 'total'], chans.map((c) => {
      const row = depts.map((d) => cell.get(c + '\n' + d) || 0);
      return [c, ...row, row.reduce((a, b) => a + b, 0)];
    }), (r) => ({ 'data-channel': r[0], 'data-count': r[r.length - 1] }));
  }

  function draw() {
    if (!data) return;
    const metric = $('f-metric').value;
    const byDept = V.partData(data.satisfactionByDepartment, figs.department);
    if (byDept) satisfaction(figs.department, byDept, metric, false);
    const byPeriod = V.partData(data.satisfactionByPeriod, figs.period);
    if (byPeriod) satisfaction(figs.period, byPeriod, metric, true);
    const imp = V.partData(data.impact, figs.impact);
    if (imp) impact(figs.impact, imp);
    const hand = V.partData(data.handoffs, figs.handoffs);
    if (hand) handoffs(figs.handoffs, hand);
    const touches = V.partData(data.touches, figs.channels);
    if (touches) channels(figs.channels, touches);
  }

  async function load() {
    const params = { period: $('f-period').value };
    if ($('f-from').value) params.from = $('f-from').value;
    if ($('f-to').value) params.to = $('f-to').value;
    [data, rules] = await Promise.all([V.api('/views/analytics?' + new URLSearchParams(params)), rules || V.rules()]);
    draw();
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    document.body.setAttribute('data-loaded', Date.now());
  }

  const fail = (e) => { console.error(e); $('updated').textContent = 'error: ' + e.message; };
  $('range').addEventListener('submit', (e) => { e.preventDefault(); load().catch(fail); });
  $('f-metric').addEventListener('change', draw);
  load().catch(fail);
}());
