"""The StyleGAN2-ADA generator (architecture 'skip', float32) in plain PyTorch, written from
../shared/reference/stylegan2-spec.md for `phantom bench`'s PyTorch side; it loads phantom's
safetensors weights (official names, `generator_kwargs` metadata) so it can be checked against
the reference fixtures (tests/python/stylegan2_torch.sh).

Eval-mode semantics: constant noise, no w_avg update; the modulated convolutions fused (the
official eval path) or unfused (its training path; the same function up to rounding)."""
import json
import math

import torch
import torch.nn.functional as F

SQRT2 = math.sqrt(2)


def fir_filter():
    """[1,3,3,1] outer itself, normalised to sum 1 (spec 2.4)."""
    k = torch.tensor([1.0, 3.0, 3.0, 1.0])
    f = torch.outer(k, k)
    return f / f.sum()


def upfirdn2d(x, f, up, padding, gain):
    """Zero-insert by `up`, pad (x0, x1, y0, y1), true convolution with f*gain per channel (2.5)."""
    n, c, h, w = x.shape
    if up > 1:
        x = F.pad(x.reshape(n, c, h, 1, w, 1), [0, up - 1, 0, 0, 0, up - 1])
        x = x.reshape(n, c, h * up, w * up)
    x = F.pad(x, list(padding))
    kernel = (f * gain).flip([0, 1]).to(x)[None, None].repeat(c, 1, 1, 1)
    return F.conv2d(x, kernel, groups=c)


def bias_act(x, b, lrelu, gain, clamp):
    """x + b (channel axis), lrelu(0.2) or identity, times gain, then the clamp (2.3)."""
    x = x + b.reshape([1, -1] + [1] * (x.dim() - 2))
    if lrelu:
        x = F.leaky_relu(x, 0.2)
    x = x * gain
    return x.clamp(-clamp, clamp) if clamp is not None else x


def modulated_conv2d(x, weight, styles, demodulate, up, f):
    """Per-sample weights weight * styles, optionally demodulated, as one grouped convolution;
    up = 2 is a stride-2 transposed convolution with the unflipped kernel, then the FIR (2.6)."""
    n, _, h, w = x.shape
    out, inp, k, _ = weight.shape
    wm = weight[None] * styles[:, None, :, None, None]
    if demodulate:
        wm = wm * torch.rsqrt(wm.square().sum([2, 3, 4]) + 1e-8)[:, :, None, None, None]
    x = x.reshape(1, n * inp, h, w)
    if up == 1:
        y = F.conv2d(x, wm.reshape(n * out, inp, k, k), padding=k // 2, groups=n)
    else:
        y = F.conv_transpose2d(x, wm.transpose(1, 2).reshape(n * inp, out, k, k), stride=2, groups=n)
        y = upfirdn2d(y, f, 1, (1, 1, 1, 1), 4)
    return y.reshape(n, out, y.shape[2], y.shape[3])


def modulated_conv2d_unfused(x, weight, styles, demodulate, up, f):
    """The same with the styles scaling the input and the demodulation the output, around one
    convolution with the shared weight (2.6, step 4)."""
    out, _, k, _ = weight.shape
    x = x * styles[:, :, None, None]
    if up == 1:
        y = F.conv2d(x, weight, padding=k // 2)
    else:
        y = F.conv_transpose2d(x, weight.transpose(0, 1), stride=2)
        y = upfirdn2d(y, f, 1, (1, 1, 1, 1), 4)
    if demodulate:
        d = torch.rsqrt((weight[None] * styles[:, None, :, None, None]).square().sum([2, 3, 4]) + 1e-8)
        y = y * d[:, :, None, None]
    return y


class FullyConnected(torch.nn.Module):
    """Raw parameters with the learning-rate gains applied at run time (2.2)."""

    def __init__(self, inp, out, lrelu=False, lr_multiplier=1.0, bias_init=0.0):
        super().__init__()
        self.weight = torch.nn.Parameter(torch.randn(out, inp) / lr_multiplier)
        self.bias = torch.nn.Parameter(torch.full([out], float(bias_init)))
        self.lrelu = lrelu
        self.weight_gain = lr_multiplier / math.sqrt(inp)
        self.bias_gain = lr_multiplier

    def forward(self, x):
        y = x @ (self.weight * self.weight_gain).t()
        b = self.bias * self.bias_gain
        return bias_act(y, b, True, SQRT2, None) if self.lrelu else y + b


class Mapping(torch.nn.Module):
    def __init__(self, z_dim, w_dim, num_ws, num_layers=8, lr_multiplier=0.01, layer_features=None):
        super().__init__()
        features = [z_dim] + [layer_features or w_dim] * (num_layers - 1) + [w_dim]
        for i in range(num_layers):
            self.add_module(f"fc{i}", FullyConnected(features[i], features[i + 1], True, lr_multiplier))
        self.num_layers, self.num_ws = num_layers, num_ws
        self.register_buffer("w_avg", torch.zeros(w_dim))

    def forward(self, z, psi=1.0):
        x = z * torch.rsqrt(z.square().mean(1, keepdim=True) + 1e-8)
        for i in range(self.num_layers):
            x = getattr(self, f"fc{i}")(x)
        ws = x[:, None, :].repeat(1, self.num_ws, 1)
        return ws if psi == 1 else self.w_avg + psi * (ws - self.w_avg)


class SynthesisLayer(torch.nn.Module):
    def __init__(self, inp, out, w_dim, resolution, up, conv_clamp):
        super().__init__()
        self.affine = FullyConnected(w_dim, inp, bias_init=1)
        self.weight = torch.nn.Parameter(torch.randn(out, inp, 3, 3))
        self.bias = torch.nn.Parameter(torch.zeros(out))
        self.noise_strength = torch.nn.Parameter(torch.zeros([]))
        self.register_buffer("noise_const", torch.randn(resolution, resolution))
        self.register_buffer("resample_filter", fir_filter())
        self.up, self.conv_clamp = up, conv_clamp
        self.modconv = modulated_conv2d

    def forward(self, x, w):
        x = self.modconv(x, self.weight, self.affine(w), True, self.up, self.resample_filter)
        x = x + self.noise_const * self.noise_strength
        return bias_act(x, self.bias, True, SQRT2, self.conv_clamp)


class ToRGB(torch.nn.Module):
    def __init__(self, inp, channels, w_dim, conv_clamp):
        super().__init__()
        self.affine = FullyConnected(w_dim, inp, bias_init=1)
        self.weight = torch.nn.Parameter(torch.randn(channels, inp, 1, 1))
        self.bias = torch.nn.Parameter(torch.zeros(channels))
        self.weight_gain = 1 / math.sqrt(inp)  # scales the styles, not the weight (4.3)
        self.conv_clamp = conv_clamp
        self.modconv = modulated_conv2d

    def forward(self, x, w):
        y = self.modconv(x, self.weight, self.affine(w) * self.weight_gain, False, 1, None)
        return bias_act(y, self.bias, False, 1, self.conv_clamp)


class Block(torch.nn.Module):
    def __init__(self, inp, out, w_dim, resolution, channels, conv_clamp):
        super().__init__()
        if inp == 0:
            self.const = torch.nn.Parameter(torch.randn(out, resolution, resolution))
        else:
            self.conv0 = SynthesisLayer(inp, out, w_dim, resolution, 2, conv_clamp)
        self.conv1 = SynthesisLayer(out, out, w_dim, resolution, 1, conv_clamp)
        self.torgb = ToRGB(out, channels, w_dim, conv_clamp)
        self.register_buffer("resample_filter", fir_filter())
        self.num_conv = 1 if inp == 0 else 2

    def forward(self, x, img, ws):
        if self.num_conv == 1:
            x = self.conv1(self.const[None].repeat(ws.shape[0], 1, 1, 1), ws[:, 0])
        else:
            x = self.conv1(self.conv0(x, ws[:, 0]), ws[:, 1])
        if img is not None:
            img = upfirdn2d(img, self.resample_filter, 2, (2, 1, 2, 1), 4)
        y = self.torgb(x, ws[:, self.num_conv])
        return x, y if img is None else img + y


class Synthesis(torch.nn.Module):
    def __init__(self, w_dim, resolution, channels, channel_base=32768, channel_max=512,
                 conv_clamp=None):
        super().__init__()
        self.resolutions = [2 ** i for i in range(2, int(math.log2(resolution)) + 1)]
        width = {r: min(channel_base // r, channel_max) for r in self.resolutions}
        for r in self.resolutions:
            inp = width[r // 2] if r > 4 else 0
            self.add_module(f"b{r}", Block(inp, width[r], w_dim, r, channels, conv_clamp))

    def forward(self, ws):
        """Block b{r} reads num_conv + 1 ws from w_idx; its ToRGB shares a w with the next conv0."""
        x = img = None
        w_idx = 0
        for r in self.resolutions:
            block = getattr(self, f"b{r}")
            x, img = block(x, img, ws[:, w_idx:w_idx + block.num_conv + 1])
            w_idx += block.num_conv
        return img


class Generator(torch.nn.Module):
    """Built from the official kwargs; randomly initialised as spec 6 (the bench needs no more)."""

    def __init__(self, z_dim, w_dim, img_resolution, img_channels, c_dim=0, mapping_kwargs=None,
                 synthesis_kwargs=None):
        super().__init__()
        mk, sk = dict(mapping_kwargs or {}), dict(synthesis_kwargs or {})
        if (c_dim != 0 or sk.pop("architecture", "skip") != "skip" or not sk.pop("use_noise", True)
                or sk.pop("num_fp16_res", 0) != 0):
            raise ValueError("stylegan2_torch: unconditional float32 'skip' generators with noise only")
        for ignored in ("w_avg_beta", "embed_features"):  # training only; unused without classes
            mk.pop(ignored, None)
        sk.pop("fp16_channels_last", None)  # a memory layout, no effect on the values
        num_ws = 2 * int(math.log2(img_resolution)) - 2
        self.synthesis = Synthesis(w_dim, img_resolution, img_channels, **sk)
        self.mapping = Mapping(z_dim, w_dim, num_ws, **mk)
        self.num_ws = num_ws

    def forward(self, z, psi=1.0):
        return self.synthesis(self.mapping(z, psi))

    def set_fused_modconv(self, fused):
        """Every modulated convolution fused (the default) or unfused."""
        for m in self.modules():
            if isinstance(m, (SynthesisLayer, ToRGB)):
                m.modconv = modulated_conv2d if fused else modulated_conv2d_unfused
        return self


def load_generator(path):
    """A Generator with the weights of a phantom/official-name safetensors file (tensors whose names
    are not the generator's, e.g. a fixture's inputs and outputs, are ignored)."""
    import safetensors_io
    arrays, metadata = safetensors_io.read(path)
    g = Generator(**json.loads(metadata["generator_kwargs"]))
    state = g.state_dict()
    missing = [name for name in state if name not in arrays]
    if missing:
        raise ValueError(f"{path}: no tensor {missing[0]} (and {len(missing) - 1} more missing)")
    g.load_state_dict({name: torch.from_numpy(arrays[name]) for name in state})
    return g.eval().requires_grad_(False)
