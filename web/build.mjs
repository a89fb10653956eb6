// Bundle the front end into ../src/eurasia/web/assets: JS bundles (esbuild), CSS, the MapLibre
// worker and the world-atlas basemap, each with a gzip twin, plus manifest.json (content hashes
// and sizes, read by the server for cache busting and by docs/web.md for page weight).
import { createHash } from "node:crypto";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "src", "eurasia", "web", "assets");
const nm = join(here, "node_modules");

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

await esbuild.build({
  entryPoints: {
    app: join(here, "src", "app.js"),
    map: join(here, "src", "map.js"),
    chart: join(here, "src", "chart.js"),
    tradeoff: join(here, "src", "tradeoff.js"),
    scenarios: join(here, "src", "scenarios.js"),
  },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir: out,
  legalComments: "linked",
  logLevel: "warning",
});
await esbuild.build({
  entryPoints: { app: join(here, "src", "app.css") },
  bundle: true,
  minify: true,
  outdir: out,
  logLevel: "warning",
});
copyFileSync(join(nm, "maplibre-gl", "dist", "maplibre-gl-csp-worker.js"), join(out, "maplibre-worker.js"));
copyFileSync(join(nm, "maplibre-gl", "dist", "maplibre-gl.css"), join(out, "map.css"));
copyFileSync(join(nm, "world-atlas", "countries-50m.json"), join(out, "countries-50m.json"));
// Swagger UI for /docs, served from this host instead of FastAPI's default CDN.
copyFileSync(join(nm, "swagger-ui-dist", "swagger-ui-bundle.js"), join(out, "swagger-ui.js"));
copyFileSync(join(nm, "swagger-ui-dist", "swagger-ui.css"), join(out, "swagger-ui.css"));
copyFileSync(join(nm, "swagger-ui-dist", "favicon-32x32.png"), join(out, "favicon.png"));

const files = [
  "app.js", "map.js", "chart.js", "tradeoff.js", "scenarios.js", "app.css", "map.css", "maplibre-worker.js", "countries-50m.json",
  "swagger-ui.js", "swagger-ui.css", "favicon.png",
];
const manifest = {};
for (const name of files) {
  const bytes = readFileSync(join(out, name));
  const gz = gzipSync(bytes, { level: 9 });
  writeFileSync(join(out, `${name}.gz`), gz);
  manifest[name] = {
    hash: createHash("sha256").update(bytes).digest("hex").slice(0, 12),
    bytes: bytes.length,
    gzip_bytes: gz.length,
  };
}
writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
writeFileSync(join(out, ".built"), new Date().toISOString() + "\n");
for (const [name, m] of Object.entries(manifest)) {
  console.log(`${name.padEnd(22)} ${String(m.bytes).padStart(9)} B  gzip ${String(m.gzip_bytes).padStart(8)} B`);
}
