/**
 * The dashboard's style sheet, served as /dashboard/app.css so that the page's CSP
 * allows styles from the gateway only (no inline style). Under 1100px wide every
 * table turns into one card per row, each cell labelled by its column (data-label),
 * so a phone sees every column without scrolling sideways (a tablet, cards side by side).
 */
export const DASHBOARD_STYLE = `:root { --ink: #1d2733; --muted: #4f5a68; --line: #d9dee5; --good: #1b7f3b; --mid: #8a5a12; --bad: #b42318; --accent: #0b5cad; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: #f6f7f9; }
header { background: var(--accent); color: #fff; padding: 16px 20px; }
header h1 { margin: 0; font-size: 20px; }
header p { margin: 4px 0 0; font-size: 13px; }
header a { color: #fff; }
main { padding: 16px; max-width: 1280px; margin: 0 auto; display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; min-width: 0; }
h2 { font-size: 16px; margin: 4px 0 12px; }
h3 { font-size: 14px; margin: 0 0 4px; }
a { color: var(--accent); }
.status { color: var(--muted); font-size: 13px; }
.formula { color: var(--muted); font-size: 13px; margin: 0 0 12px; padding-left: 20px; }
table { border-collapse: collapse; width: 100%; }
table + table { margin-top: 16px; }
caption { text-align: left; font-weight: 600; padding: 4px 0 8px; }
th, td { text-align: right; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
th { font-size: 12px; color: var(--muted); font-weight: 600; }
td small, th small { display: block; color: var(--muted); font-size: 12px; font-weight: 400; }
th[scope="row"] { font-size: 14px; color: var(--ink); font-weight: 600; }
#ranking td:last-child, #ranking th:last-child { text-align: left; }
.grade { display: inline-block; min-width: 22px; text-align: center; border-radius: 4px; color: #fff; font-weight: 700; padding: 0 4px; }
.grade-A { background: var(--good); } .grade-B { background: #2f7a4c; } .grade-C { background: var(--mid); } .grade-D { background: var(--bad); } .grade-none { background: #5f6b7a; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 12px; }
figure { margin: 0; }
figcaption { font-size: 13px; font-weight: 600; }
svg { width: 100%; height: auto; }
svg .axis { stroke: var(--line); stroke-width: 1; }
svg .series { fill: none; stroke: var(--accent); stroke-width: 2.5; }
svg .point { fill: var(--accent); }
svg text { fill: var(--muted); font-size: 10px; }
@media (min-width: 1100px) {
  th[scope="row"] { min-width: 11em; }
  #ranking td:last-child { min-width: 12em; }
}
@media (max-width: 1099px) {
  header h1 { font-size: 17px; }
  main { padding: 8px; }
  section { padding: 10px; }
  table.cards thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table.cards, table.cards tbody, table.cards tr, table.cards td, table.cards th { display: block; width: 100%; }
  table.cards caption { display: block; }
  table.cards tbody { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 340px), 1fr)); gap: 10px; }
  table.cards tr { border: 1px solid var(--line); border-radius: 6px; padding: 4px 8px; }
  table.cards td { display: grid; grid-template-columns: minmax(0, 1fr) auto; column-gap: 12px; align-items: baseline; text-align: right; border-bottom: 1px dotted var(--line); padding: 4px 0; }
  table.cards th { border-bottom: 1px dotted var(--line); padding: 4px 0; }
  table.cards td:last-child { border-bottom: 0; }
  table.cards th[scope="row"] { font-size: 15px; color: var(--ink); text-align: left; }
  table.cards td::before { content: attr(data-label); color: var(--muted); text-align: left; font-size: 13px; }
  table.cards td small { grid-column: 1 / -1; }
  table.cards td[colspan]::before { content: none; }
  #ranking td:last-child { text-align: right; }
}
`;
