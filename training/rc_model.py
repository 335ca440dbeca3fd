"""Roadcast forecast model (PyTorch), exported to ONNX as the service contract.

ONNX contract (see docs/MODEL.md):
  speed        float32 [B, 12, N]  mph, oldest first, last = most recent step
  time_of_day  float32 [B]         local time of day of the most recent step, fraction of a day
  day_of_week  int64   [B]         0=Monday .. 6=Sunday of the most recent step
  forecast     float32 [B, 12, N]  mph, index k-1 = k steps (k x interval) after the most recent step

The profile tables have one slot per step of the day (288 for 5-minute
steps, 96 for 15-minute ones); the slot count is taken from their shape.

Structure: forecast = blend + residual
  blend    per-sensor, per-horizon linear blend of recent speed and the
           time-of-day profile (weekday or weekend table, chosen by the TARGET
           time's day, so horizons that cross midnight use the next day).
  residual optional small MLP shared by all sensors, fed with the sensor's own
           last hour of anomalies (speed - profile), its graph neighbours'
           anomalies (each sensor's top-k neighbours, row-normalised weights,
           1 and 2 hops, see rc_graph.py), the profile ahead, the blend
           itself and a learned sensor embedding.

The graph is applied as a Gather over a [N, k] neighbour table and a
weighted sum, so the ONNX file and the inference cost grow linearly with N.
"""
import math

import torch
import torch.nn as nn

IN_STEPS = 12
OUT_STEPS = 12
N_BLEND_FEATS = 5   # x_last, mean(last 3), profile(target), profile(now), 1


def blend_features(x, p_tgt, p_now):
    """x[B,12,N], p_tgt[B,12,N], p_now[B,N] -> F[B,12,N,K] (same code as numpy fit)."""
    B, _, N = x.shape
    xl = x[:, -1, :].unsqueeze(1).expand(B, OUT_STEPS, N)
    x3 = x[:, -3:, :].mean(dim=1).unsqueeze(1).expand(B, OUT_STEPS, N)
    pn = p_now.unsqueeze(1).expand(B, OUT_STEPS, N)
    one = torch.ones_like(p_tgt)
    return torch.stack([xl, x3, p_tgt, pn, one], dim=-1)


class ResidualHead(nn.Module):
    """MLP shared by all sensors + a learned per-sensor embedding; last layer
    starts at zero so training starts from the blend."""

    def __init__(self, n_nodes, hidden=64, emb=8, n_base=60, gnn=False):
        super().__init__()
        self.node_emb = nn.Parameter(torch.randn(n_nodes, emb) * 0.1)
        self.gnn = gnn
        if gnn:
            # message-passing variant: hidden states of graph neighbours are mixed in
            self.enc = nn.Sequential(nn.Linear(n_base + 2 + emb, hidden), nn.ReLU())
            self.mix = nn.Sequential(nn.Linear(2 * hidden, hidden), nn.ReLU())
        self.mlp = nn.Sequential(
            nn.Linear(n_base + 2 + emb, hidden), nn.ReLU(),
            nn.Linear(hidden, hidden), nn.ReLU(),
            nn.Linear(hidden, OUT_STEPS),
        ) if not gnn else nn.Sequential(
            nn.Linear(hidden, hidden), nn.ReLU(),
            nn.Linear(hidden, OUT_STEPS),
        )
        nn.init.zeros_(self.mlp[-1].weight)
        nn.init.zeros_(self.mlp[-1].bias)

    def forward(self, base, tod, graph):
        B, N, _ = base.shape
        feats = torch.cat([
            base,
            torch.sin(2 * math.pi * tod).unsqueeze(1).unsqueeze(2).expand(B, N, 1),
            torch.cos(2 * math.pi * tod).unsqueeze(1).unsqueeze(2).expand(B, N, 1),
            self.node_emb.unsqueeze(0).expand(B, N, self.node_emb.shape[1]),
        ], dim=2)
        if self.gnn:
            h = self.enc(feats)                                            # [B,N,H]
            h = self.mix(torch.cat([h, graph.mix_nodes(h)], dim=2))
            return self.mlp(h)
        return self.mlp(feats)                                             # [B,N,12]


class SparseGraph(nn.Module):
    """Each sensor's neighbours (rc_graph.Neighbours) as buffers, applied as a Gather of whole rows of a
    sensor-major [N, X] matrix and a weighted sum over K: the same ops in torch and in the ONNX graph
    (row gathers, whose gradient in training is a row scatter, are the fast direction)."""

    def __init__(self, neighbours):
        super().__init__()
        self.n, self.k = neighbours.n, neighbours.k
        self.register_buffer("index", torch.as_tensor(neighbours.index.reshape(-1), dtype=torch.int64))
        self.register_buffer("weight", torch.as_tensor(neighbours.weight, dtype=torch.float32).unsqueeze(-1))

    def _mean(self, rows):
        """rows [N, X] -> [N, X]: each sensor's weighted mean of its neighbours' rows."""
        return (rows.index_select(0, self.index).reshape(self.n, self.k, -1) * self.weight).sum(dim=1)

    def hops(self, v, count):
        """v [B, S, N] -> `count` tensors [B, N, S]: the neighbours' mean, their neighbours' mean of that, ..."""
        steps = v.shape[1]
        rows = v.permute(2, 0, 1).reshape(self.n, -1)
        out = []
        for _ in range(count):
            rows = self._mean(rows)
            out.append(rows.reshape(self.n, -1, steps).transpose(0, 1))
        return out

    def mix_nodes(self, h):
        """h [B, N, H] -> [B, N, H]: the same mean over the node axis of hidden states."""
        width = h.shape[2]
        return self._mean(h.transpose(0, 1).reshape(self.n, -1)).reshape(self.n, -1, width).transpose(0, 1)


class RoadcastModel(nn.Module):
    def __init__(self, profiles, blend_coef, neighbours, mean, std, residual=True, hidden=64, emb=8, gnn=False):
        """profiles [2, S, N] (0=weekday,1=weekend; S slots a day), blend_coef [2, 12, N, K]
        (by target-day class), neighbours an rc_graph.Neighbours table, mean/std scalars (mph)."""
        super().__init__()
        profiles = torch.as_tensor(profiles, dtype=torch.float32)
        N = profiles.shape[2]
        self.n = N
        self.slots = int(profiles.shape[1])
        self.register_buffer("profile_flat", profiles.reshape(2 * self.slots, N).contiguous())
        self.register_buffer("blend_coef", torch.as_tensor(blend_coef, dtype=torch.float32))
        self.graph = SparseGraph(neighbours)
        self.register_buffer("mean", torch.tensor(float(mean)))
        self.register_buffer("std", torch.tensor(float(std)))
        self.use_residual = residual
        self.heads = nn.ModuleList()
        if residual:
            self.heads.append(ResidualHead(N, hidden, emb, gnn=gnn))

    def merge_heads(self, others):
        """Ensemble: append the residual heads of other trained models (their
        residuals are averaged)."""
        for o in others:
            for h in o.heads:
                self.heads.append(h)

    # ---- calendar lookups (inside the graph) -------------------------------
    def lookup(self, time_of_day, day_of_week):
        """Profile at the 12 input steps and the 12 target steps.
        Returns p_in [B,12,N], p_tgt [B,12,N], weekend_tgt [B,12] (float 0/1)."""
        slots = self.slots
        slot = torch.floor(time_of_day * slots + 0.5)                     # [B]
        dow = day_of_week.to(torch.float32)
        offs = torch.arange(-IN_STEPS + 1, OUT_STEPS + 1, dtype=torch.float32,
                            device=time_of_day.device)                     # [24]
        s = slot.unsqueeze(1) + offs.unsqueeze(0)                          # [B,24]
        shift = torch.floor(s / slots)
        s = s - shift * slots
        d = dow.unsqueeze(1) + shift
        d = d - torch.floor(d / 7.0) * 7.0
        weekend = (d >= 4.5).to(torch.float32)
        idx = (weekend * slots + s).to(torch.int64)                        # [B,24]
        p = self.profile_flat[idx]                                         # [B,24,N]
        return p[:, :IN_STEPS], p[:, IN_STEPS:], weekend[:, IN_STEPS:]

    def blend(self, x, p_tgt, p_now, weekend_tgt):
        F = blend_features(x, p_tgt, p_now)                                # [B,12,N,K]
        w = weekend_tgt.unsqueeze(-1).unsqueeze(-1)                        # [B,12,1,1]
        coef = self.blend_coef[0].unsqueeze(0) * (1.0 - w) + self.blend_coef[1].unsqueeze(0) * w
        return (F * coef).sum(dim=-1)

    def core(self, x, p_in, p_tgt, weekend_tgt, tod):
        p_now = p_in[:, -1, :]
        yb = self.blend(x, p_tgt, p_now, weekend_tgt)
        if not self.use_residual:
            return yb
        std = self.std
        an = (x - p_in) / std                                              # [B,12,N]
        g1, g2 = self.graph.hops(an, 2)                                    # [B,N,12] each
        base = torch.cat([
            an.transpose(1, 2), g1, g2,
            ((p_tgt - self.mean) / std).transpose(1, 2),
            ((yb - p_tgt) / std).transpose(1, 2),
        ], dim=2)                                                          # [B,N,60]
        r = None
        for h in self.heads:
            rh = h(base, tod, self.graph)
            r = rh if r is None else r + rh
        r = r / float(len(self.heads))
        return yb + r.transpose(1, 2) * std

    def forward(self, speed, time_of_day, day_of_week):
        p_in, p_tgt, wk = self.lookup(time_of_day, day_of_week)
        y = self.core(speed, p_in, p_tgt, wk, time_of_day)
        return y.clamp(0.0, 90.0)
