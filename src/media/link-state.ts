/** Following a medium port's link state, for a component that keeps its own belief of it. */

/** What a component does when its belief of the link changes. */
export interface LinkStateChanges {
  up(): void;
  down(): void;
}

/**
 * Brings a belief of the link in line with the port. Link-state notifications are separate
 * scheduler tasks that a controlled schedule may deliver out of order (the "down" of a quick
 * bounce after its "up"), so the port's current `linkUp` is the truth, and a "down" heard while
 * the link is up again means a bounce that was missed: `down` then `up`. `notified` is what the
 * notification said (undefined when there was none, e.g. at start).
 */
export function followLinkState(
  linkUp: boolean,
  believedUp: boolean,
  notified: boolean | undefined,
  changes: LinkStateChanges,
): void {
  if (!linkUp) {
    if (believedUp) changes.down();
    return;
  }
  if (!believedUp) changes.up();
  else if (notified === false) {
    changes.down();
    changes.up();
  }
}
