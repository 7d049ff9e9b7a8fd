/**
 * The public accountability dashboard: two static pages (every agency at
 * /dashboard, one agency at /dashboard/agencies/{agencyId}) sharing one style
 * sheet and one script. They read the figures from /dashboard/data/*, which the
 * gateway fetches from the accountability service; figures only, never a person.
 * Each table's cells are labelled from its header (data-label) by the script.
 */
const head = (title: string) => `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/app.css">
<script src="/dashboard/app.js" defer></script>
</head>`;

export const DASHBOARD_PAGE = `${head('Akuntabilitas Pelayanan Publik - Kota Palembang')}
<body data-view="overview">
<header>
  <h1>Akuntabilitas Pelayanan Publik Kota Palembang</h1>
  <p>Kinerja layanan setiap perangkat daerah: izin, pengaduan, kepuasan masyarakat (IKM) dan pengembangan kompetensi ASN. <span id="period"></span></p>
</header>
<main>
  <section aria-labelledby="ranking-title">
    <h2 id="ranking-title">Peringkat perangkat daerah</h2>
    <p class="status">Skor dan komponen dalam persen, dengan jumlah kasus dan interval 95%. <a href="#formula-title">Cara menghitung peringkat</a></p>
    <table id="ranking" class="cards">
      <thead><tr><th scope="col">Perangkat daerah</th><th scope="col">Peringkat</th><th scope="col">Skor (interval 95%)</th><th scope="col">Izin tepat waktu</th><th scope="col">Pengaduan tepat waktu</th><th scope="col">Penyelesaian tunggakan lewat tenggat</th><th scope="col">IKM/100</th><th scope="col">ASN &ge; 20 JP</th><th scope="col">Cakupan data</th><th scope="col">Keterangan</th></tr></thead>
      <tbody></tbody>
    </table>
    <h3 id="formula-title">Cara menghitung peringkat</h3>
    <ul class="formula" id="ranking-formula" aria-labelledby="formula-title"></ul>
  </section>
  <section aria-labelledby="agencies-title">
    <h2 id="agencies-title">Angka per perangkat daerah</h2>
    <table id="agencies" class="cards">
      <thead><tr>
        <th scope="col">Perangkat daerah</th><th scope="col">Izin masuk</th><th scope="col">Izin diputus</th><th scope="col">Tepat waktu</th><th scope="col">Median hari kerja</th><th scope="col">Izin belum selesai</th>
        <th scope="col">Pengaduan masuk</th><th scope="col">Selesai tepat waktu</th><th scope="col">Dibuka kembali</th><th scope="col">IKM</th><th scope="col">Mutu</th><th scope="col">JP per ASN</th><th scope="col">ASN &ge; 20 JP</th>
      </tr></thead>
      <tbody></tbody>
    </table>
  </section>
  <p class="status" id="status" role="status">Memuat data...</p>
</main>
</body>
</html>
`;

export const AGENCY_PAGE = `${head('Perangkat daerah - Akuntabilitas Pelayanan Publik Kota Palembang')}
<body data-view="agency">
<header>
  <p><a href="/dashboard">&larr; Semua perangkat daerah</a></p>
  <h1 id="agency-name">Perangkat daerah</h1>
  <p id="agency-kind"></p>
</header>
<main>
  <section aria-labelledby="trend-title">
    <h2 id="trend-title">Tren bulanan</h2>
    <div class="charts" id="trend-charts"></div>
    <table id="trend" class="cards">
      <caption>Angka tren per bulan</caption>
      <thead><tr><th scope="col">Bulan</th><th scope="col">Izin tepat waktu</th><th scope="col">Tunggakan lewat tenggat (kasus)</th><th scope="col">Pengaduan selesai tepat waktu</th><th scope="col">IKM</th><th scope="col">JP per ASN</th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
  <section aria-labelledby="services-title">
    <h2 id="services-title">Per layanan <span id="services-period"></span></h2>
    <table id="permit-services" class="cards">
      <caption>Izin per jenis izin</caption>
      <thead><tr><th scope="col">Jenis izin</th><th scope="col">Masuk</th><th scope="col">Diputus</th><th scope="col">Tepat waktu</th><th scope="col">Median hari kerja</th><th scope="col">p90 hari kerja</th><th scope="col">Belum selesai</th></tr></thead>
      <tbody></tbody>
    </table>
    <table id="complaint-services" class="cards">
      <caption>Pengaduan per kategori</caption>
      <thead><tr><th scope="col">Kategori</th><th scope="col">Masuk</th><th scope="col">Selesai</th><th scope="col">Selesai tepat waktu</th><th scope="col">Median hari kerja penyelesaian</th><th scope="col">Dibuka kembali</th></tr></thead>
      <tbody></tbody>
    </table>
  </section>
  <p class="status" id="status" role="status">Memuat data...</p>
</main>
</body>
</html>
`;
