/**
 * The web UI in a real browser (Debian's chromium through playwright-core) against an in-process
 * Omniscope that received metrics from the OpenTelemetry JS SDK: Home lists the service, Metrics
 * runs a typed query (legend, table, inline error), deep links restore the view, the theme
 * toggles, a phone-width screen does not overflow, and the console stays free of errors.
 * Screenshots go to test-artifacts/ui/; the time to first render of each view is printed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { startTestOmniscope } from '../../helpers/test-omniscope.js';
import type { TestOmniscope } from '../../helpers/test-omniscope.js';
import { ARTIFACTS, SKIP_WITHOUT_CHROMIUM, openBrowser, prepareUi, renderedAt, watchPage } from './browser.js';

const skip = SKIP_WITHOUT_CHROMIUM;

async function sendMetrics(url: string): Promise<void> {
  const provider = new MeterProvider({
    resource: resourceFromAttributes({ 'service.name': 'checkout', 'service.instance.id': 'pod-1' }),
    readers: [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter({ url: `${url}/v1/metrics` }), exportIntervalMillis: 3_600_000 })],
  });
  const meter = provider.getMeter('ui-e2e');
  const orders = meter.createCounter('orders.processed', { description: 'Orders processed.' });
  orders.add(7, { route: '/pay' });
  orders.add(3, { route: '/refund' });
  const memory = meter.createObservableGauge('process.heap', { unit: 'By', description: 'Heap in use.' });
  memory.addCallback((r) => r.observe(48 * 1024 * 1024));
  await provider.forceFlush();
  await provider.shutdown();
}

describe('web UI in Chromium', { skip }, () => {
  let omni: TestOmniscope;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];
  const firstRender: Record<string, number> = {};

  const watch = watchPage(problems, (r) =>
    // The one expected failure: the deliberately invalid query answers 400.
    r.status() === 400 && /\/api\/v1\/query/.test(r.url()) && (r.request().postData() ?? '').includes('by'),
  );
  const legendText = (p: Page): Promise<string> => p.locator('[data-testid=query-panel-0] .u-legend').innerText();

  before(async () => {
    prepareUi();
    omni = await startTestOmniscope();
    await sendMetrics(omni.baseUrl);
    ({ browser, context, page } = await openBrowser(watch));
  });
  after(async () => {
    await browser?.close();
    await omni?.stop();
    for (const [view, ms] of Object.entries(firstRender)) console.log(`time to first render: ${view} ${ms.toFixed(0)} ms`);
  });

  it('Home lists the service and its signals, with send-data snippets', async () => {
    await page.goto(`${omni.baseUrl}/`);
    await page.locator('[data-testid=services]').getByText('checkout').waitFor();
    firstRender.home = await renderedAt(page, 'home');
    const row = await page.locator('[data-testid=services] tr', { hasText: 'checkout' }).innerText();
    assert.match(row, /checkout\s+●/);
    const snippets = await page.locator('.snippet pre').allInnerTexts();
    assert.ok(snippets.some((s) => s.includes(`OTEL_EXPORTER_OTLP_ENDPOINT=${omni.baseUrl}`)), snippets.join('\n'));
    assert.ok(snippets.some((s) => s.includes(`url: ${omni.baseUrl}/api/v1/write`)));
    assert.ok(snippets.some((s) => s.includes(`clients:\n  - url: ${omni.baseUrl}/loki/api/v1/push`)), 'the Loki push snippet');
    await page.locator('[data-testid=ingest-rates]').getByText('metrics').first().waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/home.png`, fullPage: true });
  });

  it('Metrics runs a typed query and shows the series in the legend, then as a table', async () => {
    await page.getByRole('link', { name: 'Metrics' }).click();
    await page.waitForURL(/\/explore\/metrics/);
    await renderedAt(page, 'metrics');
    const editor = page.locator('[data-testid=query-panel-0] .cm-content');
    await editor.click();
    await page.keyboard.type('orders_processed_total');
    await page.keyboard.press('Escape'); // close autocomplete, so Enter runs the query
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=query-panel-0] .u-legend').getByText('route="/pay"').waitFor();
    const legend = await legendText(page);
    assert.match(legend, /orders_processed_total\{.*route="\/pay"/);
    assert.match(legend, /route="\/refund"/);
    assert.match(page.url(), /q=orders_processed_total/);
    await page.screenshot({ path: `${ARTIFACTS}/metrics-graph.png`, fullPage: true });

    await page.getByTestId('mode-table').click();
    const table = page.locator('[data-testid=query-panel-0] [data-testid=result-table]');
    await table.waitFor();
    const text = await table.innerText();
    assert.match(text, /route="\/pay"\S*\s+7/);
    assert.match(text, /route="\/refund"\S*\s+3/);
    await page.screenshot({ path: `${ARTIFACTS}/metrics-table.png`, fullPage: true });
  });

  it('Metrics shows a query error next to the query', async () => {
    await page.getByTestId('mode-graph').click();
    await page.getByTestId('add-query').click();
    const panel = page.getByTestId('query-panel-1');
    await panel.locator('.cm-content').click();
    await page.keyboard.type('sum(rate(orders_processed_total[5m]) by');
    await panel.getByTestId('run-query').click();
    const error = panel.getByTestId('query-error');
    await error.waitFor();
    assert.match(await error.innerText(), /Query failed: .*\S/);
    await page.screenshot({ path: `${ARTIFACTS}/metrics-error.png`, fullPage: true });
  });

  it('a deep link restores the query, the range and the mode', async () => {
    const link = `${omni.baseUrl}/explore/metrics?q=${encodeURIComponent('sum by (route) (orders_processed_total)')}&from=now-15m&to=now&mode=graph&stacked=1`;
    const fresh = await context.newPage();
    watch(fresh);
    await fresh.goto(link);
    firstRender.metrics = await renderedAt(fresh, 'metrics');
    await fresh.locator('[data-testid=query-panel-0] .u-legend').getByText('{route="/refund"}').waitFor();
    assert.equal(await fresh.locator('[data-testid=query-panel-0] .cm-content').innerText(), 'sum by (route) (orders_processed_total)');
    assert.match(await fresh.getByTestId('range-button').innerText(), /Last 15 minutes/);
    assert.equal(await fresh.getByTestId('stacked').isChecked(), true);
    await fresh.close();
  });

  it('the time range picker takes an absolute range and puts it in the URL', async () => {
    await page.getByTestId('range-button').click();
    const now = Date.now();
    const pad = (n: number): string => String(n).padStart(2, '0');
    const fmt = (ms: number): string => {
      const d = new Date(ms);
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:00`;
    };
    await page.locator('input[name=from]').fill(fmt(now - 30 * 60_000));
    await page.locator('input[name=to]').fill(fmt(now + 5 * 60_000));
    await page.getByRole('button', { name: 'Apply time range' }).click();
    await page.waitForURL(/from=\d{4}-\d\d-\d\d/);
    await page.locator('[data-testid=query-panel-0] .u-legend').getByText('route="/pay"').waitFor();
    assert.match(await page.getByTestId('range-button').innerText(), / to /);
  });

  it('the theme toggles to dark', async () => {
    assert.equal(await page.evaluate<string>('document.documentElement.dataset.theme'), 'light');
    await page.getByTestId('theme-toggle').click();
    assert.equal(await page.evaluate<string>('document.documentElement.dataset.theme'), 'dark');
    const bg = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
    assert.equal(bg, 'rgb(17, 18, 23)');
    await page.locator('[data-testid=query-panel-0] .u-legend').getByText('route="/pay"').waitFor();
    await page.screenshot({ path: `${ARTIFACTS}/metrics-dark.png`, fullPage: true });
    await page.goto(`${omni.baseUrl}/`);
    await page.locator('[data-testid=services]').getByText('checkout').waitFor();
    assert.equal(await page.evaluate<string>('document.documentElement.dataset.theme'), 'dark');
    await page.screenshot({ path: `${ARTIFACTS}/home-dark.png`, fullPage: true });
  });

  it('phone width has no horizontal overflow', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, colorScheme: 'light', isMobile: true, hasTouch: true });
    const p = await phone.newPage();
    watch(p);
    for (const [name, path] of [['home', '/'], ['metrics', `/explore/metrics?q=orders_processed_total&from=now-1h&to=now`]] as const) {
      await p.goto(`${omni.baseUrl}${path}`);
      await renderedAt(p, name);
      if (name === 'metrics') await p.locator('.u-legend').getByText('route="/pay"').waitFor();
      else await p.locator('[data-testid=services]').getByText('checkout').waitFor();
      const width = await p.evaluate<number>('document.documentElement.scrollWidth');
      assert.ok(width <= 390, `${name}: the page is ${width} px wide at a 390 px viewport`);
      await p.screenshot({ path: `${ARTIFACTS}/${name}-phone.png`, fullPage: true });
    }
    await phone.close();
  });

  it('the browser console has no errors', () => {
    assert.deepEqual(problems, []);
  });
});
