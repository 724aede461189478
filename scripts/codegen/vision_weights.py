"""torchvision's pretrained-weight tables -> Java enums in library/src/main/java/dev/torch4j/vision/models/.

Run: /usr/bin/python3 scripts/codegen/vision_weights.py

For each torchvision 0.14 WeightsEnum of a model torch4j implements (AlexNet, ConvNeXt, DenseNet, MobileNetV2/V3,
ResNet, ResNeXt, Wide ResNet, SqueezeNet, VGG, ViT, EfficientNet B0-B7 and V2, RegNet, ShuffleNetV2,
MNASNet, GoogLeNet, Inception3, Swin and Swin V2), one Java enum <Model>Weights with the same constants, each holding what torchvision's
holds: the checkpoint URL (its file name carries the SHA-256 prefix the download is checked against), the parameter
count, the minimum input size (for the ViTs also the image size the model is built for), whether the categories are
ImageNet's, and the ImageClassification preset (crop and resize sizes, interpolation, mean and std). DEFAULT is
torchvision's DEFAULT. Weights whose preset needs an interpolation torch4j's resize lacks are left out and listed
at the end of the run (none with torchvision 0.14). Also writes the ImageNet category names (a resource).

The segmentation enums (SEG_ENUMS) go to the segmentation subpackage as SegmentationWeights: the same Spec (no crop
size, no ImageNet accuracies: their SemanticSegmentation preset only resizes and normalizes) with the
COCO-val2017-VOC-labels mIoU and pixel accuracy; their 21 VOC category names are written as a resource there.

Detection weights (DETECTION below) become enums in dev.torch4j.vision.models.detection: the same URL, parameter
count and minimum size, torchvision's COCO category names (a resource beside them, "__background__" and "N/A"
included, 91 in all), the ObjectDetection preset and the COCO-val2017 box mAP.

Video weights (VIDEO below) become enums in dev.torch4j.vision.models.video implementing VideoWeights: the same Spec
(the square crop as cropSize) with the VideoClassification preset's resize size (two values or the shorter side),
min_temporal_size (1 where torchvision gives none) and the Kinetics-400 accuracies; the 400 Kinetics category names
are written as a resource there.
"""
import os

import torchvision
import torchvision.models as M

ROOT = os.path.join(os.path.dirname(__file__), "..", "..", "library", "src", "main")
JAVA = os.path.join(ROOT, "java", "dev", "torch4j", "vision", "models")
RES = os.path.join(ROOT, "resources", "dev", "torch4j", "vision", "models")
SEG_JAVA = os.path.join(JAVA, "segmentation")
SEG_RES = os.path.join(RES, "segmentation")

# torchvision enum -> (Java enum, the factory the Javadoc points at)
ENUMS = {
    "AlexNet_Weights": ("AlexNetWeights", "AlexNet#alexnet"),
    "ConvNeXt_Tiny_Weights": ("ConvNeXtTinyWeights", "ConvNeXt#convnextTiny"),
    "ConvNeXt_Small_Weights": ("ConvNeXtSmallWeights", "ConvNeXt#convnextSmall"),
    "ConvNeXt_Base_Weights": ("ConvNeXtBaseWeights", "ConvNeXt#convnextBase"),
    "ConvNeXt_Large_Weights": ("ConvNeXtLargeWeights", "ConvNeXt#convnextLarge"),
    "DenseNet121_Weights": ("DenseNet121Weights", "DenseNet#densenet121"),
    "DenseNet161_Weights": ("DenseNet161Weights", "DenseNet#densenet161"),
    "DenseNet169_Weights": ("DenseNet169Weights", "DenseNet#densenet169"),
    "DenseNet201_Weights": ("DenseNet201Weights", "DenseNet#densenet201"),
    "MobileNet_V2_Weights": ("MobileNetV2Weights", "MobileNetV2#mobilenetV2"),
    "MobileNet_V3_Large_Weights": ("MobileNetV3LargeWeights", "MobileNetV3#mobilenetV3Large"),
    "MobileNet_V3_Small_Weights": ("MobileNetV3SmallWeights", "MobileNetV3#mobilenetV3Small"),
    "ResNet18_Weights": ("ResNet18Weights", "ResNet#resnet18"),
    "ResNet34_Weights": ("ResNet34Weights", "ResNet#resnet34"),
    "ResNet50_Weights": ("ResNet50Weights", "ResNet#resnet50"),
    "ResNet101_Weights": ("ResNet101Weights", "ResNet#resnet101"),
    "ResNet152_Weights": ("ResNet152Weights", "ResNet#resnet152"),
    "SqueezeNet1_0_Weights": ("SqueezeNet1_0Weights", "SqueezeNet#squeezenet1_0"),
    "SqueezeNet1_1_Weights": ("SqueezeNet1_1Weights", "SqueezeNet#squeezenet1_1"),
    "VGG11_Weights": ("VGG11Weights", "VGG#vgg11"),
    "VGG11_BN_Weights": ("VGG11BnWeights", "VGG#vgg11Bn"),
    "VGG13_Weights": ("VGG13Weights", "VGG#vgg13"),
    "VGG13_BN_Weights": ("VGG13BnWeights", "VGG#vgg13Bn"),
    "VGG16_Weights": ("VGG16Weights", "VGG#vgg16"),
    "VGG16_BN_Weights": ("VGG16BnWeights", "VGG#vgg16Bn"),
    "VGG19_Weights": ("VGG19Weights", "VGG#vgg19"),
    "VGG19_BN_Weights": ("VGG19BnWeights", "VGG#vgg19Bn"),
    "ViT_B_16_Weights": ("ViTB16Weights", "VisionTransformer#vitB16"),
    "ViT_B_32_Weights": ("ViTB32Weights", "VisionTransformer#vitB32"),
    "ViT_L_16_Weights": ("ViTL16Weights", "VisionTransformer#vitL16"),
    "ViT_L_32_Weights": ("ViTL32Weights", "VisionTransformer#vitL32"),
    "ViT_H_14_Weights": ("ViTH14Weights", "VisionTransformer#vitH14"),
    "ResNeXt50_32X4D_Weights": ("ResNeXt50_32X4DWeights", "ResNet#resnext50_32x4d"),
    "ResNeXt101_32X8D_Weights": ("ResNeXt101_32X8DWeights", "ResNet#resnext101_32x8d"),
    "ResNeXt101_64X4D_Weights": ("ResNeXt101_64X4DWeights", "ResNet#resnext101_64x4d"),
    "Wide_ResNet50_2_Weights": ("WideResNet50_2Weights", "ResNet#wideResnet50_2"),
    "Wide_ResNet101_2_Weights": ("WideResNet101_2Weights", "ResNet#wideResnet101_2"),
    "EfficientNet_B0_Weights": ("EfficientNetB0Weights", "EfficientNet#efficientnetB0"),
    "EfficientNet_B1_Weights": ("EfficientNetB1Weights", "EfficientNet#efficientnetB1"),
    "EfficientNet_B2_Weights": ("EfficientNetB2Weights", "EfficientNet#efficientnetB2"),
    "EfficientNet_B3_Weights": ("EfficientNetB3Weights", "EfficientNet#efficientnetB3"),
    "EfficientNet_B4_Weights": ("EfficientNetB4Weights", "EfficientNet#efficientnetB4"),
    "EfficientNet_B5_Weights": ("EfficientNetB5Weights", "EfficientNet#efficientnetB5"),
    "EfficientNet_B6_Weights": ("EfficientNetB6Weights", "EfficientNet#efficientnetB6"),
    "EfficientNet_B7_Weights": ("EfficientNetB7Weights", "EfficientNet#efficientnetB7"),
    "EfficientNet_V2_S_Weights": ("EfficientNetV2SWeights", "EfficientNet#efficientnetV2S"),
    "EfficientNet_V2_M_Weights": ("EfficientNetV2MWeights", "EfficientNet#efficientnetV2M"),
    "EfficientNet_V2_L_Weights": ("EfficientNetV2LWeights", "EfficientNet#efficientnetV2L"),
    "RegNet_Y_400MF_Weights": ("RegNetY_400MFWeights", "RegNet#regnetY_400mf"),
    "RegNet_Y_800MF_Weights": ("RegNetY_800MFWeights", "RegNet#regnetY_800mf"),
    "RegNet_Y_1_6GF_Weights": ("RegNetY_1_6GFWeights", "RegNet#regnetY_1_6gf"),
    "RegNet_Y_3_2GF_Weights": ("RegNetY_3_2GFWeights", "RegNet#regnetY_3_2gf"),
    "RegNet_Y_8GF_Weights": ("RegNetY_8GFWeights", "RegNet#regnetY_8gf"),
    "RegNet_Y_16GF_Weights": ("RegNetY_16GFWeights", "RegNet#regnetY_16gf"),
    "RegNet_Y_32GF_Weights": ("RegNetY_32GFWeights", "RegNet#regnetY_32gf"),
    "RegNet_Y_128GF_Weights": ("RegNetY_128GFWeights", "RegNet#regnetY_128gf"),
    "RegNet_X_400MF_Weights": ("RegNetX_400MFWeights", "RegNet#regnetX_400mf"),
    "RegNet_X_800MF_Weights": ("RegNetX_800MFWeights", "RegNet#regnetX_800mf"),
    "RegNet_X_1_6GF_Weights": ("RegNetX_1_6GFWeights", "RegNet#regnetX_1_6gf"),
    "RegNet_X_3_2GF_Weights": ("RegNetX_3_2GFWeights", "RegNet#regnetX_3_2gf"),
    "RegNet_X_8GF_Weights": ("RegNetX_8GFWeights", "RegNet#regnetX_8gf"),
    "RegNet_X_16GF_Weights": ("RegNetX_16GFWeights", "RegNet#regnetX_16gf"),
    "RegNet_X_32GF_Weights": ("RegNetX_32GFWeights", "RegNet#regnetX_32gf"),
    "ShuffleNet_V2_X0_5_Weights": ("ShuffleNetV2X0_5Weights", "ShuffleNetV2#shufflenetV2X0_5"),
    "ShuffleNet_V2_X1_0_Weights": ("ShuffleNetV2X1_0Weights", "ShuffleNetV2#shufflenetV2X1_0"),
    "ShuffleNet_V2_X1_5_Weights": ("ShuffleNetV2X1_5Weights", "ShuffleNetV2#shufflenetV2X1_5"),
    "ShuffleNet_V2_X2_0_Weights": ("ShuffleNetV2X2_0Weights", "ShuffleNetV2#shufflenetV2X2_0"),
    "MNASNet0_5_Weights": ("MNASNet0_5Weights", "MNASNet#mnasnet0_5"),
    "MNASNet0_75_Weights": ("MNASNet0_75Weights", "MNASNet#mnasnet0_75"),
    "MNASNet1_0_Weights": ("MNASNet1_0Weights", "MNASNet#mnasnet1_0"),
    "MNASNet1_3_Weights": ("MNASNet1_3Weights", "MNASNet#mnasnet1_3"),
    "GoogLeNet_Weights": ("GoogLeNetWeights", "GoogLeNet#googlenet"),
    "Inception_V3_Weights": ("InceptionV3Weights", "Inception3#inceptionV3"),
    "Swin_T_Weights": ("SwinTWeights", "SwinTransformer#swinT"),
    "Swin_S_Weights": ("SwinSWeights", "SwinTransformer#swinS"),
    "Swin_B_Weights": ("SwinBWeights", "SwinTransformer#swinB"),
    "Swin_V2_T_Weights": ("SwinV2TWeights", "SwinTransformer#swinV2T"),
    "Swin_V2_S_Weights": ("SwinV2SWeights", "SwinTransformer#swinV2S"),
    "Swin_V2_B_Weights": ("SwinV2BWeights", "SwinTransformer#swinV2B"),
}

# torchvision.models.segmentation enum -> (Java enum, the factory the Javadoc points at)
SEG_ENUMS = {
    "FCN_ResNet50_Weights": ("FCNResNet50Weights", "FCN#fcnResnet50"),
    "FCN_ResNet101_Weights": ("FCNResNet101Weights", "FCN#fcnResnet101"),
    "DeepLabV3_ResNet50_Weights": ("DeepLabV3ResNet50Weights", "DeepLabV3#deeplabv3Resnet50"),
    "DeepLabV3_ResNet101_Weights": ("DeepLabV3ResNet101Weights", "DeepLabV3#deeplabv3Resnet101"),
    "DeepLabV3_MobileNet_V3_Large_Weights": ("DeepLabV3MobileNetV3LargeWeights", "DeepLabV3#deeplabv3MobilenetV3Large"),
    "LRASPP_MobileNet_V3_Large_Weights": ("LRASPPMobileNetV3LargeWeights", "LRASPP#lrasppMobilenetV3Large"),
}

left_out = []
imagenet = None


def jdoubles(v):
    return "new double[] {" + ", ".join(repr(float(x)) for x in v) + "}"


for py, (java, factory) in ENUMS.items():
    W = getattr(M, py)
    consts = []
    for w in W:
        t = w.transforms()
        interp = t.interpolation.name
        if interp not in ("BILINEAR", "NEAREST", "BICUBIC"):
            left_out.append(f"{py}.{w.name} ({interp}, min size {w.meta['min_size']})")
            continue
        cats = w.meta["categories"]
        if cats is not None:
            if imagenet is None:
                imagenet = list(cats)
            assert list(cats) == imagenet, py
        metrics = w.meta.get("_metrics", {}).get("ImageNet-1K", {})
        acc = ", ".join("Double.NaN" if v != v else repr(float(v)) for v in (metrics.get("acc@1", float("nan")), metrics.get("acc@5", float("nan"))))
        consts.append((w.name, f'    {w.name}(new Spec("{w.url}", {w.meta["num_params"]}L,\n'
                               f'            {w.meta["min_size"][0]}, {w.meta["min_size"][1]}, {str(cats is not None).lower()}, '
                               f'{t.crop_size[0]}, {t.resize_size[0]}, InterpolationMode.{interp},\n'
                               f'            {jdoubles(t.mean)}, {jdoubles(t.std)}, {acc}))'))
    if not consts:
        continue
    default = W.DEFAULT.name
    if default not in [c[0] for c in consts]:
        default = consts[0][0]
    src = f"""package dev.torch4j.vision.models;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {{@code {py}}}: pretrained weights for {{@link {factory}}} (written by
 * scripts/codegen/vision_weights.py from torchvision {torchvision.__version__.split('a')[0]}).
 */
public enum {java} implements Weights {{
""" + ",\n".join("    /** {@code " + py + "." + n + "}. */\n" + line for n, line in consts) + f""";

    /** {{@code {py}.DEFAULT}}. */
    public static final {java} DEFAULT = {default};

    private final Spec spec;

    {java}(Spec spec) {{ this.spec = spec; }}

    @Override
    public Spec spec() {{ return spec; }}
}}
"""
    with open(os.path.join(JAVA, java + ".java"), "w") as f:
        f.write(src)

os.makedirs(RES, exist_ok=True)
with open(os.path.join(RES, "imagenet_categories.txt"), "w") as f:
    f.write("\n".join(imagenet) + "\n")
print("left out:", *left_out, sep="\n  ")


# ---------------------------------------------------------------- segmentation
import torchvision.models.segmentation as S

voc = None
for py, (java, factory) in SEG_ENUMS.items():
    W = getattr(S, py)
    consts = []
    for w in W:
        t = w.transforms()
        cats = list(w.meta["categories"])
        voc = voc or cats
        assert cats == voc, py
        assert t.interpolation.name in ("BILINEAR", "NEAREST", "BICUBIC"), py
        m = w.meta["_metrics"]["COCO-val2017-VOC-labels"]
        consts.append((w.name, f'    {w.name}(new Spec("{w.url}", {w.meta["num_params"]}L,\n'
                               f'            {w.meta["min_size"][0]}, {w.meta["min_size"][1]}, false, 0, {t.resize_size[0]}, '
                               f'InterpolationMode.{t.interpolation.name},\n'
                               f'            {jdoubles(t.mean)}, {jdoubles(t.std)}, Double.NaN, Double.NaN), '
                               f'{float(m["miou"])!r}, {float(m["pixel_acc"])!r})'))
    src = f"""package dev.torch4j.vision.models.segmentation;

import dev.torch4j.vision.transforms.InterpolationMode;

import java.util.Map;

/**
 * torchvision's {{@code {py}}}: pretrained weights for {{@link {factory}}} (written by
 * scripts/codegen/vision_weights.py from torchvision {torchvision.__version__.split('a')[0]}).
 */
public enum {java} implements SegmentationWeights {{
""" + ",\n".join("    /** {@code " + py + "." + n + "}. */\n" + line for n, line in consts) + f""";

    /** {{@code {py}.DEFAULT}}. */
    public static final {java} DEFAULT = {W.DEFAULT.name};

    private final Spec spec;
    private final double miou, pixelAcc;

    {java}(Spec spec, double miou, double pixelAcc) {{
        this.spec = spec;
        this.miou = miou;
        this.pixelAcc = pixelAcc;
    }}

    @Override
    public Spec spec() {{ return spec; }}

    @Override
    public Map<String, Double> metrics() {{ return Map.of("miou", miou, "pixel_acc", pixelAcc); }}
}}
"""
    with open(os.path.join(SEG_JAVA, java + ".java"), "w") as f:
        f.write(src)
os.makedirs(SEG_RES, exist_ok=True)
with open(os.path.join(SEG_RES, "voc_categories.txt"), "w") as f:
    f.write("\n".join(voc) + "\n")


# ---------------------------------------------------------------- detection weights
import torchvision.models.detection as D

DET_JAVA = os.path.join(JAVA, "detection")
DET_RES = os.path.join(RES, "detection")

# torchvision enum -> (Java enum, the factory the Javadoc points at)
DETECTION = {
    "FasterRCNN_ResNet50_FPN_Weights": ("FasterRCNNResNet50FPNWeights", "FasterRCNN#fasterrcnnResnet50Fpn"),
    "FasterRCNN_ResNet50_FPN_V2_Weights": ("FasterRCNNResNet50FPNV2Weights", "FasterRCNN#fasterrcnnResnet50FpnV2"),
    "FasterRCNN_MobileNet_V3_Large_FPN_Weights": ("FasterRCNNMobileNetV3LargeFPNWeights", "FasterRCNN#fasterrcnnMobilenetV3LargeFpn"),
    "FasterRCNN_MobileNet_V3_Large_320_FPN_Weights": ("FasterRCNNMobileNetV3Large320FPNWeights", "FasterRCNN#fasterrcnnMobilenetV3Large320Fpn"),
    "MaskRCNN_ResNet50_FPN_Weights": ("MaskRCNNResNet50FPNWeights", "MaskRCNN#maskrcnnResnet50Fpn"),
    "MaskRCNN_ResNet50_FPN_V2_Weights": ("MaskRCNNResNet50FPNV2Weights", "MaskRCNN#maskrcnnResnet50FpnV2"),
    "RetinaNet_ResNet50_FPN_Weights": ("RetinaNetResNet50FPNWeights", "RetinaNet#retinanetResnet50Fpn"),
    "RetinaNet_ResNet50_FPN_V2_Weights": ("RetinaNetResNet50FPNV2Weights", "RetinaNet#retinanetResnet50FpnV2"),
    "KeypointRCNN_ResNet50_FPN_Weights": ("KeypointRCNNResNet50FPNWeights", "KeypointRCNN#keypointrcnnResnet50Fpn"),
}

coco = None
# the second mAP some weights give: (metric, Java field, what it measures)
SECOND_MAP = {"mask_map": ("maskMap", "mask"), "kp_map": ("kpMap", "keypoint")}
for py, (java, factory) in DETECTION.items():
    W = getattr(D, py)
    consts = []
    own_cats = None  # categories other than COCO's 91 (Keypoint R-CNN's person classes), with keypoint names
    for w in W:
        cats = list(w.meta["categories"])
        coco = coco or cats
        if cats != coco:
            own = (cats, list(w.meta.get("keypoint_names", [])))
            assert own_cats in (None, own), py
            own_cats = own
        assert type(w.transforms()).__name__ == "ObjectDetection", py
        metrics = w.meta["_metrics"]["COCO-val2017"]
        second = next((k for k in SECOND_MAP if k in metrics), None)
        maps = repr(float(metrics["box_map"])) + (f", {repr(float(metrics[second]))}" if second else "")
        consts.append((w.name, f'    {w.name}(new Spec("{w.url}", {w.meta["num_params"]}L,\n'
                               f'            {w.meta["min_size"][0]}, {w.meta["min_size"][1]}, false, 0, 0, null, null, null, Double.NaN, Double.NaN), '
                               f'{maps})'))
    extra_field = extra_param = extra_set = extra_methods = ""
    if second:
        field, what = SECOND_MAP[second]
        extra_field = f"\n    private final double {field};"
        extra_param = f", double {field}"
        extra_set = f"\n        this.{field} = {field};"
        extra_methods = f"""

    /** {{@code meta["_metrics"]["COCO-val2017"]["{second}"]}}: the {what} mAP. */
    public double {field}() {{ return {field}; }}

    /** {{@code meta["_metrics"]["COCO-val2017"]}}: {{@code box_map}} and {{@code {second}}}. */
    @Override
    public java.util.Map<String, Double> metrics() {{ return java.util.Map.of("box_map", boxMap, "{second}", {field}); }}"""
    if own_cats:
        quoted = lambda xs: ", ".join('"' + x + '"' for x in xs)
        extra_methods += f"""

    /** {{@code meta["categories"]}}. */
    @Override
    public java.util.List<String> categories() {{ return java.util.List.of({quoted(own_cats[0])}); }}"""
        if own_cats[1]:
            extra_methods += f"""

    /** {{@code meta["keypoint_names"]}}. */
    public java.util.List<String> keypointNames() {{
        return java.util.List.of({quoted(own_cats[1][:6])},
                {quoted(own_cats[1][6:12])},
                {quoted(own_cats[1][12:])});
    }}"""
    src = f"""package dev.torch4j.vision.models.detection;

/**
 * torchvision's {{@code {py}}}: pretrained weights for {{@link {factory}}} (written by
 * scripts/codegen/vision_weights.py from torchvision {torchvision.__version__.split('a')[0]}).
 */
public enum {java} implements DetectionWeights {{
""" + ",\n".join("    /** {@code " + py + "." + n + "}. */\n" + line for n, line in consts) + f""";

    /** {{@code {py}.DEFAULT}}. */
    public static final {java} DEFAULT = {W.DEFAULT.name};

    private final Spec spec;
    private final double boxMap;{extra_field}

    {java}(Spec spec, double boxMap{extra_param}) {{
        this.spec = spec;
        this.boxMap = boxMap;{extra_set}
    }}

    @Override
    public Spec spec() {{ return spec; }}

    @Override
    public double boxMap() {{ return boxMap; }}{extra_methods}
}}
"""
    with open(os.path.join(DET_JAVA, java + ".java"), "w") as f:
        f.write(src)

os.makedirs(DET_RES, exist_ok=True)
with open(os.path.join(DET_RES, "coco_categories.txt"), "w") as f:
    f.write("\n".join(coco) + "\n")


# ---------------------------------------------------------------- video weights
import torchvision.models.video as VID
from torchvision.models._meta import _KINETICS400_CATEGORIES

VID_JAVA = os.path.join(JAVA, "video")
VID_RES = os.path.join(RES, "video")

# torchvision enum -> (Java enum, the factory the Javadoc points at)
VIDEO = {
    "R3D_18_Weights": ("R3D_18Weights", "VideoResNet#r3d_18"),
    "MC3_18_Weights": ("MC3_18Weights", "VideoResNet#mc3_18"),
    "R2Plus1D_18_Weights": ("R2Plus1D_18Weights", "VideoResNet#r2plus1d_18"),
    "S3D_Weights": ("S3DWeights", "S3D#s3d"),
    "MViT_V1_B_Weights": ("MViTV1BWeights", "MViT#mvit_v1_b"),
    "MViT_V2_S_Weights": ("MViTV2SWeights", "MViT#mvit_v2_s"),
}

for py, (java, factory) in VIDEO.items():
    W = getattr(VID, py)
    consts = []
    for w in W:
        t = w.transforms()
        assert type(t).__name__ == "VideoClassification" and t.crop_size[0] == t.crop_size[1], py
        assert list(w.meta["categories"]) == list(_KINETICS400_CATEGORIES), py
        m = w.meta["_metrics"]["Kinetics-400"]
        resize = "new long[] {" + ", ".join(str(v) for v in t.resize_size) + "}"
        consts.append((w.name, f'    {w.name}(new Spec("{w.url}", {w.meta["num_params"]}L,\n'
                               f'            {w.meta["min_size"][0]}, {w.meta["min_size"][1]}, false, {t.crop_size[0]}, {t.resize_size[0]}, '
                               f'InterpolationMode.{t.interpolation.name},\n'
                               f'            {jdoubles(t.mean)}, {jdoubles(t.std)}, {float(m["acc@1"])!r}, {float(m["acc@5"])!r}),\n'
                               f'            {resize}, {w.meta.get("min_temporal_size", 1)})'))
    src = f"""package dev.torch4j.vision.models.video;

import dev.torch4j.vision.transforms.InterpolationMode;

/**
 * torchvision's {{@code {py}}}: Kinetics-400 weights for {{@link {factory}}} (written by
 * scripts/codegen/vision_weights.py from torchvision {torchvision.__version__.split('a')[0]}).
 */
public enum {java} implements VideoWeights {{
""" + ",\n".join("    /** {@code " + py + "." + n + "}. */\n" + line for n, line in consts) + f""";

    /** {{@code {py}.DEFAULT}}. */
    public static final {java} DEFAULT = {W.DEFAULT.name};

    private final Spec spec;
    private final long[] resizeSize;
    private final long minTemporalSize;

    {java}(Spec spec, long[] resizeSize, long minTemporalSize) {{
        this.spec = spec;
        this.resizeSize = resizeSize;
        this.minTemporalSize = minTemporalSize;
    }}

    @Override
    public Spec spec() {{ return spec; }}

    @Override
    public long[] resizeSize() {{ return resizeSize.clone(); }}

    @Override
    public long minTemporalSize() {{ return minTemporalSize; }}
}}
"""
    os.makedirs(VID_JAVA, exist_ok=True)
    with open(os.path.join(VID_JAVA, java + ".java"), "w") as f:
        f.write(src)

os.makedirs(VID_RES, exist_ok=True)
with open(os.path.join(VID_RES, "kinetics400_categories.txt"), "w") as f:
    f.write("\n".join(_KINETICS400_CATEGORIES) + "\n")
