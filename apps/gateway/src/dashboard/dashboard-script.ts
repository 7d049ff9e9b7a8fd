/**
 * The dashboard's script, served as /dashboard/app.js (the page's CSP allows
 * scripts from the gateway only). Every figure cell carries data-agency and
 * data-figure so that tests and screen readers can find it.
 */
export const DASHBOARD_SCRIPT = `'use strict';
(function () {
  var DASH = '\\u2014';
  function percent(value) { return value === null || value === undefined ? DASH : (value * 100).toFixed(1) + '%'; }
  function number(value) { return value === null || value === undefined ? DASH : String(Math.round(value * 100) / 100); }
  function cell(row, agencyId, figure, text) {
    var td = document.createElement('td');
    td.textContent = text;
    td.setAttribute('data-agency', agencyId);
    td.setAttribute('data-figure', figure);
    row.appendChild(td);
    return td;
  }
  function getJson(path) {
    return fetch(path, { headers: { accept: 'application/json' } }).then(function (response) {
      if (!response.ok) throw new Error(path + ' answered ' + response.status);
      return response.json();
    });
  }
  function renderRanking(ranking) {
    document.getElementById('ranking-formula').textContent = ranking.formula;
    var body = document.querySelector('#ranking tbody');
    body.textContent = '';
    ranking.items.forEach(function (item) {
      var row = document.createElement('tr');
      cell(row, item.agencyId, 'agencyId', item.agencyId);
      cell(row, item.agencyId, 'rank', item.rank === null ? DASH : String(item.rank));
      cell(row, item.agencyId, 'score', percent(item.score));
      cell(row, item.agencyId, 'components.permits', percent(item.components.permits));
      cell(row, item.agencyId, 'components.complaints', percent(item.components.complaints));
      cell(row, item.agencyId, 'components.satisfaction', percent(item.components.satisfaction));
      cell(row, item.agencyId, 'components.training', percent(item.components.training));
      cell(row, item.agencyId, 'coverage', percent(item.coverage));
      body.appendChild(row);
    });
  }
  function renderAgencies(list) {
    document.getElementById('period').textContent = 'Periode ' + list.period + '.';
    var body = document.querySelector('#agencies tbody');
    var select = document.getElementById('trend-agency');
    body.textContent = '';
    select.textContent = '';
    list.items.forEach(function (agency) {
      var row = document.createElement('tr');
      var id = agency.agencyId;
      cell(row, id, 'agencyId', id);
      cell(row, id, 'permits.received', number(agency.permits.received));
      cell(row, id, 'permits.decided', number(agency.permits.decided));
      cell(row, id, 'permits.shareWithinStandard', percent(agency.permits.shareWithinStandard));
      cell(row, id, 'permits.medianWorkingDays', number(agency.permits.medianWorkingDays));
      cell(row, id, 'permits.backlog', number(agency.permits.backlog));
      cell(row, id, 'complaints.received', number(agency.complaints.received));
      cell(row, id, 'complaints.shareResolvedWithinDeadline', percent(agency.complaints.shareResolvedWithinDeadline));
      cell(row, id, 'complaints.reopenRate', percent(agency.complaints.reopenRate));
      cell(row, id, 'satisfaction.ikm', number(agency.satisfaction.ikm));
      var grade = cell(row, id, 'satisfaction.grade', '');
      var badge = document.createElement('span');
      badge.className = 'grade grade-' + (agency.satisfaction.grade || 'none');
      badge.textContent = agency.satisfaction.grade || DASH;
      grade.appendChild(badge);
      cell(row, id, 'training.jpPerCivilServant', number(agency.training.jpPerCivilServant));
      cell(row, id, 'training.shareMeeting20Jp', percent(agency.training.shareMeeting20Jp));
      body.appendChild(row);
      var option = document.createElement('option');
      option.value = id;
      option.textContent = id;
      select.appendChild(option);
    });
    select.onchange = function () { loadTrend(select.value); };
  }
  /** The trend opens on the agency ranked first. */
  function showFirstTrend(ranking) {
    var first = ranking.items[0];
    if (!first) return;
    document.getElementById('trend-agency').value = first.agencyId;
    loadTrend(first.agencyId);
  }
  function line(points, color) {
    var path = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    path.setAttribute('points', points.join(' '));
    path.setAttribute('fill', 'none');
    path.setAttribute('stroke', color);
    path.setAttribute('stroke-width', '3');
    return path;
  }
  function renderTrend(series) {
    var svg = document.getElementById('trend');
    svg.textContent = '';
    svg.setAttribute('data-agency', series.agencyId);
    var items = series.items;
    var step = items.length > 1 ? 560 / (items.length - 1) : 0;
    var permits = [], complaints = [];
    items.forEach(function (item, index) {
      var x = 20 + index * step;
      if (item.permits.shareWithinStandard !== null) permits.push(x + ',' + (200 - item.permits.shareWithinStandard * 180));
      if (item.complaints.shareResolvedWithinDeadline !== null) complaints.push(x + ',' + (200 - item.complaints.shareResolvedWithinDeadline * 180));
      var label = document.createElementNS('http://www.w3.org/2000/svg', 'text');
      label.setAttribute('x', String(x));
      label.setAttribute('y', '216');
      label.setAttribute('font-size', '10');
      label.setAttribute('text-anchor', 'middle');
      label.textContent = item.period;
      svg.appendChild(label);
    });
    svg.appendChild(line(permits, '#0b5cad'));
    svg.appendChild(line(complaints, '#b7791f'));
  }
  function loadTrend(agencyId) {
    getJson('/dashboard/data/agencies/' + encodeURIComponent(agencyId)).then(renderTrend, showError);
  }
  function showError(error) { document.getElementById('status').textContent = 'Data belum tersedia: ' + error.message; }
  Promise.all([getJson('/dashboard/data/agencies'), getJson('/dashboard/data/ranking')]).then(function (answers) {
    renderAgencies(answers[0]);
    renderRanking(answers[1]);
    showFirstTrend(answers[1]);
    document.getElementById('status').textContent = 'Diperbarui ' + new Date(answers[0].generatedAt).toLocaleString('id-ID', { timeZone: 'Asia/Jakarta' }) + ' WIB.';
    document.body.setAttribute('data-loaded', 'true');
  }, showError);
})();
`;
