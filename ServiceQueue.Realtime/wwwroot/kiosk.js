'use strict';
// The kiosk: a device enrolled with its device token (pasted, or /kiosk#enrol=<token>; kept in this
// browser's localStorage) lists the queues the Api lets it issue for and issues exactly one ticket per tap:
// each tap has its own Idempotency-Key, and a lost answer or a 202 is asked again with that same key.
(async () => {
  const tokenKey = 'sq.kiosk.token';
  const tokenShape = /^sqk_[A-Za-z0-9_-]{20,200}$/;
  const refreshEvery = 15000;
  const returnAfter = 20;
  const issueFor = 120000;
  const $ = (id) => document.getElementById(id);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  let i18n = await window.i18n.load([...(navigator.languages || []), navigator.language]);
  let kiosk = null;
  let queues = [];
  let issuing = false;
  let refreshTimer = null;
  let countdownTimer = null;

  // The fragment never stays in the address bar or the history: the token is a credential.
  const fragment = new URLSearchParams(location.hash.slice(1));
  if (fragment.has('enrol')) {
    const offered = (fragment.get('enrol') || '').trim();
    history.replaceState(null, '', location.pathname + location.search);
    if (tokenShape.test(offered)) {
      localStorage.setItem(tokenKey, offered);
    } else {
      message('kiosk.enrolInvalid');
    }
  }

  function message(key, values) {
    $('message').textContent = key ? i18n.t(key, values) : '';
  }

  function show(screen) {
    for (const id of ['enrol', 'queues', 'form', 'issuing', 'result']) {
      $(id).hidden = id !== screen;
    }
    const heading = $(screen).querySelector('h2[tabindex]');
    if (heading) {
      heading.focus();
    }
  }

  const { apiBase } = window.pages;

  async function api(method, path, options) {
    const headers = { Authorization: `Bearer ${localStorage.getItem(tokenKey)}` };
    if (options && options.body) {
      headers['Content-Type'] = 'application/json';
    }
    if (options && options.key) {
      headers['Idempotency-Key'] = options.key;
    }
    return fetch(`${await apiBase()}${path}`, { method, headers, body: options && options.body, cache: 'no-store' });
  }

  function revoked(key) {
    localStorage.removeItem(tokenKey);
    kiosk = null;
    clearInterval(refreshTimer);
    show('enrol');
    message(key || 'kiosk.revoked');
  }

  // ---- Enrolment -----------------------------------------------------------------------------
  $('enrol-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const offered = $('enrol-token').value.trim();
    if (!tokenShape.test(offered)) {
      message('kiosk.enrolInvalid');
      return;
    }
    localStorage.setItem(tokenKey, offered);
    $('enrol-token').value = '';
    boot(true);
  });

  async function boot(enrolling) {
    if (!localStorage.getItem(tokenKey)) {
      show('enrol');
      return;
    }
    try {
      const response = await api('GET', '/api/v1/kiosk');
      if (response.status === 401) {
        revoked(enrolling ? 'kiosk.enrolRefused' : 'kiosk.revoked');
        return;
      }
      if (!response.ok) {
        throw new Error(`GET /api/v1/kiosk answered ${response.status}`);
      }
      kiosk = await response.json();
      i18n = await window.i18n.load([kiosk.language || 'en']);
      i18n.apply();
      document.title = i18n.t('kiosk.title');
      $('kiosk-name').textContent = [kiosk.name, kiosk.branch].filter(Boolean).join(' · ');
      message(null);
      show('queues');
      await refreshQueues();
      clearInterval(refreshTimer);
      refreshTimer = setInterval(refreshQueues, refreshEvery);
    } catch (error) {
      message('kiosk.unreachable');
      setTimeout(() => boot(enrolling), 5000);
    }
  }

  // ---- Queues --------------------------------------------------------------------------------
  function minutes(estimate) {
    if (!estimate) {
      return null;
    }
    if (estimate.maxSeconds < 60) {
      return i18n.t('ticket.estimateSoon');
    }
    const min = Math.max(0, Math.floor(estimate.minSeconds / 60));
    const max = Math.max(min, Math.ceil(estimate.maxSeconds / 60));
    return min === max ? `${max} min` : i18n.t('ticket.estimateRange', { min, max });
  }

  async function refreshQueues() {
    try {
      const response = await api('GET', '/api/v1/kiosk/queues');
      if (response.status === 401) {
        revoked();
        return;
      }
      if (!response.ok) {
        return;
      }
      queues = await response.json();
      if (!$('queues').hidden || !queues.length) {
        renderQueues();
      }
      if ($('message').textContent === i18n.t('kiosk.unreachable')) {
        message(null);
      }
    } catch (error) {
      message('kiosk.unreachable');
    }
  }

  function renderQueues() {
    $('no-queues').hidden = queues.length > 0;
    $('queue-list').replaceChildren(...queues.map((queue) => {
      const item = document.createElement('li');
      const button = document.createElement('button');
      button.type = 'button';
      button.dataset.queue = queue.code;
      const name = document.createElement('span');
      name.className = 'queue-name';
      name.textContent = queue.name;
      const facts = document.createElement('span');
      facts.className = 'queue-facts';
      const estimate = minutes(queue.estimate);
      facts.textContent = [
        queue.waiting === 1 ? i18n.t('kiosk.waitingOne') : i18n.t('kiosk.waiting', { count: queue.waiting }),
        estimate ? i18n.t('kiosk.estimate', { range: estimate }) : null,
      ].filter(Boolean).join(' · ');
      button.append(name, facts);
      button.disabled = issuing;
      button.addEventListener('click', () => choose(queue));
      item.append(button);
      return item;
    }));
  }

  function choose(queue) {
    if (issuing) {
      return;
    }
    message(null);
    const fields = queue.fields || [];
    if (fields.length === 0) {
      issue(queue, {});
      return;
    }
    $('form-title').textContent = i18n.t('kiosk.formTitle', { queue: queue.name });
    $('field-name').hidden = !fields.includes('name');
    $('field-phone').hidden = !fields.includes('phone');
    $('input-name').value = '';
    $('input-phone').value = '';
    $('details-form').onsubmit = (event) => {
      event.preventDefault();
      const details = {};
      if (fields.includes('name') && $('input-name').value.trim()) {
        details.name = $('input-name').value.trim();
      }
      if (fields.includes('phone') && $('input-phone').value.trim()) {
        details.phone = $('input-phone').value.trim();
      }
      issue(queue, details);
    };
    show('form');
  }

  $('details-back').addEventListener('click', () => {
    show('queues');
    renderQueues();
  });

  // ---- Issuing -------------------------------------------------------------------------------
  function newKey() {
    if (crypto.randomUUID) {
      return crypto.randomUUID().replaceAll('-', '');
    }
    // Pages served over plain http to another machine have no randomUUID: the same 128 random bits.
    return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function retryAfter(response, fallback) {
    const seconds = Number(response.headers.get('Retry-After'));
    return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 60) * 1000 : fallback;
  }

  function reasonText(status, problem) {
    const reason = problem && (problem.reason || problem.title);
    if (status === 403) {
      return i18n.t('kiosk.reason.forbidden');
    }
    const key = `kiosk.reason.${reason}`;
    return reason && i18n.t(key) !== key ? i18n.t(key) : i18n.t('kiosk.reason.other');
  }

  async function issue(queue, details) {
    if (issuing) {
      return;
    }
    issuing = true;
    $('details-submit').disabled = true;
    document.querySelectorAll('#queue-list button').forEach((button) => { button.disabled = true; });
    // One key for this tap, whatever happens to the answers: the Api issues one ticket for it.
    const key = newKey();
    const body = JSON.stringify({ queue: queue.code, ...details });
    const giveUpAt = Date.now() + issueFor;
    show('issuing');
    try {
      while (true) {
        let response;
        try {
          response = await api('POST', '/api/v1/kiosk/tickets', { body, key });
        } catch (lost) {
          if (Date.now() > giveUpAt) {
            throw lost;
          }
          await sleep(2000);
          continue;
        }
        if (response.status === 201) {
          showResult(await response.json(), queue);
          return;
        }
        if (response.status === 401) {
          revoked();
          return;
        }
        if ((response.status === 202 || response.status === 429 || response.status >= 500) && Date.now() < giveUpAt) {
          await sleep(retryAfter(response, response.status === 202 ? 1000 : 3000));
          continue;
        }
        const problem = await response.json().catch(() => null);
        show('queues');
        renderQueues();
        message('kiosk.failed', { reason: response.status === 202 || response.status === 429 ? i18n.t('kiosk.reason.busy') : reasonText(response.status, problem) });
        return;
      }
    } catch (error) {
      show('queues');
      renderQueues();
      message('kiosk.failed', { reason: i18n.t('kiosk.reason.busy') });
    } finally {
      issuing = false;
      $('details-submit').disabled = false;
      document.querySelectorAll('#queue-list button').forEach((button) => { button.disabled = false; });
    }
  }

  // ---- The ticket ----------------------------------------------------------------------------
  function qrSvg(text) {
    const qr = qrcode(0, 'M');
    qr.addData(text);
    qr.make();
    const count = qr.getModuleCount();
    const quiet = 4;
    let path = '';
    for (let row = 0; row < count; row++) {
      for (let col = 0; col < count; col++) {
        if (qr.isDark(row, col)) {
          path += `M${col + quiet} ${row + quiet}h1v1h-1z`;
        }
      }
    }
    const ns = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', `0 0 ${count + 2 * quiet} ${count + 2 * quiet}`);
    svg.setAttribute('role', 'img');
    svg.setAttribute('aria-label', i18n.t('kiosk.scan'));
    svg.setAttribute('shape-rendering', 'crispEdges');
    const background = document.createElementNS(ns, 'rect');
    background.setAttribute('width', '100%');
    background.setAttribute('height', '100%');
    background.setAttribute('fill', '#fff');
    const modules = document.createElementNS(ns, 'path');
    modules.setAttribute('d', path);
    modules.setAttribute('fill', '#000');
    svg.append(background, modules);
    return svg;
  }

  function showResult(ticket, queue) {
    const url = `${location.origin}${ticket.ticketPath || `/t/${ticket.token}`}`;
    $('print-branch').textContent = ticket.branch || (kiosk && kiosk.branch) || '';
    $('print-queue').textContent = ticket.queueName || queue.name;
    $('print-number').textContent = ticket.number;
    const estimate = minutes(ticket.estimate);
    $('print-estimate').textContent = estimate ? i18n.t('kiosk.estimate', { range: estimate }) : '';
    $('qr').replaceChildren(qrSvg(url));
    $('qr').dataset.url = url;
    const issuedAt = ticket.issuedAt ? new Date(ticket.issuedAt) : new Date();
    const time = new Intl.DateTimeFormat(document.documentElement.lang || 'en', { dateStyle: 'short', timeStyle: 'short' }).format(issuedAt);
    $('print-time').textContent = i18n.t('kiosk.issuedAt', { time });
    show('result');
    let left = returnAfter;
    const tick = () => {
      $('returning').textContent = i18n.t('kiosk.returning', { seconds: left });
      if (left-- <= 0) {
        backToList();
      }
    };
    clearInterval(countdownTimer);
    tick();
    countdownTimer = setInterval(tick, 1000);
  }

  function backToList() {
    clearInterval(countdownTimer);
    $('qr').replaceChildren();
    show('queues');
    renderQueues();
    refreshQueues();
  }

  $('print').addEventListener('click', () => window.print());
  $('done').addEventListener('click', backToList);

  i18n.apply();
  boot(false);
})();
