"""Reference timing for the 2-D map: scikit-learn's Barnes-Hut t-SNE on the embeddings VideoStageBenchmark wrote.

Usage: python3 src/experiments/python/tsne_reference.py OUT/embeddings-N.csv
(Debian: apt-get install python3-sklearn). Same settings as MedXAI's map: 2 components, perplexity 20,
theta (angle) 0.5, 1000 iterations, PCA already applied.
"""
import sys
import time

import numpy as np
from sklearn.manifold import TSNE

points = np.loadtxt(sys.argv[1], delimiter=",")
start = time.perf_counter()
TSNE(n_components=2, perplexity=20, angle=0.5, method="barnes_hut", init="random",
     random_state=1, n_jobs=1).fit_transform(points)
print(f"scikit-learn Barnes-Hut t-SNE, {len(points)} points: {time.perf_counter() - start:.2f} s")
