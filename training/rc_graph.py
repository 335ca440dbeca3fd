"""The road graph as the model holds it: each sensor's k strongest neighbours.

The model mixes its neighbours' anomalies with one Gather over a [N, k] index table and a weighted sum,
so the bundle's size and the inference cost grow with N x k, never with N x N. Weights are the adjacency
weights of the kept edges, row-normalised over them; self-loops and zero weights are ignored. A sensor
with fewer than k neighbours is padded with its own index at weight 0, and one with no neighbour at all
gets no neighbour features (all weights 0), as with the dense matrix before.

Ties between equal weights go to the lower sensor index, so a matrix and the same graph as an edge list
give the same table.
"""
import numpy as np

DEFAULT_K = 8    # the Los-loop sensors have 14 neighbours (median, at most 25); the 8 strongest validated as well


class Neighbours:
    """index [N, K] int64 (sensor positions), weight [N, K] float64 (each row sums to 1, or is all 0)."""

    def __init__(self, index, weight):
        self.index = np.asarray(index, dtype=np.int64)
        self.weight = np.asarray(weight, dtype=np.float64)
        if self.index.shape != self.weight.shape or self.index.ndim != 2:
            raise ValueError("index %s and weight %s must be the same [N, K] shape"
                             % (self.index.shape, self.weight.shape))

    @property
    def n(self):
        return self.index.shape[0]

    @property
    def k(self):
        return self.index.shape[1]

    def without_edges(self):
        """The same table with every weight 0 (the no-graph ablation)."""
        return Neighbours(self.index, np.zeros_like(self.weight))

    def dense(self):
        """The row-normalised [N, N] matrix these neighbours stand for (for tests and small graphs)."""
        a = np.zeros((self.n, self.n))
        np.add.at(a, (np.repeat(np.arange(self.n), self.k), self.index.ravel()), self.weight.ravel())
        return a


def from_edges(src, dst, weight, n, k):
    """Top-k table from directed edges src -> dst (sensor positions) with their weights; a repeated
    edge keeps its last weight. Never builds an N x N matrix: memory grows with the edges."""
    if k < 1:
        raise ValueError("k must be at least 1, got %d" % k)
    src = np.asarray(src, dtype=np.int64)
    dst = np.asarray(dst, dtype=np.int64)
    weight = np.asarray(weight, dtype=np.float64)
    key = src * n + dst
    _, last_from_end = np.unique(key[::-1], return_index=True)   # the last listing of each edge
    last = len(key) - 1 - last_from_end
    src, dst, weight = src[last], dst[last], weight[last]
    keep = (src != dst) & (weight > 0)
    src, dst, weight = src[keep], dst[keep], weight[keep]
    order = np.lexsort((dst, -weight, src))                      # by sensor, heaviest first, then index
    src, dst, weight = src[order], dst[order], weight[order]
    rank = np.arange(len(src)) - np.searchsorted(src, src, side="left")
    degree = np.bincount(src, minlength=n)
    width = max(1, min(k, int(degree.max()) if len(degree) else 0))
    top = rank < width
    index = np.repeat(np.arange(n, dtype=np.int64)[:, None], width, axis=1)
    w = np.zeros((n, width))
    index[src[top], rank[top]] = dst[top]
    w[src[top], rank[top]] = weight[top]
    total = w.sum(axis=1, keepdims=True)
    w = np.divide(w, total, out=np.zeros_like(w), where=total > 0)
    return Neighbours(index, w)


def from_matrix(a, k):
    """Top-k table from an [N, N] weight matrix (row i: the weights of sensor i's neighbours)."""
    a = np.asarray(a, dtype=np.float64)
    src, dst = np.nonzero(a)
    return from_edges(src, dst, a[src, dst], a.shape[0], k)
