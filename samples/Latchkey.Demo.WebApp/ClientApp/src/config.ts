/** What the web app writes into the page (`<script id="demo-config" type="application/json">`). */
export interface DemoConfig {
  /** The instance's publishable key, from the server's key file. */
  readonly publishableKey: string;
  /** The Latchkey server, e.g. `http://127.0.0.1:5100`. */
  readonly frontendApiUrl: string;
  /** The cross-origin API, e.g. `http://127.0.0.1:5300`. */
  readonly apiUrl: string;
}

/** Reads the settings the server put into the page. */
export function readConfig(): DemoConfig {
  const element = document.getElementById('demo-config');
  if (!element?.textContent) throw new Error('The page has no #demo-config: open it through the demo web app, not the Vite build folder.');
  return JSON.parse(element.textContent) as DemoConfig;
}
