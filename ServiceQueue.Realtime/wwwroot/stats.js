'use strict';
// The statistics page: sign in through the Api, pick a branch, queue, date range and bucket, and draw the Api's figures
// with Chart.js. Every chart is one table of figures: the chart, its data table and its CSV are all drawn from it, so a
// screen reader and a spreadsheet get exactly what the picture shows. Buckets are asked for from local midnight, so
// they are this browser's days and hours.
(() => {
  const $ = (id) => document.getElementById(id);
  const { apiBase } = window.pages;
  // The handlers below are attached at once (a form submitted before them would go to the server); words arrive when loaded.
  let t = (key) => key;
  let apply = () => {};
  const ready = window.i18n.load([...(navigator.languages || []), navigator.language]).then((strings) => {
    ({ t, apply } = strings);
    apply();
  });

  // ---- Session: session.js, as the supervisor page ----------------------------------------------------------------
  const session = window.staffSession({ onEnded: (code) => showSignIn(t(`session.${code}`)) });

  const asList = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

  // GET from the Api with the user's token; null for 404 (no such queue, branch or route); throws with the Api's words otherwise.
  // A refused token is renewed once (session.js); refused again, the session is over.
  async function get(path) {
    for (;;) {
      let token;
      try {
        token = await session.accessToken();
      } catch {
        throw showSignIn(t('session.ended'));
      }
      const response = await fetch(`${await apiBase()}${path}`, { headers: { Authorization: `Bearer ${token}` } });
      if (response.status === 401) {
        if (session.refused()) {
          continue;
        }
        throw new Error(t('session.refused'));
      }
      session.accepted();
      if (response.status === 404) {
        return null;
      }
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        throw new Error(problem.detail || problem.title || t('stats.failed', { status: response.status }));
      }
      return response.json();
    }
  }

  function showSignIn(message) {
    $('workspace').hidden = true;
    $('not-allowed').hidden = true;
    $('sign-out').hidden = true;
    $('who').textContent = '';
    $('sign-in').hidden = false;
    $('sign-in-error').textContent = message || '';
    return new Error(message);
  }

  $('sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = event.submitter || $('sign-in').querySelector('button');
    button.disabled = true;
    $('sign-in-error').textContent = '';
    try {
      await ready;
      const refused = await session.signIn($('user-name').value, $('password').value);
      if (refused) {
        $('sign-in-error').textContent = t(`session.${refused.code}`, refused);
        return;
      }
      $('password').value = '';
      await enter();
    } catch (failure) {
      $('sign-in-error').textContent = failure.message;
    } finally {
      button.disabled = false;
    }
  });

  $('sign-out').addEventListener('click', async () => {
    showSignIn('');
    await session.signOut();
  });

  // ---- Who may look: the page offers the branches the token supervises (an Admin: every branch). The Api's routes are the guard.
  async function enter() {
    const claims = session.claims();
    const admin = asList(claims.role).includes('Admin');
    const supervised = asList(claims.branches).map((grant) => String(grant).split(':'))
      .filter(([, role]) => role === 'Supervisor').map(([branch]) => branch);
    $('sign-in').hidden = true;
    $('sign-out').hidden = false;
    $('who').textContent = `${claims.name} · ${asList(claims.role).join(', ')}`;
    const branches = admin || supervised.length > 0 ? ((await get('/api/v1/branches')) || []).filter((b) => admin || supervised.includes(b.code)) : [];
    if (branches.length === 0) {
      $('not-allowed').hidden = false;
      return;
    }
    $('branch').replaceChildren(...branches.map((b) => new Option(`${b.name} (${b.code})`, b.code)));
    $('workspace').hidden = false;
    await loadQueues();
  }

  async function loadQueues() {
    const queues = (await get(`/api/v1/branches/${encodeURIComponent($('branch').value)}/queues`)) || [];
    $('queue').replaceChildren(...queues.map((q) => new Option(`${q.name} (${q.code})`, q.code)));
    if (queues.length === 0) {
      $('status').textContent = t('stats.noQueues');
      return;
    }
    await show();
  }

  $('branch').addEventListener('change', () => loadQueues().catch((failure) => { $('workspace-error').textContent = failure.message; }));
  $('choice').addEventListener('submit', (event) => {
    event.preventDefault();
    show().catch((failure) => { $('workspace-error').textContent = failure.message; });
  });

  // ---- Range: whole local days, the last seven unless chosen ------------------------------------------------------------
  const pad = (n) => String(n).padStart(2, '0');
  const dateValue = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  const today = new Date();
  $('to').value = dateValue(today);
  $('from').value = dateValue(new Date(today.getFullYear(), today.getMonth(), today.getDate() - 6));

  // Local midnight of a yyyy-mm-dd value, as an instant.
  function localMidnight(value, addDays = 0) {
    const [y, m, d] = value.split('-').map(Number);
    return new Date(y, m - 1, d + addDays);
  }

  const label = (iso, bucket) => {
    const d = new Date(iso);
    return bucket === 'hour' ? `${dateValue(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}` : dateValue(d);
  };

  // ---- Charts ---------------------------------------------------------------------------------------------------------
  // Dark enough on white for 3:1 against the background; lines also differ by dash and point shape, bars carry their label.
  const ink = { blue: '#1f4fbf', orange: '#b45309', green: '#047857', purple: '#6d28d9', grey: '#374151' };
  const drawn = new Map();

  const round = (value, digits) => (value === null || value === undefined ? null : Number(value.toFixed(digits)));

  const servingSeconds = (a) => (a.averageServiceSeconds === null ? 0 : a.served * a.averageServiceSeconds);

  // Presence is per branch, so utilisation is serving time in all the branch's queues ÷ time signed in, per attendant signed in.
  function utilisationOf(presence, branchStats) {
    const serving = new Map();
    branchStats.filter(Boolean).flatMap((s) => s.attendants)
      .forEach((a) => serving.set(a.attendantId, (serving.get(a.attendantId) || 0) + servingSeconds(a)));
    return (presence && presence.attendants ? presence.attendants : []).filter((a) => a.signedInSeconds > 0).map((a) => {
      const seconds = round(serving.get(a.attendantId) || 0, 1);
      return [a.attendantName || a.attendantId, seconds, a.signedInSeconds, round((100 * seconds) / a.signedInSeconds, 1)];
    });
  }

  function definitions(series, distribution, stats, utilisation) {
    const bucket = series.bucket;
    const sla = series.slaSeconds;
    const points = series.points;
    const starts = points.map((p) => label(p.start, bucket));
    const attendants = stats.attendants.map((a) => (
      { name: a.attendantName || a.attendantId, served: a.served, average: a.averageServiceSeconds, serving: round(servingSeconds(a), 1) }));
    const arrivals = points.reduce((sum, p) => sum + p.arrivals, 0);
    const served = points.reduce((sum, p) => sum + p.served, 0);
    const within = points.reduce((sum, p) => sum + (p.servedWithinSla || 0), 0);
    const samples = points.reduce((sum, p) => sum + p.estimateSamples, 0);
    const outcomes = [
      [t('stats.outcomeServed'), stats.served],
      [t('stats.outcomeNoShow'), stats.noShows],
      [t('stats.outcomeRemoved'), stats.removed],
      [t('stats.outcomeCancelled'), stats.cancelledByCustomer],
      [t('stats.outcomeTransferred'), stats.transferredOut],
    ];
    const hasPresence = utilisation.length > 0;
    return [
      {
        id: 'arrivals', type: 'bar', title: t(bucket === 'hour' ? 'stats.arrivalsPerHour' : 'stats.arrivalsPerDay'),
        summary: t('stats.arrivalsSummary', { count: arrivals, buckets: points.length }),
        columns: [t('stats.colStart'), t('stats.colArrivals')],
        rows: points.map((p, i) => [starts[i], p.arrivals]),
        datasets: [{ column: 1, color: ink.blue }],
      },
      {
        id: 'waits', type: 'bar', title: t('stats.waitDistribution'),
        summary: t('stats.waitSummary', { count: distribution.count }),
        columns: [t('stats.colWaitMinutes'), t('stats.colTickets')],
        rows: distribution.bands.map((b) => [b.toMinutes === null ? `${b.fromMinutes}+` : `${b.fromMinutes}–${b.toMinutes}`, b.count]),
        datasets: [{ column: 1, color: ink.orange }],
      },
      {
        id: 'sla', type: 'line', title: t('stats.slaShare'),
        summary: sla === null ? t('stats.noSla') : t('stats.slaSummary', { minutes: round(sla / 60, 1), seconds: sla, within, served, share: served ? round((100 * within) / served, 1) : '—' }),
        columns: [t('stats.colStart'), t('stats.colServed'), t('stats.colWithinSla'), t('stats.colWithinSlaShare')],
        rows: points.map((p, i) => [starts[i], p.served, p.servedWithinSla, p.withinSlaShare === null ? null : round(100 * p.withinSlaShare, 1)]),
        datasets: [{ column: 3, color: ink.green, dash: [], point: 'circle' }],
        scale: { min: 0, max: 100 },
        empty: sla === null,
      },
      {
        id: 'accuracy', type: 'line', title: t('stats.accuracy'),
        summary: t('stats.accuracySummary', { samples }),
        columns: [t('stats.colStart'), t('stats.colSamples'), t('stats.colMeanError'), t('stats.colMeanAbsoluteError')],
        rows: points.map((p, i) => [starts[i], p.estimateSamples, p.estimateMeanErrorSeconds, p.estimateMeanAbsoluteErrorSeconds]),
        datasets: [{ column: 2, color: ink.purple, dash: [6, 4], point: 'triangle' }, { column: 3, color: ink.blue, dash: [], point: 'rect' }],
      },
      {
        id: 'serving', type: 'bar', title: t('stats.servingTime'),
        summary: attendants.length ? t('stats.servingSummary', { count: attendants.length }) : t('stats.noAttendants'),
        columns: [t('stats.colAttendant'), t('stats.colServed'), t('stats.colAverageService'), t('stats.colServingSeconds')],
        rows: attendants.map((a) => [a.name, a.served, a.average, a.serving]),
        datasets: [{ column: 3, color: ink.grey }],
        empty: attendants.length === 0,
      },
      {
        id: 'utilisation', type: 'bar', title: t('stats.utilisation'),
        summary: hasPresence ? t('stats.utilisationSummary') : t('stats.noPresence'),
        columns: [t('stats.colAttendant'), t('stats.colServingSeconds'), t('stats.colSignedInSeconds'), t('stats.colUtilisation')],
        rows: utilisation,
        datasets: [{ column: 3, color: ink.green }],
        scale: { min: 0 },
        empty: !hasPresence,
      },
      {
        id: 'outcomes', type: 'bar', title: t('stats.outcomes'),
        summary: outcomes.map(([name, count]) => `${name}: ${count}`).join(' · '),
        columns: [t('stats.colOutcome'), t('stats.colCount')],
        rows: outcomes,
        datasets: [{ column: 1, color: ink.blue }],
      },
    ];
  }

  function render(definition) {
    let section = document.querySelector(`section.chart[data-chart='${definition.id}']`);
    if (!section) {
      section = $('chart-template').content.firstElementChild.cloneNode(true);
      section.dataset.chart = definition.id;
      section.setAttribute('aria-labelledby', `chart-${definition.id}-title`);
      section.querySelector('h2').id = `chart-${definition.id}-title`;
      section.querySelector('.download').addEventListener('click', () => download(definition.id));
      apply(section);
      $('charts').append(section);
    }
    section.querySelector('h2').textContent = definition.title;
    section.querySelector('.summary').textContent = definition.summary;
    section.classList.toggle('empty', Boolean(definition.empty));
    section.querySelector('.download').disabled = definition.rows.length === 0;
    const canvas = section.querySelector('canvas');
    canvas.setAttribute('aria-label', `${definition.title}. ${definition.summary}`);
    const table = section.querySelector('table');
    table.querySelector('caption').textContent = definition.title;
    table.querySelector('thead tr').replaceChildren(...definition.columns.map((name) => Object.assign(document.createElement('th'), { scope: 'col', textContent: name })));
    table.querySelector('tbody').replaceChildren(...definition.rows.map((row) => {
      const tr = document.createElement('tr');
      row.forEach((value, i) => {
        const cell = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) {
          cell.scope = 'row';
        } else {
          cell.className = 'number';
        }
        cell.textContent = value === null || value === undefined ? '—' : String(value);
        tr.append(cell);
      });
      return tr;
    }));

    drawn.get(definition.id)?.chart.destroy();
    const chart = new window.Chart(canvas, {
      type: definition.type,
      data: {
        labels: definition.rows.map((row) => row[0]),
        datasets: definition.datasets.map((d) => ({
          label: definition.columns[d.column],
          data: definition.rows.map((row) => row[d.column]),
          backgroundColor: d.color,
          borderColor: d.color,
          borderDash: d.dash,
          pointStyle: d.point,
          pointRadius: definition.type === 'line' ? 4 : undefined,
          spanGaps: false,
        })),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: definition.id !== 'accuracy', ...(definition.scale || {}) } },
        plugins: { legend: { display: true, labels: { usePointStyle: definition.type === 'line' } } },
      },
    });
    drawn.set(definition.id, { chart, definition });
  }

  // RFC 4180: CRLF between records, a field with a comma, quote or line break in quotes, quotes doubled.
  function csv(columns, rows) {
    const field = (value) => {
      const text = value === null || value === undefined ? '' : String(value);
      return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    };
    return [columns, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
  }

  function download(id) {
    const { definition } = drawn.get(id);
    const blob = new Blob([csv(definition.columns, definition.rows)], { type: 'text/csv;charset=utf-8' });
    const link = Object.assign(document.createElement('a'), {
      href: URL.createObjectURL(blob),
      download: `${$('branch').value}-${$('queue').value}-${id}-${$('from').value}-${$('to').value}.csv`,
    });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  async function show() {
    $('workspace-error').textContent = '';
    const from = localMidnight($('from').value);
    const to = localMidnight($('to').value, 1);
    if (!(to > from)) {
      $('workspace-error').textContent = t('stats.badRange');
      return;
    }
    $('status').textContent = t('stats.loading');
    const branch = encodeURIComponent($('branch').value);
    const queue = encodeURIComponent($('queue').value);
    const range = `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;
    const base = `/api/v1/branches/${branch}/stats/queues/${queue}`;
    const [series, distribution, stats, presence] = await Promise.all([
      get(`${base}/series?${range}&bucket=${encodeURIComponent($('bucket').value)}`),
      get(`${base}/wait-distribution?${range}`),
      get(`${base}?${range}`),
      // Presence is recorded elsewhere; until it is, utilisation says so in words.
      get(`/api/v1/stats/presence?branch=${branch}&${range}`).catch(() => null),
    ]);
    if (!series || !distribution || !stats) {
      $('status').textContent = '';
      $('workspace-error').textContent = t('stats.queueNotFound');
      return;
    }
    const others = presence && presence.attendants && presence.attendants.length
      ? await Promise.all([...$('queue').options].filter((o) => o.value !== $('queue').value)
        .map((o) => get(`/api/v1/branches/${branch}/stats/queues/${encodeURIComponent(o.value)}?${range}`)))
      : [];
    definitions(series, distribution, stats, utilisationOf(presence, [stats, ...others])).forEach(render);
    $('status').textContent = t('stats.shown', { queue: $('queue').value, from: $('from').value, to: $('to').value });
  }

  if (session.restore()) {
    ready.then(enter).catch((failure) => showSignIn(failure.message));
  }
})();
