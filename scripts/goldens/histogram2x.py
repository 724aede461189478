"""HistogramObserver as PyTorch 2.x runs it, on PyTorch 1.13's ops: shared by the golden scripts whose cases use it
(fake_quantize_goldens.py, static_quant_goldens.py)."""
import torch
from torch.ao.quantization import HistogramObserver


class Histogram2x(HistogramObserver):
    """HistogramObserver as PyTorch 2.x runs it (1.13's forward truncated min/max to int for histc and merged
    histograms by cumulative sums; 2.x bins with the float range, skips infinities and maps the old histogram's
    upsampled bin midpoints into the new range with bucketize/bincount, upsample_rate fixed at 16). The search for
    min/max (_non_linear_param_search) and _calculate_qparams are 1.13's, which 2.x keeps."""

    def __init__(self, **kw):
        super().__init__(upsample_rate=16, **kw)

    def _upscale(self, hist, orig_min, orig_max, new_min, new_max):
        hist = hist.repeat_interleave(self.upsample_rate) / self.upsample_rate
        bin_size = (orig_max - orig_min) / (self.bins * self.upsample_rate)
        mids = torch.linspace(orig_min.item(), orig_max.item(), self.bins * self.upsample_rate + 1)[:-1] + 0.5 * bin_size
        bounds = torch.linspace(new_min.item(), new_max.item(), self.bins + 1)
        idx = torch.bucketize(mids, bounds, right=True) - 1
        idx[idx >= self.bins] = self.bins - 1
        idx[idx < 0] = 0
        return torch.bincount(idx, weights=hist, minlength=self.bins)

    def forward(self, x_orig):
        if x_orig.numel() == 0:
            return x_orig
        x = x_orig.detach()
        x_min, x_max = torch.aminmax(x)
        if x_min == -torch.inf or x_max == torch.inf:
            x = x[x.abs() != torch.inf]
            if x.numel() == 0:
                return x_orig
            x_min, x_max = torch.aminmax(x)
        cur_min, cur_max = self.min_val, self.max_val
        if cur_min == float("inf") or cur_max == float("-inf"):
            self.min_val.copy_(x_min)
            self.max_val.copy_(x_max)
            self.histogram.copy_(torch.histc(x, self.bins, min=x_min.item(), max=x_max.item()))
            return x_orig
        new_min, new_max = torch.min(cur_min, x_min), torch.max(cur_max, x_max)
        update = torch.histc(x, self.bins, min=new_min.item(), max=new_max.item())
        if new_min == cur_min and new_max == cur_max:
            self.histogram.copy_(self.histogram + update)
            return x_orig
        if cur_min == cur_max:
            combined = torch.histc(cur_min.reshape(1), self.bins, min=new_min.item(), max=new_max.item()) \
                * torch.sum(self.histogram) + update
        else:
            combined = update + self._upscale(self.histogram, cur_min, cur_max, new_min, new_max)
        self.histogram.copy_(combined)
        self.min_val.copy_(new_min)
        self.max_val.copy_(new_max)
        return x_orig
