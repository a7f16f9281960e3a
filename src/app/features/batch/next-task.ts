/**
 * Runs a function in a new task of the page, after the current one and its rendering work
 * has had its turn. A MessageChannel message, not setTimeout: a hidden tab throttles timers
 * (to once a minute after a while), which would stall a batch left running in the background.
 */
let channel: MessageChannel | null = null;
const queue: (() => void)[] = [];

export function nextTask(fn: () => void): void {
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => queue.shift()?.();
  }
  queue.push(fn);
  channel.port2.postMessage(null);
}
