"""PyTorch's "Deep Learning with PyTorch: A 60 Minute Blitz", run on small CIFAR fixtures -> goldens/blitz.json,
plus the fixtures themselves: vision/cifar/cifar-10-python.tar.gz and cifar-100-python.tar.gz (the archives'
layout, with Python 2 cPickle batches as the real ones have, but 20/8 and 12/6 generated images).

Run: /usr/bin/python3 scripts/goldens/blitz_goldens.py   (needs python3-torchvision for the dataset goldens)

The blitz's code is followed line for line (tutorials: tensor_tutorial, autograd_tutorial, neural_networks_tutorial,
cifar10_tutorial), with torch.manual_seed calls added so the weights and the shuffle order are reproducible, and
num_workers=0 (the order of batches does not depend on it). torchvision reads the fixtures with its MD5 checks
turned off (they are not the real files). BlitzTest and CifarTest compare torch4j's run of the same code with
these values.
"""
import contextlib
import gzip
import io
import os
import sys
import tarfile
import tempfile

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import py2pickle  # noqa: E402
from common import t2j, write  # noqa: E402

import torchvision  # noqa: E402
import torchvision.datasets.cifar as tv_cifar  # noqa: E402
import torchvision.transforms as transforms  # noqa: E402

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "library", "src", "test", "resources",
                        "vision", "cifar")
CIFAR10_CLASSES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
CIFAR100_FINE = ("apple aquarium_fish baby bear beaver bed bee beetle bicycle bottle bowl boy bridge bus butterfly camel "
                 "can castle caterpillar cattle chair chimpanzee clock cloud cockroach couch crab crocodile cup dinosaur "
                 "dolphin elephant flatfish forest fox girl hamster house kangaroo keyboard lamp lawn_mower leopard lion "
                 "lizard lobster man maple_tree motorcycle mountain mouse mushroom oak_tree orange orchid otter palm_tree "
                 "pear pickup_truck pine_tree plain plate poppy porcupine possum rabbit raccoon ray road rocket rose sea "
                 "seal shark shrew skunk skyscraper snail snake spider squirrel streetcar sunflower sweet_pepper table tank "
                 "telephone television tiger tractor train trout tulip turtle wardrobe whale willow_tree wolf woman "
                 "worm").split()
CIFAR100_COARSE = ["coarse_%d" % i for i in range(20)]


# ---------------------------------------------------------------- fixtures

def images(rng, labels, classes):
    """Images a small network can learn: a colour per class, a gradient, noise; rows of 3072 bytes (R, G, B planes)."""
    colours = np.random.RandomState(99).randint(0, 256, size=(classes, 3))
    out = np.zeros((len(labels), 3, 32, 32))
    ramp = np.linspace(-40, 40, 32)
    for i, c in enumerate(labels):
        out[i] = colours[c][:, None, None] + ramp[None, :, None] * (1 if c % 2 else -1) + rng.normal(0, 10, (3, 32, 32))
    return np.clip(out, 0, 255).astype(np.uint8).reshape(len(labels), 3072)


def batch(label_key, labels, data, name, extra=None):
    d = {b"batch_label": name.encode(), label_key: labels, b"data": data,
         b"filenames": [("img_%05d.png" % i).encode() for i in range(len(labels))]}
    d.update(extra or {})
    return py2pickle.dumps(d, 2)


def tar_gz(path, members):
    """A deterministic .tar.gz (GNU format, mtime 0) of {name: bytes}."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), 0, 0o644
            tar.addfile(info, io.BytesIO(data))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0, filename="") as gz:
        gz.write(buf.getvalue())


def write_fixtures():
    rng = np.random.RandomState(2024)
    members = {"cifar-10-batches-py/batches.meta": py2pickle.dumps(
        {b"num_cases_per_batch": 4, b"label_names": [c.encode() for c in CIFAR10_CLASSES], b"num_vis": 3072}, 2)}
    train_labels = list(rng.permutation(np.arange(20) % 10))
    for k in range(5):
        labels = [int(v) for v in train_labels[4 * k:4 * k + 4]]
        members["cifar-10-batches-py/data_batch_%d" % (k + 1)] = batch(
            b"labels", labels, images(rng, labels, 10), "training batch %d of 5" % (k + 1))
    members["cifar-10-batches-py/readme.html"] = b"<meta HTTP-EQUIV=\"REFRESH\" content=\"0; URL=https://www.cs.toronto.edu/~kriz/cifar.html\">\n"
    test_labels = [3, 8, 8, 0, 6, 6, 1, 6]
    members["cifar-10-batches-py/test_batch"] = batch(b"labels", test_labels, images(rng, test_labels, 10),
                                                      "testing batch 1 of 1")
    tar_gz(os.path.join(FIXTURES, "cifar-10-python.tar.gz"), members)

    fine = [int(v) for v in rng.randint(0, 100, 12)]
    fine_test = [int(v) for v in rng.randint(0, 100, 6)]
    members = {
        "cifar-100-python/meta": py2pickle.dumps({b"fine_label_names": [c.encode() for c in CIFAR100_FINE],
                                                  b"coarse_label_names": [c.encode() for c in CIFAR100_COARSE]}, 2),
        "cifar-100-python/train": batch(b"fine_labels", fine, images(rng, fine, 100), "training batch 1 of 1",
                                        {b"coarse_labels": [v // 5 for v in fine]}),
        "cifar-100-python/test": batch(b"fine_labels", fine_test, images(rng, fine_test, 100), "testing batch 1 of 1",
                                       {b"coarse_labels": [v // 5 for v in fine_test]}),
    }
    tar_gz(os.path.join(FIXTURES, "cifar-100-python.tar.gz"), members)


def extract_all(tmp):
    for name in ("cifar-10-python.tar.gz", "cifar-100-python.tar.gz"):
        with tarfile.open(os.path.join(FIXTURES, name)) as tar:
            tar.extractall(tmp)


# ---------------------------------------------------------------- datasets

def weighted_sums(data):
    """Per image, sum over its [32, 32, 3] bytes of value * (1 + flat index) mod 1000003: a cheap exact checksum."""
    w = np.arange(1, 32 * 32 * 3 + 1, dtype=np.int64)
    return [int(v) for v in (data.reshape(len(data), -1).astype(np.int64) * w).sum(1) % 1000003]


def dataset_case(cls, root, train, transform, items):
    """What torchvision's dataset holds; with items, also item 1 as pil_to_tensor gives it and item 0 transformed."""
    ds = cls(root=root, train=train, transform=transform)
    plain = cls(root=root, train=train)
    case = {"len": len(ds), "targets": list(map(int, ds.targets)), "classes": ds.classes,
            "data_shape": list(ds.data.shape), "checksums": weighted_sums(ds.data), "repr": repr(ds).replace(root, "ROOT")}
    if items:
        case.update(item1_uint8=t2j(transforms.functional.pil_to_tensor(plain[1][0])), item1_label=int(plain[1][1]),
                    item0_transformed=t2j(ds[0][0]))
    return case


# ---------------------------------------------------------------- blitz, part 1: tensors

def tensors_part():
    """tensor_tutorial's statements and what they print (NumPy's bridge becomes Java arrays in torch4j)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        torch.manual_seed(0)
        data = [[1, 2], [3, 4]]
        x_data = torch.tensor(data)
        x_ones = torch.ones_like(x_data)  # retains the properties of x_data
        print(f"Ones Tensor: \n {x_ones} \n")
        x_rand = torch.rand_like(x_data, dtype=torch.float)  # overrides the datatype of x_data
        print(f"Random Tensor: \n {x_rand} \n")
        shape = (2, 3,)
        rand_tensor = torch.rand(shape)
        ones_tensor = torch.ones(shape)
        zeros_tensor = torch.zeros(shape)
        print(f"Random Tensor: \n {rand_tensor} \n")
        print(f"Ones Tensor: \n {ones_tensor} \n")
        print(f"Zeros Tensor: \n {zeros_tensor}")
        tensor = torch.rand(3, 4)
        print(f"Shape of tensor: {tensor.shape}")
        print(f"Datatype of tensor: {tensor.dtype}")
        print(f"Device tensor is stored on: {tensor.device}")
        tensor = torch.ones(4, 4)
        print(f"First row: {tensor[0]}")
        print(f"First column: {tensor[:, 0]}")
        print(f"Last column: {tensor[..., -1]}")
        tensor[:, 1] = 0
        print(tensor)
        t1 = torch.cat([tensor, tensor, tensor], dim=1)
        print(t1)
        y1 = tensor @ tensor.T
        y2 = tensor.matmul(tensor.T)
        y3 = torch.rand_like(y1)
        torch.matmul(tensor, tensor.T, out=y3)
        print(y1, y2, y3)
        z1 = tensor * tensor
        z2 = tensor.mul(tensor)
        z3 = torch.rand_like(tensor)
        torch.mul(tensor, tensor, out=z3)
        print(z1, z2, z3)
        agg = tensor.sum()
        agg_item = agg.item()
        print(agg_item)
        print(f"{tensor} \n")
        tensor.add_(5)
        print(tensor)
        n = np.ones(5)
        t = torch.from_numpy(n)
        np.add(n, 1, out=n)
        print(f"t: {t}")
    return {"printed": out.getvalue()}


# ---------------------------------------------------------------- blitz, part 2 and 3

def autograd_part():
    a = torch.tensor([2., 3.], requires_grad=True)
    b = torch.tensor([6., 4.], requires_grad=True)
    Q = 3 * a ** 3 - b ** 2
    external_grad = torch.tensor([1., 1.])
    Q.backward(gradient=external_grad)
    return {"Q": t2j(Q), "a_grad": t2j(a.grad), "b_grad": t2j(b.grad)}


class LeNet(nn.Module):
    """neural_networks_tutorial's Net."""

    def __init__(self):
        super(LeNet, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


LeNet.__name__ = "Net"  # the tutorial's name, which the repr prints


def neural_networks_part():
    torch.manual_seed(0)
    net = LeNet()
    params = list(net.parameters())
    input = torch.randn(1, 1, 32, 32)
    out = net(input)
    net.zero_grad()
    out.backward(torch.randn(1, 10))
    grad_after_random_backward = net.conv1.bias.grad.clone()
    output = net(input)
    target = torch.randn(10)
    target = target.view(1, -1)
    criterion = nn.MSELoss()
    loss = criterion(output, target)
    fns = [type(loss.grad_fn).__name__, type(loss.grad_fn.next_functions[0][0]).__name__,
           type(loss.grad_fn.next_functions[0][0].next_functions[0][0]).__name__]
    net.zero_grad()
    bias_grad_before = net.conv1.bias.grad
    loss.backward()
    bias_grad_after = net.conv1.bias.grad.clone()
    optimizer = optim.SGD(net.parameters(), lr=0.01)
    optimizer.zero_grad()
    output = net(input)
    loss2 = criterion(output, target)
    loss2.backward()
    optimizer.step()
    return {"repr": repr(net), "num_params": len(params), "param0_size": list(params[0].size()), "out": t2j(out),
            "conv1_bias_grad_random": t2j(grad_after_random_backward), "loss": t2j(loss), "grad_fns": fns,
            "bias_grad_before_is_none": bias_grad_before is None or bool((bias_grad_before == 0).all()),
            "conv1_bias_grad": t2j(bias_grad_after), "loss2": t2j(loss2), "conv1_bias_after_step": t2j(net.conv1.bias),
            "output_after_step": t2j(net(input))}


# ---------------------------------------------------------------- blitz, part 4: training a classifier

class Net(nn.Module):
    """cifar10_tutorial's Net."""

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
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


def classifier_part(root):
    torch.manual_seed(0)
    transform = transforms.Compose(
        [transforms.ToTensor(),
         transforms.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
    batch_size = 4
    trainset = torchvision.datasets.CIFAR10(root=root, train=True, download=False, transform=transform)
    trainloader = torch.utils.data.DataLoader(trainset, batch_size=batch_size, shuffle=True, num_workers=0)
    testset = torchvision.datasets.CIFAR10(root=root, train=False, download=False, transform=transform)
    testloader = torch.utils.data.DataLoader(testset, batch_size=batch_size, shuffle=False, num_workers=0)
    classes = ('plane', 'car', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck')

    dataiter = iter(trainloader)
    images, labels = next(dataiter)
    first_labels = [classes[labels[j]] for j in range(batch_size)]

    net = Net()
    criterion = nn.CrossEntropyLoss()
    optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)
    losses = []
    for epoch in range(2):
        for i, data in enumerate(trainloader, 0):
            inputs, labels = data
            optimizer.zero_grad()
            outputs = net(inputs)
            loss = criterion(outputs, labels)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())

    dataiter = iter(testloader)
    images, labels = next(dataiter)
    outputs = net(images)
    _, predicted = torch.max(outputs, 1)

    correct = 0
    total = 0
    all_outputs = []
    with torch.no_grad():
        for data in testloader:
            images, labels = data
            outputs = net(images)
            all_outputs.append(outputs)
            _, predicted_all = torch.max(outputs.data, 1)
            total += labels.size(0)
            correct += (predicted_all == labels).sum().item()

    correct_pred = {classname: 0 for classname in classes}
    total_pred = {classname: 0 for classname in classes}
    with torch.no_grad():
        for data in testloader:
            images, labels = data
            outputs = net(images)
            _, predictions = torch.max(outputs, 1)
            for label, prediction in zip(labels, predictions):
                if label == prediction:
                    correct_pred[classes[label]] += 1
                total_pred[classes[label]] += 1
    return {"first_batch_labels": first_labels, "losses": losses,
            "fc3_weight": t2j(net.fc3.weight), "conv1_weight": t2j(net.conv1.weight),
            "test_outputs": t2j(torch.cat(all_outputs)), "predicted_first": [classes[p] for p in predicted.tolist()],
            "correct": correct, "total": total, "correct_pred": correct_pred, "total_pred": total_pred}


def main():
    write_fixtures()
    orig = tv_cifar.check_integrity
    tv_cifar.check_integrity = lambda *a, **k: True
    torchvision.datasets.CIFAR10._check_integrity = lambda self: True
    try:
        with tempfile.TemporaryDirectory() as tmp:
            extract_all(tmp)
            transform = transforms.Compose([transforms.ToTensor(), transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])])
            cases = {
                "cifar10_train": dataset_case(torchvision.datasets.CIFAR10, tmp, True, transform, True),
                "cifar10_test": dataset_case(torchvision.datasets.CIFAR10, tmp, False, transform, False),
                "cifar100_train": dataset_case(torchvision.datasets.CIFAR100, tmp, True, transform, False),
                "cifar100_test": dataset_case(torchvision.datasets.CIFAR100, tmp, False, transform, False),
                "tensors": tensors_part(),
                "autograd": autograd_part(),
                "neural_networks": neural_networks_part(),
                "classifier": classifier_part(tmp),
            }
    finally:
        tv_cifar.check_integrity = orig
    cases["versions"] = {"torch": torch.__version__, "torchvision": torchvision.__version__}
    write("blitz", cases)


if __name__ == "__main__":
    main()
