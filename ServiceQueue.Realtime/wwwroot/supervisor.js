'use strict';
// The supervisor page: sign in through the Api, pick a branch, and watch its floor over /hubs/supervisor. The hub
// pushes FloorChanged (at most about once a second) when anything in the branch changes; the page then reads the
// floor again, and reads it every 15 s anyway so waits keep growing on a quiet floor. A queue's row opens its
// tickets and desks. The service level comes from Realtime; the page says it in words, with a shape and a colour.
(async () => {
  const $ = (id) => document.getElementById(id);
  let i18n = await window.i18n.load([...(navigator.languages || []), navigator.language]);
  i18n.apply();
  const { t } = i18n;
  let connection = null;
  let branch = null;
  let openQueue = null;
  let floorTimer = 0;
  let reading = null;
  let again = false;
  // The branch's active alerts by id: the floor's list, then every Alert pushed after it.
  const alerts = new Map();

  const session = window.staffSession({
    onEnded: (code) => showSignIn(t(`session.${code}`)),
    onRenewed: (claims) => showWho(claims),
  });

  // ---- Words -----------------------------------------------------------------------------------

  // A wait or a target for people: seconds under a minute, whole minutes under an hour, then hours and minutes.
  function duration(seconds) {
    if (seconds === null || seconds === undefined) {
      return t('supervisor.nobodyWaits');
    }
    const whole = Math.floor(seconds);
    if (whole < 60) {
      return t('supervisor.seconds', { count: whole });
    }
    if (whole < 3600) {
      return t('supervisor.minutes', { count: Math.floor(whole / 60) });
    }
    return t('supervisor.hours', { hours: Math.floor(whole / 3600), minutes: Math.floor((whole % 3600) / 60) });
  }

  function range(estimate) {
    const low = Math.round(estimate.minSeconds / 60);
    const high = Math.round(estimate.maxSeconds / 60);
    if (high < 1) {
      return t('supervisor.underMinute');
    }
    return low === high ? t('supervisor.minutes', { count: high }) : t('supervisor.minuteRange', { min: low, max: high });
  }

  // The level in words, with the figures that decided it.
  function levelWords(queue) {
    const sla = queue.slaSeconds;
    switch (queue.serviceLevel) {
      case 'breached':
        return [t('supervisor.level.breached'), t('supervisor.why.breached', { longest: duration(queue.longestWaitSeconds), sla: duration(sla) })];
      case 'at_risk':
        return [t('supervisor.level.at_risk'), queue.serviceLevelCause === 'longest_wait'
          ? t('supervisor.why.nearTarget', { longest: duration(queue.longestWaitSeconds), sla: duration(sla) })
          : t('supervisor.why.quote', { quote: range(queue.estimate), sla: duration(sla) })];
      case 'ok':
        return [t('supervisor.level.ok'), t('supervisor.why.ok', { sla: duration(sla) })];
      default:
        return [t('supervisor.level.none'), t('supervisor.why.none')];
    }
  }

  function stateWords(person) {
    if (person.state === 'paused') {
      return person.pauseReason ? t('supervisor.paused', { reason: person.pauseReason }) : t('supervisor.pausedNoReason');
    }
    return t(`supervisor.${person.state}`);
  }

  // An alert in words: what happened, where, and the figures against the rule's limit.
  function alertWords(alert) {
    const queue = queueName(alert.queue);
    switch (alert.kind) {
      case 'waiting_past_sla':
        return t('supervisor.alert.waiting_past_sla', { queue, value: duration(alert.value), threshold: duration(alert.threshold) });
      case 'waiting_over':
        return t('supervisor.alert.waiting_over', { queue, value: alert.value, threshold: alert.threshold });
      case 'no_attendant':
        return t('supervisor.alert.no_attendant', { queue, value: alert.value });
      case 'service_over':
        return t('supervisor.alert.service_over', { queue, value: duration(alert.value), threshold: duration(alert.threshold) });
      default:
        return t('supervisor.alert.other', { queue });
    }
  }

  let queueNames = new Map();

  function queueName(code) {
    return queueNames.get(code) || code;
  }

  function renderAlerts() {
    const items = [...alerts.values()].sort((a, b) => Date.parse(a.raisedAt) - Date.parse(b.raisedAt)).map((alert) => {
      const li = document.createElement('li');
      li.dataset.alert = alert.id;
      li.dataset.kind = alert.kind;
      const words = document.createElement('span');
      words.className = 'words';
      words.textContent = alertWords(alert);
      const when = document.createElement('span');
      when.className = 'when';
      when.textContent = t('supervisor.alert.since', { time: time(alert.raisedAt) });
      li.append(words, when);
      if (alert.acknowledgedAt) {
        li.classList.add('acknowledged');
        const seen = document.createElement('span');
        seen.className = 'when';
        seen.textContent = t('supervisor.alert.acknowledged', { time: time(alert.acknowledgedAt) });
        li.append(seen);
      } else {
        const button = document.createElement('button');
        button.type = 'button';
        button.textContent = t('supervisor.alert.acknowledge');
        button.setAttribute('aria-label', t('supervisor.alert.acknowledgeThis', { alert: alertWords(alert) }));
        button.addEventListener('click', () => acknowledge(alert, button));
        li.append(button);
      }
      return li;
    });
    $('alert-list').replaceChildren(...items);
    $('no-alerts').hidden = items.length > 0;
  }

  function onAlert(alert) {
    if (alert.branch !== branch) {
      return;
    }
    const known = alerts.has(alert.id);
    if (alert.active) {
      alerts.set(alert.id, alert);
    } else {
      alerts.delete(alert.id);
    }
    if (!known && alert.active) {
      $('alert-news').textContent = t('supervisor.alert.new', { alert: alertWords(alert) });
    } else if (known && !alert.active) {
      $('alert-news').textContent = t('supervisor.alert.cleared', { alert: alertWords(alert) });
    }
    renderAlerts();
  }

  // Through the Api, which records who acknowledged and audits it; the Broker's event then reaches every page.
  async function acknowledge(alert, button) {
    button.disabled = true;
    try {
      const response = await fetch(
        `${await window.pages.apiBase()}/api/v1/branches/${encodeURIComponent(alert.branch)}/alerts/${encodeURIComponent(alert.id)}/acknowledge`,
        { method: 'POST', headers: { Authorization: `Bearer ${await session.accessToken()}` } });
      if (!response.ok) {
        const problem = await response.json().catch(() => ({}));
        throw new Error(problem.detail || problem.title || String(response.status));
      }
      onAlert(await response.json());
    } catch (failure) {
      $('floor-error').textContent = t('supervisor.alert.failed', { reason: failure.message });
      button.disabled = false;
    }
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
  }

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text;
    if (className) {
      td.className = className;
    }
    return td;
  }

  // ---- Rendering ---------------------------------------------------------------------------------

  function renderFloor(floor) {
    queueNames = new Map(floor.queues.map((queue) => [queue.code, queue.name]));
    alerts.clear();
    floor.alerts.forEach((alert) => alerts.set(alert.id, alert));
    renderAlerts();
    $('read-at').textContent = t('supervisor.readAt', { time: new Date(floor.at).toLocaleTimeString() });
    const rows = floor.queues.map((queue) => {
      const tr = document.createElement('tr');
      tr.dataset.queue = queue.address;
      const name = document.createElement('th');
      name.scope = 'row';
      name.textContent = `${queue.name} (${queue.code})${queue.open ? '' : ` · ${t('supervisor.closed')}`}`;
      const [level, why] = levelWords(queue);
      const levelCell = document.createElement('td');
      const badge = document.createElement('span');
      badge.className = `level ${queue.serviceLevel}`;
      badge.textContent = level;
      const reason = document.createElement('span');
      reason.className = 'why';
      reason.textContent = why;
      levelCell.append(badge, reason);
      const open = document.createElement('button');
      open.type = 'button';
      open.textContent = t('supervisor.open');
      open.setAttribute('aria-label', t('supervisor.openQueue', { queue: queue.name }));
      open.addEventListener('click', () => showQueue(queue.address));
      const action = document.createElement('td');
      action.append(open);
      tr.append(
        name,
        levelCell,
        cell(String(queue.waiting)),
        cell(duration(queue.longestWaitSeconds)),
        cell(range(queue.estimate)),
        cell(String(queue.servedLastHour)),
        cell(t('supervisor.staff', { serving: queue.serving, idle: queue.idle, paused: queue.paused })),
        action);
      return tr;
    });
    $('queue-table').querySelector('tbody').replaceChildren(...rows);
    $('no-queues').hidden = rows.length > 0;

    const people = floor.attendants.map((person) => {
      const tr = document.createElement('tr');
      tr.append(cell(person.attendant), cell(person.desk), cell(stateWords(person), `state-${person.state}`), cell(time(person.since)), cell(person.queues.join(', ')));
      return tr;
    });
    $('people-table').querySelector('tbody').replaceChildren(...people);
    $('no-people').hidden = people.length > 0;
  }

  function renderDetail(detail) {
    const queue = detail.queue;
    $('detail-title').textContent = `${queue.name} (${queue.address})`;
    const [level, why] = levelWords(queue);
    $('detail-summary').textContent = `${level}: ${why} · ${t('supervisor.waitingCount', { count: queue.waiting })}`;
    const now = Date.now();
    $('detail-active').querySelector('tbody').replaceChildren(...detail.active.map((ticket) => {
      const tr = document.createElement('tr');
      tr.append(cell(ticket.number, 'number'), cell(t(`supervisor.ticket.${ticket.state}`)), cell(ticket.desk || ''), cell(ticket.attendant || ''),
        cell(time(ticket.servingAt || ticket.lastCalledAt || ticket.calledAt)));
      return tr;
    }));
    $('detail-waiting').querySelector('tbody').replaceChildren(...detail.waiting.map((waiting) => {
      const tr = document.createElement('tr');
      const since = Date.parse(waiting.ticket.waitingSince || waiting.ticket.enqueuedAt);
      tr.append(cell(String(waiting.position)), cell(waiting.ticket.number, 'number'),
        cell(waiting.ticket.priority === 'priority' ? t('supervisor.priorityYes') : t('supervisor.priorityNo')),
        cell(duration(Math.max(0, (now - since) / 1000))));
      return tr;
    }));
    $('detail-desks').querySelector('tbody').replaceChildren(...detail.desks.map((person) => {
      const tr = document.createElement('tr');
      tr.append(cell(person.desk), cell(person.attendant), cell(stateWords(person), `state-${person.state}`));
      return tr;
    }));
    $('detail').hidden = false;
  }

  // ---- Reading the floor ---------------------------------------------------------------------------

  // One read at a time; a change that arrives meanwhile is read once more afterwards.
  function readFloor() {
    if (reading) {
      again = true;
      return reading;
    }
    reading = (async () => {
      try {
        renderFloor(await connection.invoke('Floor', branch));
        if (openQueue) {
          renderDetail(await connection.invoke('Queue', openQueue));
        }
        $('floor-error').textContent = '';
      } catch (failure) {
        $('floor-error').textContent = messageOf(failure);
      }
    })().finally(() => {
      reading = null;
      if (again) {
        again = false;
        readFloor();
      }
    });
    return reading;
  }

  async function watch(code) {
    if (branch && branch !== code) {
      await connection.invoke('Unwatch', branch).catch(() => {});
    }
    branch = code;
    openQueue = null;
    $('detail').hidden = true;
    try {
      renderFloor(await connection.invoke('Watch', branch));
      $('floor-error').textContent = '';
    } catch (failure) {
      $('floor-error').textContent = messageOf(failure);
    }
  }

  async function showQueue(address) {
    openQueue = address;
    try {
      renderDetail(await connection.invoke('Queue', address));
      $('detail').focus();
    } catch (failure) {
      $('floor-error').textContent = messageOf(failure);
    }
  }

  $('detail-close').addEventListener('click', () => {
    const address = openQueue;
    openQueue = null;
    $('detail').hidden = true;
    document.querySelector(`#queue-table tr[data-queue="${CSS.escape(address || '')}"] button`)?.focus();
  });

  $('branch').addEventListener('change', () => watch($('branch').value));

  function messageOf(failure) {
    const text = String((failure && failure.message) || failure);
    const match = /HubException: (.*)$/.exec(text);
    return match ? match[1] : text;
  }

  // ---- Connection --------------------------------------------------------------------------------

  function setConnection(key, kind) {
    $('connection').textContent = t(key);
    $('connection').className = `connection ${kind || ''}`;
  }

  async function connect() {
    connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/supervisor', { accessTokenFactory: session.accessToken })
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: (context) =>
          session.retryAfterRefusal(context.retryReason) ? Math.min(10000, 500 * 2 ** context.previousRetryCount) : null,
      })
      .build();
    connection.on('Alert', onAlert);
    connection.on('FloorChanged', (changed) => {
      if (changed === branch) {
        readFloor();
      }
    });
    connection.onreconnecting(() => setConnection('supervisor.reconnecting', 'down'));
    // A reconnected connection is a new one: it joins its branch's group again.
    connection.onreconnected(() => {
      session.accepted();
      return start();
    });
    connection.onclose(() => {
      if (connection) {
        setConnection('supervisor.disconnected', 'down');
        setTimeout(() => begin().catch(() => {}), 3000);
      }
    });
    await begin();
  }

  async function begin() {
    const starting = connection;
    try {
      await starting.start();
    } catch (failure) {
      if (connection === starting && session.retryAfterRefusal(failure)) {
        setConnection('supervisor.cannotConnect', 'down');
        setTimeout(() => begin().catch(() => {}), 3000);
      }
      return;
    }
    session.accepted();
    await start();
  }

  async function start() {
    setConnection('supervisor.live', 'live');
    let branches;
    try {
      branches = await connection.invoke('Branches');
    } catch (failure) {
      $('floor-error').textContent = messageOf(failure);
      return;
    }
    const select = $('branch');
    select.replaceChildren(...branches.map((code) => new Option(code, code)));
    select.disabled = branches.length < 2;
    if (branches.length === 0) {
      $('floor-error').textContent = t('supervisor.noBranch');
      return;
    }
    const chosen = branches.includes(branch) ? branch : branches[0];
    select.value = chosen;
    branch = null;
    await watch(chosen);
    clearInterval(floorTimer);
    floorTimer = setInterval(() => {
      if (connection && connection.state === signalR.HubConnectionState.Connected) {
        readFloor();
      }
    }, 15000);
  }

  // ---- Sign-in and sign-out ------------------------------------------------------------------------

  function showWho(claims) {
    $('who').textContent = claims ? `${claims.name} · ${claims.role}` : '';
  }

  async function showSignIn(message) {
    clearInterval(floorTimer);
    if (connection) {
      const closing = connection;
      connection = null;
      await closing.stop().catch(() => {});
    }
    branch = null;
    openQueue = null;
    $('floor').hidden = true;
    $('detail').hidden = true;
    $('sign-out').hidden = true;
    $('sign-in').hidden = false;
    showWho(null);
    $('connection').textContent = '';
    $('sign-in-error').textContent = message || '';
  }

  async function enter() {
    showWho(session.claims());
    $('sign-in').hidden = true;
    $('floor').hidden = false;
    $('sign-out').hidden = false;
    await connect();
  }

  $('sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = event.submitter || $('sign-in').querySelector('button');
    button.disabled = true;
    $('sign-in-error').textContent = '';
    try {
      const refused = await session.signIn($('user-name').value, $('password').value);
      if (refused) {
        $('sign-in-error').textContent = t(`session.${refused.code}`, refused);
        return;
      }
      $('password').value = '';
      await enter();
    } finally {
      button.disabled = false;
    }
  });

  $('sign-out').addEventListener('click', async () => {
    await showSignIn('');
    await session.signOut();
  });

  if (session.restore()) {
    await enter();
  }
})();
