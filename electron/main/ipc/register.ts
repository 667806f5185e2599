// Registers every contract method on ipcMain through one helper: check the sender, validate, call, wrap.
import { METHODS, channelOf, type Method } from '../../api/methods';
import type { Result } from '../../api/result';
import { isAppUrl } from '../security';
import { dispatch, failure, type Logger } from './dispatch';
import { log as stationLog } from '../services/station-log';
import type { Handlers } from '../../api/contract';

interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame?: { url: string } | null }, input: unknown) => Promise<Result<unknown>>): void;
}

export function registerIpc(ipcMain: IpcMainLike, handlers: Handlers, log?: Logger): void {
  const handle = (method: Method) =>
    ipcMain.handle(channelOf(method), async (event, input) => {
      // Security checklist 17: only our own renderer may call in (not a navigated-away or injected frame).
      if (!isAppUrl(event.senderFrame?.url)) {
        const detail = `sender is not the app: ${event.senderFrame?.url ?? 'no frame'}`;
        if (log) log(`[${method}] FORBIDDEN ${detail}`);
        else stationLog.warn('call.forbidden', { method, code: 'FORBIDDEN', detail });
        return failure('FORBIDDEN');
      }
      return dispatch(handlers, method, input, log);
    });
  for (const method of METHODS) handle(method);
}
