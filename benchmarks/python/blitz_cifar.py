"""The 60 Minute Blitz's CIFAR-10 training loop in PyTorch, timed as dev.torch4j.benchmarks.BlitzCifar times it.

  blitz_cifar.py <data-root> <threads> <steps> <rounds> [workers]

The data root holds cifar-10-batches-py (benchmarks/blitz_cifar.sh writes random images there); torchvision's MD5
check is turned off because those are not the real files."""
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
import torchvision
import torchvision.datasets.cifar as cifar
import torchvision.transforms as transforms

cifar.check_integrity = lambda *a, **k: True
torchvision.datasets.CIFAR10._check_integrity = lambda self: True


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


def main():
    root, threads, steps, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    workers = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
    trainset = torchvision.datasets.CIFAR10(root=root, train=True, download=False, transform=transform)
    for r in range(rounds):
        trainloader = torch.utils.data.DataLoader(trainset, batch_size=4, shuffle=True, num_workers=workers)
        net = Net()
        criterion = nn.CrossEntropyLoss()
        optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
        t0 = time.perf_counter()
        n = 0
        for inputs, labels in trainloader:
            optimizer.zero_grad()
            loss = criterion(net(inputs), labels)
            loss.backward()
            optimizer.step()
            n += 1
            if n == steps:
                break
        print("RESULT blitz_cifar_%d pytorch %.4f round=%d threads=%d workers=%d" % (steps, time.perf_counter() - t0, r, threads, workers))


if __name__ == "__main__":
    main()
