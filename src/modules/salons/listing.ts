/**
 * The order salons are listed in, as Luma and Meetup do: what one can still register for first,
 * then what is coming (soonest first), then what is over (latest first) — a list sorted by
 * number alone put the one open salon somewhere in the middle.
 */
import type { SalonStatus } from './schema.ts';

const OVER: ReadonlySet<SalonStatus> = new Set(['finished', 'recap_published']);

export function arrangeSalons<S extends { status: SalonStatus; startsAt: Date }>(
  salons: readonly S[],
): { upcoming: S[]; past: S[] } {
  const upcoming = salons
    .filter((s) => !OVER.has(s.status))
    .sort(
      (a, b) =>
        Number(b.status === 'registration_open') - Number(a.status === 'registration_open') ||
        a.startsAt.getTime() - b.startsAt.getTime(),
    );
  const past = salons
    .filter((s) => OVER.has(s.status))
    .sort((a, b) => b.startsAt.getTime() - a.startsAt.getTime());
  return { upcoming, past };
}
