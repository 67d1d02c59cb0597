// One-off provenance script: unpacks the MobileNetV2 that nsfwjs@4.4.0 ships as JS-wrapped base64 into a plain tfjs
// LayersModel folder, resources/backbone/mobilenet_v2/ (model.json + one .bin shard), which the studio reads at run
// time. nsfwjs itself is no dependency (it pins Node 22.13.0 exactly); to redo this, unpack its tarball
// (`npm pack nsfwjs@4.4.0`) and run: node scripts/vendor-backbone.mjs path/to/package
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';

const pkg = process.argv[2] ?? 'node_modules/nsfwjs';
const src = path.join(pkg, 'dist', 'models', 'mobilenet_v2');
const umd = (file) => {
  const sandbox = { module: { exports: {} }, exports: {} };
  sandbox.exports = sandbox.module.exports;
  vm.runInNewContext(readFileSync(path.join(src, file), 'utf8'), sandbox, { filename: file });
  const out = sandbox.module.exports;
  return typeof out === 'string' ? out : JSON.parse(JSON.stringify(out));
};
const model = umd('model.min.js');
const weights = Buffer.from(umd('group1-shard1of1.min.js'), 'base64');
const out = new URL('../resources/backbone/mobilenet_v2/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const version = JSON.parse(readFileSync(path.join(pkg, 'package.json'), 'utf8')).version;
writeFileSync(path.join(out, 'group1-shard1of1.bin'), weights);
writeFileSync(path.join(out, 'model.json'), JSON.stringify({
  format: 'layers-model',
  generatedBy: model.generatedBy,
  convertedBy: `${model.convertedBy ?? 'tensorflowjs'}; unpacked from nsfwjs@${version} by scripts/vendor-backbone.mjs`,
  modelTopology: model.modelTopology,
  weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: model.weightsManifest.flatMap((g) => g.weights) }],
}));
console.log(`wrote ${out}: ${weights.length} weight bytes`);
