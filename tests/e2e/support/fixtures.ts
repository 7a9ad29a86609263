import { test as base } from '@playwright/test';
import { startDemoStack, type DemoStack } from './demo';
import { signUp } from './page';

/** One demo stack and one signed-up user, shared by every spec of a worker. */
export interface SharedDemo {
  readonly stack: DemoStack;
  readonly email: string;
  readonly password: string;
  /** The session token lifetime the server was started with, seconds. */
  readonly lifetime: number;
  /** The clock skew the apps allow, seconds. */
  readonly skew: number;
}

/**
 * `test` with a worker-scoped `demo`: the server and both demo apps from their Release builds,
 * started once for all the specs that use it (one worker: they run one after another), with
 * 5-second tokens so refreshes and expiries happen within a test, and a user signed up through
 * the page (the code read from the development mailbox).
 */
export const test = base.extend<object, { demo: SharedDemo }>({
  demo: [
    async ({ browser }, use) => {
      const lifetime = 5;
      const skew = 1;
      const stack = await startDemoStack({ tokenLifetimeSeconds: lifetime, clockSkewSeconds: skew });
      const email = `e2e-${Date.now()}@example.com`;
      const password = 'correct horse battery staple';
      try {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(stack.web.url);
        await signUp(page, stack.server.url, email, password);
        await context.close();
        await use({ stack, email, password, lifetime, skew });
      } finally {
        await stack.stop();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
});

export { expect } from '@playwright/test';
