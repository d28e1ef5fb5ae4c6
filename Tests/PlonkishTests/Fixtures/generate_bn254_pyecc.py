#!/usr/bin/env python3
"""Writes bn254_pyecc.json: BN254 (alt_bn128) group multiples and pairing values computed by py_ecc 8.0.

Run from this folder: python3 generate_bn254_pyecc.py > bn254_pyecc.json (a few seconds). The Swift tests only read
the committed JSON.

Group multiples come from py_ecc.bn128 (the reference, affine formulas). Pairings come from
py_ecc.optimized_bn128, which gives the same values (checked once by hand: e(G1, G2) agrees coefficient by
coefficient with py_ecc.bn128) but is about fifteen times faster.

Encodings: integers as decimal strings; an Fq2 element a + b·u as [a, b]; an Fq12 element as py_ecc stores it, the
12 coefficients c0..c11 of a polynomial in w modulo w^12 - 18 w^6 + 82 (not the tower: see the Swift tests for the
conversion, which uses u = w^6 - 9).
"""
import json
import random

from py_ecc import bn128, optimized_bn128 as fast

R = bn128.curve_order
rng = random.Random(20240607)


def fq2(e):
    return [str(int(c)) for c in e.coeffs]


def scalars():
    small = [1, 2, 3, 5, 7, 11, 255, 2**64 + 1]
    randoms = [rng.randrange(1, R) for _ in range(3)]
    return small + randoms + [R - 1]


def pairing_value(a, b):
    p = fast.multiply(fast.G1, a)
    q = fast.multiply(fast.G2, b)
    return [str(int(c)) for c in fast.pairing(q, p).coeffs]


def main():
    g1 = []
    g2 = []
    for k in scalars():
        x, y = bn128.multiply(bn128.G1, k)
        g1.append({"k": str(k), "x": str(int(x)), "y": str(int(y))})
        x2, y2 = bn128.multiply(bn128.G2, k)
        g2.append({"k": str(k), "x": fq2(x2), "y": fq2(y2)})

    a = rng.randrange(1, R)
    b = rng.randrange(1, R)
    # e([a]G1, [b]G2) for a few (a, b); the last two are a bilinearity case: e([a]G1, [b]G2) = e([ab]G1, G2).
    pairs = [(1, 1), (2, 3), (R - 1, 1), (a, b), (a * b % R, 1)]
    pairings = [{"a": str(x), "b": str(y), "value": pairing_value(x, y)} for x, y in pairs]

    print(json.dumps({
        "source": "py_ecc 8.0 (py_ecc.bn128, py_ecc.optimized_bn128); generate_bn254_pyecc.py",
        "g1_multiples": g1,
        "g2_multiples": g2,
        "pairings": pairings,
    }, indent=1))


if __name__ == "__main__":
    main()
