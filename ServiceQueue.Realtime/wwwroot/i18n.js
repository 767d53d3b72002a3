'use strict';
// The pages' strings: /i18n/<tag>.json. A language is one file; nothing here names the languages.
// load(['pt-BR', 'en-US']) tries each tag exactly, then its base language ('pt'), then 'en'; English
// fills in any string a file lacks. t('key', { name: value }) fills {name} placeholders.
window.i18n = (() => {
  const wellFormed = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/;
  const cache = new Map();

  async function fetchStrings(tag) {
    if (!cache.has(tag)) {
      cache.set(tag, fetch(`/i18n/${encodeURIComponent(tag)}.json`, { cache: 'no-cache' })
        .then((response) => (response.ok ? response.json() : null))
        .catch(() => null));
    }
    return cache.get(tag);
  }

  function candidates(tags) {
    const tried = [];
    for (const raw of tags) {
      const tag = String(raw || '').trim();
      if (!wellFormed.test(tag) || tag.length > 16) {
        continue;
      }
      const parts = tag.split('-');
      // Files are named like BCP 47 writes them: language lower case, region upper case (pt-BR).
      const exact = [parts[0].toLowerCase(), ...parts.slice(1).map((p) => (p.length === 2 ? p.toUpperCase() : p))].join('-');
      for (const candidate of [exact, parts[0].toLowerCase()]) {
        if (!tried.includes(candidate)) {
          tried.push(candidate);
        }
      }
    }
    if (!tried.includes('en')) {
      tried.push('en');
    }
    return tried;
  }

  async function load(tags) {
    const english = (await fetchStrings('en')) || {};
    let lang = 'en';
    let strings = english;
    for (const candidate of candidates(tags)) {
      const found = candidate === 'en' ? english : await fetchStrings(candidate);
      if (found) {
        lang = candidate;
        strings = { ...english, ...found };
        break;
      }
    }
    document.documentElement.lang = lang;
    const t = (key, values) => String(strings[key] ?? key)
      .replace(/\{(\w+)\}/g, (whole, name) => (values && values[name] !== undefined ? String(values[name]) : whole));
    // Elements name their string: data-i18n (text), data-i18n-placeholder, data-i18n-aria-label.
    const apply = (root) => {
      (root || document).querySelectorAll('[data-i18n]').forEach((element) => { element.textContent = t(element.dataset.i18n); });
      (root || document).querySelectorAll('[data-i18n-placeholder]').forEach((element) => { element.placeholder = t(element.dataset.i18nPlaceholder); });
      (root || document).querySelectorAll('[data-i18n-aria-label]').forEach((element) => { element.setAttribute('aria-label', t(element.dataset.i18nAriaLabel)); });
    };
    return { lang, t, apply };
  }

  return { load };
})();
