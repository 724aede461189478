"""TorchScript archives and their state dicts -> library/src/test/resources/interop/torchscript/.

Run: /usr/bin/python3 scripts/goldens/torchscript_fixtures.py

For a model with a parameter of its own, a buffer registered non-persistent (TorchScript lists it anyway), a plain
tensor attribute (neither: not in the state dict), a Conv2d without bias (a None parameter), BatchNorm's buffers,
a Sequential of mangled Linear classes and a parameter-free ReLU: the torch.jit.script archive, a torch.jit.trace
archive of the same weights, and torch.save of what torch.jit.load(path).state_dict() returns for each (keys in
its order), which the Java test compares key for key and bit for bit.
"""
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "library", "src", "test", "resources", "interop", "torchscript")
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(0)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(2, 3, 3, bias=False)
        self.bn = torch.nn.BatchNorm2d(3)
        self.head = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
        self.p = torch.nn.Parameter(torch.randn(3))
        self.register_buffer("tmp", torch.ones(2), persistent=False)
        self.register_buffer("steps", torch.tensor(7))
        self.plain = torch.zeros(1)

    def forward(self, x):
        y = self.bn(self.conv(x)) + self.p.view(1, 3, 1, 1) + self.tmp.sum() + self.plain
        return self.head(y.mean((2, 3)))


net = Net()
net.train()
net(torch.randn(4, 2, 5, 5))  # BatchNorm's running statistics move off their initial values
net.eval()
for kind, module in (("scripted", torch.jit.script(net)), ("traced", torch.jit.trace(net, torch.randn(1, 2, 5, 5)))):
    path = os.path.join(OUT, kind + ".pt")
    module.save(path)
    sd = torch.jit.load(path).state_dict()
    torch.save(dict(sd), os.path.join(OUT, kind + "_state_dict.pt"))
    print(kind, list(sd.keys()))
torch.save(net.state_dict(), os.path.join(OUT, "checkpoint.pt"))
