/** Live reads of the creation-log pages (used with useLiveQuery). */
import { getCollective, listVisibleCollectives } from '../../db/repos/collectives';
import { unitsInScope } from '../../db/repos/accounts';
import { collectiveTimeline, subtreeLogs, type LogFilter } from '../../db/repos/logs';
import type { Actor } from '../../db/write';

export const timelineQuery = (actor: Actor, collectiveId: string, term: string) => collectiveTimeline(actor, collectiveId, term);
export const newestLogsQuery = (actor: Actor, term: string, filter: LogFilter) => subtreeLogs(actor, term, filter, 100);
export const collectivesQuery = (actor: Actor) =>
  listVisibleCollectives(actor).then((rows) =>
    rows.filter((c) => c.status !== 'superseded' && c.status !== 'disqualified').sort((a, b) => a.profile.name.localeCompare(b.profile.name, 'zh-CN')),
  );
export const unitsQuery = (actor: Actor) => unitsInScope(actor).then((units) => units.filter((u) => u.channel !== 'national'));
/** One collective (the timeline's heading): a single read, not the whole list. */
export const collectiveQuery = (actor: Actor, id: string) => getCollective(actor, id).catch(() => null);
