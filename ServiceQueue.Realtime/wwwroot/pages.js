'use strict';
// What the console, kiosk, ticket page and board share: where the Api is, and the chime of a call.
window.pages = (() => {
  let apiBaseAddress = null;

  // The Api's address as this browser reaches it (/config.json; '' = this origin), asked once; a failure is asked again.
  function apiBase() {
    apiBaseAddress ??= fetch('/config.json')
      .then((response) => (response.ok ? response.json() : Promise.reject(new Error(`/config.json answered ${response.status}`))))
      .then((config) => config.apiBaseAddress || '')
      .catch((failure) => {
        apiBaseAddress = null;
        throw failure;
      });
    return apiBaseAddress;
  }

  // Sine notes one after the other on a running AudioContext, each `spacing` seconds after the last and fading over
  // `ring` seconds; resolves when the last has faded.
  function chime(audio, frequencies, spacing, ring) {
    const start = audio.currentTime + 0.05;
    frequencies.forEach((frequency, index) => {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      const at = start + index * spacing;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.4, at + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + ring);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(at);
      oscillator.stop(at + ring + 0.05);
    });
    const seconds = 0.05 + (frequencies.length - 1) * spacing + ring + 0.05;
    return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }

  return { apiBase, chime };
})();
