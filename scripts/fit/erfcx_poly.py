#!/usr/bin/env python3
"""Fits the polynomial behind VectorGelu's erfc (torch4j's float32 GELU on the CPU).

erfcx(t) = exp(t^2) erfc(t) on t in [0, inf), mapped to y = (t - K) / (t + K) in [-1, 1): (1 + 2t) erfcx(t) is smooth
there and tends to 2/sqrt(pi), so one polynomial in y covers every t. Chebyshev interpolation at N + 1 nodes (mpmath
at 40 digits), converted to powers of y for Horner's rule, and the largest relative error of erfc over a dense grid
of t evaluated in double as the Java code does. Prints the Java array. Needs mpmath and numpy (Debian: python3-mpmath).
"""
import mpmath as mp
import numpy as np
from numpy.polynomial import chebyshev

mp.mp.dps = 40
K, N = 3.0, 18


def scaled(y):
    if y >= 1:
        return 2 / mp.sqrt(mp.pi)
    t = K * (1 + y) / (1 - y)
    return (1 + 2 * t) * mp.erfc(t) * mp.exp(t * t)


nodes = [mp.cos(mp.pi * (k + mp.mpf(0.5)) / (N + 1)) for k in range(N + 1)]
values = [scaled(y) for y in nodes]
cheb = []
for j in range(N + 1):
    s = sum(values[k] * mp.cos(mp.pi * j * (k + mp.mpf(0.5)) / (N + 1)) for k in range(N + 1))
    cheb.append(s * 2 / (N + 1) * (mp.mpf(0.5) if j == 0 else 1))
power = chebyshev.cheb2poly([float(c) for c in cheb])

worst = 0.0
for t in np.concatenate([np.linspace(0, 12, 6001), np.linspace(12, 27, 1001)]):
    y = (t - K) / (t + K)
    p = 0.0
    for c in reversed(power):
        p = p * y + c
    got = np.exp(-t * t) * p / (1 + 2 * t)
    ref = mp.erfc(t)
    if ref > 1e-300:
        worst = max(worst, abs(float(mp.mpf(got) / ref - 1)))
print(f"// K = {K}, degree {N}: largest relative error of erfc {worst:.2e}")
print("private static final double[] ERFCX = {" + ", ".join(repr(float(c)) for c in reversed(power)) + "};")
