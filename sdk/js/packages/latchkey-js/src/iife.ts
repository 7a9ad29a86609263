/** Entry of the script-tag build (`dist/latchkey.iife.js`, served as `/npm/latchkey.js`). */
import { mountFromScriptTag } from './script-tag.js';
import type { Latchkey } from './latchkey.js';

mountFromScriptTag({ document, window: window as unknown as { Latchkey?: Latchkey; dispatchEvent(e: Event): boolean } });
