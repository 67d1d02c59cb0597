// Build entries, named explicitly: the Electron main process, the training utility process, the preload, the renderer.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';

// electron-vite picks its Node/Chrome build targets from node_modules/electron/package.json. Electron is optional
// (its binary download fails offline), so where it is absent the major version comes from the range we declare,
// which electron-vite reads from ELECTRON_MAJOR_VER: the main process then builds everywhere.
if (!process.env.ELECTRON_MAJOR_VER) {
  try {
    createRequire(import.meta.url).resolve('electron/package.json');
  } catch {
    const pkg = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as { optionalDependencies: Record<string, string> };
    process.env.ELECTRON_MAJOR_VER = /\d+/.exec(pkg.optionalDependencies.electron!)![0];
  }
}

export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/index.ts'),
          'train-worker': resolve(__dirname, 'src-main/worker/train-worker.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    // A sandboxed preload cannot be an ES module: one self-contained CommonJS file, out/preload/index.cjs
    // (src-main/index.ts points the window at that name).
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src-main/preload.ts') }, output: { format: 'cjs', entryFileNames: '[name].cjs' } } },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [vue()],
    define: { __VUE_I18N_FULL_INSTALL__: true, __VUE_I18N_LEGACY_API__: false, __INTLIFY_PROD_DEVTOOLS__: false },
    build: { rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } } },
  },
});
