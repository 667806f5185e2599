// Imports the admin starts from Settings: the venue's roster and its lab results (preview, then commit).
import type { Handlers, ParsedInputOf } from '../../../api/contract';
import { importTable } from '../imports/import-table';
import type { GateContext } from './context';
import { AppError } from '../../../core/errors';

export function importHandlers(ctx: GateContext): Pick<Handlers, 'importRoster' | 'listRoster' | 'removeRoster'> {
  return {
    async listRoster(input: ParsedInputOf<'listRoster'>) {
      ctx.session.requireAdmin(input.adminPin);
      const counts = ctx.rosters.counts();
      return { people: ctx.rosters.list(input.limit), total: counts.people, results: counts.results };
    },

    async removeRoster(input: ParsedInputOf<'removeRoster'>) {
      ctx.session.requireAdmin(input.adminPin);
      if (input.all) return ctx.rosters.removeAll();
      const removed = ctx.rosters.remove(input.id!);
      if (!removed) throw new AppError('INVALID_INPUT', `no roster person ${input.id}`);
      return removed;
    },

    async importRoster(input: ParsedInputOf<'importRoster'>) {
      ctx.session.requireAdmin(input.adminPin);
      return importTable({ rosters: ctx.rosters, hashId: ctx.hashId, ...(ctx.idKey ? { idKey: ctx.idKey() } : {}), clock: ctx.clock }, input.kind, Buffer.from(input.contentBase64, 'base64'), input.fileName, input.commit);
    },
  };
}
