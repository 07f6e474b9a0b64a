// Builds the web app into dist/ui, which api/ui serves on the main port.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const uiRoot = new URL('.', import.meta.url).pathname;

export default defineConfig({
  root: uiRoot,
  base: '/',
  plugins: [react()],
  build: {
    outDir: new URL('../dist/ui', import.meta.url).pathname,
    emptyOutDir: true,
    chunkSizeWarningLimit: 800,
    reportCompressedSize: true,
  },
  server: {
    // `npx vite ui` during development: the APIs come from a running Omniscope.
    proxy: Object.fromEntries(['/api', '/loki', '/jaeger', '/metrics', '/-'].map((p) => [p, 'http://127.0.0.1:7070'])),
  },
});
