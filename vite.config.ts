import { defineConfig } from 'vite';

// The browser client: plain TypeScript modules, built into client/dist and served by Express.
export default defineConfig({
  root: 'client',
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 1500 },
});
