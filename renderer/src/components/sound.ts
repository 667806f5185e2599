// A distinct tone pattern per outcome (Web Audio, no files), and an optional spoken result in Chinese.
import type { Outcome } from '../../../electron/core/rules/types';

const PATTERNS: Record<Outcome, [number, number][]> = {
  admit: [[880, 0.12]],
  'admit-emergency': [[988, 0.1], [1319, 0.1], [988, 0.1], [1319, 0.1]],
  route: [[660, 0.15], [880, 0.15]],
  need: [[523, 0.15], [523, 0.15]],
  refuse: [[330, 0.35], [262, 0.35]],
};

let ctx: AudioContext | undefined;

export function playOutcome(outcome: Outcome): void {
  play(PATTERNS[outcome]);
}

/** A short high tick when the camera has read a code (the outcome's own tone follows). */
export function playRead(): void {
  play([[1760, 0.04]]);
}

function play(pattern: [number, number][]): void {
  try {
    ctx ??= new AudioContext();
    let t = ctx.currentTime;
    for (const [freq, dur] of pattern) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.2, t);
      gain.gain.exponentialRampToValueAtTime(0.001, t + dur);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t);
      osc.stop(t + dur);
      t += dur + 0.05;
    }
  } catch {
    // No audio device: the outcome is still on screen in colour, icon and words.
  }
}

export function speak(text: string): void {
  if (!('speechSynthesis' in window)) return;
  window.speechSynthesis.cancel();
  const u = new SpeechSynthesisUtterance(text);
  u.lang = 'zh-CN';
  window.speechSynthesis.speak(u);
}
