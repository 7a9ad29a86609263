import type { ChannelLike, Platform } from './platform.js';

/** What the page tells the SDK. */
export interface PageHandlers {
  /** Focus, `visibilitychange` to visible, or `online`: check the token now. */
  wake(): void;
  /** The browser is back online (resolves waits of offline retries). */
  online(): void;
  /** A message from another tab on the instance's channel. */
  message(data: unknown): void;
}

/**
 * Listens to `focus`, `visibilitychange` and `online` (protocol §9.7) and to the instance's
 * `BroadcastChannel('latchkey:<cookie suffix>')`.
 * @returns the channel (undefined without BroadcastChannel) and a function that stops everything
 */
export function listenToPage(
  platform: Platform,
  suffix: string,
  handlers: PageHandlers,
): { channel: ChannelLike | undefined; dispose: () => void } {
  const wake = (): void => handlers.wake();
  const onVisibility = (): void => {
    if (platform.document?.visibilityState !== 'hidden') handlers.wake();
  };
  const onOnline = (): void => {
    handlers.online();
    handlers.wake();
  };
  const { window: w, document: d } = platform;
  w?.addEventListener('focus', wake);
  w?.addEventListener('online', onOnline);
  d?.addEventListener('visibilitychange', onVisibility);
  const channel = platform.channel(`latchkey:${suffix}`);
  if (channel) channel.onmessage = (event: MessageEvent) => handlers.message(event.data);
  return {
    channel,
    dispose: () => {
      w?.removeEventListener('focus', wake);
      w?.removeEventListener('online', onOnline);
      d?.removeEventListener('visibilitychange', onVisibility);
      if (channel) {
        channel.onmessage = null;
        channel.close();
      }
    },
  };
}
