// Registers every contract method on ipcMain through one helper: check the sender, validate, call, wrap.
import { METHODS, channelOf, type Method } from '../../api/methods';
import type { Result } from '../../api/result';
import { isAppUrl } from '../security';
import { dispatch, failure, type Logger } from './dispatch';
import type { Handlers } from '../../api/contract';

interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame?: { url: string } | null }, input: unknown) => Promise<Result<unknown>>): void;
}

export function registerIpc(ipcMain: IpcMainLike, handlers: Handlers, log: Logger = console.error): void {
  const handle = (method: Method) =>
    ipcMain.handle(channelOf(method), async (event, input) => {
      // Security checklist 17: only our own renderer may call in (not a navigated-away or injected frame).
      if (!isAppUrl(event.senderFrame?.url)) {
        log(`[${method}] FORBIDDEN sender is not the app: ${event.senderFrame?.url ?? 'no frame'}`);
        return failure('FORBIDDEN');
      }
      return dispatch(handlers, method, input, log);
    });
  for (const method of METHODS) handle(method);
}
