'use strict';
// The ticket page, /t/<token>: follows one ticket over /hubs/ticket. The token in the address is the only
// proof of holding the ticket; it goes to this origin's hub and nowhere else (the page sends no referrer).
(async () => {
  const token = decodeURIComponent(location.pathname.split('/')[2] || '');
  const { t, apply } = await window.i18n.load([...(navigator.languages || []), navigator.language]);
  apply();
  document.title = t('ticket.title');

  const $ = (id) => document.getElementById(id);
  let current = null;
  let ended = false;
  let audio = null;

  function connectionStatus(text, live) {
    $('connection').textContent = text;
    $('connection').classList.toggle('live', !!live);
  }

  // The Broker's estimate range in whole minutes, for people.
  function estimateText(estimate) {
    if (!estimate) {
      return t('ticket.estimateNone');
    }
    if (estimate.maxSeconds < 60) {
      return t('ticket.estimateSoon');
    }
    const min = Math.max(0, Math.floor(estimate.minSeconds / 60));
    const max = Math.max(min, Math.ceil(estimate.maxSeconds / 60));
    return min === max ? `${max} min` : t('ticket.estimateRange', { min, max });
  }

  function reasonOf(error) {
    const match = /HubException: ([a-z_]+): (.*)$/.exec(String(error && error.message));
    return match ? { code: match[1], sentence: match[2] } : { code: 'unavailable', sentence: String(error && error.message) };
  }

  function render(status) {
    $('ticket').hidden = false;
    $('number').textContent = status.number;
    $('queue-name').textContent = status.queueName;
    const called = status.state === 'called';
    $('call').hidden = !called;
    if (called) {
      $('call-text').textContent = status.recallCount > 0 && status.desk
        ? t('ticket.calledAgain', { count: status.recallCount, desk: status.desk })
        : status.desk ? t('ticket.called', { desk: status.desk }) : t('ticket.calledNoDesk');
    }
    const waiting = status.state === 'waiting';
    $('waiting').hidden = !waiting;
    if (waiting) {
      $('position').textContent = status.position ? t('ticket.placeValue', { position: status.position }) : '—';
      const ahead = status.position ? status.position - 1 : null;
      $('ahead').textContent = ahead === null ? '' : ahead === 0 ? t('ticket.next') : ahead === 1 ? t('ticket.aheadOne') : t('ticket.ahead', { count: ahead });
      $('estimate').textContent = estimateText(status.estimate);
    }
    $('state-text').textContent = status.state === 'serving'
      ? t('ticket.serving', { desk: status.desk || '' })
      : status.state === 'parked' ? t('ticket.parked') : waiting ? t('ticket.waiting') : '';
    // A ticket being served can no longer be withdrawn.
    $('cancel').hidden = status.state === 'serving';
    if (status.state === 'serving') {
      $('confirm').hidden = true;
    }
  }

  function update(status) {
    if (ended) {
      return;
    }
    const wasCalled = current && current.state === 'called' ? current.recallCount : -1;
    current = status;
    render(status);
    if (status.state === 'called' && status.recallCount !== wasCalled) {
      alertCalled();
    }
  }

  function end(outcome) {
    ended = true;
    current = null;
    $('ticket').hidden = true;
    $('ended').hidden = false;
    $('ended-text').textContent = outcome ? t(`ticket.ended.${outcome}`) : t('ticket.notFound');
    connectionStatus('', false);
    connection.stop();
  }

  // Called: the text is announced (role=alert), the box flashes, a chime plays and the phone vibrates where allowed.
  function alertCalled() {
    const box = $('call');
    box.classList.remove('flash');
    void box.offsetWidth;
    box.classList.add('flash');
    if (navigator.vibrate) {
      navigator.vibrate([300, 150, 300, 150, 600]);
    }
    chime();
  }

  function chime() {
    if (!audio) {
      return;
    }
    // Three notes where the board rings two: a phone in a pocket needs the longer call.
    window.pages.chime(audio, [659.25, 523.25, 659.25], 0.4, 0.7);
  }

  $('enable-sound').addEventListener('click', async () => {
    // Browsers only allow audio after a gesture on the page.
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    await audio.resume();
    $('enable-sound').textContent = t('ticket.soundOn');
    $('enable-sound').disabled = true;
  });

  $('cancel').addEventListener('click', () => {
    $('error').textContent = '';
    $('confirm').hidden = false;
    $('confirm-no').focus();
  });
  $('confirm-no').addEventListener('click', () => {
    $('confirm').hidden = true;
    $('cancel').focus();
  });
  $('confirm-yes').addEventListener('click', async () => {
    $('confirm-yes').disabled = true;
    try {
      const answer = await connection.invoke('Cancel', token);
      end(answer.outcome);
    } catch (error) {
      const reason = reasonOf(error);
      if (reason.code === 'not_found') {
        end(null);
        return;
      }
      $('error').textContent = t('ticket.cancelFailed', { reason: reason.sentence });
      $('confirm').hidden = true;
    } finally {
      $('confirm-yes').disabled = false;
    }
  });

  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/ticket')
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (context) => Math.min(15000, 1000 * 2 ** context.previousRetryCount) })
    .build();

  connection.on('TicketChanged', update);
  connection.on('TicketEnded', (e) => end(e.outcome));

  async function follow() {
    try {
      update(await connection.invoke('Follow', token));
      connectionStatus(t('ticket.live'), true);
    } catch (error) {
      const reason = reasonOf(error);
      if (reason.code === 'not_found') {
        end(null);
      } else if (reason.code === 'rate_limited') {
        connectionStatus(t('ticket.busy'));
        setTimeout(follow, 60000);
      } else {
        connectionStatus(t('ticket.offline'));
        setTimeout(follow, 5000);
      }
    }
  }

  connection.onreconnecting(() => connectionStatus(t('ticket.reconnecting')));
  connection.onreconnected(() => follow());
  connection.onclose(() => {
    if (!ended) {
      connectionStatus(t('ticket.offline'));
      setTimeout(start, 5000);
    }
  });

  async function start() {
    try {
      await connection.start();
      await follow();
    } catch (error) {
      connectionStatus(/429/.test(String(error && error.message)) ? t('ticket.busy') : t('ticket.offline'));
      setTimeout(start, /429/.test(String(error && error.message)) ? 60000 : 5000);
    }
  }

  start();
})();
