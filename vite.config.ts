import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer only; the main process, preload, host bridge and CLI are bundled by electron/tools/build.mjs.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    target: 'chrome120',
  },
});
