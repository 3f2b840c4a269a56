/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Vite config for the Tauri webview (WebKitGTK on Linux, WKWebView on macOS, WebView2 on Windows).
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
  },
  envPrefix: ['VITE_', 'TAURI_ENV_'],
  build: {
    target: 'safari15',
    sourcemap: false,
    outDir: 'dist',
    emptyOutDir: true,
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    // Let `?raw` imports of design tokens return real CSS (tokens.test.ts checks contrast).
    css: { include: [/tokens\.css/] },
  },
});
