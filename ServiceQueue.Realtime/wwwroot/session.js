'use strict';
// A member of staff's session with the Api, for the pages that sign in (the console, the supervisor and statistics
// pages): the access and refresh tokens, for this tab only. The access token lives minutes
// (the Api's Auth:AccessTokenLifetime). The refresh token rotates on every use and presenting a spent one revokes
// the whole session, so each refresh token is sent at most once and everyone who needs a new access token waits
// for the one refresh in flight.
// Why a session ended, or a sign-in failed, is a code the page puts in its own words (i18n key `session.<code>`):
// ended, unreachable, renewalFailed, refused; wrongPassword, signInFailed (with the Api's detail), signInUnreachable.
// staffSession({ onEnded(code), onRenewed(claims) })
//   -> { restore, signIn, signOut, accessToken, claims, refused, accepted, retryAfterRefusal }
window.staffSession = (hooks) => {
  const storage = window.sessionStorage;
  const sessionKey = 'sq.session';
  const { apiBase } = window.pages;
  // { accessToken, refreshToken, expiresAt, refreshAt }; times in ms on this browser's clock.
  let session = null;
  let claims = null;
  let refreshing = null;
  let refreshTimer = 0;
  let refusals = 0;
  // When the Api last asked us to wait (429 Retry-After), on the monotonic clock: until then nothing is sent.
  let renewNotBefore = 0;

  function claimsOf(jwt) {
    const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(payload))));
  }

  function save() {
    if (session) {
      storage.setItem(sessionKey, JSON.stringify(session));
    } else {
      storage.removeItem(sessionKey);
    }
  }

  // The session this tab already holds (a reload), if any: true when there is one to go on with.
  function restore() {
    try {
      const saved = JSON.parse(storage.getItem(sessionKey) || 'null');
      session = saved && saved.accessToken ? saved : null;
    } catch {
      session = null;
    }
    if (!session) {
      return false;
    }
    claims = claimsOf(session.accessToken);
    scheduleRefresh();
    return true;
  }

  function keep(tokens) {
    claims = claimsOf(tokens.accessToken);
    const now = Date.now();
    // Counted from the token's own lifetime, so a browser clock that is off does not matter.
    const lifetime = claims.iat ? (claims.exp - claims.iat) * 1000 : Date.parse(tokens.expiresAt) - now;
    const lead = Math.min(60000, Math.max(5000, lifetime / 4));
    session = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: now + lifetime, refreshAt: now + lifetime - lead };
    renewNotBefore = 0;
    save();
    scheduleRefresh();
  }

  function scheduleRefresh(delay) {
    clearTimeout(refreshTimer);
    if (session) {
      refreshTimer = setTimeout(() => refresh().catch(() => {}), delay ?? Math.max(0, session.refreshAt - Date.now()));
    }
  }

  function forget() {
    clearTimeout(refreshTimer);
    session = null;
    save();
  }

  // Forgets both tokens and tells the page why; returns an error to throw.
  function end(code) {
    forget();
    hooks.onEnded(code);
    return new Error(`session ${code}`);
  }

  // The access token to send: the current one, or a new one when it has expired or is about to.
  async function accessToken() {
    if (!session) {
      throw new Error('Not signed in.');
    }
    if (Date.now() >= session.refreshAt) {
      try {
        await refresh();
      } catch (failure) {
        // Not renewed for now (offline, rate limited): the current token serves until it expires.
        if (!session || Date.now() >= session.expiresAt) {
          throw failure;
        }
      }
    }
    return session.accessToken;
  }

  function refresh() {
    refreshing ??= renew().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  async function renew() {
    const current = session;
    if (!current || !current.refreshToken) {
      // A reload cut a refresh short: nothing to renew with, so the session lasts as long as its token.
      if (current && Date.now() < current.expiresAt) {
        scheduleRefresh(current.expiresAt - Date.now());
        throw new Error('The session cannot be renewed.');
      }
      throw end('ended');
    }
    const wait = renewNotBefore - performance.now();
    if (wait > 0) {
      scheduleRefresh(wait);
      throw new Error('The sign-in service asked to wait before the session is renewed.');
    }
    let base;
    try {
      if (!navigator.onLine) {
        throw new Error('offline');
      }
      base = await apiBase();
    } catch (failure) {
      // Nothing was sent: the refresh token is still good; try again shortly.
      scheduleRefresh(5000);
      throw failure;
    }
    // Spent from the moment it is sent, whatever comes back (even nothing): never sent again.
    const refreshToken = current.refreshToken;
    current.refreshToken = null;
    save();
    let response;
    try {
      response = await fetch(`${base}/api/v1/auth/refresh`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken }),
      });
    } catch (failure) {
      throw end('unreachable');
    }
    if (session !== current) {
      throw new Error('Signed out meanwhile.');
    }
    if (response.status === 429) {
      // The rate limiter answers before the token is looked at, so it is not spent.
      current.refreshToken = refreshToken;
      save();
      const retryAfter = (parseInt(response.headers.get('Retry-After'), 10) || 5) * 1000;
      renewNotBefore = performance.now() + retryAfter;
      scheduleRefresh(retryAfter);
      throw new Error('Too many sign-in attempts from this address; trying again shortly.');
    }
    if (!response.ok) {
      throw end(response.status === 401 || response.status === 400 ? 'ended' : 'renewalFailed');
    }
    keep(await response.json());
    hooks.onRenewed?.(claims);
  }

  // The Api or a hub refused a token that looks valid here (say its signing key changed): the next accessToken()
  // renews it; refused again before anything accepted it, the session is over. Returns whether to try again.
  function refused() {
    refusals += 1;
    if (!session || refusals > 1) {
      end('refused');
      return false;
    }
    session.refreshAt = 0;
    return true;
  }

  // Something accepted the token (a hub connected, the Api answered): a later refusal may renew it again.
  function accepted() {
    refusals = 0;
  }

  // For SignalR's reconnect policy: a 401 is a refusal; any other failure is worth another try.
  function retryAfterRefusal(failure) {
    return /Status code '401'/.test(String(failure && failure.message)) ? refused() : true;
  }

  // Signs in; resolves to null on success, else { code, detail } for the page to word.
  async function signIn(userName, password) {
    let response;
    try {
      response = await fetch(`${await apiBase()}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ userName, password }),
      });
    } catch (failure) {
      return { code: 'signInUnreachable', detail: failure.message };
    }
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      return response.status === 401
        ? { code: 'wrongPassword', detail: '' }
        : { code: 'signInFailed', detail: problem.detail || problem.title || String(response.status) };
    }
    keep(await response.json());
    refusals = 0;
    return null;
  }

  // Ends the session at the Api as well (its refresh tokens stop working there), then here.
  async function signOut() {
    await (refreshing || Promise.resolve()).catch(() => {});
    const bearer = session && Date.now() < session.expiresAt - 5000 ? session.accessToken : await accessToken().catch(() => null);
    const ending = session;
    forget();
    if (bearer && ending && ending.refreshToken) {
      // Always with the refresh token: without one, the Api ends the user's sessions everywhere.
      await apiBase()
        .then((base) => fetch(`${base}/api/v1/auth/logout`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${bearer}` },
          body: JSON.stringify({ refreshToken: ending.refreshToken }),
        }))
        .catch(() => {});
    }
  }

  return { restore, signIn, signOut, accessToken, refused, accepted, retryAfterRefusal, claims: () => claims };
};
