import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/**
 * Reading the dashboard in a browser test by the page's rules rather than its code:
 * a share (0..1) is a percentage with one decimal and a decimal comma ("66,7%"), any
 * other figure a number with at most two decimals, a decimal comma and thousands
 * separated by dots ("1.700", "3,33"), and a missing figure a dash.
 */
export type Kind = 'number' | 'share';

const SHARE = /^\d{1,3},\d%$/;
const NUMBER = /^\d{1,3}(\.\d{3})*(,\d?[1-9])?$/;

function parsed(text: string): number {
  return Number(text.replace(/%$/, '').replace(/\./g, '').replace(',', '.'));
}

/** Whether `text` says `value`: the API's number rounded to what the page shows (ties either way). */
export function says(text: string | null | undefined, kind: Kind, value: unknown): boolean {
  if (value === null || value === undefined) return text === '\u2014';
  if (typeof text !== 'string' || typeof value !== 'number') return false;
  if (kind === 'share') return SHARE.test(text) && Math.abs(parsed(text) - value * 100) <= 0.05 + 1e-9;
  return NUMBER.test(text) && Math.abs(parsed(text) - value) <= 0.005 + 1e-9;
}

export function valueAt(figures: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | null | undefined)?.[key], figures);
}

/** A figure on the page: whose (agency, period or service), which (the API field), and its text. */
export type ShownFigure = { owner: string; figure: string; text: string };

/** Every element of `scope` that carries a figure, by its owner attribute. */
export async function figuresShown(page: Page, scope: string, ownerAttribute: 'data-agency' | 'data-period' | 'data-service'): Promise<ShownFigure[]> {
  return page.$$eval(`${scope} [data-figure][${ownerAttribute}]`, (elements, attribute) => elements.map((element) => ({ owner: element.getAttribute(attribute) ?? '', figure: element.getAttribute('data-figure') ?? '', text: element.textContent ?? '' })), ownerAttribute);
}

/**
 * Compares every shown figure with what `expected` says of it (a kind and a value, or an exact
 * text); a figure the caller does not know is a mismatch too, so nothing on the page goes unchecked.
 */
export function mismatches(shown: readonly ShownFigure[], expected: (owner: string, figure: string) => { kind: Kind; value: unknown } | { text: string } | undefined): unknown[] {
  return shown.flatMap((item): unknown[] => {
    const expectation = expected(item.owner, item.figure);
    if (expectation === undefined) return [{ ...item, problem: 'not compared with the API' }];
    const right = 'text' in expectation ? item.text === expectation.text : says(item.text, expectation.kind, expectation.value);
    return right ? [] : [{ ...item, api: expectation }];
  });
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

type Violation = { id: string; impact: string; targets: string[] };

/**
 * axe-core's violations of impact serious or critical on the page as it is. axe is evaluated through the
 * DevTools protocol, which the page's CSP does not govern (an injected script tag would be refused).
 */
export async function seriousAccessibilityViolations(page: Page): Promise<Violation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate<Violation[]>(`axe.run(document).then((result) => result.violations.map((violation) => ({
    id: violation.id, impact: violation.impact || '', targets: violation.nodes.map((node) => node.target.join(' ')),
  })))`);
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** The figures and headers that reach past either edge of the viewport (a table cut or scrolled sideways), and the page's own width. */
export async function overflow(page: Page): Promise<{ pageWidth: number; cut: string[] }> {
  return page.evaluate<{ pageWidth: number; cut: string[] }>(`(() => {
    const width = document.documentElement.clientWidth;
    const cut = Array.from(document.querySelectorAll('[data-figure], th'))
      .filter((element) => {
        const box = element.getBoundingClientRect();
        return box.width > 0 && (box.right > width + 0.5 || box.left < -0.5);
      })
      .map((element) => element.tagName + ' ' + (element.getAttribute('data-figure') || element.textContent));
    return { pageWidth: document.documentElement.scrollWidth, cut };
  })()`);
}
