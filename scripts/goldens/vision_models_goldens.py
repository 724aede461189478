"""Goldens for dev.torch4j.vision.models (torchvision 0.14's ResNet, MobileNetV2 and MobileNetV3) -> goldens/vision_models.json.

Run: /usr/bin/python3 scripts/goldens/vision_models_goldens.py   (needs python3-torchvision)

After torch.manual_seed the models are built as torchvision builds them (no pretrained weights); each case keeps
the repr, every state-dict entry's shape with its sum and first values (the initialisation's bits), and for
resnet18 the autograd tutorial's use of it: a forward pass in training mode on torch.rand(1, 3, 64, 64), the loss
(prediction - labels).sum(), its backward, one SGD step, then frozen parameters and a new fc head.
"""
import torch
import torchvision

from common import t2j, write


def entries(model):
    out = []
    for k, v in model.state_dict().items():
        flat = v.reshape(-1)
        out.append({"key": k, "shape": list(v.shape), "sum": float(v.double().sum()),
                    "first": [float(x) for x in flat[:4].double().tolist()]})
    return out


cases = {}
for name in ("resnet18", "resnet50"):
    torch.manual_seed(0)
    model = getattr(torchvision.models, name)()
    cases[name] = {"repr": repr(model), "entries": entries(model),
                   "num_params": sum(p.numel() for p in model.parameters())}

torch.manual_seed(0)
model = torchvision.models.resnet18()
data = torch.rand(1, 3, 64, 64)
labels = torch.rand(1, 1000)
prediction = model(data)  # forward pass
loss = (prediction - labels).sum()
loss.backward()  # backward pass
optim = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
optim.step()  # gradient descent
tutorial = {"prediction": t2j(prediction), "loss": t2j(loss), "conv1_grad_sum": float(model.conv1.weight.grad.double().sum()),
            "layer4_bn2_grad": t2j(model.layer4[1].bn2.weight.grad), "fc_bias_after": t2j(model.fc.bias),
            "running_mean_bn1": t2j(model.bn1.running_mean)}
for param in model.parameters():
    param.requires_grad = False
model.fc = torch.nn.Linear(512, 10)
optimizer = torch.optim.SGD(model.parameters(), lr=1e-2, momentum=0.9)
out = model(data)
out.sum().backward()
tutorial["frozen"] = [n for n, p in model.named_parameters() if p.grad is not None]
tutorial["new_fc_weight_grad"] = t2j(model.fc.weight.grad)
cases["resnet18_autograd_tutorial"] = tutorial
torch.manual_seed(0)
mnet = torchvision.models.mobilenet_v2()
cases["mobilenet_v2"] = {"repr": repr(mnet), "entries": entries(mnet), "num_params": sum(p.numel() for p in mnet.parameters())}
mnet.eval()
mx = torch.rand(2, 3, 64, 64)  # drawn right after the model (the test draws it the same way: the bits are PyTorch's)
with torch.no_grad():
    cases["mobilenet_v2_eval"] = {"input_sum": float(mx.double().sum()), "out": t2j(mnet(mx))}
for name in ("mobilenet_v3_small", "mobilenet_v3_large"):
    torch.manual_seed(0)
    m3 = getattr(torchvision.models, name)()
    cases[name] = {"repr": repr(m3), "entries": entries(m3), "num_params": sum(p.numel() for p in m3.parameters())}
    m3.eval()
    x3 = torch.rand(2, 3, 64, 64)
    with torch.no_grad():
        cases[name + "_eval"] = {"input_sum": float(x3.double().sum()), "out": t2j(m3(x3))}
write("vision_models", cases)
