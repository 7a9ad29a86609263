import { expect, test } from '@playwright/test';
import { startLatchkeyServer, type RunningServer } from '../support/processes';

let server: RunningServer;

test.beforeAll(async () => {
  server = await startLatchkeyServer();
});

test.afterAll(async () => {
  await server?.stop();
});

test('server_started_fresh_publishesJwksAndDevelopmentKeys', async ({ page }) => {
  expect(server.keys.publishable_key).toMatch(/^pk_test_/);
  expect(server.keys.frontend_api_url).toBe(server.url);

  const response = await page.goto(`${server.url}/.well-known/jwks.json`);
  expect(response?.status()).toBe(200);
  const jwks = JSON.parse(await page.locator('body').innerText()) as { keys: Array<{ kty: string; alg: string }> };
  expect(jwks.keys.length).toBeGreaterThanOrEqual(1);
  expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256' });
});
