"""Goldens for DataLoader workers: what a dataset drawing random numbers returns with num_workers > 0.

Run: /usr/bin/python3 scripts/goldens/dataloader_workers_goldens.py

PyTorch seeds each worker process with base_seed + worker_id (base_seed drawn from the loader's generator, or the
default one, when the epoch's iterator starts) and hands batch k to worker k % num_workers; the same in 2.x. With
persistent_workers the base seed is drawn once and the workers' generators run on across epochs.
"""
import torch
from torch.utils.data import DataLoader, Dataset, get_worker_info

from common import t2j, write


class Draws(Dataset):
    def __len__(self):
        return 11

    def __getitem__(self, i):
        info = get_worker_info()
        return torch.rand(3), torch.tensor(i), torch.tensor(info.id if info else -1), torch.tensor(info.seed if info else -1)


def reseed(worker_id):
    torch.manual_seed(1000 + 7 * worker_id)


def run(seed, generator_seed=None, init=None, **kw):
    torch.manual_seed(seed)
    g = None
    if generator_seed is not None:
        g = torch.Generator()
        g.manual_seed(generator_seed)
    dl = DataLoader(Draws(), generator=g, worker_init_fn=init, **kw)
    epochs = []
    for _ in range(2):
        batches = []
        for x, i, w, s in dl:
            batches.append({"x": t2j(x), "i": t2j(i), "worker": t2j(w), "seed": t2j(s)})
        epochs.append(batches)
    return epochs


def main():
    cases = []
    for name, seed, gseed, init, kw in (
            ("two_workers_shuffle", 3, None, None, dict(batch_size=2, shuffle=True, num_workers=2)),
            ("three_workers_generator", 5, 11, None, dict(batch_size=3, shuffle=True, num_workers=3, prefetch_factor=1)),
            ("init_fn", 9, None, reseed, dict(batch_size=4, num_workers=2, drop_last=True)),
            ("no_batching", 4, None, None, dict(batch_size=None, num_workers=2)),
            ("persistent", 6, None, reseed, dict(batch_size=2, shuffle=True, num_workers=2, persistent_workers=True))):
        cases.append({"name": name, "seed": seed, "generator_seed": gseed, "init_fn": init is not None,
                      "options": kw, "epochs": run(seed, gseed, init, **kw)})
    write("dataloader_workers", cases)


if __name__ == "__main__":
    main()
