// Unison customer journey (customer.html?id=...): one lane per department on a time axis, every touch a mark, cases
// and hand-offs, each alert drawn over its evidence; zoom, filters by department and kind, a detail panel.
// Data: GET /views/customers/{id} (journey, summary and detector state, through this service) and
// GET /alerts?customer= (this service's own alerts).
(function () {
  'use strict';

  const V = window.Views;
  const { $, el, time, api } = V;
  const KIND_PALETTE = ['#2e90fa', '#f79009', '#12b76a', '#9e77ed', '#f04438', '#06aed4', '#ee46bc', '#667085',
    '#84cc16', '#b42318', '#155eef', '#fdb022'];
  const ALERT_LANE = 'alerts';
  const state = { id: null, marks: [], alerts: [], rules: null, kinds: [], departments: [], visible: [], selected: -1,
    fig: null, partError: null };

  const esc = (s) => String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const key = (source, id) => source + '\n' + id;

  // ---- data ------------------------------------------------------------------------------------------------
  async function loadAlerts(id) {
    const items = [];
    for (let offset = 0; ; offset += 500) {
      const page = await api('/alerts?' + new URLSearchParams({ customer: id, limit: 500, offset }));
      items.push(...page.items);
      if (items.length >= page.total || page.items.length === 0 || offset >= 5000) return items;
    }
  }

  function touchMark(t) {
    const data = t.data || {};
    return {
      id: t.id, source: t.source, kind: t.kind || String(t.type || '').replace(/^cx\.touch\./, ''),
      time: Date.parse(t.time), iso: t.time, department: t.department, channel: t.channel, direction: t.direction,
      automated: !!(data.agent && data.agent.automated), initiatedBy: t.initiatedBy, caseId: t.caseId, data,
      said: data.answer || data.question || data.field || data.purpose || '', evidenceOf: [],
    };
  }

  /** The journey's touches, and for an alert's evidence not among them (or with no journey) a mark of its own. */
  function marksOf(touches, alerts) {
    const marks = touches.map(touchMark);
    const byKey = new Map(marks.map((m) => [key(m.source, m.id), m]));
    alerts.forEach((a, ai) => (a.evidence || []).forEach((e) => {
      let m = byKey.get(key(e.source, e.id));
      if (!m) {
        m = { id: e.id, source: e.source, kind: String(e.type || 'evidence').replace(/^cx\.(touch|feedback)\./, ''),
          time: Date.parse(e.time), iso: e.time, department: e.department || e.source, channel: null, direction: null,
          automated: false, data: e, said: e.said || '', fromEvidence: true, evidenceOf: [] };
        byKey.set(key(e.source, e.id), m);
        marks.push(m);
      }
      m.evidenceOf.push(ai);
    }));
    marks.sort((a, b) => a.time - b.time);
    return marks;
  }

  async function load(id) {
    state.id = id;
    $('customer-search').value = id;
    $('customer-id').textContent = id;
    $('customer-id').setAttribute('data-customer-id', id);
    document.title = 'Unison · ' + id;
    const [rules, view, alerts] = await Promise.all([
      V.rules(),
      api('/views/customers/' + encodeURIComponent(id)).catch((e) => ({ error: e })),
      loadAlerts(id).catch((e) => ({ error: e })),
    ]);
    state.rules = rules;
    state.alerts = Array.isArray(alerts) ? alerts : [];
    const alertsError = Array.isArray(alerts) ? null
      : alerts.error.status === 403 ? 'Alerts need the ops role.' : 'Alerts: ' + alerts.error.message;
    $('alerts-error').hidden = !alertsError;
    $('alerts-error').textContent = alertsError || '';
    const journeyPart = view.error ? { status: view.error.status || 0, error: view.error.message } : view.journey;
    const touches = journeyPart && journeyPart.status === 200 ? journeyPart.data.touches : [];
    state.partError = journeyPart && journeyPart.status === 200 ? null
      : 'Touches: ' + ((journeyPart && journeyPart.error) || 'unavailable') + '. Showing the alerts\' evidence only.';
    const truncated = journeyPart && journeyPart.status === 200 && journeyPart.data.truncated;
    state.marks = marksOf(touches, state.alerts);
    rules.order(state.alerts.map((a) => a.rule));
    V.ruleNote($('rules-note'), rules);
    state.departments = [...new Set(state.marks.map((m) => m.department))];
    state.kinds = [...new Set(state.marks.map((m) => m.kind))].sort();
    $('journey-info').textContent = `${touches.length} touch${touches.length === 1 ? '' : 'es'}${truncated ? ' (the first ones only)' : ''}, `
      + `${state.alerts.length} alert${state.alerts.length === 1 ? '' : 's'}`;
    checkboxes('f-departments', state.departments, 'department');
    checkboxes('f-kinds', state.kinds, 'kind');
    draw();
    renderAlerts();
    renderSummary(view.error ? null : view.summary);
    renderState(view.error ? null : view.state);
  }

  function checkboxes(id, values, name) {
    const legend = $(id).querySelector('legend');
    $(id).replaceChildren(legend, ...values.map((v) => {
      const box = el('input', { type: 'checkbox', checked: true, value: v, name, 'data-filter': name });
      box.addEventListener('change', draw);
      return el('label', {}, box, ' ', v);
    }));
  }

  const checked = (id) => new Set([...$(id).querySelectorAll('input:checked')].map((i) => i.value));
  const kindColour = (kind) => KIND_PALETTE[Math.max(0, state.kinds.indexOf(kind)) % KIND_PALETTE.length];

  // ---- the chart -------------------------------------------------------------------------------------------
  function draw() {
    const started = performance.now();
    const fig = state.fig;
    const departments = state.departments.filter((d) => checked('f-departments').has(d));
    const kinds = checked('f-kinds');
    const lanes = [ALERT_LANE, ...departments];
    const lane = new Map(lanes.map((l, i) => [l, i]));
    state.visible = state.marks.filter((m) => lane.has(m.department) && kinds.has(m.kind));
    state.selected = -1;

    // one series per kind, direction and who acted, each of one style, its points plain arrays [time, lane, index]:
    // ECharts draws them without an object per point, in one pass (progressive: 0), a big series as one path (large)
    const series = [];
    const groups = new Map();
    state.visible.forEach((m, i) => {
      const group = m.kind + '\n' + (m.direction === 'outbound' ? 'outbound' : 'inbound') + '\n' + m.automated;
      if (!groups.has(group)) groups.set(group, { kind: m.kind, outbound: m.direction === 'outbound', automated: m.automated, data: [] });
      const g = groups.get(group);
      m.pos = { group, index: g.data.length };
      g.data.push([m.time, lane.get(m.department), i]);
    });
    // cases: a bar on the lane of the department holding it, an arrow at each hand-off
    const spans = [];
    const handoffs = [];
    const end = state.marks.length ? state.marks[state.marks.length - 1].time : 0;
    const cases = new Map();
    state.marks.filter((m) => m.caseId).forEach((m) => {
      if (!cases.has(m.caseId)) cases.set(m.caseId, []);
      cases.get(m.caseId).push(m);
    });
    cases.forEach((touches, caseId) => {
      let holder = touches[0].department;
      let since = touches[0].time;
      const span = (to) => { if (lane.has(holder) && to >= since) spans.push({ coords: [[since, lane.get(holder)], [to, lane.get(holder)]], caseId }); };
      touches.forEach((t) => {
        if (t.kind === 'case-transferred' && t.data.toDepartment) {
          span(t.time);
          if (lane.has(t.data.fromDepartment) && lane.has(t.data.toDepartment)) {
            handoffs.push({ coords: [[t.time, lane.get(t.data.fromDepartment)], [t.time, lane.get(t.data.toDepartment)]], caseId });
          }
          holder = t.data.toDepartment;
          since = t.time;
        } else if (t.kind === 'case-closed') {
          span(t.time);
          holder = null;
        }
      });
      if (holder) span(end);
    });
    if (spans.length) {
      series.push({ id: 'cases', name: 'cases', type: 'lines', coordinateSystem: 'cartesian2d', silent: true, z: 1,
        lineStyle: { width: 7, opacity: 0.18, color: '#475467' }, data: spans });
    }
    if (handoffs.length) {
      series.push({ id: 'handoffs', name: 'hand-offs', type: 'lines', coordinateSystem: 'cartesian2d', silent: true, z: 2,
        symbol: ['none', 'arrow'], symbolSize: 8, lineStyle: { width: 1.5, color: '#475467', type: 'dashed' }, data: handoffs });
    }

    const kindsShown = [];
    groups.forEach((g, group) => {
      const colour = kindColour(g.kind);
      if (!kindsShown.includes(g.kind)) kindsShown.push(g.kind);
      g.data.forEach((d) => { state.visible[d[2]].pos.series = series.length; });
      series.push({ id: 'kind:' + group, name: g.kind, type: 'scatter', symbol: g.outbound ? 'triangle' : 'circle',
        symbolSize: 9, z: 3, progressive: 0, large: true, largeThreshold: 500, data: g.data,
        itemStyle: g.automated ? { color: '#fff', borderColor: colour, borderWidth: 1.5 } : { color: colour } });
    });

    // alerts: a pin on the alerts lane; for each, a ring round each piece of its evidence and a line joining them,
    // in its rule's colour
    const evidenceLinks = [];
    const pins = [];
    let rings = 0;
    state.alerts.forEach((a, ai) => {
      const colour = state.rules.colour(a.rule);
      pins.push({ value: [Date.parse(a.detectedAt), 0, ai], itemStyle: { color: colour } });
      const points = state.visible.filter((m) => m.evidenceOf.includes(ai)).map((m) => [m.time, lane.get(m.department), ai]);
      rings += points.length;
      series.push({ id: 'evidence:' + ai, name: 'evidence', type: 'scatter', symbol: 'circle', symbolSize: 17, z: 5,
        progressive: 0, large: true, largeThreshold: 500,
        itemStyle: { color: 'transparent', borderColor: colour, borderWidth: 2 }, emphasis: { scale: 1.4 }, data: points });
      // a line joins a few pieces of evidence (two conflicting answers, three repeated requests); past 20 it would hide the lanes
      if (points.length > 1 && points.length <= 20) evidenceLinks.push({ coords: points.map((p) => [p[0], p[1]]), lineStyle: { color: colour } });
    });
    if (evidenceLinks.length) {
      series.push({ id: 'evidence-links', name: 'evidence', type: 'lines', coordinateSystem: 'cartesian2d', polyline: true,
        silent: true, z: 4, progressive: 0, lineStyle: { width: 2, opacity: 0.8 }, data: evidenceLinks });
    }
    series.push({ id: 'alerts', name: 'alerts', type: 'scatter', symbol: 'pin', symbolSize: 22, z: 6, data: pins });

    const box = $('journey-figure');
    box.removeAttribute('data-drawn');
    let done = false;
    const drawn = () => {
      if (done) return;
      done = true;
      fig.chart.off('finished', drawn);
      box.setAttribute('data-render-ms', (performance.now() - started).toFixed(1));
      box.setAttribute('data-drawn', 'true');
      setTimeout(table, 0);
    };
    fig.chart.off('finished');
    fig.chart.on('finished', drawn);
    fig.chart.setOption({
      animation: false,
      aria: { enabled: true, label: { description: `Journey of ${state.id}: ${state.visible.length} touches in ${departments.length} department lanes, ${state.alerts.length} alerts.` } },
      grid: { left: 8, right: 16, top: 30, bottom: 60, containLabel: true },
      legend: { top: 0, type: 'scroll', data: kindsShown, selectedMode: false },
      tooltip: { trigger: 'item', confine: true, formatter: tooltip },
      xAxis: { type: 'time' },
      yAxis: { type: 'category', data: lanes, inverse: true, splitLine: { show: true }, axisTick: { show: false } },
      dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }, { type: 'slider', xAxisIndex: 0, filterMode: 'none', height: 22, bottom: 8, showDataShadow: false }],
      series,
    }, { notMerge: true });

    box.setAttribute('data-lanes', lanes.slice(1).join(','));
    box.setAttribute('data-marks', state.visible.length);
    box.setAttribute('data-alerts', pins.length);
    box.setAttribute('data-evidence-marks', rings);
    box.setAttribute('data-cases', cases.size);
    box.setAttribute('data-handoffs', handoffs.length);
    // ECharts says 'finished' once the frame is painted; should it have painted within setOption, the next frame
    requestAnimationFrame(() => requestAnimationFrame(drawn));
    const error = $('journey-error');
    error.hidden = !state.partError;
    error.textContent = state.partError || '';
  }

  function tooltip(p) {
    if (p.seriesId === 'alerts' || String(p.seriesId).startsWith('evidence:')) {
      const a = state.alerts[p.value[2]];
      return `<strong>${esc(a.rule)}</strong> · ${esc(a.status)}<br>${esc(a.summary)}`;
    }
    const m = state.visible[p.value[2]];
    if (!m) return '';
    return `<strong>${esc(m.kind)}</strong> · ${esc(m.department)}<br>${esc(time(m.iso))}`
      + (m.channel ? `<br>${esc(m.channel)} · ${esc(m.direction)} · ${m.automated ? 'automated' : 'a person'}` : '')
      + (m.said ? `<br><em>${esc(String(m.said).slice(0, 160))}</em>` : '');
  }

  function table() {
    const rows = state.visible.map((m) => [m.iso, m.department, m.kind, m.channel, m.direction,
      m.channel ? (m.automated ? 'automated' : 'person') : null, m.caseId, m.said]);
    state.fig.table(['time', 'department', 'kind', 'channel', 'direction', 'by', 'case', 'said'], rows,
      (r, i) => ({ tabindex: '0', 'data-touch-index': i, 'data-department': r[1], 'data-kind': r[2] }));
    document.querySelectorAll('#journey-figure tbody tr').forEach((tr) => {
      const i = Number(tr.getAttribute('data-touch-index'));
      tr.addEventListener('click', () => select(i));
      tr.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(i); } });
    });
  }

  // ---- detail ----------------------------------------------------------------------------------------------
  function select(i) {
    const m = state.visible[i];
    if (!m) return;
    state.selected = i;
    if (m.pos && m.pos.series != null) {
      state.fig.chart.dispatchAction({ type: 'showTip', seriesIndex: m.pos.series, dataIndex: m.pos.index });
    }
    $('touch-detail').setAttribute('data-touch-id', m.id);
    fields([['Time', time(m.iso)], ['Department', m.department], ['Kind', m.kind], ['Channel', m.channel],
      ['Direction', m.direction], ['By', m.channel ? (m.automated ? 'automated' : 'a person') : null],
      ['Case', m.caseId], ['Event', m.source + ' / ' + m.id],
      ['Alerts', m.evidenceOf.map((ai) => state.alerts[ai].rule).join(', ') || null],
      ['Note', m.fromEvidence ? 'from an alert\'s evidence (not in the journey)' : null]], m.data);
  }

  function fields(pairs, data) {
    $('detail-empty').hidden = true;
    $('detail-fields').replaceChildren(...pairs.filter(([, v]) => v != null && v !== '')
      .flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v instanceof Node ? v : String(v))]));
    $('detail-data').hidden = !data;
    $('detail-data').textContent = data ? JSON.stringify(data, null, 2) : '';
  }

  function selectAlert(ai) {
    const a = state.alerts[ai];
    document.querySelectorAll('#alert-list li').forEach((li, i) => li.classList.toggle('selected', i === ai));
    $('touch-detail').setAttribute('data-alert-id', a.id);
    state.alerts.forEach((other, oi) => state.fig.chart.dispatchAction({ type: oi === ai ? 'highlight' : 'downplay', seriesId: 'evidence:' + oi }));
    const open = el('a', { href: 'index.html#alert=' + encodeURIComponent(a.id) }, 'open in the alerts');
    fields([['Alert', a.summary], ['Rule', a.rule], ['Severity', a.severity], ['Status', a.status],
      ['Departments', a.departments.join(', ')], ['Detected', time(a.detectedAt)], ['Link', open]],
    { evidence: a.evidence, details: a.details });
  }

  function renderAlerts() {
    $('alerts-info').textContent = state.alerts.length ? String(state.alerts.length) : '';
    $('alert-list').replaceChildren(...state.alerts.map((a, ai) => {
      const chip = el('span', { class: 'rule-chip', 'aria-hidden': 'true' });
      chip.style.background = state.rules.colour(a.rule);
      const li = el('li', { tabindex: '0', 'data-alert-id': a.id, 'data-rule': a.rule, 'data-evidence': (a.evidence || []).length },
        chip, el('strong', {}, a.rule), ' · ', el('span', { class: 'st ' + a.status }, a.status), ' · ',
        el('span', { class: 'muted' }, time(a.detectedAt)), el('span', { class: 'said' }, a.summary));
      li.addEventListener('click', () => selectAlert(ai));
      li.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); selectAlert(ai); } });
      return li;
    }));
  }

  function partMessage(part, target) {
    const ok = part && part.status === 200;
    $(target).hidden = ok;
    $(target).textContent = ok ? '' : (part && part.error) || 'unavailable';
    return ok ? part.data : null;
  }

  function renderSummary(part) {
    const s = partMessage(part, 'summary-error');
    if (!s) { $('summary').replaceChildren(); return; }
    const pairs = [['Last contact', time(s.lastContact)],
      ['Departments', (s.departments || []).map((d) => `${d.department} (${d.touches})`).join(', ')],
      ['Open cases', (s.openCases || []).map((c) => `${c.caseId} at ${c.department || '?'}${c.transfers ? `, ${c.transfers} transfer(s)` : ''}`).join('; ') || 'none'],
      ['Told us', (s.providedFields || []).map((f) => `${f.field} (to ${f.department})`).join(', ') || 'nothing recorded'],
      ['Renews on', s.renewsOn || 'unknown']];
    $('summary').replaceChildren(...pairs.flatMap(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  }

  function renderState(part) {
    const s = partMessage(part, 'state-error');
    $('state').hidden = !s;
    $('state').textContent = s ? JSON.stringify(s, null, 2) : '';
  }

  // ---- keyboard on the chart -------------------------------------------------------------------------------
  function step(e) {
    if (!state.visible.length) return;
    const moves = { ArrowRight: 1, ArrowLeft: -1, Home: -Infinity, End: Infinity };
    if (!(e.key in moves)) return;
    e.preventDefault();
    const next = Math.min(state.visible.length - 1, Math.max(0, (state.selected < 0 ? -1 : state.selected) + moves[e.key]));
    select(Number.isFinite(next) ? next : 0);
  }

  // ---- wiring ----------------------------------------------------------------------------------------------
  state.fig = V.figure('journey-figure', 'Customer journey: touches by department over time');
  $('journey-figure').insertBefore(el('p', { id: 'journey-error', class: 'part-error', role: 'status', hidden: true }),
    $('journey-figure').querySelector('.chart'));
  state.fig.box.addEventListener('keydown', step);
  state.fig.chart.on('click', (p) => {
    if (p.seriesId === 'alerts' || String(p.seriesId).startsWith('evidence:')) selectAlert(p.value[2]);
    else if (p.seriesType === 'scatter') select(p.value[2]);
  });
  $('search').addEventListener('submit', (e) => {
    e.preventDefault();
    const id = $('customer-search').value.trim();
    if (id) location.search = '?' + new URLSearchParams({ id });
  });
  const id = new URLSearchParams(location.search).get('id');
  if (id) {
    load(id).catch((e) => { console.error(e); $('journey-info').textContent = 'error: ' + e.message; });
  } else {
    $('journey-info').textContent = 'Search a customer by id.';
    $('customer-search').focus();
  }
}());
