/**
 * The tracking page's script, served as /lacak/app.js (the page's CSP allows scripts from the
 * gateway only). It asks the service the code's prefix names for the public timeline and shows
 * it; each step carries data-at, data-event, data-status and data-agency for tests. Times are
 * shown in Western Indonesian Time, the zone of Palembang.
 */
export const TRACKING_SCRIPT = `'use strict';
(function () {
  var CODE = /^(PLG|LPR)-[34679ACDEFGHJKMNPQRTWXY]{10}$/;
  var PATHS = { PLG: '/v1/tracking/', LPR: '/v1/complaint-tracking/' };
  var KINDS = { PLG: 'Permohonan izin', LPR: 'Pengaduan' };
  var TIME = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Jakarta' });

  function byId(id) { return document.getElementById(id); }
  function settle(state, message) {
    document.body.setAttribute('data-state', state);
    byId('message').textContent = message;
  }
  function shownTime(at) { return TIME.format(new Date(at)) + ' WIB'; }
  function text(tag, className, content) {
    var element = document.createElement(tag);
    if (className) element.className = className;
    element.textContent = content;
    return element;
  }
  function stepItem(step) {
    var item = document.createElement('li');
    item.setAttribute('data-at', step.at);
    item.setAttribute('data-event', step.event);
    item.setAttribute('data-status', step.status);
    item.setAttribute('data-agency', step.agencyId);
    var time = text('time', '', shownTime(step.at));
    time.setAttribute('datetime', step.at);
    item.appendChild(time);
    item.appendChild(text('span', 'label', step.label));
    item.appendChild(text('span', 'agency', 'Instansi: ' + step.agencyId));
    return item;
  }
  function show(prefix, answer) {
    var steps = answer.timeline || [];
    var last = steps[steps.length - 1];
    byId('result-title').textContent = KINDS[prefix] + ' ' + answer.trackingCode;
    byId('current-status').textContent = last ? last.label : '';
    byId('current-status').setAttribute('data-status', answer.status);
    byId('current-agency').textContent = answer.agencyId;
    var list = byId('timeline');
    list.textContent = '';
    steps.forEach(function (step) { list.appendChild(stepItem(step)); });
    byId('result').hidden = false;
    settle('found', '');
    byId('result-title').focus();
  }
  function failure(response) {
    if (response.status === 404) return settle('not-found', 'Kode pelacakan tidak ditemukan. Periksa kembali kode pada tanda terima Anda.');
    if (response.status === 429) {
      var wait = Number(response.headers.get('retry-after')) || 60;
      return settle('rate-limited', 'Terlalu banyak pencarian dari jaringan Anda. Coba lagi dalam ' + wait + ' detik.');
    }
    settle('error', 'Layanan sedang tidak dapat dihubungi. Coba lagi beberapa saat lagi.');
  }
  function lookUp(raw) {
    var code = raw.replace(/\\s+/g, '').toUpperCase();
    byId('result').hidden = true;
    if (!CODE.test(code)) return settle('invalid', 'Kode pelacakan diawali PLG- atau LPR- dan diikuti 10 huruf dan angka, misalnya PLG-7KQ2M9XH4C.');
    var prefix = code.slice(0, 3);
    settle('loading', 'Mencari...');
    fetch(PATHS[prefix] + encodeURIComponent(code) + '/timeline', { headers: { accept: 'application/json' }, credentials: 'omit', cache: 'no-store' })
      .then(function (response) {
        if (!response.ok) return failure(response);
        return response.json().then(function (answer) { show(prefix, answer); });
      })
      .catch(function () { settle('error', 'Layanan sedang tidak dapat dihubungi. Coba lagi beberapa saat lagi.'); });
  }
  document.addEventListener('DOMContentLoaded', function () {
    byId('lookup').addEventListener('submit', function (event) {
      event.preventDefault();
      lookUp(byId('code').value);
    });
    // A code in the fragment (a link or QR code on the receipt) is looked up at once; the fragment never reaches a server or its logs.
    var fromLink = decodeURIComponent(location.hash.slice(1));
    if (fromLink) {
      byId('code').value = fromLink;
      lookUp(fromLink);
    }
  });
})();
`;
