'use strict';
// The attendant console: sign in through the Api, choose a desk and queues, then work the live
// queues over /hubs/queues. Each queue is a snapshot plus every event after its cursor, in batches
// (QueueEvents) that each name the cursor they follow on from; batches that arrive before the snapshot
// are held and applied after it, older events ignored. A gap, or the server's Resync, means a fresh snapshot.
(() => {
  const $ = (id) => document.getElementById(id);
  const storage = window.sessionStorage;
  const queues = new Map(); // BRANCH.CODE -> { address, branch, code, name, cursor, waiting: [], active: Map, parked: Map, pending, element }
  let claims = null;
  let connection = null;
  let available = [];
  // The last error per ticket row, kept across re-renders until the next action on that row.
  const rowErrors = new Map();

  const { apiBase } = window.pages;

  // ---- Session: session.js (the tab's tokens, renewed ahead of expiry, one refresh in flight) ----
  // Its reasons are codes; this page is English, so they are said in i18n/en.json's words.
  const english = window.i18n.load(['en']);
  const words = async (code, values) => (await english).t(`session.${code}`, values);
  const session = window.staffSession({
    onEnded: (code) => words(code).then(showSignIn),
    onRenewed: (renewed) => {
      claims = renewed;
      $('who').textContent = `${claims.name} · ${claims.role}`;
    },
  });
  const { accessToken, retryAfterRefusal } = session;

  // ---- Sign-in and sign-out -------------------------------------------------------------------

  $('sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    const error = $('sign-in-error');
    error.textContent = '';
    const button = event.submitter || $('sign-in').querySelector('button');
    button.disabled = true;
    try {
      const refused = await session.signIn($('user-name').value, $('password').value);
      if (refused) {
        error.textContent = await words(refused.code, refused);
        return;
      }
      $('password').value = '';
      await enter();
    } finally {
      button.disabled = false;
    }
  });

  // Ends the session at the Api as well (its refresh tokens stop working there), then here.
  $('sign-out').addEventListener('click', async () => {
    await showSignIn('');
    await session.signOut();
  });

  async function showSignIn(message) {
    if (connection) {
      const closing = connection;
      connection = null;
      await closing.stop().catch(() => {});
    }
    queues.clear();
    $('queues').replaceChildren();
    forgetPresence();
    $('workspace').hidden = true;
    $('sign-out').hidden = true;
    $('sign-in').hidden = false;
    $('who').textContent = '';
    $('connection').textContent = '';
    $('sign-in-error').textContent = message || '';
  }

  async function enter() {
    claims = session.claims();
    $('who').textContent = `${claims.name} · ${claims.role}`;
    $('desk').value = storage.getItem('sq.desk') || claims.desk || '';
    $('sign-in').hidden = true;
    $('workspace').hidden = false;
    $('sign-out').hidden = false;
    await connect();
  }

  // ---- Connection ----------------------------------------------------------------------------

  function setConnection(text, kind) {
    $('connection').textContent = text;
    $('connection').className = `connection ${kind || ''}`;
  }

  async function connect() {
    connection = new signalR.HubConnectionBuilder()
      .withUrl('/hubs/queues', { accessTokenFactory: accessToken })
      .withAutomaticReconnect({
        nextRetryDelayInMilliseconds: (context) =>
          retryAfterRefusal(context.retryReason) ? Math.min(10000, 500 * 2 ** context.previousRetryCount) : null,
      })
      .build();
    connection.on('QueueEvents', onEvents);
    connection.on('Resync', onResync);
    connection.onreconnecting(() => setConnection('reconnecting…', 'down'));
    // A reconnected connection is a new one: every queue starts again from a fresh snapshot.
    connection.onreconnected(() => {
      session.accepted();
      return resubscribeAll();
    });
    connection.onclose(() => {
      if (!connection) {
        return;
      }
      setConnection('disconnected; retrying…', 'down');
      setTimeout(() => start().catch(() => {}), 3000);
    });
    await start();
  }

  async function start() {
    const starting = connection;
    try {
      await starting.start();
    } catch (failure) {
      if (!connection || connection !== starting || !retryAfterRefusal(failure)) {
        return;
      }
      setConnection('cannot connect; retrying…', 'down');
      setTimeout(() => start().catch(() => {}), 3000);
      return;
    }
    session.accepted();
    await resubscribeAll();
  }

  async function resubscribeAll() {
    setConnection('live', 'live');
    try {
      available = await connection.invoke('ListQueues');
    } catch (failure) {
      $('workspace-error').textContent = messageOf(failure);
      return;
    }
    renderQueueChoice();
    await refreshPresence();
    const chosen = chosenQueues();
    for (const address of [...queues.keys()]) {
      if (!chosen.includes(address)) {
        removeQueue(address);
      }
    }
    for (const address of chosen) {
      await subscribe(available.find((q) => q.address === address));
    }
  }

  // Queues are chosen by address (BRANCH.CODE): GEN of one branch is not GEN of another.
  function chosenQueues() {
    const saved = JSON.parse(storage.getItem('sq.queue-addresses') || 'null');
    const addresses = available.map((q) => q.address);
    return saved ? saved.filter((address) => addresses.includes(address)) : addresses;
  }

  // Several branches: one group of boxes per branch, its legend naming the branch (not colour alone).
  function manyBranches() {
    return new Set(available.map((q) => q.branch)).size > 1;
  }

  function renderQueueChoice() {
    const fieldset = $('queue-choice');
    const chosen = chosenQueues();
    fieldset.replaceChildren(fieldset.querySelector('legend') || Object.assign(document.createElement('legend'), { textContent: 'Queues' }));
    const groups = new Map();
    for (const queue of available) {
      let group = fieldset;
      if (manyBranches()) {
        group = groups.get(queue.branch);
        if (!group) {
          group = document.createElement('fieldset');
          group.className = 'branch-choice';
          group.dataset.branch = queue.branch;
          group.append(Object.assign(document.createElement('legend'), { textContent: `Branch ${queue.branch}` }));
          groups.set(queue.branch, group);
          fieldset.append(group);
        }
      }
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = queue.address;
      box.checked = chosen.includes(queue.address);
      box.addEventListener('change', async () => {
        storage.setItem('sq.queue-addresses', JSON.stringify([...fieldset.querySelectorAll('input:checked')].map((b) => b.value)));
        if (box.checked) {
          await subscribe(queue);
        } else {
          removeQueue(queue.address);
          await connection.invoke('Unsubscribe', queue.address).catch(() => {});
        }
      });
      label.append(box, ` ${queue.code}`);
      group.append(label);
    }
  }

  $('desk').addEventListener('change', () => storage.setItem('sq.desk', $('desk').value.trim()));

  // ---- Queue state ---------------------------------------------------------------------------

  // `definition` is an entry of ListQueues: { address, branch, code, name }.
  async function subscribe(definition, attempt = 0) {
    const { address, branch, code } = definition;
    let queue = queues.get(address);
    if (!queue) {
      queue = { address, branch, code, name: code, cursor: 0, waiting: [], active: new Map(), parked: new Map(), element: createPanel(address, branch, code) };
      queues.set(address, queue);
      $('queues').append(queue.element);
    }
    queue.pending = [];
    try {
      const snapshot = await connection.invoke('Subscribe', address);
      queue.name = snapshot.queue.name;
      queue.cursor = snapshot.cursor;
      queue.stats = snapshot;
      queue.waiting = snapshot.waiting.map((w) => ({ ticket: w.ticket, estimate: w.estimate }));
      queue.active = new Map(snapshot.active.map((t) => [t.id, t]));
      queue.parked = new Map(snapshot.parked.map((t) => [t.id, t]));
      // A long queue arrives as its first page: these count the tickets beyond it.
      queue.waitingHidden = Math.max(snapshot.waitingTotal - snapshot.waiting.length, 0);
      queue.parkedHidden = Math.max(snapshot.parkedTotal - snapshot.parked.length, 0);
      queue.countsUncertain = false;
      const held = queue.pending;
      queue.pending = null;
      if ((!held.every((batch) => applyBatch(queue, batch)) || queue.countsUncertain) && attempt < 3) {
        // Events were missed between the snapshot and the batches, or left the counts unsure: take a newer snapshot.
        return subscribe(definition, attempt + 1);
      }
      showError(queue.element.querySelector('.actions .error'), '');
    } catch (failure) {
      queue.pending = null;
      showError(queue.element.querySelector('.actions .error'), messageOf(failure));
    }
    render(queue);
  }

  // The next page of a long queue, on request; tickets already shown (moved by events meanwhile) are not repeated.
  async function loadMoreWaiting(queue, button) {
    const error = queue.element.querySelector('.waiting-more .error');
    button.disabled = true;
    try {
      const page = await connection.invoke('WaitingPage', queue.address, queue.waiting.length);
      const shown = new Set([...queue.waiting.map((w) => w.ticket.id), ...queue.active.keys(), ...queue.parked.keys()]);
      for (const w of page.waiting) {
        if (!shown.has(w.ticket.id)) {
          queue.waiting.push({ ticket: w.ticket, estimate: w.estimate });
        }
      }
      queue.waitingHidden = Math.max(page.waitingTotal - queue.waiting.length, 0);
      showError(error, '');
    } catch (failure) {
      showError(error, messageOf(failure));
    } finally {
      button.disabled = false;
    }
    render(queue);
    if (button.hidden) {
      queue.element.querySelector('.waiting-count').focus();
    }
  }

  function removeQueue(address) {
    const queue = queues.get(address);
    if (queue) {
      queue.element.remove();
      queues.delete(address);
    }
  }

  // One queue's events after `after`, in cursor order.
  function onEvents(batch) {
    const queue = queues.get(batch.address);
    if (!queue) {
      return;
    }
    if (queue.pending) {
      queue.pending.push(batch);
    } else if (applyBatch(queue, batch)) {
      render(queue);
      if (queue.countsUncertain) {
        resubscribe(queue);
      }
    } else {
      resubscribe(queue);
    }
  }

  // The server stopped sending this queue's events (the console fell too far behind): start again.
  function onResync(notice) {
    const queue = queues.get(notice.address);
    if (queue && queue.pending) {
      // Held like a batch that follows on from nothing: the snapshot being taken is retaken.
      queue.pending.push({ queue: notice.queue, address: notice.address, after: Infinity, events: [] });
    } else if (queue) {
      resubscribe(queue);
    }
  }

  // False when the batch does not follow on from what the queue shows: some events were missed.
  function applyBatch(queue, batch) {
    if (batch.after > queue.cursor) {
      return false;
    }
    batch.events.forEach((event) => apply(queue, event));
    return true;
  }

  function resubscribe(queue) {
    if (queue.resubscribing || !connection) {
      return;
    }
    queue.resubscribing = true;
    subscribe(queue).finally(() => {
      queue.resubscribing = false;
    });
  }

  function apply(queue, event) {
    if (event.cursor <= queue.cursor) {
      return;
    }
    queue.cursor = event.cursor;
    if (event.type === 'queue_updated' && event.definition) {
      queue.name = event.definition.name;
      return;
    }
    const ticket = event.ticket;
    if (!ticket) {
      return;
    }
    const index = queue.waiting.findIndex((w) => w.ticket.id === ticket.id);
    const previous = index >= 0 ? queue.waiting.splice(index, 1)[0] : null;
    const wasActive = queue.active.delete(ticket.id);
    const wasParked = queue.parked.delete(ticket.id);
    if (previous === null && !wasActive && !wasParked) {
      // A ticket beyond the page on screen left its place: count it out of the hidden ones.
      const origin = hiddenOrigin(queue, event);
      if (origin === 'waiting' && queue.waitingHidden) {
        queue.waitingHidden -= 1;
      } else if (origin === 'parked' && queue.parkedHidden) {
        queue.parkedHidden -= 1;
      } else if (origin === 'unknown') {
        queue.countsUncertain = true;
      }
    }
    if (ticket.queue !== queue.code) {
      return;
    }
    if (ticket.state === 'waiting') {
      // The calling order is on screen only up to the page shown: a ticket placed beyond it joins the hidden ones.
      const place = event.position ? event.position - 1 : Infinity;
      if (queue.waitingHidden && place >= queue.waiting.length) {
        queue.waitingHidden += 1;
      } else {
        const entry = { ticket, estimate: previous ? previous.estimate : ticket.quotedEstimate };
        queue.waiting.splice(Math.min(place, queue.waiting.length), 0, entry);
      }
    } else if (ticket.state === 'called' || ticket.state === 'serving') {
      queue.active.set(ticket.id, ticket);
    } else if (ticket.state === 'parked') {
      if (queue.parkedHidden) {
        queue.parkedHidden += 1;
      } else {
        queue.parked.set(ticket.id, ticket);
      }
    }
  }

  // Where a ticket the console does not show was before this event: 'waiting' or 'parked' (beyond the
  // page on screen), null when it is new to this queue, 'unknown' when the event cannot say (a removal
  // while both lists have hidden tickets): the console then takes a fresh snapshot for its counts.
  function hiddenOrigin(queue, event) {
    if (event.type === 'enqueued' || (event.type === 'transferred' && event.queue !== queue.code)) {
      return null;
    }
    if (event.type === 'resumed') {
      return 'parked';
    }
    if (event.type === 'called' || event.type === 'moved' || event.type === 'parked') {
      return 'waiting';
    }
    if (!queue.parkedHidden) {
      return 'waiting';
    }
    return queue.waitingHidden ? 'unknown' : 'parked';
  }

  // ---- Rendering -----------------------------------------------------------------------------

  function createPanel(address, branch, code) {
    const element = $('queue-template').content.firstElementChild.cloneNode(true);
    element.dataset.queue = code;
    element.dataset.branch = branch;
    element.dataset.address = address;
    const button = element.querySelector('.call-next');
    button.addEventListener('click', () => act(button, element.querySelector('.actions .error'), 'CallNext', address, desk()));
    const more = element.querySelector('.load-more');
    more.addEventListener('click', () => loadMoreWaiting(queues.get(address), more));
    element.querySelector('.waiting-count').tabIndex = -1;
    return element;
  }

  const isSupervisor = () => claims && (claims.role === 'Supervisor' || claims.role === 'Admin');
  const desk = () => $('desk').value.trim() || null;

  function minutes(seconds) {
    if (seconds === undefined || seconds === null) {
      return '';
    }
    const value = Math.round(seconds / 60);
    return value < 1 ? '< 1 min' : `~${value} min`;
  }

  function since(time) {
    return time ? minutes((Date.now() - Date.parse(time)) / 1000).replace('~', '') : '';
  }

  function cell(text, className) {
    const td = document.createElement('td');
    td.textContent = text === undefined || text === null ? '' : String(text);
    if (className) {
      td.className = className;
    }
    return td;
  }

  // The name, and the request's notes under it: both only arrive for staff allowed to read them.
  function customerCell(ticket) {
    const td = cell(ticket.customerName, 'customer');
    if (ticket.notes) {
      const notes = document.createElement('small');
      notes.className = 'notes';
      notes.textContent = ticket.notes;
      td.append(notes);
    }
    return td;
  }

  function row(ticket, cells, buttons) {
    const tr = document.createElement('tr');
    tr.dataset.ticket = ticket.id;
    tr.dataset.number = ticket.number;
    if (ticket.priority === 'priority') {
      tr.classList.add('priority');
    }
    if (claims && ticket.attendant === claims.name) {
      tr.classList.add('mine');
    }
    tr.append(...cells);
    const td = document.createElement('td');
    const error = document.createElement('span');
    error.className = 'error';
    error.setAttribute('role', 'alert');
    error.textContent = rowErrors.get(ticket.id) || '';
    for (const [label, method, args] of buttons) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = label;
      button.addEventListener('click', () => {
        const values = typeof args === 'function' ? args(tr) : args;
        if (values) {
          act(button, error, method, ...values).then((message) => {
            if (message) {
              rowErrors.set(ticket.id, message);
            } else {
              rowErrors.delete(ticket.id);
            }
            // The row may have been drawn again meanwhile: show it on the one on screen.
            document.querySelectorAll(`tr[data-ticket="${ticket.id}"] td > .error`).forEach((e) => { e.textContent = message || ''; });
          });
        }
      });
      td.append(button);
    }
    td.append(error);
    tr.append(td);
    return tr;
  }

  function ask(question) {
    const answer = window.prompt(question);
    return answer === null || answer.trim() === '' ? null : answer.trim();
  }

  function render(queue) {
    const element = queue.element;
    // Holding several branches, each panel names its branch in words.
    element.querySelector('.queue-name').textContent = manyBranches() ? `${queue.name} (${queue.code}, branch ${queue.branch})` : `${queue.name} (${queue.code})`;
    const waitingTotal = queue.waiting.length + (queue.waitingHidden || 0);
    element.querySelector('.queue-stats').textContent =
      `${waitingTotal} waiting · ${queue.active.size} at desks · ${queue.parked.size + (queue.parkedHidden || 0)} parked`;
    element.querySelector('.waiting-count').textContent = queue.waitingHidden
      ? `Showing ${queue.waiting.length} of ${waitingTotal} waiting.`
      : '';
    element.querySelector('.load-more').hidden = !queue.waitingHidden;

    const activeRows = [...queue.active.values()].map((t) => {
      const mine = claims && t.attendant === claims.name;
      const buttons = [];
      if (mine && t.state === 'called') {
        buttons.push(['Recall', 'Recall', [t.id]], ['Start', 'StartService', [t.id]], ['No-show', 'MarkNoShow', [t.id]]);
      }
      if (mine && t.state === 'serving') {
        buttons.push(['Complete', 'Complete', (tr) => [t.id, tr.querySelector('select').value]]);
      }
      if (mine) {
        buttons.push(['Park', 'Park', [t.id]], ['Transfer', 'Transfer', () => { const target = ask('Transfer to queue (code):'); return target && [t.id, target.toUpperCase()]; }]);
      }
      if (!mine && isSupervisor() && t.state === 'called') {
        buttons.push(['Remove', 'Remove', () => { const reason = ask('Reason for removing:'); return reason && [t.id, reason]; }]);
      }
      const tr = row(t, [cell(t.number, 'number'), customerCell(t), cell(t.state), cell(t.desk), cell(t.attendant)], buttons);
      if (mine && t.state === 'serving') {
        const select = document.createElement('select');
        select.setAttribute('aria-label', 'Outcome');
        for (const outcome of ['served', 'resolved', 'referred', 'unresolved']) {
          select.append(new Option(outcome, outcome));
        }
        tr.lastElementChild.prepend(select);
      }
      return tr;
    });
    element.querySelector('table.active tbody').replaceChildren(...activeRows);

    const waitingRows = queue.waiting.map((w, index) => {
      const t = w.ticket;
      const buttons = [['Call', 'CallTicket', () => [t.id, desk()]], ['Park', 'Park', [t.id]],
        ['Transfer', 'Transfer', () => { const target = ask('Transfer to queue (code):'); return target && [t.id, target.toUpperCase()]; }]];
      if (isSupervisor()) {
        buttons.push(['Move', 'Move', () => { const position = parseInt(ask('Move to position:'), 10); return position > 0 && [t.id, position]; }],
          ['Remove', 'Remove', () => { const reason = ask('Reason for removing:'); return reason && [t.id, reason]; }]);
      }
      return row(t, [cell(index + 1), cell(t.number, 'number'), customerCell(t), cell(t.priority === 'priority' ? (t.priorityReason || 'priority') : ''),
        cell(since(t.waitingSince)), cell(w.estimate ? minutes(w.estimate.expectedSeconds) : '')], buttons);
    });
    element.querySelector('table.waiting tbody').replaceChildren(...waitingRows);

    const parkedRows = [...queue.parked.values()].map((t) => {
      const buttons = [['Resume', 'Resume', [t.id]]];
      if (isSupervisor()) {
        buttons.push(['Remove', 'Remove', () => { const reason = ask('Reason for removing:'); return reason && [t.id, reason]; }]);
      }
      return row(t, [cell(t.number, 'number'), customerCell(t), cell(since(t.parkedAt))], buttons);
    });
    element.querySelector('table.parked tbody').replaceChildren(...parkedRows);
  }

  // ---- Presence (issue 18): sign in to the desk, pause with a reason, resume, sign out -----------
  // The attendant is always the hub's caller; the page sends only the desk, the queues and the reason. The state is
  // said in words (never by colour alone), in the browser's language where wwwroot/i18n has it.

  let strings = null; // { lang, t, apply } from i18n.js
  let presence = null; // the hub's PresenceView while signed in to a desk
  let pauseReasons = []; // the active { code, name } of the presence's branch
  let reasonsBranch = null;

  const t = (key, values) => (strings ? strings.t(key, values) : key);

  async function refreshPresence() {
    try {
      if (!strings) {
        strings = await window.i18n.load(navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language]);
        // Only this section is translated so far: the page stays English, the section says its own language.
        document.documentElement.lang = 'en';
        $('presence').lang = strings.lang;
        strings.apply($('presence'));
      }
      showPresence(await connection.invoke('MyPresence'));
    } catch (failure) {
      showError($('presence-error'), messageOf(failure));
    }
  }

  function forgetPresence() {
    presence = null;
    reasonsBranch = null;
    pauseReasons = [];
    $('pause-reason').replaceChildren();
    showError($('presence-error'), '');
  }

  function showPresence(next) {
    presence = next && next.state !== 'signed_out' ? next : null;
    renderPresence();
    if (presence) {
      loadReasons(presence.branch);
    }
  }

  function renderPresence() {
    const state = presence ? presence.state : 'none';
    const line = $('presence-state');
    line.dataset.state = state;
    const time = presence && presence.since ? new Date(presence.since).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : '';
    if (!presence) {
      line.textContent = t('console.presence.none');
    } else if (state === 'paused') {
      const reason = pauseReasons.find((r) => r.code === presence.pauseReason);
      line.textContent = t('console.presence.paused', { reason: reason ? reason.name : presence.pauseReason, desk: presence.desk, time });
    } else {
      const served = presence.queues.map((address) => address.slice(address.indexOf('.') + 1)).join(', ');
      line.textContent = t('console.presence.available', { desk: presence.desk, time, queues: served });
    }
    // Signing in again while available changes the desk or the queues.
    $('presence-sign-in').hidden = state === 'paused';
    $('presence-sign-in').textContent = t(presence ? 'console.presence.change' : 'console.presence.signIn');
    $('pause-reason-field').hidden = state !== 'available';
    $('presence-pause').hidden = state !== 'available';
    $('presence-pause').disabled = pauseReasons.length === 0;
    $('presence-resume').hidden = state !== 'paused';
    $('presence-sign-out').hidden = !presence;
  }

  // The branch's active reasons from the Api, with the user's token, once per branch.
  async function loadReasons(branch) {
    if (reasonsBranch === branch) {
      return;
    }
    reasonsBranch = branch;
    try {
      const response = await fetch(`${await apiBase()}/api/v1/branches/${encodeURIComponent(branch)}/pause-reasons`, {
        headers: { Authorization: `Bearer ${await accessToken()}` },
      });
      if (!response.ok) {
        throw new Error(`${response.status}`);
      }
      pauseReasons = (await response.json()).filter((r) => r.active);
      showError($('presence-error'), pauseReasons.length ? '' : t('console.presence.noReasons'));
    } catch (failure) {
      reasonsBranch = null;
      pauseReasons = [];
      showError($('presence-error'), t('console.presence.reasonsFailed', { reason: failure.message }));
    }
    $('pause-reason').replaceChildren(...pauseReasons.map((r) => new Option(r.name, r.code)));
    renderPresence();
  }

  // Runs a presence change; on success shows the new state and moves focus to what comes next (the button pressed may hide).
  async function changePresence(button, change, focusNext) {
    showError($('presence-error'), '');
    button.disabled = true;
    try {
      showPresence(await change());
      const next = $(focusNext);
      if (next && !next.hidden) {
        next.focus();
      }
    } catch (failure) {
      showError($('presence-error'), messageOf(failure));
    } finally {
      button.disabled = false;
      renderPresence();
    }
  }

  $('presence-sign-in').addEventListener('click', (event) => changePresence(event.currentTarget, () => {
    const chosen = [...$('queue-choice').querySelectorAll('input:checked')].map((box) => box.value);
    if (!chosen.length) {
      return Promise.reject(new Error(t('console.presence.chooseQueues')));
    }
    return connection.invoke('SignIn', $('desk').value.trim(), chosen);
  }, 'presence-pause'));
  $('presence-pause').addEventListener('click', (event) =>
    changePresence(event.currentTarget, () => connection.invoke('Pause', $('pause-reason').value), 'presence-resume'));
  $('presence-resume').addEventListener('click', (event) =>
    changePresence(event.currentTarget, () => connection.invoke('Unpause'), 'presence-pause'));
  $('presence-sign-out').addEventListener('click', (event) =>
    changePresence(event.currentTarget, () => connection.invoke('SignOut'), 'presence-sign-in'));

  // ---- Commands ------------------------------------------------------------------------------

  function messageOf(failure) {
    const text = failure && failure.message ? failure.message : String(failure);
    const hub = text.indexOf('HubException: ');
    const message = hub >= 0 ? text.slice(hub + 'HubException: '.length) : text;
    // "<reason>: <sentence>": people read the sentence.
    const colon = message.indexOf(': ');
    return colon > 0 && /^[a-z_]+$/.test(message.slice(0, colon)) ? message.slice(colon + 2) : message;
  }

  function showError(element, message) {
    if (element) {
      element.textContent = message;
    }
  }

  async function act(button, errorElement, method, ...args) {
    showError(errorElement, '');
    button.disabled = true;
    try {
      await connection.invoke(method, ...args);
      return null;
    } catch (failure) {
      const message = messageOf(failure);
      showError(errorElement, message);
      return message;
    } finally {
      button.disabled = false;
    }
  }

  // Waiting times move on even when nothing happens.
  setInterval(() => queues.forEach((queue) => { if (!queue.pending) { render(queue); } }), 15000);

  // A reload keeps the session: renew its token first if it is due (the tab may have slept through the timer).
  if (session.restore()) {
    accessToken()
      .catch(() => {})
      .then(() => session.claims() && enter())
      .catch((failure) => showSignIn(messageOf(failure)));
  }
})();
