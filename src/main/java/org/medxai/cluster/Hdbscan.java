package org.medxai.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.medxai.MedXaiException;
import org.medxai.math.Vectors;

/**
 * HDBSCAN (Campello, Moulavi and Sander 2013): density-based clusters of any shape, their number found from the data,
 * points in no dense region marked as noise (-1). Core distance: the distance to the {@code minSamples}-th nearest
 * other point; mutual reachability max(core a, core b, d(a, b)); its minimum spanning tree (Prim, O(n²) time, O(n)
 * memory: meant for the 2-D maps of up to some ten thousand frames); the single-linkage hierarchy condensed with
 * {@code minClusterSize}; the clusters of most excess of mass (stability) chosen, the root excluded.
 */
public final class Hdbscan {

	private Hdbscan() {}

	/** Cluster of each point (0 …), or -1 for noise. */
	public static int[] cluster(final double[][] points, final int minClusterSize, final int minSamples) {
		final int n = points.length;
		if (minClusterSize < 2) throw new MedXaiException("HDBSCAN's smallest cluster must hold at least 2 points.");
		if (n < minClusterSize) {
			final int[] noise = new int[n];
			Arrays.fill(noise, -1);
			return noise;
		}
		final double[] core = coreDistances(points, Math.max(1, Math.min(minSamples, n - 1)));
		final int[][] edges = new int[n - 1][2];
		final double[] weights = new double[n - 1];
		minimumSpanningTree(points, core, edges, weights);
		// single linkage: merges in order of increasing distance
		final Integer[] order = new Integer[n - 1];
		for (int i = 0; i < n - 1; i++) order[i] = i;
		Arrays.sort(order, (a, b) -> Double.compare(weights[a], weights[b]));
		// dendrogram nodes: 0..n-1 leaves, n.. merges
		final int nodes = 2 * n - 1;
		final int[] left = new int[nodes], right = new int[nodes], size = new int[nodes];
		final double[] height = new double[nodes];
		Arrays.fill(left, -1);
		Arrays.fill(right, -1);
		Arrays.fill(size, 0, n, 1);
		final int[] parent = new int[nodes], componentNode = new int[n];
		for (int i = 0; i < nodes; i++) parent[i] = i;
		for (int i = 0; i < n; i++) componentNode[i] = i;
		final int[] unionParent = new int[n];
		for (int i = 0; i < n; i++) unionParent[i] = i;
		int next = n;
		for (final int e : order) {
			final int ra = find(unionParent, edges[e][0]), rb = find(unionParent, edges[e][1]);
			final int node = next++;
			left[node] = componentNode[ra];
			right[node] = componentNode[rb];
			size[node] = size[left[node]] + size[right[node]];
			height[node] = weights[e];
			unionParent[ra] = rb;
			componentNode[rb] = node;
		}
		return condenseAndSelect(n, nodes - 1, left, right, size, height, minClusterSize);
	}

	private static int find(final int[] parent, int i) {
		while (parent[i] != i) {
			parent[i] = parent[parent[i]];
			i = parent[i];
		}
		return i;
	}

	private static double[] coreDistances(final double[][] points, final int k) {
		final int n = points.length;
		final double[] core = new double[n];
		final double[] nearest = new double[k];
		for (int i = 0; i < n; i++) {
			Arrays.fill(nearest, Double.POSITIVE_INFINITY);
			for (int j = 0; j < n; j++) {
				if (j == i) continue;
				final double d = Vectors.distance(points[i], points[j]);
				if (d < nearest[k - 1]) { // insert, keeping the k smallest sorted
					int at = k - 1;
					while (at > 0 && nearest[at - 1] > d) {
						nearest[at] = nearest[at - 1];
						at--;
					}
					nearest[at] = d;
				}
			}
			core[i] = nearest[k - 1];
		}
		return core;
	}

	private static void minimumSpanningTree(final double[][] points, final double[] core, final int[][] edges,
		final double[] weights)
	{
		final int n = points.length;
		final boolean[] inTree = new boolean[n];
		final double[] best = new double[n];
		final int[] from = new int[n];
		Arrays.fill(best, Double.POSITIVE_INFINITY);
		int current = 0;
		inTree[0] = true;
		for (int added = 0; added < n - 1; added++) {
			int nextPoint = -1;
			double nextWeight = Double.POSITIVE_INFINITY;
			for (int j = 0; j < n; j++) {
				if (inTree[j]) continue;
				final double d = Math.max(Math.max(core[current], core[j]),
					Vectors.distance(points[current], points[j]));
				if (d < best[j]) {
					best[j] = d;
					from[j] = current;
				}
				if (best[j] < nextWeight) {
					nextWeight = best[j];
					nextPoint = j;
				}
			}
			inTree[nextPoint] = true;
			edges[added][0] = from[nextPoint];
			edges[added][1] = nextPoint;
			weights[added] = nextWeight;
			current = nextPoint;
		}
	}

	/**
	 * Walks the dendrogram from the root: a split into two parts of at least {@code minClusterSize} points makes two
	 * clusters; a smaller part falls out of its cluster as points. Stability = Σ over a cluster's points (λ at which
	 * the point leaves − λ at which the cluster was born), λ = 1 / distance. Then the excess-of-mass choice.
	 */
	private static int[] condenseAndSelect(final int n, final int root, final int[] left, final int[] right,
		final int[] size, final double[] height, final int minClusterSize)
	{
		final List<Integer> clusterParent = new ArrayList<>();
		final List<Double> birth = new ArrayList<>(), stability = new ArrayList<>();
		final List<List<Integer>> children = new ArrayList<>();
		final int[] pointCluster = new int[n]; // the cluster a point last belonged to
		// stack of (dendrogram node, cluster it belongs to)
		final List<int[]> work = new ArrayList<>();
		clusterParent.add(-1);
		birth.add(0.0);
		stability.add(0.0);
		children.add(new ArrayList<>());
		work.add(new int[] { root, 0 });
		while (!work.isEmpty()) {
			final int[] item = work.remove(work.size() - 1);
			final int node = item[0], cluster = item[1];
			if (node < n) { // a single point (only reached when the cluster itself is that small)
				pointCluster[node] = cluster;
				continue;
			}
			final double lambda = height[node] > 0 ? 1 / height[node] : Double.POSITIVE_INFINITY;
			final int a = left[node], b = right[node];
			final boolean bigA = size[a] >= minClusterSize, bigB = size[b] >= minClusterSize;
			if (bigA && bigB) {
				for (final int child : new int[] { a, b }) {
					final int id = clusterParent.size();
					clusterParent.add(cluster);
					birth.add(lambda);
					stability.add(0.0);
					children.add(new ArrayList<>());
					children.get(cluster).add(id);
					stability.set(cluster, stability.get(cluster) + size[child] * finite(lambda - birth.get(cluster)));
					work.add(new int[] { child, id });
				}
			}
			else {
				for (final int child : new int[] { a, b }) {
					final boolean big = child == a ? bigA : bigB;
					if (big) work.add(new int[] { child, cluster });
					else { // its points leave the cluster here
						stability.set(cluster,
							stability.get(cluster) + size[child] * finite(lambda - birth.get(cluster)));
						markPoints(child, n, left, right, pointCluster, cluster);
					}
				}
			}
		}
		// excess of mass, bottom-up (children have larger ids than their parents)
		final int clusters = clusterParent.size();
		final boolean[] selected = new boolean[clusters];
		final double[] best = new double[clusters];
		for (int c = clusters - 1; c >= 1; c--) {
			double childSum = 0;
			for (final int child : children.get(c)) childSum += best[child];
			if (children.get(c).isEmpty() || stability.get(c) >= childSum) {
				selected[c] = true;
				best[c] = stability.get(c);
				deselectBelow(c, children, selected);
			}
			else best[c] = childSum;
		}
		final int[] label = new int[clusters];
		int count = 0;
		for (int c = 0; c < clusters; c++) label[c] = selected[c] ? count++ : -1;
		final int[] result = new int[n];
		for (int i = 0; i < n; i++) {
			int c = pointCluster[i];
			while (c > 0 && !selected[c]) c = clusterParent.get(c);
			result[i] = c > 0 ? label[c] : -1;
		}
		return result;
	}

	private static double finite(final double v) {
		return Double.isFinite(v) ? v : 0;
	}

	private static void markPoints(final int node, final int n, final int[] left, final int[] right,
		final int[] pointCluster, final int cluster)
	{
		final List<Integer> stack = new ArrayList<>(List.of(node));
		while (!stack.isEmpty()) {
			final int v = stack.remove(stack.size() - 1);
			if (v < n) pointCluster[v] = cluster;
			else {
				stack.add(left[v]);
				stack.add(right[v]);
			}
		}
	}

	private static void deselectBelow(final int c, final List<List<Integer>> children, final boolean[] selected) {
		for (final int child : children.get(c)) {
			selected[child] = false;
			deselectBelow(child, children, selected);
		}
	}

}
