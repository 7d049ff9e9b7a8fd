/**
 * The dashboard's script, served as /dashboard/app.js (the page's CSP allows
 * scripts from the gateway only). It renders the overview (/dashboard) or one
 * agency's page (/dashboard/agencies/{agencyId}), as the body's data-view says.
 *
 * Every figure element carries data-figure (the API field it shows) and
 * data-agency, data-period or data-service (whose figure it is), which the
 * browser test uses to compare the page with the API. Numbers are written the
 * Indonesian way (1.700; 66,7%), a missing figure as a dash. Agency names come
 * from the agency register; the API's ranking formula is in English, so the page
 * writes its own Indonesian text of each rule from the rules in force.
 */
export const DASHBOARD_SCRIPT = `'use strict';
(function () {
  var DASH = '\\u2014';
  var MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
  var COMPONENTS = [
    { key: 'permits', label: 'izin tepat waktu', unit: 'kasus' },
    { key: 'complaints', label: 'pengaduan tepat waktu', unit: 'kasus' },
    { key: 'backlog', label: 'penyelesaian tunggakan lewat tenggat', unit: 'kasus' },
    { key: 'satisfaction', label: 'kepuasan (IKM/100)', unit: 'responden' },
    { key: 'training', label: 'ASN dengan 20 JP', unit: 'ASN' }
  ];
  var MAX_REGISTER_PAGES = 50;
  var upToTwoDecimals = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });
  var oneDecimal = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

  function missing(value) { return value === null || value === undefined; }
  function percent(value) { return missing(value) ? DASH : oneDecimal.format(value * 100) + '%'; }
  function number(value) { return missing(value) ? DASH : upToTwoDecimals.format(value); }
  function monthName(period) { return MONTHS[Number(period.slice(5, 7)) - 1] + ' ' + period.slice(0, 4); }
  function shortMonth(period) { return MONTHS[Number(period.slice(5, 7)) - 1].slice(0, 3) + ' ' + period.slice(2, 4); }
  function byId(id) { return document.getElementById(id); }
  /** An agency kind as words: pemerintah-kota -> Pemerintah kota. */
  function kindText(kind) { return kind ? kind.charAt(0).toUpperCase() + kind.slice(1).replace(/-/g, ' ') : kind; }

  function element(name, text, className) {
    var node = document.createElement(name);
    if (text !== undefined) node.textContent = text;
    if (className) node.className = className;
    return node;
  }
  function figureElement(name, owner, figure, text) {
    var node = element(name, text);
    node.setAttribute('data-' + owner[0], owner[1]);
    node.setAttribute('data-figure', figure);
    return node;
  }
  /**
   * A cell holding one figure (data-figure) of one owner (data-agency, data-period or data-service), with
   * optional notes below it, one line each: plain text and further figures ({ figure, text }) of the same owner.
   */
  function figureCell(row, owner, figure, text, notes) {
    var td = element('td');
    td.appendChild(figureElement('span', owner, figure, text));
    (notes || []).forEach(function (line) {
      var small = element('small');
      line.forEach(function (part) { small.appendChild(typeof part === 'string' ? document.createTextNode(part) : figureElement('span', owner, part.figure, part.text)); });
      td.appendChild(small);
    });
    row.appendChild(td);
    return td;
  }
  function rowHeader(row, content) {
    var th = element('th');
    th.setAttribute('scope', 'row');
    th.appendChild(content);
    row.appendChild(th);
  }
  /** Labels every cell with its column's header, shown before the value when a table becomes cards on a narrow screen. */
  function labelCells(table) {
    var labels = Array.prototype.map.call(table.querySelectorAll('thead th'), function (th) { return th.textContent; });
    Array.prototype.forEach.call(table.querySelectorAll('tbody tr'), function (row) {
      Array.prototype.forEach.call(row.children, function (cell, index) { if (labels[index]) cell.setAttribute('data-label', labels[index]); });
    });
  }
  function emptyRow(table, text) {
    var row = element('tr');
    var td = element('td', text);
    td.colSpan = table.querySelectorAll('thead th').length;
    row.appendChild(td);
    table.querySelector('tbody').appendChild(row);
  }

  function getJson(path) {
    return fetch(path, { headers: { accept: 'application/json' } }).then(function (response) {
      if (!response.ok) throw new Error(path + ' menjawab ' + response.status);
      return response.json();
    });
  }
  /** The agency register, every page of it, by agency id; empty (ids shown instead of names) while it cannot be read. */
  function loadRegister() {
    var agencies = {};
    function page(cursor, pagesLeft) {
      var query = cursor ? '?cursor=' + encodeURIComponent(cursor) : '';
      return getJson('/dashboard/data/register' + query).then(function (answer) {
        answer.items.forEach(function (agency) { agencies[agency.agencyId] = agency; });
        return answer.nextCursor && pagesLeft > 1 ? page(answer.nextCursor, pagesLeft - 1) : agencies;
      });
    }
    return page(null, MAX_REGISTER_PAGES).catch(function (error) {
      byId('status').setAttribute('data-register', 'unavailable');
      console.warn('register: ' + error.message);
      return agencies;
    });
  }
  function agencyLink(register, agencyId) {
    var link = element('a', register[agencyId] ? register[agencyId].name : agencyId);
    link.href = '/dashboard/agencies/' + encodeURIComponent(agencyId);
    link.setAttribute('data-agency', agencyId);
    link.setAttribute('data-figure', 'name');
    var holder = document.createDocumentFragment();
    holder.appendChild(link);
    if (register[agencyId] && register[agencyId].shortName) holder.appendChild(element('small', register[agencyId].shortName));
    return holder;
  }

  // The ranking's rules, in Indonesian, from the rules in force (the API states them in English).
  function formulaItems(rules) {
    var weights = COMPONENTS.map(function (component) { return component.label + ' ' + number(rules.weights[component.key]); }).join(', ');
    return [
      'Komponen: setiap komponen adalah persentase 0-100% (makin tinggi makin baik) dengan jumlah kasusnya. ' +
        'Izin tepat waktu = keputusan izin dalam standar pelayanan / (keputusan yang diukur + permohonan terverifikasi yang belum diputus dan tenggatnya lewat dalam periode). ' +
        'Pengaduan tepat waktu = pengaduan selesai dalam tenggat / (pengaduan selesai + pengaduan yang belum diverifikasi, atau terverifikasi tetapi belum selesai, yang tenggat verifikasi atau tindak lanjutnya lewat dalam periode). ' +
        'Penyelesaian tunggakan lewat tenggat = kasus selesai dalam periode / (kasus selesai + kasus yang masih tertunda dan tenggatnya lewat sebelum akhir periode), izin dan pengaduan bersama. ' +
        'Kepuasan = IKM / 100 (tanpa pembulatan) atas para respondennya. ' +
        'Pelatihan = ASN dengan sekurang-kurangnya 20 JP dalam setahun / ASN yang terdaftar.',
      'Kasus tertunda lewat tenggat: permohonan izin atau pengaduan yang belum selesai setelah tenggatnya lewat dihitung sebagai kegagalan pada periode saat tenggat itu lewat, selama masih tertunda; ' +
        'bila kemudian diputus terlambat, kegagalannya masuk periode keputusan, sehingga setiap kasus dihitung sekali.',
      'Interval Wilson 95%: setiap persentase disertai rentang ketidakpastiannya (interval skor Wilson 95%), yang tetap di antara 0% dan 100% dan tidak menyempit menjadi satu titik pada 0% atau 100% ketika kasusnya sedikit. ' +
        'Interval skor = rata-rata berbobot yang sama dari batas-batas interval komponen.',
      'Minimum kasus: komponen dengan kurang dari ' + number(rules.minimumCases) + ' kasus, atau tanpa kasus, tidak dinilai.',
      'Cakupan data = jumlah bobot komponen yang dinilai / jumlah semua bobot (bobot: ' + weights + '). ' +
        'Skor = jumlah (bobot x komponen) / jumlah bobot, atas komponen yang dinilai saja: komponen yang tidak ada tidak memberi keuntungan maupun hukuman. ' +
        'Perangkat daerah dengan cakupan di bawah ' + percent(rules.minimumCoverage) + ' dicantumkan sebagai "data tidak cukup", tanpa peringkat dan tanpa skor, sehingga segelintir kasus tidak pernah menghasilkan peringkat 100%.',
      'Urutan: skor tertinggi lebih dulu, lalu kode perangkat daerah; peringkat 1 sampai n tanpa peringkat bersama; perangkat daerah dengan data tidak cukup menyusul.'
    ];
  }
  function insufficiency(item, rules) {
    var scored = COMPONENTS.some(function (component) { return item.details[component.key].status === 'scored'; });
    if (!scored) return 'Data tidak cukup: tidak ada komponen dengan sekurang-kurangnya ' + number(rules.minimumCases) + ' kasus';
    return 'Data tidak cukup: cakupan ' + percent(item.coverage) + ' di bawah minimum ' + percent(rules.minimumCoverage);
  }
  function interval(value, figure) {
    return ['95%: ', { figure: figure + '.low', text: percent(value.low) }, ' - ', { figure: figure + '.high', text: percent(value.high) }];
  }
  function componentNotes(detail, component) {
    if (detail.status === 'no-cases') return [['tanpa kasus']];
    var cases = [{ figure: 'details.' + component.key + '.cases', text: number(detail.cases) }, ' ' + component.unit];
    if (detail.status === 'too-few-cases') return [cases, ['di bawah minimum']];
    return [cases, interval(detail.interval, 'details.' + component.key + '.interval')];
  }

  function renderRanking(ranking, register) {
    var list = byId('ranking-formula');
    list.textContent = '';
    formulaItems(ranking.rules).forEach(function (text) { list.appendChild(element('li', text)); });
    var table = byId('ranking');
    var body = table.querySelector('tbody');
    body.textContent = '';
    ranking.items.forEach(function (item) {
      var row = element('tr');
      var owner = ['agency', item.agencyId];
      rowHeader(row, agencyLink(register, item.agencyId));
      figureCell(row, owner, 'rank', item.rank === null ? DASH : String(item.rank));
      figureCell(row, owner, 'score', percent(item.score), item.scoreInterval ? [interval(item.scoreInterval, 'scoreInterval')] : undefined);
      COMPONENTS.forEach(function (component) {
        figureCell(row, owner, 'components.' + component.key, percent(item.components[component.key]), componentNotes(item.details[component.key], component));
      });
      figureCell(row, owner, 'coverage', percent(item.coverage));
      figureCell(row, owner, 'status', item.status === 'ranked' ? 'Diperingkat' : insufficiency(item, ranking.rules));
      body.appendChild(row);
    });
    labelCells(table);
  }

  var AGENCY_FIGURES = [
    ['permits.received', number], ['permits.decided', number], ['permits.shareWithinStandard', percent], ['permits.medianWorkingDays', number], ['permits.backlog', number],
    ['complaints.received', number], ['complaints.shareResolvedWithinDeadline', percent], ['complaints.reopenRate', percent]
  ];
  function valueAt(figures, path) { return path.split('.').reduce(function (value, key) { return value === null || value === undefined ? undefined : value[key]; }, figures); }
  function gradeBadge(grade) { return element('span', grade || DASH, 'grade grade-' + (grade || 'none')); }

  function renderAgencies(list, register) {
    byId('period').textContent = 'Periode ' + monthName(list.period) + '.';
    var table = byId('agencies');
    var body = table.querySelector('tbody');
    body.textContent = '';
    list.items.forEach(function (agency) {
      var row = element('tr');
      var owner = ['agency', agency.agencyId];
      rowHeader(row, agencyLink(register, agency.agencyId));
      AGENCY_FIGURES.forEach(function (figure) { figureCell(row, owner, figure[0], figure[1](valueAt(agency, figure[0]))); });
      figureCell(row, owner, 'satisfaction.ikm', number(agency.satisfaction.ikm));
      var grade = figureCell(row, owner, 'satisfaction.grade', '');
      grade.firstChild.appendChild(gradeBadge(agency.satisfaction.grade));
      figureCell(row, owner, 'training.jpPerCivilServant', number(agency.training.jpPerCivilServant));
      figureCell(row, owner, 'training.shareMeeting20Jp', percent(agency.training.shareMeeting20Jp));
      body.appendChild(row);
    });
    labelCells(table);
  }

  function updated(generatedAt) {
    return 'Diperbarui ' + new Date(generatedAt).toLocaleString('id-ID', { timeZone: 'Asia/Jakarta', dateStyle: 'long', timeStyle: 'short' }) + ' WIB.';
  }
  function showError(error) { byId('status').textContent = 'Data belum tersedia: ' + error.message; }
  function loaded(generatedAt) {
    byId('status').textContent = updated(generatedAt);
    document.body.setAttribute('data-loaded', 'true');
  }

  function overview() {
    Promise.all([getJson('/dashboard/data/agencies'), getJson('/dashboard/data/ranking'), loadRegister()]).then(function (answers) {
      renderAgencies(answers[0], answers[2]);
      renderRanking(answers[1], answers[2]);
      loaded(answers[0].generatedAt);
    }).catch(showError);
  }

  // One agency's page: monthly trends and the per-service table.
  /**
   * Cases pending past their deadline at the month's end, from the ranking's backlog component of that month:
   * its share is closed / (closed + pending past deadline) over that many cases, so the rest of the cases are the backlog.
   */
  function backlogPastDeadline(ranking, agencyId) {
    var item = ranking.items.filter(function (candidate) { return candidate.agencyId === agencyId; })[0];
    if (!item) return null;
    var backlog = item.details.backlog;
    return backlog.cases === 0 ? 0 : backlog.cases - Math.round(backlog.share * backlog.cases);
  }
  var TREND = [
    { figure: 'permits.shareWithinStandard', title: 'Izin tepat waktu', format: percent, low: 0, high: 1 },
    { figure: 'backlogPastDeadline', title: 'Tunggakan lewat tenggat (kasus)', format: number, low: 0 },
    { figure: 'complaints.shareResolvedWithinDeadline', title: 'Pengaduan selesai tepat waktu', format: percent, low: 0, high: 1 },
    { figure: 'satisfaction.ikm', title: 'IKM (25-100)', format: number, low: 25, high: 100 },
    { figure: 'training.jpPerCivilServant', title: 'JP per ASN (tahun berjalan)', format: number, low: 0 }
  ];
  function trendValue(month, figure) { return figure === 'backlogPastDeadline' ? month.backlogPastDeadline : valueAt(month.figures, figure); }

  function svgElement(name, attributes) {
    var node = document.createElementNS('http://www.w3.org/2000/svg', name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, String(attributes[key])); });
    return node;
  }
  /** A line chart of one series; a gap where a month has no figure. The table below holds the same figures as text. */
  function chart(months, series) {
    var values = months.map(function (month) { return trendValue(month, series.figure); });
    var present = values.filter(function (value) { return !missing(value); });
    var high = series.high !== undefined ? series.high : Math.max.apply(null, present.concat([1]));
    var low = series.low;
    var width = 300, height = 150, left = 40, right = 16, top = 10, bottom = 24;
    var step = months.length > 1 ? (width - left - right) / (months.length - 1) : 0;
    var x = function (index) { return left + index * step; };
    var y = function (value) { return top + (height - top - bottom) * (1 - (value - low) / (high - low || 1)); };
    var figure = element('figure');
    figure.appendChild(element('figcaption', series.title));
    var described = present.length === 0 ? 'belum ada angka' : 'dari ' + series.format(present[0]) + ' sampai ' + series.format(present[present.length - 1]);
    var svg = svgElement('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': series.title + ' per bulan, ' + described + '; angkanya ada di tabel di bawah.', 'data-series': series.figure });
    svg.appendChild(svgElement('line', { 'class': 'axis', x1: left, y1: y(low), x2: width - right, y2: y(low) }));
    svg.appendChild(svgElement('line', { 'class': 'axis', x1: left, y1: y(high), x2: width - right, y2: y(high) }));
    [low, high].forEach(function (value) {
      var label = svgElement('text', { x: left - 4, y: y(value) + 3, 'text-anchor': 'end' });
      label.textContent = series.format(value);
      svg.appendChild(label);
    });
    var segment = [];
    function flush() {
      if (segment.length > 1) svg.appendChild(svgElement('polyline', { 'class': 'series', points: segment.join(' ') }));
      segment = [];
    }
    values.forEach(function (value, index) {
      if (missing(value)) { flush(); return; }
      segment.push(x(index).toFixed(1) + ',' + y(value).toFixed(1));
      svg.appendChild(svgElement('circle', { 'class': 'point', cx: x(index).toFixed(1), cy: y(value).toFixed(1), r: 2.5 }));
    });
    flush();
    months.forEach(function (month, index) {
      // Every third month counted back from the latest, which is always labelled.
      if ((months.length - 1 - index) % 3 !== 0) return;
      var anchor = index === months.length - 1 ? 'end' : index === 0 ? 'start' : 'middle';
      var label = svgElement('text', { x: x(index), y: height - 6, 'text-anchor': anchor });
      label.textContent = shortMonth(month.period);
      svg.appendChild(label);
    });
    figure.appendChild(svg);
    return figure;
  }

  function renderTrend(months) {
    var charts = byId('trend-charts');
    charts.textContent = '';
    TREND.forEach(function (series) { charts.appendChild(chart(months, series)); });
    var table = byId('trend');
    var body = table.querySelector('tbody');
    body.textContent = '';
    months.forEach(function (month) {
      var row = element('tr');
      rowHeader(row, document.createTextNode(monthName(month.period)));
      TREND.forEach(function (series) { figureCell(row, ['period', month.period], series.figure, series.format(trendValue(month, series.figure))); });
      body.appendChild(row);
    });
    labelCells(table);
  }

  function renderServices(services) {
    byId('services-period').textContent = monthName(services.period);
    var rowsOf = [
      ['permit-services', services.permits, [['received', number], ['decided', number], ['shareWithinStandard', percent], ['medianWorkingDays', number], ['p90WorkingDays', number], ['backlog', number]]],
      ['complaint-services', services.complaints, [['received', number], ['resolved', number], ['shareResolvedWithinDeadline', percent], ['medianResolutionWorkingDays', number], ['reopenRate', percent]]]
    ];
    rowsOf.forEach(function (kind) {
      var table = byId(kind[0]);
      table.querySelector('tbody').textContent = '';
      if (kind[1].length === 0) emptyRow(table, 'Tidak ada kasus.');
      kind[1].forEach(function (service) {
        var row = element('tr');
        rowHeader(row, document.createTextNode(service.serviceCode));
        kind[2].forEach(function (figure) { figureCell(row, ['service', kind[0] + ':' + service.serviceCode], figure[0], figure[1](service.figures[figure[0]])); });
        table.querySelector('tbody').appendChild(row);
      });
      labelCells(table);
    });
  }

  function agencyPage(agencyId) {
    var base = '/dashboard/data/agencies/' + encodeURIComponent(agencyId);
    var series = getJson(base).then(function (answer) {
      return Promise.all(answer.items.map(function (item) { return getJson('/dashboard/data/ranking?period=' + encodeURIComponent(item.period)); })).then(function (rankings) {
        return { generatedAt: answer.generatedAt, months: answer.items.map(function (item, index) { return { period: item.period, figures: item, backlogPastDeadline: backlogPastDeadline(rankings[index], agencyId) }; }) };
      });
    });
    Promise.all([loadRegister(), series, getJson(base + '/services')]).then(function (answers) {
      var agency = answers[0][agencyId];
      var name = agency ? agency.name : agencyId;
      byId('agency-name').textContent = name;
      byId('agency-name').setAttribute('data-agency', agencyId);
      byId('agency-kind').textContent = agency ? [agency.shortName, kindText(agency.kind)].filter(Boolean).join(' - ') : 'Tidak ada dalam daftar perangkat daerah.';
      document.title = name + ' - Akuntabilitas Pelayanan Publik Kota Palembang';
      renderTrend(answers[1].months);
      renderServices(answers[2]);
      loaded(answers[1].generatedAt);
    }).catch(showError);
  }

  var agencyPath = /^\\/dashboard\\/agencies\\/([^/]+)\\/?$/.exec(location.pathname);
  if (document.body.getAttribute('data-view') === 'agency' && agencyPath) agencyPage(decodeURIComponent(agencyPath[1]));
  else overview();
})();
`;
