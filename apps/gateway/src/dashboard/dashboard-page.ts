/**
 * The public accountability dashboard: one static page and its script. It reads
 * the figures from /dashboard/data/*, which the gateway fetches from the
 * accountability service; figures only, never a person.
 */
export const DASHBOARD_PAGE = `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Akuntabilitas Pelayanan Publik - Kota Palembang</title>
<style>
  :root { --ink: #1d2733; --muted: #5b6776; --line: #d9dee5; --good: #1b7f3b; --mid: #b7791f; --bad: #b42318; --accent: #0b5cad; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f7f9; }
  header { background: var(--accent); color: #fff; padding: 16px 20px; }
  header h1 { margin: 0; font-size: 20px; }
  header p { margin: 4px 0 0; opacity: .9; font-size: 13px; }
  main { padding: 16px; max-width: 1200px; margin: 0 auto; display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; }
  section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
  h2 { font-size: 16px; margin: 4px 0 12px; }
  .scroll { overflow-x: auto; }
  table { border-collapse: collapse; width: 100%; min-width: 640px; }
  th, td { text-align: right; padding: 6px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
  th:first-child, td:first-child { text-align: left; }
  th { font-size: 12px; color: var(--muted); font-weight: 600; }
  .grade { display: inline-block; min-width: 22px; text-align: center; border-radius: 4px; color: #fff; font-weight: 700; padding: 0 4px; }
  .grade-A { background: var(--good); } .grade-B { background: #3a8f5b; } .grade-C { background: var(--mid); } .grade-D { background: var(--bad); } .grade-none { background: #9aa4b1; }
  .status { color: var(--muted); font-size: 13px; }
  select { font: inherit; padding: 4px 6px; }
  svg { width: 100%; height: auto; max-height: 260px; }
  .legend span { margin-right: 12px; font-size: 13px; }
  .legend i { display: inline-block; width: 12px; height: 3px; vertical-align: middle; margin-right: 4px; }
  @media (max-width: 600px) { header h1 { font-size: 17px; } main { padding: 8px; } section { padding: 10px; } }
</style>
<script src="/dashboard/app.js" defer></script>
</head>
<body>
<header>
  <h1>Akuntabilitas Pelayanan Publik Kota Palembang</h1>
  <p>Kinerja layanan setiap perangkat daerah: izin, pengaduan, kepuasan masyarakat (IKM) dan pengembangan kompetensi ASN. <span id="period"></span></p>
</header>
<main>
  <section>
    <h2>Peringkat perangkat daerah</h2>
    <p class="status" id="ranking-formula"></p>
    <div class="scroll"><table id="ranking">
      <thead><tr><th>Perangkat daerah</th><th>Peringkat</th><th>Skor</th><th>Izin tepat waktu</th><th>Pengaduan tepat waktu</th><th>IKM/100</th><th>ASN &ge; 20 JP</th><th>Cakupan data</th></tr></thead>
      <tbody></tbody>
    </table></div>
  </section>
  <section>
    <h2>Angka per perangkat daerah</h2>
    <div class="scroll"><table id="agencies">
      <thead><tr>
        <th>Perangkat daerah</th><th>Izin masuk</th><th>Izin diputus</th><th>Tepat waktu</th><th>Median hari kerja</th><th>Tunggakan</th>
        <th>Pengaduan masuk</th><th>Selesai tepat waktu</th><th>Dibuka kembali</th><th>IKM</th><th>Mutu</th><th>JP per ASN</th><th>ASN &ge; 20 JP</th>
      </tr></thead>
      <tbody></tbody>
    </table></div>
  </section>
  <section>
    <h2>Tren bulanan</h2>
    <label>Perangkat daerah <select id="trend-agency"></select></label>
    <div class="legend"><span><i style="background:#0b5cad"></i>Izin tepat waktu</span><span><i style="background:#b7791f"></i>Pengaduan selesai tepat waktu</span></div>
    <svg id="trend" viewBox="0 0 600 220" role="img" aria-label="Tren bulanan"></svg>
  </section>
  <p class="status" id="status">Memuat data...</p>
</main>
</body>
</html>
`;
