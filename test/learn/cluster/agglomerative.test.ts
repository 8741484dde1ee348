import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AgglomerativeClustering } from '../../../src/learn/cluster/index.js';
import { ValueError } from '../../../src/tensor/errors.js';
import { maxDiff, readFixture } from './fixture.js';

interface AggCase { linkage: 'ward' | 'complete' | 'average' | 'single'; nClusters: number | null; distanceThreshold: number | null; labels: number[]; children: number[][]; distances: number[]; nClustersFound: number }
const fx = readFixture<{ agglomerative: AggCase[]; agglomerativeData: number[][] }>('cluster');

for (const c of fx.agglomerative) {
  test(`AgglomerativeClustering parity ${c.linkage} nClusters=${c.nClusters} threshold=${c.distanceThreshold}`, () => {
    const ag = new AgglomerativeClustering({ linkage: c.linkage, nClusters: c.nClusters, distanceThreshold: c.distanceThreshold ?? null, computeDistances: true }).fit(fx.agglomerativeData);
    assert.deepEqual(Array.from(ag.children!.dataSync()), c.children.flat());
    assert.ok(maxDiff(ag.distances!.dataSync(), c.distances) < 1e-12, 'distances');
    assert.equal(ag.nClusters, c.nClustersFound);
    assert.deepEqual(Array.from(ag.labels!.dataSync()), c.labels);
  });
}

test('AgglomerativeClustering: linkage matrix, options check, round-trip', () => {
  const ag = new AgglomerativeClustering({ nClusters: 3 }).fit(fx.agglomerativeData);
  assert.equal(ag.distances, null);
  const Z = ag.linkageMatrix();
  assert.deepEqual(Z.shape, [29, 4]);
  assert.equal(Z.dataSync()[28 * 4 + 3], 30);
  assert.throws(() => new AgglomerativeClustering({ nClusters: 2, distanceThreshold: 1 }).fit(fx.agglomerativeData), ValueError);
  const back = AgglomerativeClustering.fromJSON(JSON.parse(JSON.stringify(ag.toJSON())));
  assert.deepEqual(Array.from(back.linkageMatrix().dataSync()), Array.from(Z.dataSync()));
});
