/**
 * The public tracking page: one static page, its style sheet and its script, all served by the
 * gateway so that its CSP allows nothing inline. The script reads the public timeline operations
 * of the permits and complaints services (GET /v1/tracking/{code}/timeline and
 * /v1/complaint-tracking/{code}/timeline), which need no credential and hold no personal data.
 */
export const TRACKING_PAGE = `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Lacak Permohonan Izin dan Pengaduan - Kota Palembang</title>
<link rel="stylesheet" href="/lacak/app.css">
<script src="/lacak/app.js" defer></script>
</head>
<body data-state="idle">
<header>
  <h1>Lacak Permohonan Izin dan Pengaduan</h1>
  <p>Pemerintah Kota Palembang</p>
</header>
<main>
  <form id="lookup" novalidate>
    <label for="code">Kode pelacakan</label>
    <p id="code-hint" class="hint">Tertera pada tanda terima: <strong>PLG-</strong> untuk permohonan izin, <strong>LPR-</strong> untuk pengaduan, diikuti 10 huruf dan angka.</p>
    <div class="row">
      <input id="code" name="code" type="text" required maxlength="20" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="code-hint" placeholder="PLG-7KQ2M9XH4C">
      <button type="submit">Lacak</button>
    </div>
  </form>
  <p id="message" role="status" aria-live="polite"></p>
  <section id="result" hidden aria-labelledby="result-title">
    <h2 id="result-title" tabindex="-1"></h2>
    <dl>
      <div><dt>Status terakhir</dt><dd id="current-status"></dd></div>
      <div><dt>Instansi penanggung jawab</dt><dd id="current-agency"></dd></div>
    </dl>
    <h3>Riwayat</h3>
    <ol id="timeline"></ol>
  </section>
  <p class="note">Halaman ini hanya menampilkan status dan waktunya, tanpa data pribadi. Jaga kerahasiaan kode pelacakan Anda.</p>
</main>
</body>
</html>
`;

export const TRACKING_STYLE = `:root { --ink: #1d2733; --muted: #4a5563; --line: #c9d1db; --accent: #0b5cad; --bad: #a51c12; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f7f9; }
header { background: var(--accent); color: #fff; padding: 16px 20px; }
header h1 { margin: 0; font-size: 1.3rem; }
header p { margin: 4px 0 0; font-size: .9rem; }
main { max-width: 42rem; margin: 0 auto; padding: 16px; }
form, section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px; }
section { margin-top: 16px; }
label { font-weight: 600; display: block; }
.hint, .note { color: var(--muted); font-size: .9rem; margin: 4px 0 10px; }
.row { display: flex; gap: 8px; flex-wrap: wrap; }
input { flex: 1 1 12rem; min-width: 0; min-height: 44px; font: inherit; font-size: 1.05rem; letter-spacing: .04em; padding: 8px 10px; border: 1px solid #6b7684; border-radius: 6px; text-transform: uppercase; }
button { min-height: 44px; padding: 8px 20px; font: inherit; font-weight: 600; color: #fff; background: var(--accent); border: 0; border-radius: 6px; cursor: pointer; }
input:focus-visible, button:focus-visible, h2:focus-visible { outline: 3px solid #f0b400; outline-offset: 2px; }
#message { min-height: 1.5em; margin: 12px 2px 0; }
body[data-state="not-found"] #message, body[data-state="invalid"] #message, body[data-state="error"] #message, body[data-state="rate-limited"] #message { color: var(--bad); font-weight: 600; }
h2 { font-size: 1.15rem; margin: 0 0 8px; word-break: break-all; }
h3 { font-size: 1rem; margin: 16px 0 8px; }
dl { margin: 0; display: grid; gap: 6px; }
dl div { display: grid; grid-template-columns: minmax(0, 11rem) minmax(0, 1fr); gap: 8px; }
dt { color: var(--muted); }
dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
ol { list-style: none; margin: 0; padding: 0; border-left: 3px solid var(--accent); }
li { position: relative; padding: 0 0 14px 16px; }
li::before { content: ""; position: absolute; left: -8px; top: 6px; width: 13px; height: 13px; border-radius: 50%; background: #fff; border: 3px solid var(--accent); }
li:last-child::before { background: var(--accent); }
li time { display: block; color: var(--muted); font-size: .9rem; }
li .label { display: block; font-weight: 600; }
li .agency { display: block; font-size: .9rem; color: var(--muted); overflow-wrap: anywhere; }
@media (max-width: 480px) { main { padding: 10px; } dl div { grid-template-columns: minmax(0, 1fr); gap: 0; } }
`;
