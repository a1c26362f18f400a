// Unison ops overview (ops.html): alerts over time by rule and by department (stacked), where they stand, time to
// acknowledge and resolve per department, deliveries by outcome. Live: reloads when the alert feed (SSE) says
// something changed, and every minute. Data: GET /views/ops, GET /views/rules.
(function () {
  'use strict';

  const V = window.Views;
  const { $ } = V;
  const STATUS_COLOURS = { open: '#d92d20', acknowledged: '#dc6803', resolved: '#079455' };
  const OUTCOMES = [['succeeded', '#079455'], ['retrying', '#dc6803'], ['failed', '#d92d20'], ['pending', '#98a2b3'], ['cancelled', '#d0d5dd']];
  const figs = {
    byRule: V.figure('fig-by-rule', 'Alerts over time, stacked by rule'),
    byDepartment: V.figure('fig-by-department', 'Alerts over time, stacked by department'),
    status: V.figure('fig-status', 'Alerts by status'),
    response: V.figure('fig-response', 'Seconds to acknowledge and to resolve, median and p90, by department'),
    deliveries: V.figure('fig-deliveries', 'Deliveries by department and outcome'),
  };
  let rules = null;
  let timer = null;

  const duration = (s) => s == null ? null : s < 120 ? s.toFixed(1) + ' s' : s < 7200 ? (s / 60).toFixed(1) + ' min' : (s / 3600).toFixed(1) + ' h';

  function stacked(fig, counts, keys, colour, label, bucket) {
    const times = [...new Set(counts.map((c) => c.at))].sort();
    const cell = new Map(counts.map((c) => [c.at + '\n' + c.key, c.count]));
    fig.chart.setOption({
      aria: { enabled: true, label: { description: label } },
      color: keys.map(colour),
      tooltip: { trigger: 'axis', confine: true },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', minInterval: 1, name: 'alerts per ' + bucket },
      series: keys.map((k) => ({ name: k, type: 'bar', stack: 'alerts', barMaxWidth: 28,
        data: times.map((t) => [t, cell.get(t + '\n' + k) || 0]) })),
    }, { notMerge: true });
    const totals = keys.map((k) => counts.filter((c) => c.key === k).reduce((n, c) => n + c.count, 0));
    fig.table(['bucket start', ...keys], times.map((t) => [t, ...keys.map((k) => cell.get(t + '\n' + k) || 0)]));
    const tfoot = document.createElement('tfoot');
    const tr = V.el('tr', { 'data-row': 'total' }, V.el('th', { scope: 'row' }, 'total'),
      totals.map((n, i) => V.el('td', { 'data-key': keys[i], 'data-count': n }, n)));
    tfoot.append(tr);
    fig.box.parentElement.querySelector('table').append(tfoot);
  }

  async function load() {
    const days = Number($('f-range').value);
    const from = new Date(Date.now() - days * 86400000).toISOString();
    const [overview, rulesInfo] = await Promise.all([V.api('/views/ops?' + new URLSearchParams({ from })), rules || V.rules()]);
    rules = rulesInfo;
    const ruleKeys = rules.order(overview.byRule.map((c) => c.key));
    V.ruleNote($('rules-note'), rules);
    const departments = [...new Set(overview.byDepartment.map((c) => c.key))].sort();
    stacked(figs.byRule, overview.byRule, ruleKeys, (r) => rules.colour(r), 'Alerts per ' + overview.bucket + ', stacked by rule', overview.bucket);
    stacked(figs.byDepartment, overview.byDepartment, departments,
      (d) => V.PALETTE[departments.indexOf(d) % V.PALETTE.length], 'Alerts per ' + overview.bucket + ', stacked by department', overview.bucket);

    $('total').textContent = overview.total;
    $('total').setAttribute('data-total', overview.total);
    Object.entries(overview.byStatus).forEach(([s, n]) => {
      const target = $('count-' + s);
      if (target) { target.textContent = n; target.setAttribute('data-count', n); }
    });
    const statuses = Object.keys(overview.byStatus);
    figs.status.chart.setOption({
      aria: { enabled: true, label: { description: 'Alerts by status: ' + statuses.map((s) => s + ' ' + overview.byStatus[s]).join(', ') } },
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: statuses },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ type: 'bar', barMaxWidth: 48, data: statuses.map((s) => ({ value: overview.byStatus[s], itemStyle: { color: STATUS_COLOURS[s] } })) }],
    }, { notMerge: true });
    figs.status.table(['status', 'alerts'], statuses.map((s) => [s, overview.byStatus[s]]),
      (r) => ({ 'data-status': r[0], 'data-count': r[1] }));

    const resp = overview.responses;
    const measures = [['ack median', 'ackMedianSeconds'], ['ack p90', 'ackP90Seconds'], ['resolve median', 'resolveMedianSeconds'], ['resolve p90', 'resolveP90Seconds']];
    figs.response.chart.setOption({
      aria: { enabled: true, label: { description: 'Seconds from receipt to acknowledgement and to resolution, median and 90th percentile, per department' } },
      color: ['#fdb022', '#dc6803', '#32d583', '#079455'],
      tooltip: { trigger: 'axis', confine: true, valueFormatter: duration },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: resp.map((r) => r.department), axisLabel: { interval: 0, rotate: resp.length > 4 ? 30 : 0 } },
      yAxis: { type: 'value', name: 'seconds' },
      series: measures.map(([name, field]) => ({ name, type: 'bar', data: resp.map((r) => r[field]) })),
    }, { notMerge: true });
    figs.response.table(['department', 'alerts', 'acknowledged', 'ack median', 'ack p90', 'resolved', 'resolve median', 'resolve p90'],
      resp.map((r) => [r.department, r.alerts, r.acknowledged, duration(r.ackMedianSeconds), duration(r.ackP90Seconds), r.resolved,
        duration(r.resolveMedianSeconds), duration(r.resolveP90Seconds)]),
      (r) => ({ 'data-department': r[0], 'data-alerts': r[1], 'data-acknowledged': r[2], 'data-resolved': r[5] }));

    const del = overview.deliveries;
    figs.deliveries.chart.setOption({
      aria: { enabled: true, label: { description: 'Deliveries per department by outcome: succeeded, retrying, failed, pending, cancelled' } },
      color: OUTCOMES.map(([, c]) => c),
      tooltip: { trigger: 'axis', confine: true },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: del.map((d) => d.department) },
      series: OUTCOMES.map(([o]) => ({ name: o, type: 'bar', stack: 'deliveries', data: del.map((d) => d[o]) })),
    }, { notMerge: true });
    figs.deliveries.table(['department', ...OUTCOMES.map(([o]) => o)], del.map((d) => [d.department, ...OUTCOMES.map(([o]) => d[o])]),
      (r) => ({ 'data-department': r[0], 'data-failed': r[3], 'data-retrying': r[2] }));
    $('updated').textContent = 'updated ' + new Date().toLocaleTimeString();
    document.body.setAttribute('data-loaded', Date.now());
  }

  function reload() {
    clearTimeout(timer);
    timer = setTimeout(() => load().catch((e) => { console.error(e); $('updated').textContent = 'error: ' + e.message; }), 500);
  }

  function live() {
    const source = new EventSource('/alerts/stream');
    source.onopen = () => { $('live-status').textContent = 'live'; $('live-status').className = 'status on'; };
    source.onerror = () => { $('live-status').textContent = 'reconnecting…'; $('live-status').className = 'status off'; };
    source.onmessage = (m) => {
      const event = JSON.parse(m.data);
      if (event.change === 'connected') { source.onopen(); return; }
      reload();
    };
  }

  $('f-range').addEventListener('change', reload);
  $('range').addEventListener('submit', (e) => { e.preventDefault(); reload(); });
  setInterval(reload, 60000);
  live();
  load().catch((e) => { $('updated').textContent = 'error: ' + e.message; });
}());
