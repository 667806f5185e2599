// User Timing marks for a scan's stages in the renderer: a serial scan's arrival from the host, the scan handed to the bridge, its reply back, the outcome
// committed to the screen. DevTools' Performance panel shows them; the benchmark's scan breakdown reads them. Only
// the latest of each name is kept, so a station running for weeks does not collect them.
export type ScanMark = 'gate:serial' | 'gate:scan' | 'gate:reply' | 'gate:outcome';

export function markScan(name: ScanMark): void {
  performance.clearMarks(name);
  performance.mark(name);
}
