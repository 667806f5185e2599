// Imports the admin starts from Settings: the venue's roster and its lab results (preview, then commit).
import type { Handlers, ParsedInputOf } from '../../../api/contract';
import { importTable } from '../imports/import-table';
import type { GateContext } from './context';

export function importHandlers(ctx: GateContext): Pick<Handlers, 'importRoster'> {
  return {
    async importRoster(input: ParsedInputOf<'importRoster'>) {
      ctx.session.requireAdmin(input.adminPin);
      return importTable({ rosters: ctx.rosters, hashId: ctx.hashId, clock: ctx.clock }, input.kind, Buffer.from(input.contentBase64, 'base64'), input.fileName, input.commit);
    },
  };
}
