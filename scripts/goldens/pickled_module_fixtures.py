"""Whole pickled modules (torch.save(model)) and their state dicts -> library/src/test/resources/interop/pickled_module/.

Run: /usr/bin/python3 scripts/goldens/pickled_module_fixtures.py

A user's model class (defined in __main__, as in a notebook or script) with a Conv2d without bias (a None
parameter), BatchNorm2d's buffers (num_batches_tracked included), a buffer registered non-persistent (left out of
state_dict), a parameter of its own, a Sequential, a ModuleList with an LSTM (whose _flat_weights list refers to
the same parameters again), a None submodule, a function kept as an attribute (torch.nn.functional.relu) and a set
attribute: torch.save of the model itself with pickle protocols 2 (torch.save's default) and 4 (sets as opcodes),
and torch.save of model.state_dict(), which the Java test compares key for key and bit for bit. Also a pickled
torch.nn.Sequential (no user class), and a module whose attribute's __reduce__ would run a command: torch4j must
refuse it without running anything.
"""
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "library", "src", "test", "resources", "interop", "pickled_module")
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(0)


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = torch.nn.Conv2d(2, 3, 3, bias=False)
        self.bn = torch.nn.BatchNorm2d(3)
        self.blocks = torch.nn.ModuleList([torch.nn.Linear(3, 4), torch.nn.LSTM(4, 2)])
        self.head = torch.nn.Sequential(torch.nn.ReLU(), torch.nn.Linear(2, 2))
        self.skip = None
        self.register_module("absent", None)
        self.p = torch.nn.Parameter(torch.randn(3))
        self.register_buffer("tmp", torch.ones(2), persistent=False)
        self.register_buffer("steps", torch.tensor(7))
        self.act = torch.nn.functional.relu
        self.tags = {"a", "b"}

    def forward(self, x):
        y = self.act(self.bn(self.conv(x)) + self.p.view(1, 3, 1, 1)).mean((2, 3))
        y, _ = self.blocks[1](self.blocks[0](y).unsqueeze(0))
        return self.head(y[0])


class Evil:
    """Pickles as a call of os.system: an unrestricted unpickler would run the command."""

    def __reduce__(self):
        return os.system, ("echo torch4j-was-pwned",)


net = Net()
net.train()
net(torch.randn(4, 2, 5, 5))  # BatchNorm's running statistics move off their initial values
net.eval()
torch.save(net, os.path.join(OUT, "net.pt"))
torch.save(net, os.path.join(OUT, "net_protocol4.pt"), pickle_protocol=4)
torch.save(net.state_dict(), os.path.join(OUT, "net_state_dict.pt"))
seq = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
torch.save(seq, os.path.join(OUT, "sequential.pt"))
torch.save(seq.state_dict(), os.path.join(OUT, "sequential_state_dict.pt"))
evil = torch.nn.Linear(2, 2)
evil.payload = Evil()
torch.save(evil, os.path.join(OUT, "malicious.pt"))
for name in ("net.pt", "net_protocol4.pt", "sequential.pt"):
    loaded = torch.load(os.path.join(OUT, name))
    print(name, list(loaded.state_dict().keys()))
total = sum(os.path.getsize(os.path.join(OUT, n)) for n in os.listdir(OUT))
print("wrote %d files (%d bytes) under %s" % (len(os.listdir(OUT)), total, os.path.normpath(OUT)))
