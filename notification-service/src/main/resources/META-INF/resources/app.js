// Unison ops dashboard: alerts with filters, counts, open groups, a live feed (Server-Sent Events) and
// acknowledge/resolve of an alert or its whole group.
// Plain browser JavaScript, no build step, no third-party code; every text from the server goes in as text.
(function () {
  'use strict';

  const PAGE = 25;
  const state = { offset: 0, total: 0, selected: null, selectedGroup: null, source: null, reloadTimer: null };
  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === undefined || v === null) return;
      if (k === 'class') node.className = v;
      else if (k.startsWith('data-')) node.setAttribute(k, v);
      else node[k] = v;
    });
    children.flat().forEach((c) => node.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c))));
    return node;
  }

  function time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString();
  }

  function filters() {
    const f = {};
    ['department', 'rule', 'status', 'severity', 'customer', 'group'].forEach((name) => {
      const v = $('f-' + name).value.trim();
      if (v) f[name] = v;
    });
    return f;
  }

  function query(params) {
    const q = new URLSearchParams(params).toString();
    return q ? '?' + q : '';
  }

  async function api(method, path, body) {
    const res = await fetch(path, {
      method,
      headers: body ? { 'Content-Type': 'application/json', 'Accept': 'application/json' } : { 'Accept': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    const data = text ? JSON.parse(text) : null;
    if (!res.ok) {
      const problem = data || {};
      const fields = (problem.errors || []).map((e) => (e.pointer || '/') + ': ' + e.detail).join('; ');
      throw new Error(fields || problem.detail || problem.title || ('HTTP ' + res.status));
    }
    return data;
  }

  // ---- list ------------------------------------------------------------------------------------------------
  async function loadAlerts() {
    const page = await api('GET', '/alerts' + query({ ...filters(), limit: PAGE, offset: state.offset }));
    state.total = page.total;
    const body = $('alerts').tBodies[0];
    body.replaceChildren(...page.items.map(row));
    $('empty').hidden = page.items.length > 0;
    const last = Math.min(page.offset + page.items.length, page.total);
    $('page-info').textContent = page.total ? `${page.offset + 1}–${last} of ${page.total}` : '';
    $('prev-page').disabled = page.offset === 0;
    $('next-page').disabled = last >= page.total;
  }

  function row(a) {
    const tr = el('tr', { 'data-alert-id': a.id, class: a.id === state.selected ? 'selected' : '' },
      el('td', {}, time(a.detectedAt)),
      el('td', {}, el('span', { class: 'sev ' + a.severity }, a.severity)),
      el('td', {}, a.rule),
      el('td', {}, a.departments.join(', ')),
      el('td', {}, customerLink(a.customerId)),
      el('td', { class: 'summary' }, a.summary),
      el('td', {}, el('span', { class: 'st ' + a.status + ' status-cell' }, a.status + (a.silenced ? ' (silenced)' : ''))),
      el('td', { class: 'mono group-cell', title: 'show the alerts of this group' }, a.groupId.slice(0, 8)));
    tr.querySelector('.group-cell').addEventListener('click', (e) => { e.stopPropagation(); showGroup(a.groupId); });
    tr.addEventListener('click', () => select(a.id));
    return tr;
  }

  /** The customer's journey (customer.html), from every alert. */
  function customerLink(id) {
    const link = el('a', { href: 'customer.html?' + new URLSearchParams({ id }), 'data-customer-link': id,
      title: 'the journey of ' + id }, id);
    link.addEventListener('click', (e) => e.stopPropagation());
    return link;
  }

  // ---- counts ----------------------------------------------------------------------------------------------
  async function loadStats() {
    const f = filters();
    const stats = await api('GET', '/alerts/stats' + query(f.department ? { department: f.department } : {}));
    $('count-total').textContent = stats.total;
    $('by-status').replaceChildren(...Object.entries(stats.byStatus).map(([k, v]) => el('span', {}, `${k} ${v}`)));
    fillCounts('by-department', stats.byDepartment, 'f-department');
    addRules(Object.keys(stats.byRule));
    fillCounts('by-rule', stats.byRule, 'f-rule');
    const known = new Set([...$('departments').options].map((o) => o.value));
    Object.keys(stats.byDepartment).filter((d) => !known.has(d))
      .forEach((d) => $('departments').append(el('option', { value: d })));
  }

  // ---- rules: consistency-service's (GET /views/rules), and any other rule an alert names ---------------------
  function addRules(names) {
    const known = new Set([...$('f-rule').options].map((o) => o.value));
    names.filter((r) => r && !known.has(r)).forEach((r) => $('f-rule').append(el('option', { value: r }, r)));
  }

  async function loadRules() {
    const part = await api('GET', '/views/rules');
    if (part && part.status === 200 && Array.isArray(part.data)) addRules(part.data.map((r) => r.rule));
  }

  function fillCounts(tableId, counts, filterId) {
    const rows = Object.entries(counts).map(([name, n]) => {
      const tr = el('tr', { 'data-name': name }, el('td', {}, name), el('td', {}, n));
      tr.addEventListener('click', () => { $(filterId).value = name; applyFilters(); });
      return tr;
    });
    $(tableId).tBodies[0].replaceChildren(...rows);
  }

  // ---- groups ----------------------------------------------------------------------------------------------
  async function loadGroups() {
    const f = filters();
    const params = { status: 'open', limit: 20 };
    if (f.department) params.department = f.department;
    if (f.rule) params.rule = f.rule;
    if (f.customer) params.customer = f.customer;
    const page = await api('GET', '/alert-groups' + query(params));
    $('groups-info').textContent = page.total > page.items.length ? `${page.items.length} of ${page.total}` : '';
    $('groups').tBodies[0].replaceChildren(...page.items.map((g) => {
      const tr = el('tr', { 'data-group-id': g.id },
        el('td', {}, el('span', { class: 'sev ' + g.severity }, g.severity), ' ',
          Object.values(g.labels || {}).join(' · '),
          el('div', { class: 'muted' }, g.departments.join(', '))),
        el('td', { title: 'alerts · customers' }, `${g.alerts} · ${g.customers}`));
      tr.addEventListener('click', () => showGroup(g.id));
      return tr;
    }));
  }

  function showGroup(id) {
    $('f-group').value = id;
    applyFilters();
  }

  // ---- detail ----------------------------------------------------------------------------------------------
  async function select(id) {
    state.selected = id;
    history.replaceState(null, '', '#alert=' + encodeURIComponent(id));
    document.querySelectorAll('#alerts tbody tr').forEach((tr) =>
      tr.classList.toggle('selected', tr.getAttribute('data-alert-id') === id));
    await showDetail(id);
  }

  async function showDetail(id) {
    $('detail-error').hidden = true;
    try {
      const [alert, deliveries, events] = await Promise.all([
        api('GET', '/alerts/' + encodeURIComponent(id)),
        api('GET', '/alerts/' + encodeURIComponent(id) + '/deliveries'),
        api('GET', '/alerts/' + encodeURIComponent(id) + '/history'),
      ]);
      const group = await api('GET', '/alert-groups/' + encodeURIComponent(alert.groupId));
      renderDetail(alert, group, deliveries, events);
    } catch (e) {
      $('detail').hidden = false;
      document.querySelector('main').classList.add('with-detail');
      $('detail-error').textContent = e.message;
      $('detail-error').hidden = false;
    }
  }

  function renderDetail(a, group, deliveries, events) {
    $('detail').hidden = false;
    $('detail').setAttribute('data-alert-id', a.id);
    document.querySelector('main').classList.add('with-detail');
    $('detail-summary').textContent = a.summary;
    $('detail-status').textContent = a.status;
    $('detail-status').className = 'st ' + a.status;
    $('detail-severity').textContent = a.severity;
    $('detail-rule').textContent = a.rule;
    $('detail-customer').replaceChildren(customerLink(a.customerId));
    $('detail-departments').textContent = a.departments.join(', ');
    $('detail-detected').textContent = time(a.detectedAt);
    state.selectedGroup = group.id;
    const link = el('a', { href: '#group=' + group.id }, `${group.alerts} alert${group.alerts === 1 ? '' : 's'}, `
      + `${group.customers} customer${group.customers === 1 ? '' : 's'} (${group.status})`);
    link.addEventListener('click', (e) => { e.preventDefault(); showGroup(group.id); });
    $('detail-group').replaceChildren(link, el('div', { class: 'mono muted' }, Object.values(group.labels || {}).join(' · ')));
    $('ack-group-button').disabled = group.open === 0;
    $('resolve-group-button').disabled = group.status === 'resolved';
    $('detail-id').textContent = a.id;
    $('ack-button').disabled = a.status !== 'open';
    $('resolve-button').disabled = a.status === 'resolved';
    $('evidence').replaceChildren(...(a.evidence || []).map((e) => el('li', {},
      el('strong', {}, e.department || e.source), ' · ', time(e.time), ' · ', el('span', { class: 'muted' }, e.type || ''),
      el('span', { class: 'said' }, e.said || ''),
      el('span', { class: 'mono muted' }, e.source + ' / ' + e.id))));
    $('deliveries').tBodies[0].replaceChildren(...deliveries.map((d) => el('tr', { 'data-delivery-id': d.id },
      el('td', {}, d.reason), el('td', {}, d.department), el('td', {}, d.type),
      el('td', { class: 'mono' }, d.target), el('td', {}, d.status),
      el('td', {}, d.attempts + ' attempt' + (d.attempts === 1 ? '' : 's')),
      el('td', {}, (d.alerts || []).length > 1 ? `with ${d.alerts.length - 1} more` : ''),
      el('td', { class: 'muted' }, d.lastError || ''))));
    $('history').replaceChildren(...events.map((h) => el('li', {},
      time(h.at), ' · ', el('strong', {}, h.action), h.actor ? ' by ' + h.actor : '', h.note ? ' — ' + h.note : '')));
  }

  function closeDetail() {
    state.selected = null;
    $('detail').hidden = true;
    document.querySelector('main').classList.remove('with-detail');
    history.replaceState(null, '', location.pathname);
    document.querySelectorAll('#alerts tbody tr.selected').forEach((tr) => tr.classList.remove('selected'));
  }

  async function act(action, wholeGroup) {
    const id = wholeGroup ? state.selectedGroup : state.selected;
    if (!id) return;
    // who acts is the signed-in user: the service takes it from the token
    const note = $('action-note').value.trim();
    try {
      await api('POST', (wholeGroup ? '/alert-groups/' : '/alerts/') + encodeURIComponent(id) + '/' + action,
        note ? { note } : {});
      $('action-note').value = '';
      await Promise.all([showDetail(state.selected), loadAlerts(), loadStats(), loadGroups()]);
    } catch (e) {
      $('detail-error').textContent = e.message;
      $('detail-error').hidden = false;
    }
  }

  // ---- live feed -------------------------------------------------------------------------------------------
  function connect() {
    if (state.source) state.source.close();
    const department = filters().department;
    const source = new EventSource('/alerts/stream' + query(department ? { department } : {}));
    state.source = source;
    source.onopen = () => live(true);
    source.onerror = () => live(false);
    source.onmessage = (message) => {
      const event = JSON.parse(message.data);
      if (event.change === 'connected') { live(true); return; }
      if (!event.alert) return;
      feedItem(event);
      scheduleReload();
      if (event.alert.id === state.selected) showDetail(state.selected);
    };
  }

  function live(on) {
    $('live-status').textContent = on ? 'live' : 'reconnecting…';
    $('live-status').className = 'status ' + (on ? 'on' : 'off');
  }

  function feedItem(event) {
    const a = event.alert;
    const li = el('li', { 'data-alert-id': a.id },
      el('span', { class: 'change' }, event.change), el('span', { class: 'sev ' + a.severity }, a.severity), ' ',
      el('span', { class: 'muted' }, new Date().toLocaleTimeString() + ' · ' + a.departments.join(', ')),
      el('div', {}, a.summary));
    li.addEventListener('click', () => select(a.id));
    const list = $('feed-list');
    list.prepend(li);
    while (list.children.length > 50) list.lastChild.remove();
  }

  function scheduleReload() {
    clearTimeout(state.reloadTimer);
    state.reloadTimer = setTimeout(() => {
      loadAlerts().catch(showError);
      loadStats().catch(showError);
      loadGroups().catch(showError);
    }, 250);
  }

  function showError(e) {
    $('page-info').textContent = 'error: ' + e.message;
  }

  // ---- wiring ----------------------------------------------------------------------------------------------
  function applyFilters() {
    state.offset = 0;
    loadAlerts().catch(showError);
    loadStats().catch(showError);
    loadGroups().catch(showError);
    connect();
  }

  $('filters').addEventListener('submit', (e) => { e.preventDefault(); applyFilters(); });
  $('clear-filters').addEventListener('click', () => { $('filters').reset(); applyFilters(); });
  $('prev-page').addEventListener('click', () => { state.offset = Math.max(0, state.offset - PAGE); loadAlerts().catch(showError); });
  $('next-page').addEventListener('click', () => { state.offset += PAGE; loadAlerts().catch(showError); });
  $('ack-button').addEventListener('click', () => act('acknowledge', false));
  $('resolve-button').addEventListener('click', () => act('resolve', false));
  $('ack-group-button').addEventListener('click', () => act('acknowledge', true));
  $('resolve-group-button').addEventListener('click', () => act('resolve', true));
  $('close-detail').addEventListener('click', closeDetail);

  const linkedGroup = /#group=([^&]+)/.exec(location.hash);
  if (linkedGroup) $('f-group').value = decodeURIComponent(linkedGroup[1]);
  // without consistency-service the filter offers the rules the alerts name (the counts add them)
  loadRules().catch(() => {});
  applyFilters();
  const linked = /#alert=([^&]+)/.exec(location.hash);
  if (linked) select(decodeURIComponent(linked[1]));
}());
