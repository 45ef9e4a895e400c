/// <reference types="vitest/config" />
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, URL } from 'node:url'
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib'
import { defineConfig, type Plugin } from 'vite'
import vue from '@vitejs/plugin-vue'

// Files worth compressing, and the size below which the headers cost more than compression saves.
const compressible = /\.(js|mjs|css|html|svg|json|txt|map)$/
const compressFrom = 1024

// precompress writes name.br and name.gz next to every compressible file of the
// build, once and at the smallest size: the Go server (backend/bridge/assets.go)
// sends the one the browser accepts, without compressing anything at run time.
function precompress(): Plugin {
  let outDir = ''
  return {
    name: 'junction-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir
    },
    closeBundle() {
      for (const entry of readdirSync(outDir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !compressible.test(entry.name)) continue
        const file = join(entry.parentPath, entry.name)
        const data = readFileSync(file)
        if (data.length < compressFrom) continue
        const forms: [string, Buffer][] = [
          ['.br', brotliCompressSync(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length } })],
          ['.gz', gzipSync(data, { level: zlib.Z_BEST_COMPRESSION })],
        ]
        for (const [suffix, packed] of forms) {
          if (packed.length < data.length) writeFileSync(file + suffix, packed)
        }
      }
    },
  }
}

export default defineConfig({
  plugins: [vue(), precompress()],
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('./src', import.meta.url)),
      '@wails': fileURLToPath(new URL('./wailsjs', import.meta.url)),
    },
  },
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  build: {
    // Hashed names under assets/ (vite's default): the server caches them for a year.
    assetsDir: 'assets',
    rollupOptions: {
      output: {
        // The libraries change less often than the app: their own chunks stay cached across rebuilds.
        manualChunks(id) {
          if (!id.includes('/node_modules/')) return undefined
          if (/\/node_modules\/(vue|@vue|vue-router|vue-i18n|@intlify|pinia)\//.test(id)) return 'vue'
          return undefined
        },
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
})
