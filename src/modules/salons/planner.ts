/**
 * The host rotation planner: a pure, deterministic function from the organiser's cadence and each
 * willing member's availability and preferred cities to a proposed schedule, or to the constraint
 * that makes one impossible. Rules:
 * - fairness: nobody takes a second turn before every willing member has had one (and, in general,
 *   a turn goes to someone with the fewest turns so far);
 * - availability: a host is only given a date in a month it said it is free (no months = any month);
 * - city repeat window: the same city does not come back within `cityRepeatWeeks` weeks.
 * Among the hosts allowed for a date the planner prefers the fewest turns, then the longest wait,
 * then input order; it takes the host's first preferred city outside the window. When a choice leads
 * to a dead end later it backtracks (depth-first, bounded), so the answer does not depend on luck.
 */

export type PlannerHost = {
  orgId: string;
  name: string;
  /** `YYYY-MM` months the member can host; empty means any month. */
  availableMonths: string[];
  /** Cities in order of preference; at least one. */
  cities: string[];
};

export type PlannerInput = {
  /** First month of the plan, `YYYY-MM`. */
  startMonth: string;
  months: number;
  /** Salons per month (1–4), on Saturdays spread through the month. */
  perMonth: number;
  cityRepeatWeeks: number;
  hosts: PlannerHost[];
};

export type Reason =
  | { code: 'available'; month: string }
  | { code: 'anyMonth' }
  | { code: 'firstTurn' }
  | { code: 'fewestTurns'; turns: number }
  | { code: 'waitedLongest'; since: string }
  | { code: 'preferredCity'; city: string; rank: number }
  | { code: 'cityRested'; city: string; weeks: number };

export type Assignment = { date: string; orgId: string; name: string; city: string; reasons: Reason[] };

export type Blocked = { orgId: string; name: string; constraint: Constraint };
export type Constraint = 'availability' | 'fairness' | 'city_repeat';

export type PlanResult =
  | { ok: true; assignments: Assignment[] }
  | {
      ok: false;
      /** The date no host could take, the constraint that failed there, and why each host was out. */
      date: string;
      constraint: Constraint | 'no_hosts';
      blocked: Blocked[];
    };

const pad = (n: number) => String(n).padStart(2, '0');

/** The Saturdays of the plan: `perMonth` per month, spread evenly over the month's Saturdays. */
export function slotDates(startMonth: string, months: number, perMonth: number): string[] {
  const [y0, m0] = startMonth.split('-').map(Number);
  const out: string[] = [];
  for (let i = 0; i < months; i++) {
    const y = y0 + Math.floor((m0 - 1 + i) / 12);
    const m = ((m0 - 1 + i) % 12) + 1;
    const saturdays: number[] = [];
    const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    for (let d = 1; d <= days; d++) if (new Date(Date.UTC(y, m - 1, d)).getUTCDay() === 6) saturdays.push(d);
    const k = Math.min(perMonth, saturdays.length);
    for (let j = 0; j < k; j++) {
      const idx = Math.min(saturdays.length - 1, Math.floor(((j + 0.5) * saturdays.length) / k));
      out.push(`${y}-${pad(m)}-${pad(saturdays[idx])}`);
    }
  }
  return out;
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

const MAX_STEPS = 200_000;

export function planRotation(input: PlannerInput): PlanResult {
  const slots = slotDates(input.startMonth, input.months, input.perMonth);
  const hosts = input.hosts.filter((h) => h.cities.length > 0);
  if (hosts.length === 0)
    return { ok: false, date: slots[0] ?? input.startMonth, constraint: 'no_hosts', blocked: [] };
  const windowDays = input.cityRepeatWeeks * 7;

  const turns = new Map(hosts.map((h) => [h.orgId, 0]));
  const lastTurn = new Map<string, string>();
  const cityLast = new Map<string, string>();
  const chosen: Assignment[] = [];
  let steps = 0;
  let deepest = -1;
  let deepestBlocked: Blocked[] = [];
  let deepestConstraint: Constraint = 'availability';

  const available = (h: PlannerHost, month: string) =>
    h.availableMonths.length === 0 || h.availableMonths.includes(month);
  const cityFree = (city: string, date: string) => {
    const last = cityLast.get(city);
    return !last || dayNumber(date) - dayNumber(last) >= windowDays;
  };

  /** Hosts that may take `date`, best first, each with the city it would use; and why others may not. */
  const candidates = (date: string) => {
    const month = date.slice(0, 7);
    const minTurns = Math.min(...hosts.map((h) => turns.get(h.orgId) ?? 0));
    const ok: Array<{ host: PlannerHost; city: string; rank: number }> = [];
    const blocked: Blocked[] = [];
    for (const h of hosts) {
      if (!available(h, month)) blocked.push({ orgId: h.orgId, name: h.name, constraint: 'availability' });
      else if ((turns.get(h.orgId) ?? 0) > minTurns)
        blocked.push({ orgId: h.orgId, name: h.name, constraint: 'fairness' });
      else {
        const rank = h.cities.findIndex((c) => cityFree(c, date));
        if (rank < 0) blocked.push({ orgId: h.orgId, name: h.name, constraint: 'city_repeat' });
        else ok.push({ host: h, city: h.cities[rank], rank });
      }
    }
    const order = new Map(hosts.map((h, i) => [h.orgId, i]));
    ok.sort(
      (a, b) =>
        (turns.get(a.host.orgId) ?? 0) - (turns.get(b.host.orgId) ?? 0) ||
        (lastTurn.get(a.host.orgId) ?? '').localeCompare(lastTurn.get(b.host.orgId) ?? '') ||
        (order.get(a.host.orgId) ?? 0) - (order.get(b.host.orgId) ?? 0),
    );
    return { ok, blocked };
  };

  const place = (i: number): boolean => {
    if (i === slots.length) return true;
    if (++steps > MAX_STEPS) return false;
    const date = slots[i];
    const { ok, blocked } = candidates(date);
    if (i > deepest || (i === deepest && ok.length === 0)) {
      deepest = i;
      deepestBlocked = blocked;
      // Fairness only ever blocks hosts because those with fewer turns are blocked: the constraint to
      // relax is whichever keeps out most of the hosts whose turn it is.
      const tally = { availability: 0, fairness: 0, city_repeat: 0 } as Record<Constraint, number>;
      for (const b of blocked) if (b.constraint !== 'fairness') tally[b.constraint] += 1;
      deepestConstraint =
        tally.availability === 0 && tally.city_repeat === 0
          ? 'fairness'
          : tally.city_repeat > tally.availability
            ? 'city_repeat'
            : 'availability';
    }
    for (const { host, city, rank } of ok) {
      const n = turns.get(host.orgId) ?? 0;
      const prevTurn = lastTurn.get(host.orgId);
      const prevCity = cityLast.get(city);
      const reasons: Reason[] = [
        host.availableMonths.length ? { code: 'available', month: date.slice(0, 7) } : { code: 'anyMonth' },
        n === 0 ? { code: 'firstTurn' } : { code: 'fewestTurns', turns: n },
        ...(prevTurn ? [{ code: 'waitedLongest' as const, since: prevTurn }] : []),
        { code: 'preferredCity', city, rank: rank + 1 },
        ...(prevCity
          ? [
              {
                code: 'cityRested' as const,
                city,
                weeks: Math.floor((dayNumber(date) - dayNumber(prevCity)) / 7),
              },
            ]
          : []),
      ];
      chosen.push({ date, orgId: host.orgId, name: host.name, city, reasons });
      turns.set(host.orgId, n + 1);
      lastTurn.set(host.orgId, date);
      cityLast.set(city, date);
      if (place(i + 1)) return true;
      chosen.pop();
      turns.set(host.orgId, n);
      if (prevTurn) lastTurn.set(host.orgId, prevTurn);
      else lastTurn.delete(host.orgId);
      if (prevCity) cityLast.set(city, prevCity);
      else cityLast.delete(city);
    }
    return false;
  };

  if (place(0)) return { ok: true, assignments: chosen };
  return {
    ok: false,
    date: slots[Math.max(0, deepest)],
    constraint: deepestConstraint,
    blocked: deepestBlocked,
  };
}
