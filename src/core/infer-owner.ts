/** Guesses the owner's addresses when the user did not name them. */

/**
 * The From addresses of mail labelled Sent. An address that sent under 1% of
 * that mail (and fewer than 3 messages) is more likely a forwarded or imported
 * oddity than an alias, so it is left out; the CLI prints the result to confirm.
 */
export function inferOwner(sentFromCounts: ReadonlyMap<string, number>): string[] {
  let total = 0;
  for (const n of sentFromCounts.values()) total += n;
  const floor = Math.min(3, Math.max(1, Math.ceil(total * 0.01)));
  return [...sentFromCounts.entries()]
    .filter(([, n]) => n >= floor)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([email]) => email);
}
