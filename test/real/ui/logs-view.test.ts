/**
 * The Logs view in a real browser (Debian's chromium through playwright-core) against an
 * in-process Omniscope that received log records from the OpenTelemetry JS SDK: the label
 * browser builds a selector, lines show newest first with level colours and a volume
 * histogram that counts every line in the range (a LogQL metric query, beyond the limit of
 * lines loaded), a line expands to its labels and structured metadata, trace ids link to the
 * Traces view, a deep link restores the view, errors and empty results say so, 5,000 lines
 * render quickly, and a phone-width screen does not overflow. Screenshots go to
 * test-artifacts/ui/logs-*.png; the time to first render is printed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { OTLPLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { startTestOmniscope } from '../../helpers/test-omniscope.js';
import type { TestOmniscope } from '../../helpers/test-omniscope.js';
import { ARTIFACTS, SKIP_WITHOUT_CHROMIUM, openBrowser, prepareUi, renderedAt, watchPage } from './browser.js';

const skip = SKIP_WITHOUT_CHROMIUM;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACE_IN_LINE = '0af7651916cd43dd8448eb211c80319c';
const BULK = 5000;

/** `[seconds, nanoseconds]` for a time `agoMs` before now. */
const at = (agoMs: number): [number, number] => {
  const ms = Date.now() - agoMs;
  return [Math.floor(ms / 1000), (ms % 1000) * 1_000_000];
};

async function sendLogs(url: string): Promise<void> {
  const provider = (service: string): LoggerProvider =>
    new LoggerProvider({
      resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment': 'test' }),
      processors: [
        new BatchLogRecordProcessor({
          exporter: new OTLPLogExporter({ url: `${url}/v1/logs` }),
          maxExportBatchSize: 1000,
          maxQueueSize: BULK + 100,
          scheduledDelayMillis: 3_600_000,
        }),
      ],
    });

  const checkout = provider('checkout');
  const logger = checkout.getLogger('ui-e2e');
  const spanCtx = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: '00f067aa0ba902b7', traceFlags: TraceFlags.SAMPLED });
  // Oldest first; the view must show them newest first.
  logger.emit({ severityNumber: SeverityNumber.DEBUG, severityText: 'DEBUG', body: 'cache warmed', timestamp: at(10 * 60_000) });
  logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: 'order accepted', timestamp: at(8 * 60_000), attributes: { 'order.id': 42 } });
  logger.emit({ severityNumber: SeverityNumber.WARN, severityText: 'WARN', body: 'slow payment provider', timestamp: at(6 * 60_000) });
  logger.emit({
    severityNumber: SeverityNumber.ERROR,
    severityText: 'ERROR',
    body: 'payment failed',
    timestamp: at(4 * 60_000),
    attributes: { 'error.type': 'CardDeclined' },
    context: spanCtx,
  });
  logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: `retrying payment trace_id=${TRACE_IN_LINE} attempt=2`, timestamp: at(2 * 60_000) });
  await checkout.forceFlush();
  await checkout.shutdown();

  const bulk = provider('bulk');
  const bulkLogger = bulk.getLogger('ui-e2e-bulk');
  const severities = [SeverityNumber.INFO, SeverityNumber.INFO, SeverityNumber.DEBUG, SeverityNumber.WARN, SeverityNumber.ERROR];
  for (let i = 0; i < BULK; i++) {
    const severityNumber = severities[i % severities.length] as SeverityNumber;
    // Spread over the last 50 minutes, newest last.
    bulkLogger.emit({ severityNumber, body: `bulk line ${i} GET /api/items/${i % 97} status=${i % 5 === 4 ? 500 : 200} duration_ms=${(i * 7) % 300}`, timestamp: at((BULK - i) * 600) });
  }
  await bulk.forceFlush();
  await bulk.shutdown();
}

describe('Logs view in Chromium', { skip }, () => {
  let omni: TestOmniscope;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const firstRender: Record<string, number> = {};

  const watch = watchPage(problems, (r) =>
    // The expected failures: the deliberately invalid selector (400), and the Traces view not
    // finding the made-up trace of the line.
    (r.status() === 400 && r.url().includes('/loki/api/v1/query_range') && decodeURIComponent(r.url()).includes('service_name=}')) ||
    (r.status() === 404 && r.url().includes('/jaeger/')),
  );
  const lineTexts = (p: Page): Promise<string[]> => p.locator('[data-testid=log-lines] .log-text').allInnerTexts();

  before(async () => {
    prepareUi();
    omni = await startTestOmniscope();
    await sendLogs(omni.baseUrl);
    ({ browser, context, page } = await openBrowser(watch));
  });
  after(async () => {
    await browser?.close();
    await omni?.stop();
    for (const [view, ms] of Object.entries(firstRender)) console.log(`time to first render: ${view} ${ms.toFixed(0)} ms`);
  });

  it('the label browser lists labels and values and builds a selector that shows the lines', async () => {
    await page.goto(`${omni.baseUrl}/explore/logs`);
    await page.getByRole('link', { name: 'Logs' }).waitFor();
    const names = page.getByTestId('label-names');
    await names.getByRole('button', { name: 'service_name' }).click();
    await names.getByRole('button', { name: 'level' }).click();
    const services = page.getByTestId('label-values-service_name');
    await services.getByRole('button', { name: 'bulk' }).waitFor();
    await services.getByRole('button', { name: 'checkout' }).click();
    const levels = await page.getByTestId('label-values-level').getByRole('button').allInnerTexts();
    for (const l of ['debug', 'error', 'info', 'warn']) assert.ok(levels.includes(l), `level values: ${levels.join(', ')}`);
    assert.equal(await page.getByTestId('built-selector').innerText(), '{service_name="checkout"}');
    await page.screenshot({ path: `${ARTIFACTS}/logs-label-browser.png`, fullPage: true });

    await page.getByTestId('run-selector').click();
    await page.getByTestId('log-lines').waitFor();
    assert.match(decodeURIComponent(page.url()), /query=\{service_name="checkout"\}/);
    assert.equal(await page.getByTestId('logql-input').inputValue(), '{service_name="checkout"}');
    assert.deepEqual(await lineTexts(page), [
      `retrying payment trace_id=${TRACE_IN_LINE} attempt=2`,
      'payment failed',
      'slow payment provider',
      'order accepted',
      'cache warmed',
    ]);
    const levelsShown = await page.locator('[data-testid=log-lines] .log-row').evaluateAll((rows) => rows.map((r) => r.className));
    assert.deepEqual(levelsShown.map((c) => /level-(\w+)/.exec(c)?.[1]), ['info', 'error', 'warn', 'info', 'debug']);
    const borderOf = (selector: string): Promise<string> => page.evaluate<string>(`getComputedStyle(document.querySelector('${selector}')).borderLeftColor`);
    const errorColour = await borderOf('.log-row.level-error');
    const infoColour = await borderOf('.log-row.level-info');
    assert.notEqual(errorColour, infoColour);
  });

  it('the volume histogram renders with the levels and says what it counts', async () => {
    const volume = page.getByTestId('log-volume');
    await volume.locator('canvas').first().waitFor();
    const legend = await volume.locator('.u-legend').innerText();
    for (const l of ['error', 'warn', 'info', 'debug']) assert.match(legend, new RegExp(l));
    assert.match(await page.getByTestId('volume-note').innerText(), /^5 lines in the range · a bar per 30 s · \d+ ms · drag to zoom$/);
    await page.screenshot({ path: `${ARTIFACTS}/logs-lines.png`, fullPage: true });
  });

  it('a line expands to its labels and structured metadata, and its trace id links to the trace', async () => {
    const row = page.locator('.log-row', { hasText: 'payment failed' });
    await row.locator('.log-summary').click();
    const details = row.getByTestId('log-details');
    await details.waitFor();
    const labels = await details.getByTestId('log-labels').innerText();
    assert.match(labels, /service_name\s+checkout/);
    assert.match(labels, /level\s+error/);
    const metadata = await details.getByTestId('log-metadata').innerText();
    assert.match(metadata, /error_type\s+CardDeclined/);
    assert.match(metadata, new RegExp(`trace_id\\s+${TRACE_ID}`));
    const href = await details.getByTestId('log-metadata').getByTestId('trace-link').getAttribute('href');
    assert.match(href ?? '', new RegExp(`^/explore/traces\\?trace=${TRACE_ID}(&|$)`));
    // Only the opened row has details.
    assert.equal(await page.getByTestId('log-details').count(), 1);
    await page.screenshot({ path: `${ARTIFACTS}/logs-expanded.png`, fullPage: true });

    // A trace id inside the line text is a link too, and opens the Traces view.
    const inLine = page.locator('.log-row', { hasText: 'retrying payment' }).locator('.log-text [data-testid=trace-link]');
    assert.equal(await inLine.innerText(), TRACE_IN_LINE);
    await inLine.click();
    await page.waitForURL(new RegExp(`/explore/traces\\?trace=${TRACE_IN_LINE}`));
    await page.goBack();
    await page.getByTestId('log-lines').waitFor();
  });

  it('line and label filters narrow the lines, and an empty result says what to check', async () => {
    const input = page.getByTestId('logql-input');
    await input.fill('{service_name="checkout"} |= "payment"');
    await input.press('Enter');
    await page.waitForFunction("document.querySelectorAll('[data-testid=log-lines] .log-row').length === 3");
    assert.deepEqual(await lineTexts(page), [`retrying payment trace_id=${TRACE_IN_LINE} attempt=2`, 'payment failed', 'slow payment provider']);

    // What the Traces view's "Logs for this trace" link asks: the record's trace context, not its text.
    await input.fill(`{service_name="checkout"} | trace_id="${TRACE_ID}"`);
    await input.press('Enter');
    await page.waitForFunction("document.querySelectorAll('[data-testid=log-lines] .log-row').length === 1");
    assert.deepEqual(await lineTexts(page), ['payment failed']);

    await input.fill('{service_name="nothing-here"}');
    await input.press('Enter');
    const empty = page.getByTestId('empty-result');
    await empty.waitFor();
    assert.match(await empty.innerText(), /No log lines\..*widen the time range/s);
  });

  it('an invalid selector shows the server’s reason', async () => {
    const input = page.getByTestId('logql-input');
    await input.fill('{service_name=}');
    await page.getByTestId('run-query').click();
    const error = page.getByTestId('query-error');
    await error.waitFor();
    const text = await error.innerText();
    assert.match(text, /Query failed: parse error at line 1, col \d+: .*\(HTTP 400\)/);
    assert.equal(await page.getByTestId('running').count(), 0, 'nothing left spinning');
    await page.screenshot({ path: `${ARTIFACTS}/logs-error.png`, fullPage: true });
  });

  it('a deep link restores query, limit and range, and draws 5,000 lines quickly, newest first', async () => {
    const query = '{service_name="bulk"}';
    const fresh = await context.newPage();
    watch(fresh);
    await fresh.goto(`${omni.baseUrl}/explore/logs?query=${encodeURIComponent(query)}&limit=5000&from=now-1h&to=now`);
    await fresh.locator('[data-testid=log-lines] .log-row').first().waitFor();
    firstRender['logs-5000'] = await renderedAt(fresh, 'logs');
    assert.equal(await fresh.getByTestId('logql-input').inputValue(), query);
    assert.equal(await fresh.getByTestId('limit').inputValue(), '5000');
    assert.match(await fresh.getByTestId('range-button').innerText(), /Last 1 hour/);
    await fresh.getByTestId('volume-note').filter({ hasText: 'lines in the range' }).waitFor();
    assert.match(await fresh.getByTestId('volume-note').innerText(), /^5,000 lines in the range · .* · the 5,000 newest are listed below \(the limit\)$/);
    const first = await lineTexts(fresh);
    assert.match(first[0] ?? '', new RegExp(`^bulk line ${BULK - 1} `));
    const times = await fresh.locator('[data-testid=log-lines] .log-time').allInnerTexts();
    assert.deepEqual([...times].sort().reverse(), times, 'newest first');
    await fresh.screenshot({ path: `${ARTIFACTS}/logs-5000.png` });

    // Scrolling to the end renders every line; opening one stays quick.
    for (let i = 0; i < 20 && (await fresh.locator('.log-row').count()) < BULK; i++) {
      await fresh.locator('.log-more').scrollIntoViewIfNeeded().catch(() => undefined);
      await fresh.waitForTimeout(50);
    }
    assert.equal(await fresh.locator('.log-row').count(), BULK);
    const last = fresh.locator('.log-row').last();
    await last.scrollIntoViewIfNeeded();
    assert.match((await last.locator('.log-text').textContent()) ?? '', /^bulk line 0 /);
    // A string runs in the page (this file is compiled without the DOM library).
    const took = await fresh.evaluate<number>(`(async () => {
      const summary = document.querySelectorAll('.log-summary')[2500];
      const t0 = performance.now();
      summary.click();
      await new Promise((r) => requestAnimationFrame(() => r(null)));
      return performance.now() - t0;
    })()`);
    await fresh.locator('[data-testid=log-details]').waitFor();
    console.log(`expand one of 5000 lines: ${took.toFixed(0)} ms`);
    assert.ok(took < 500, `expanding a line took ${took} ms`);
    await fresh.close();
  });

  it('the volume counts every line in the range, beyond the limit of lines loaded, stacked by level', async () => {
    const both = await context.newPage();
    watch(both);
    await both.goto(`${omni.baseUrl}/explore/logs?query=${encodeURIComponent('{deployment_environment="test"}')}&limit=100&from=now-1h&to=now`);
    await both.locator('[data-testid=log-lines] .log-row').first().waitFor();
    await both.getByTestId('volume-note').filter({ hasText: 'lines in the range' }).waitFor();
    assert.match(await both.getByTestId('volume-note').innerText(), /^5,005 lines in the range · a bar per 30 s · .* · the 100 newest are listed below \(the limit\)$/);
    const legend = await both.getByTestId('log-volume').locator('.u-legend').innerText();
    for (const l of ['error', 'warn', 'info', 'debug']) assert.match(legend, new RegExp(l));
    await both.screenshot({ path: `${ARTIFACTS}/logs-volume-all-lines.png` });

    // Dragging across the chart zooms the range to the selection.
    const canvas = both.getByTestId('log-volume').locator('.u-over');
    const box = await canvas.boundingBox();
    assert.ok(box !== null);
    await both.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2);
    await both.mouse.down();
    await both.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2, { steps: 5 });
    await both.mouse.up();
    await both.waitForURL(/from=\d{4}-/);
    // A string runs in the page (this file is compiled without the DOM library).
    await both.waitForFunction(`(() => {
      const text = document.querySelector('[data-testid=volume-note]')?.textContent ?? '';
      return /^[0-9,]+ lines? in the range/.test(text) && !text.startsWith('5,005 ');
    })()`);
    const note = await both.getByTestId('volume-note').innerText();
    const zoomed = Number(/^([\d,]+) lines/.exec(note)?.[1]?.replace(/,/g, ''));
    assert.ok(zoomed > 0 && zoomed < 5005, `a zoomed range counts fewer lines: ${note}`);
    await both.close();
  });

  it('phone width has no horizontal overflow', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'light', isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    watch(p);
    await p.goto(`${omni.baseUrl}/explore/logs?query=${encodeURIComponent('{service_name="checkout"}')}&from=now-1h&to=now`);
    await p.locator('[data-testid=log-lines] .log-row').first().waitFor();
    await p.locator('.log-row', { hasText: 'payment failed' }).locator('.log-summary').click();
    await p.getByTestId('log-details').waitFor();
    await p.getByTestId('toggle-label-browser').click();
    await p.getByTestId('label-names').getByRole('button', { name: 'service_name' }).click();
    await p.getByTestId('label-values-service_name').getByRole('button', { name: 'checkout' }).waitFor();
    const width = await p.evaluate<number>('document.documentElement.scrollWidth');
    assert.ok(width <= 390, `the page is ${width} px wide at a 390 px viewport`);
    await p.screenshot({ path: `${ARTIFACTS}/logs-phone.png`, fullPage: true });
    await phone.close();
  });

  it('dark theme', async () => {
    await page.getByTestId('theme-toggle').click();
    const input = page.getByTestId('logql-input');
    await input.fill('{service_name="checkout"}');
    await input.press('Enter');
    await page.waitForFunction("document.querySelectorAll('[data-testid=log-lines] .log-row').length === 5");
    await page.screenshot({ path: `${ARTIFACTS}/logs-dark.png`, fullPage: true });
  });

  it('the browser console has no errors', () => {
    assert.deepEqual(problems, []);
  });
});
