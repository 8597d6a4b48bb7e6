/** `just now`, `5 min ago`, `3 h ago`, `2 days ago` — when a message failed, at a glance. */
export function timeAgo(iso: string | null, now: number): string {
  if (iso === null) return 'unknown time';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

/** `2026-11-22 07:14:06 UTC`: the exact time, for tooltips and the panel. */
export function exactTime(iso: string | null): string {
  if (iso === null) return 'unknown';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
