// Unison pictures: what customer.html, ops.html and analyst.html share. Plain browser JavaScript, no build step;
// the charts are Apache ECharts, served by this service (webjars), never from elsewhere. Every text from a server
// goes in as text. Every chart has a table beside it (with CSV export) and an aria label.
(function () {
  'use strict';

  // Colours in the order of consistency-service's rules (GET /views/rules); a rule's colour is its place there.
  const PALETTE = ['#3538cd', '#d92d20', '#dc6803', '#079455', '#7a5af8', '#0e9384', '#c11574', '#667085',
    '#1570ef', '#b54708', '#4e5ba6', '#93370d'];
  const charts = [];

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === undefined || v === null) return;
      if (k === 'class') node.className = v;
      else if (k.startsWith('data-') || k.startsWith('aria-') || k === 'role' || k === 'tabindex' || k === 'scope') node.setAttribute(k, v);
      else node[k] = v;
    });
    children.flat().forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
    return node;
  }

  function time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toLocaleString();
  }

  async function api(path) {
    const res = await fetch(path, { headers: { 'Accept': 'application/json' } });
    const text = await res.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
    if (!res.ok) {
      const problem = data || {};
      const fields = (problem.errors || []).map((e) => (e.pointer || '/') + ': ' + e.detail).join('; ');
      const error = new Error(fields || problem.detail || problem.title || ('HTTP ' + res.status));
      error.status = res.status;
      throw error;
    }
    return data;
  }

  // ---- rules and their colours ---------------------------------------------------------------------------
  // From consistency-service through the proxy; when it cannot be reached, the rules seen in the data, by name,
  // and the page says so.
  async function rules() {
    let part;
    try { part = await api('/views/rules'); } catch (e) { part = { status: e.status || 0, error: e.message }; }
    const names = part && part.status === 200 && Array.isArray(part.data) ? part.data.map((r) => r.rule) : null;
    const known = names || [];
    return {
      fromService: !!names,
      error: names ? null : (part && part.error) || 'rules unavailable',
      names: known,
      describe: (rule) => ((part && part.data) || []).find((r) => r.rule === rule)?.description || '',
      colour(rule) {
        let i = known.indexOf(rule);
        if (i < 0) { known.push(rule); i = known.length - 1; }
        return PALETTE[i % PALETTE.length];
      },
      order(seen) {
        const extra = [...new Set(seen)].filter((r) => !known.includes(r)).sort();
        extra.forEach((r) => known.push(r));
        return known.filter((r) => seen.includes(r));
      },
    };
  }

  function ruleNote(target, rulesInfo) {
    if (!target) return;
    target.hidden = rulesInfo.fromService;
    target.textContent = rulesInfo.fromService ? '' : 'Rule colours follow the rules seen here: ' + rulesInfo.error + '.';
  }

  // ---- figures: a chart, its table, CSV ----------------------------------------------------------------
  /**
   * Fills the <figure> with id `id`: a chart (role img, keyboard focusable, aria label) and a table of the same
   * numbers, shown under "Table", with a CSV download. Returns { chart, table(columns, rows), fail(message) }.
   */
  function figure(id, label) {
    const fig = $(id);
    const chartBox = el('div', { class: 'chart', role: 'img', tabindex: '0', 'aria-label': label });
    const tableBox = el('div', { class: 'table-box' });
    const csvButton = el('button', { type: 'button', class: 'secondary csv', 'aria-label': 'Download ' + label + ' as CSV' }, 'CSV');
    const message = el('p', { class: 'part-error', role: 'status' });
    message.hidden = true;
    const details = el('details', { class: 'figure-table' }, el('summary', {}, 'Table'), tableBox);
    fig.append(chartBox, message, el('div', { class: 'figure-tools' }, details, csvButton));
    const chart = echarts.init(chartBox, null, { renderer: 'canvas' });
    charts.push(chart);
    let current = { columns: [], rows: [] };
    csvButton.addEventListener('click', () => download(id + '.csv', csv(current.columns, current.rows)));
    return {
      chart,
      box: chartBox,
      table(columns, rows, rowAttrs) {
        current = { columns, rows };
        fig.setAttribute('data-rows', rows.length);
        fig.removeAttribute('data-error');
        message.hidden = true;
        chartBox.hidden = false;
        tableBox.replaceChildren(el('table', { class: 'small' },
          el('caption', { class: 'sr-only' }, label),
          el('thead', {}, el('tr', {}, columns.map((c) => el('th', { scope: 'col' }, c)))),
          el('tbody', {}, rows.map((r, i) => el('tr', rowAttrs ? rowAttrs(r, i) : {}, r.map((v) => el('td', {}, v == null ? '–' : v)))))));
      },
      fail(text, status) {
        fig.setAttribute('data-error', status || 'error');
        fig.setAttribute('data-rows', 0);
        message.textContent = text;
        message.hidden = false;
        chart.clear();
        chartBox.hidden = true;
        current = { columns: [], rows: [] };
        tableBox.replaceChildren();
      },
    };
  }

  function csv(columns, rows) {
    const cell = (v) => {
      const s = v == null ? '' : String(v);
      return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    };
    return [columns, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  }

  function download(name, text) {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  /** A Part ({service, status, data | error}) of /views/*: its data, or null after showing why there is none. */
  function partData(part, fig) {
    if (part && part.status === 200) return part.data;
    const status = part ? part.status : 0;
    fig.fail((part && part.error) || 'unavailable', status);
    return null;
  }

  function narrow() {
    return window.matchMedia('(max-width: 700px)').matches;
  }

  window.addEventListener('resize', () => charts.forEach((c) => c.resize()));

  window.Views = { $, el, time, api, rules, ruleNote, figure, partData, csv, narrow, PALETTE };
}());
