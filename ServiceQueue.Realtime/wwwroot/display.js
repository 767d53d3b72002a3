'use strict';
// The public calling board: /display?queue=GEN (several queues: queue=GEN,DOC). A queue of another
// branch than the default: queue=NORTH.GEN, or queue=GEN&branch=NORTH. One board shows one branch.
// Anonymous and read-only; the hub sends numbers, desks and times only. The board's language:
// &lang=pt-BR (default en), for its text and its spoken announcements alike.
(async () => {
  const params = new URLSearchParams(location.search);
  const { lang, t, apply } = await window.i18n.load([params.get('lang') || 'en']);
  apply();
  const branchParam = (params.get('branch') || '').trim();
  const queues = (params.get('queue') || '')
    .split(',').map((q) => q.trim()).filter(Boolean)
    .map((q) => (q.includes('.') || !branchParam ? q : `${branchParam}.${q}`));
  const recentLimit = 5;
  const calls = []; // newest first: { queue, branch, number, desk, calledAt }
  const followed = new Set(); // BRANCH.CODE of the queues shown
  const announcements = [];
  let announcing = false;
  let audio = null;

  const $ = (id) => document.getElementById(id);

  function key(call) {
    return `${call.branch}.${call.queue}|${call.number}|${call.calledAt}`;
  }

  function render() {
    const [current, ...previous] = calls;
    $('current-number').textContent = current ? current.number : '—';
    $('current-desk').textContent = current && current.desk ? current.desk : '—';
    const list = $('recent');
    list.replaceChildren(...previous.slice(0, recentLimit).map((call) => {
      const item = document.createElement('li');
      const number = document.createElement('span');
      number.className = 'number';
      number.textContent = call.number;
      const desk = document.createElement('span');
      desk.className = 'desk';
      desk.textContent = call.desk || '';
      item.append(number, desk);
      return item;
    }));
  }

  function remember(call, announce) {
    if (calls.some((c) => key(c) === key(call))) {
      return;
    }
    calls.unshift(call);
    calls.sort((a, b) => String(b.calledAt).localeCompare(String(a.calledAt)));
    calls.length = Math.min(calls.length, recentLimit + 1);
    render();
    if (announce) {
      const panel = document.querySelector('.current');
      panel.classList.remove('flash');
      void panel.offsetWidth;
      panel.classList.add('flash');
      announcements.push(call);
      playNext();
    }
  }

  // One announcement at a time: chime, then speech, then the next one.
  async function playNext() {
    if (announcing || announcements.length === 0) {
      return;
    }
    announcing = true;
    const call = announcements.shift();
    try {
      await chime();
      await speak(call);
    } finally {
      announcing = false;
      playNext();
    }
  }

  function chime() {
    if (!audio) {
      return Promise.resolve();
    }
    return window.pages.chime(audio, [659.25, 523.25], 0.45, 0.8);
  }

  function speak(call) {
    if (!audio || !$('speak').checked || !('speechSynthesis' in window)) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const spelled = call.number.replace('-', ' ');
      const utterance = new SpeechSynthesisUtterance(call.desk ? t('board.say', { number: spelled, desk: call.desk }) : t('board.sayNoDesk', { number: spelled }));
      utterance.lang = lang;
      const timeout = setTimeout(() => {
        // A voice that never ends must neither block the next call nor talk over it.
        speechSynthesis.cancel();
        resolve();
      }, 10000);
      const done = () => {
        clearTimeout(timeout);
        resolve();
      };
      utterance.onend = done;
      utterance.onerror = done;
      speechSynthesis.speak(utterance);
    });
  }

  $('enable-sound').addEventListener('click', async () => {
    // Browsers only allow audio after a user gesture.
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    await audio.resume();
    $('enable-sound').textContent = t('board.soundOn');
    $('enable-sound').disabled = true;
  });

  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/display')
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => Math.min(10000, 500 * 2 ** context.previousRetryCount) })
    .build();

  // Only the followed queues' calls: a board never shows another office's.
  connection.on('NowCalling', (call) => {
    if (followed.has(`${call.branch}.${call.queue}`)) {
      remember(call, true);
    }
  });

  function status(text, live) {
    $('status').textContent = text;
    $('status').classList.toggle('live', !!live);
  }

  async function subscribe() {
    const names = [];
    const branches = new Set();
    for (const queue of queues) {
      const snapshot = await connection.invoke('Subscribe', queue);
      followed.add(snapshot.address);
      branches.add(snapshot.branch);
      names.push(snapshot.name);
      snapshot.recent.slice().reverse().forEach((call) => remember(call, false));
    }
    $('queue-name').textContent = names.length ? names.join(' · ') : t('board.title');
    $('branch').textContent = branches.size ? t('board.branch', { branch: [...branches].join(', ') }) : '';
    status(t('board.live'), true);
  }

  connection.onreconnecting(() => status(t('board.reconnecting')));
  connection.onreconnected(() => subscribe().catch((error) => status(error.message)));
  connection.onclose(() => {
    status(t('board.disconnected'));
    setTimeout(start, 5000);
  });

  async function start() {
    if (queues.length === 0) {
      status(t('board.noQueue'));
      return;
    }
    if (new Set(queues.map((q) => (q.includes('.') ? q.split('.')[0] : ''))).size > 1) {
      status(t('board.oneBranch'));
      return;
    }
    try {
      await connection.start();
      await subscribe();
    } catch (error) {
      status(t('board.cannotConnect'));
      setTimeout(start, 5000);
    }
  }

  render();
  start();
})();
