"""Goldens for torch.utils.data's samplers, the DataLoader's use of them, ConcatDataset and ChainDataset.

Run: /usr/bin/python3 scripts/goldens/samplers_goldens.py   (writes goldens/samplers.json, read by
dev.torch4j.data.SamplerGoldens)

torch4j follows PyTorch 2.x; this runs on Debian's torch 1.13. The samplers' code draws the same numbers in both
(RandomSampler: a seed from the default generator when none is given, then randperm per pass over the data or
randint in chunks of 32; SubsetRandomSampler: randperm; DistributedSampler: randperm from a generator seeded with
seed + epoch; BatchSampler, SequentialSampler, ConcatDataset and ChainDataset draw nothing). One difference:
WeightedRandomSampler calls torch.multinomial, and 2.x takes one sample WITH replacement by the exponential race
(argmax of w / q, q = exponential_(1)) where 1.13 used its cumulative-distribution kernel. The weighted goldens are
therefore 2.x's algorithm computed here by hand (as in multinomial_goldens.py); where 2.x and 1.13 agree the
script also checks them against 1.13's sampler, and the case marked "differs_from_1_13" is 2.x's only.
"""
import math

import numpy as np
import torch
from torch.utils.data import (BatchSampler, ChainDataset, ConcatDataset, DataLoader, DistributedSampler,
                              IterableDataset, RandomSampler, SequentialSampler, SubsetRandomSampler,
                              TensorDataset, WeightedRandomSampler)

from common import t2j, write

cases = {}
F64 = torch.float64


def add(name, **fields):
    assert name not in cases, name
    cases[name] = fields


def gen(seed):
    return torch.Generator().manual_seed(seed)


# ---------------------------------------------------------------------------------------------- RandomSampler

def random_case(name, n, seed, replacement=False, num_samples=None, explicit=True, epochs=2):
    """Epochs of RandomSampler(range(n)); with explicit=False it seeds itself from the default generator."""
    if explicit:
        s = RandomSampler(range(n), replacement=replacement, num_samples=num_samples, generator=gen(seed))
    else:
        torch.manual_seed(seed)
        s = RandomSampler(range(n), replacement=replacement, num_samples=num_samples)
    out = [list(s) for _ in range(epochs)]
    fields = dict(n=n, seed=seed, replacement=replacement, num_samples=num_samples, explicit=explicit,
                  length=len(s), epochs=out)
    if not explicit:
        fields["after"] = t2j(torch.rand(2))  # one seed draw per epoch from the default generator
    add(name, kind="random", **fields)


random_case("random_default_gen", 10, 0, explicit=False)
random_case("random_generator", 10, 123)
random_case("random_num_samples_more", 10, 5, num_samples=25)   # two full passes and 5 of a third permutation
random_case("random_num_samples_fewer", 10, 6, num_samples=4)
random_case("random_num_samples_default_gen", 7, 3, num_samples=16, explicit=False)
random_case("random_replacement", 10, 7, replacement=True)       # randint(10, (10,)): no full chunk of 32
random_case("random_replacement_chunks", 10, 8, replacement=True, num_samples=70)  # 32 + 32 + 6
random_case("random_replacement_exact_chunk", 5, 9, replacement=True, num_samples=32)
random_case("random_replacement_default_gen", 13, 10, replacement=True, num_samples=40, explicit=False)

# ----------------------------------------------------------------------------------------- SubsetRandomSampler

subset = [3, 9, 14, 20, 7, 11]
s = SubsetRandomSampler(subset, generator=gen(11))
add("subset_generator", kind="subset", indices=subset, seed=11, explicit=True, epochs=[list(s) for _ in range(2)])
torch.manual_seed(12)
s = SubsetRandomSampler(subset)  # draws its randperm from the default generator directly, no seed in between
add("subset_default_gen", kind="subset", indices=subset, seed=12, explicit=False, epochs=[list(s) for _ in range(2)],
    after=t2j(torch.rand(2)))


# --------------------------------------------------------------------------------------- WeightedRandomSampler

def exponential_2x(g, n):
    """2.x's exponential_(1) of n float64s: -log1p(-u), u the float64 uniforms torch.rand draws."""
    return torch.tensor([-math.log1p(-x) for x in torch.rand(n, dtype=F64, generator=g).tolist()], dtype=F64)


def multinomial_2x(w, k, replacement, g):
    """2.x's CPU torch.multinomial(w, k, replacement, generator=g) for 1-D float64 weights."""
    if not replacement or k == 1:
        keys = w / exponential_2x(g, w.numel())
        return [int(keys.argmax())] if k == 1 else keys.topk(k).indices.tolist()
    cum = np.cumsum(w.numpy())
    cum = cum / cum[-1]
    cum[-1] = 1.0
    out = []
    for x in torch.rand(k, dtype=F64, generator=g).tolist():
        lo, hi = 0, len(cum)
        while lo < hi:  # the kernel's binary search: the first bin whose cumulative value is >= x
            mid = lo + (hi - lo) // 2
            if cum[mid] < x:
                lo = mid + 1
            else:
                hi = mid
        out.append(lo)
    return out


def weighted_case(name, weights, k, replacement, seed, explicit=True):
    w = torch.tensor(weights, dtype=F64)
    if explicit:
        g = gen(seed)  # one generator for both epochs, as the sampler keeps drawing from its own
        want = [multinomial_2x(w, k, replacement, g) for _ in range(2)]
        s = WeightedRandomSampler(weights, k, replacement, generator=gen(seed))
    else:
        torch.manual_seed(seed)
        want = [multinomial_2x(w, k, replacement, torch.default_generator) for _ in range(2)]
        after = torch.rand(2)
        torch.manual_seed(seed)
        s = WeightedRandomSampler(weights, k, replacement)
    got = [list(s) for _ in range(2)]
    differs = replacement and k == 1
    if not differs:
        assert got == want, (name, got, want)
    fields = dict(weights=weights, num_samples=k, replacement=replacement, seed=seed, explicit=explicit,
                  epochs=want, differs_from_1_13=differs)
    if not explicit:
        assert torch.equal(torch.rand(2), after), name
        fields["after"] = t2j(after)
    add(name, kind="weighted", **fields)


wts = [0.1, 0.9, 0.4, 0.7, 3.0, 0.6]
weighted_case("weighted_replacement", wts, 5, True, 0)
weighted_case("weighted_replacement_many", wts, 40, True, 1)
weighted_case("weighted_no_replacement", [0.9, 0.4, 0.05, 0.2, 0.3, 0.1], 5, False, 2)
weighted_case("weighted_no_replacement_zero_weight", [0.0, 1.0, 2.0, 0.0, 0.5], 3, False, 3)
weighted_case("weighted_default_gen", wts, 12, True, 4, explicit=False)
weighted_case("weighted_one_replacement", wts, 1, True, 5)  # 2.x: the race; 1.13: the kernel

# ------------------------------------------------------------------------------------------------ BatchSampler

for bs, drop in [(3, False), (3, True), (5, False), (5, True), (11, False), (11, True)]:
    b = BatchSampler(SequentialSampler(range(10)), bs, drop)
    add(f"batch_sequential_{bs}_{'drop' if drop else 'keep'}", kind="batch", n=10, batch_size=bs, drop_last=drop,
        length=len(b), batches=list(b))
b = BatchSampler(RandomSampler(range(10), generator=gen(13)), 4, False)
add("batch_random", kind="batch_random", n=10, batch_size=4, drop_last=False, seed=13, length=len(b),
    epochs=[list(b) for _ in range(2)])


# ------------------------------------------------------------------------------------------ DistributedSampler

class Sized:
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n


for n in [10, 11, 2, 1]:  # n = 1 with 3 or 4 replicas pads by repeating the data more than once
    for replicas in [3, 4]:
        for shuffle in [True, False]:
            for drop in [False, True]:
                for seed in ([0, 42] if shuffle else [0]):
                    ranks = []
                    for rank in range(replicas):
                        d = DistributedSampler(Sized(n), num_replicas=replicas, rank=rank, shuffle=shuffle, seed=seed,
                                               drop_last=drop)
                        per_epoch = []
                        for epoch in range(3):
                            d.set_epoch(epoch)
                            per_epoch.append(list(d))
                        ranks.append({"length": len(d), "epochs": per_epoch})
                    add(f"distributed_n{n}_r{replicas}_{'shuffle' if shuffle else 'ordered'}_"
                        f"{'drop' if drop else 'pad'}_s{seed}", kind="distributed", n=n, num_replicas=replicas,
                        shuffle=shuffle, drop_last=drop, seed=seed, ranks=ranks)

# -------------------------------------------------------------------------------------------------- DataLoader

ds = TensorDataset(torch.arange(10), torch.arange(10) * 10)


def firsts(loader, epochs=2):
    return [[b[0].tolist() for b in loader] for _ in range(epochs)]


torch.manual_seed(0)
dl = DataLoader(ds, batch_size=3, shuffle=True)
add("loader_shuffle_default_gen", kind="loader", seed=0, epochs=firsts(dl), after=t2j(torch.rand(2)))
dl = DataLoader(ds, batch_size=4, shuffle=True, generator=gen(123))
add("loader_shuffle_generator", kind="loader", seed=123, epochs=firsts(dl))
# the loader's shuffle is RandomSampler(dataset, generator=loader.generator): the same epochs as that sampler
# batched, after the loader's own base-seed draw from the same generator
g = gen(123)
dl = DataLoader(ds, batch_size=4, sampler=RandomSampler(ds, generator=g), generator=g)
add("loader_sampler_shares_generator", kind="loader", seed=123, epochs=firsts(dl))
torch.manual_seed(1)
dl = DataLoader(ds, batch_size=4, sampler=SubsetRandomSampler([1, 3, 5, 7, 9]))
add("loader_subset_sampler", kind="loader", seed=1, epochs=firsts(dl), after=t2j(torch.rand(2)))
torch.manual_seed(2)
dl = DataLoader(ds, batch_sampler=BatchSampler(RandomSampler(ds), 3, True))
add("loader_batch_sampler", kind="loader", seed=2, epochs=firsts(dl), length=len(dl), after=t2j(torch.rand(2)))
dl = DataLoader(ds, batch_size=4, sampler=RandomSampler(ds, replacement=True, num_samples=9, generator=gen(3)))
add("loader_replacement", kind="loader", seed=3, epochs=firsts(dl), length=len(dl))
dl = DataLoader(ds, batch_size=2, sampler=WeightedRandomSampler(wts, 7, generator=gen(4)))
want = multinomial_2x(torch.tensor(wts, dtype=F64), 7, True, gen(4))
got = firsts(dl, 1)[0]
assert sum(got, []) == want, (got, want)
add("loader_weighted", kind="loader", seed=4, weights=wts, epochs=[got], length=len(dl))
torch.manual_seed(5)
dl = DataLoader(ds, batch_size=None, shuffle=True)  # no automatic batching: each item as it is
epochs = [[int(x) for x, _ in dl] for _ in range(2)]
add("loader_no_batching", kind="loader_items", seed=5, epochs=epochs, length=len(dl), after=t2j(torch.rand(2)))
dist_loaders = []
for rank in range(3):
    d = DistributedSampler(ds, num_replicas=3, rank=rank, seed=9)
    dl = DataLoader(ds, batch_size=2, sampler=d)
    per_epoch = []
    for epoch in range(2):
        d.set_epoch(epoch)
        per_epoch.append([b[0].tolist() for b in dl])
    dist_loaders.append(per_epoch)
add("loader_distributed", kind="loader_distributed", seed=9, num_replicas=3, ranks=dist_loaders)

# --------------------------------------------------------------------------------------- Concat / Chain datasets

parts = [range(3), range(10, 15), range(0), range(100, 102)]
cd = ConcatDataset(parts)
lookups = {str(i): cd[i] for i in range(-len(cd), len(cd))}
try:
    cd[-len(cd) - 1]
    raise AssertionError("expected an error")
except ValueError as e:
    too_negative = str(e)
try:
    cd[len(cd)]
    raise AssertionError("expected an error")
except IndexError as e:
    too_large = str(e)
add("concat", kind="concat", parts=[list(p) for p in parts], cumulative_sizes=cd.cumulative_sizes, length=len(cd),
    lookups=lookups, too_negative=too_negative, too_large=too_large)
torch.manual_seed(6)
dl = DataLoader(ConcatDataset([TensorDataset(torch.arange(4), torch.arange(4) * 10),
                               TensorDataset(torch.arange(4, 9), torch.arange(4, 9) * 10)]), batch_size=3, shuffle=True)
add("loader_concat", kind="loader", seed=6, epochs=firsts(dl), after=t2j(torch.rand(2)))


class Stream(IterableDataset):
    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi

    def __iter__(self):
        return iter(range(self.lo, self.hi))

    def __len__(self):
        return self.hi - self.lo


chain = ChainDataset([Stream(0, 4), Stream(10, 13), Stream(20, 20), Stream(30, 33)])
torch.manual_seed(7)
iterable = {"items": list(chain), "length": len(chain)}
for bs, drop in [(4, False), (4, True), (5, False)]:
    dl = DataLoader(chain, batch_size=bs, drop_last=drop)
    iterable[f"batches_{bs}_{'drop' if drop else 'keep'}"] = [b.tolist() for b in dl]
    iterable[f"length_{bs}_{'drop' if drop else 'keep'}"] = len(dl)
iterable["unbatched"] = [int(x) for x in DataLoader(chain, batch_size=None)]
iterable["after"] = t2j(torch.rand(2))  # a base seed per epoch, even for iterable datasets (7 epochs above)
add("chain", kind="chain", seed=7, epochs_run=4, **iterable)


def error(fn):
    try:
        fn()
    except (ValueError, TypeError) as e:
        return str(e)
    raise AssertionError("expected an error")


def assertion(fn):
    """ConcatDataset checks its arguments with assert statements: their text."""
    try:
        fn()
    except AssertionError as e:
        return str(e)
    raise RuntimeError("expected an assertion")


add("errors", kind="errors",
    random_num_samples=error(lambda: RandomSampler(range(10), num_samples=0)),
    random_empty=error(lambda: RandomSampler(range(0))),
    weighted_num_samples=error(lambda: WeightedRandomSampler([1.0, 2.0], 0)),
    weighted_shape=error(lambda: WeightedRandomSampler([[1.0, 2.0], [3.0, 4.0]], 2)),
    batch_size=error(lambda: BatchSampler(range(10), 0, False)),
    distributed_rank=error(lambda: DistributedSampler(ds, num_replicas=4, rank=4)),
    distributed_negative_rank=error(lambda: DistributedSampler(ds, num_replicas=4, rank=-1)),
    sampler_shuffle=error(lambda: DataLoader(ds, sampler=SequentialSampler(ds), shuffle=True)),
    batch_sampler_batch_size=error(lambda: DataLoader(ds, batch_size=4, batch_sampler=BatchSampler(range(10), 2, False))),
    batch_sampler_shuffle=error(lambda: DataLoader(ds, shuffle=True, batch_sampler=BatchSampler(range(10), 2, False))),
    batch_sampler_drop_last=error(lambda: DataLoader(ds, drop_last=True, batch_sampler=BatchSampler(range(10), 2, False))),
    no_batching_drop_last=error(lambda: DataLoader(ds, batch_size=None, drop_last=True)),
    loader_batch_size=error(lambda: DataLoader(ds, batch_size=0)),
    iterable_shuffle=error(lambda: DataLoader(chain, shuffle=True)),
    concat_empty=assertion(lambda: ConcatDataset([])),
    concat_iterable=assertion(lambda: ConcatDataset([chain])))

write("samplers", cases)
