"""Keyness: log-likelihood G2 (Rayson & Garside 2000) with the log ratio effect size (Hardie 2014).

For a term with frequency a in corpus 1 (c words) and b in corpus 2 (d words):
    E1 = c (a + b) / (c + d),  E2 = d (a + b) / (c + d)
    G2 = 2 (a ln(a / E1) + b ln(b / E2)),  with 0 ln 0 = 0
    log ratio = log2((a / c) / (b / d)),  a zero frequency replaced by 0.5 (Hardie's adjustment)
G2 above 3.84 is significant at p < 0.05 (one degree of freedom), 6.63 at p < 0.01.
"""

from __future__ import annotations

import numpy as np

ZERO_ADJUSTMENT = 0.5


def g2_and_log_ratio(
    freq_1: np.ndarray, freq_2: np.ndarray, words_1: int, words_2: int
) -> tuple[np.ndarray, np.ndarray]:
    """Vectorised G2 and log ratio for every term (arrays of equal length)."""
    a = np.asarray(freq_1, dtype=np.float64)
    b = np.asarray(freq_2, dtype=np.float64)
    c = float(words_1)
    d = float(words_2)
    if c <= 0 or d <= 0:
        zeros = np.zeros_like(a)
        return zeros, zeros
    expected_1 = c * (a + b) / (c + d)
    expected_2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        part_1 = np.where(a > 0, a * np.log(a / expected_1), 0.0)
        part_2 = np.where(b > 0, b * np.log(b / expected_2), 0.0)
    g2 = 2.0 * (part_1 + part_2)
    adjusted_a = np.where(a > 0, a, ZERO_ADJUSTMENT)
    adjusted_b = np.where(b > 0, b, ZERO_ADJUSTMENT)
    log_ratio = np.log2((adjusted_a / c) / (adjusted_b / d))
    return g2, log_ratio


def log_likelihood(a: int, b: int, c: int, d: int) -> tuple[float, float]:
    """G2 and log ratio of one term (a, b frequencies; c, d corpus sizes)."""
    g2, ratio = g2_and_log_ratio(np.array([a]), np.array([b]), c, d)
    return float(g2[0]), float(ratio[0])
