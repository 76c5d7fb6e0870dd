r"""Transformer shapes: parameters and FLOPs per token from a shape, and a shape for a target N.

Layout: a decoder-only transformer with ``n_layers`` blocks, each with attention projections
Q, K, V, O of width ``n_heads * head_dim`` and a two-matrix FFN of width ``d_ff``; an untied
input embedding of ``vocab_size x d_model``. Biases and norms are ignored (well under 0.1% of N).
"""

from __future__ import annotations

import math

from planner.errors import InputError
from planner.io._checks import check_flag, check_real, check_whole, shown
from planner.planning._records import FlopsPerToken, ModelShape
from planner.units import FLOPS_PER_PARAM_TOKEN

__all__ = [
    "DEFAULT_ASPECT_RATIO",
    "DEFAULT_SEQ_LEN",
    "DEFAULT_VOCAB_SIZE",
    "MAX_SHAPE_PARAMS",
    "appendix_f_flops_per_token",
    "deepseek_flops_per_token",
    "kaplan_flops_per_token",
    "params_from_shape",
    "shape_for_params",
]

DEFAULT_ASPECT_RATIO = 8192 / 80
"""d_model / n_layers of Chinchilla 70B (80 layers, d_model 8192; Hoffmann et al. 2022 Table 4)."""
DEFAULT_VOCAB_SIZE = 32_000
"""Chinchilla's SentencePiece vocabulary (Hoffmann et al. 2022 §4.1)."""
DEFAULT_SEQ_LEN = 2048
"""Chinchilla's sequence length (Hoffmann et al. 2022 App. F)."""
MAX_SHAPE_PARAMS = 1e16
"""Largest N the shape rule is asked for (10^4 times the largest dense models)."""
MIN_SHAPE_PARAMS = 1e7
"""Below this a 32k-vocabulary embedding alone outweighs the blocks and no shape is meaningful."""
FFN_MULTIPLIER = 4
"""d_ff = 4 d_model (Hoffmann et al. 2022 Table 4; Kaplan et al. 2020 §2.1)."""


def _check_positive_int(**values: int) -> None:
    for name, value in values.items():
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10**12:
            raise InputError(f"{name}: must be a whole number from 1 to 1e12, got {shown(value)}")


def params_from_shape(
    n_layers: int,
    d_model: int,
    n_heads: int,
    d_ff: int,
    vocab_size: int,
    head_dim: int | None = None,
) -> tuple[float, float]:
    """Parameters (total, non-embedding) of a shape.

    Non-embedding parameters are ``n_layers * (4 d_model h k + 2 d_model d_ff)`` with h k
    the attention width; with h k = d_model and d_ff = 4 d_model this is Kaplan's
    12 n_layers d_model² (Kaplan et al. 2020 Eq. 2.1). Total adds ``vocab_size * d_model``.

    Parameters
    ----------
    n_layers, d_model, n_heads, d_ff, vocab_size : int
        The shape (positive).
    head_dim : int, optional
        Per-head width k (default ``d_model // n_heads``).

    Returns
    -------
    total, non_embedding : float

    Examples
    --------
    >>> params_from_shape(80, 8192, 64, 32768, 32000, head_dim=128)
    (64686653440.0, 64424509440.0)
    """
    _check_positive_int(
        n_layers=n_layers, d_model=d_model, n_heads=n_heads, d_ff=d_ff, vocab_size=vocab_size
    )
    head_dim = head_dim if head_dim is not None else d_model // n_heads
    _check_positive_int(head_dim=head_dim)
    attn_width = n_heads * head_dim
    non_embedding = float(n_layers * (4 * d_model * attn_width + 2 * d_model * d_ff))
    return non_embedding + float(vocab_size * d_model), non_embedding


def deepseek_flops_per_token(n_layers: int, d_model: int, seq_len: int) -> float:
    r"""Non-embedding training FLOPs per token M, DeepSeek LLM's model scale.

    .. math:: M = 72\, n_{layer}\, d_{model}^2 + 12\, n_{layer}\, d_{model}\, l_{seq}

    DeepSeek-AI 2024 (arXiv:2401.02954) Eq. 2: 6N without the embedding, plus the attention's
    cost over the sequence (Table 3's M column). Their compute is C = M·D, not 6N·D.

    Parameters
    ----------
    n_layers, d_model, seq_len : int
        Layers, model width and sequence length (positive).

    Returns
    -------
    float
        M in FLOPs per token.

    Examples
    --------
    >>> f"{deepseek_flops_per_token(24, 2048, 4096):.3g}"  # Table 3 prints 9.66e9
    '9.66e+09'
    """
    _check_positive_int(n_layers=n_layers, d_model=d_model, seq_len=seq_len)
    return float(72 * n_layers * d_model**2 + 12 * n_layers * d_model * seq_len)


def kaplan_flops_per_token(
    n_non_embedding: float,
    n_layers: int,
    d_attn: int,
    d_model: int,
    vocab_size: int,
    seq_len: int,
    *,
    dense: float | None = None,
) -> FlopsPerToken:
    r"""Training FLOPs per token with attention, embedding and logits (Kaplan et al. 2020).

    .. math:: C_{train} = 3\,(2N + 2\,n_{layer} n_{ctx} d_{attn} + 4\,d_{model}
              + 2\,d_{model} n_{vocab})

    Kaplan et al. 2020 (arXiv:2001.08361) Table 1 gives the forward FLOPs per token of each
    operation: QKV, projection and FFN together ``2N`` (N non-embedding), "Attention: Mask"
    ``2 n_layer n_ctx d_attn``, "Embed" ``4 d_model``, "De-embed" ``2 d_model n_vocab``;
    Eq. 2.2 and §2.1 take the backward pass as twice the forward. The mask term is Kaplan's
    count for causal attention; DeepSeek LLM's M (Eq. 2, :func:`deepseek_flops_per_token`)
    counts the attention over the full sequence, ``12 n_layer d_model l_seq``, twice this term.

    Parameters
    ----------
    n_non_embedding : float
        N without embeddings (Kaplan's N).
    n_layers, d_attn, d_model, vocab_size, seq_len : int
        The shape (positive): layers, attention width (heads x head size), model width,
        vocabulary and tokens per sequence (n_ctx).
    dense : float, optional
        The 6N the plan's law counts (default ``6 n_non_embedding``), shown beside the total.

    Returns
    -------
    FlopsPerToken
        The terms and their total, in FLOPs per training token.

    Examples
    --------
    >>> f = kaplan_flops_per_token(12 * 24 * 2048**2, 24, 2048, 2048, 102400, 4096)
    >>> f"{f.non_embedding:.3g} {f.attention:.3g}"
    '7.25e+09 1.21e+09'
    """
    _check_positive_int(
        n_layers=n_layers,
        d_attn=d_attn,
        d_model=d_model,
        vocab_size=vocab_size,
        seq_len=seq_len,
    )
    n = check_real(n_non_embedding, "n_non_embedding", low=1.0, high=MAX_SHAPE_PARAMS)
    non_embedding = FLOPS_PER_PARAM_TOKEN * n
    attention = 3.0 * 2.0 * n_layers * seq_len * d_attn
    embedding = 3.0 * 4.0 * d_model
    logits = 3.0 * 2.0 * d_model * vocab_size
    return FlopsPerToken(
        seq_len=seq_len,
        dense=non_embedding if dense is None else float(dense),
        non_embedding=non_embedding,
        attention=attention,
        embedding=embedding,
        logits=logits,
        total=non_embedding + attention + embedding + logits,
    )


def appendix_f_flops_per_token(
    n_layers: int,
    d_model: int,
    n_heads: int,
    d_ff: int,
    vocab_size: int,
    seq_len: int,
    head_dim: int | None = None,
    *,
    include_embeddings_and_logits: bool = True,
) -> float:
    """Training FLOPs per token by Hoffmann et al. 2022 App. F (forward + 2x backward).

    Per sequence, forward: embeddings ``2 s V d``; per layer attention ``2·3 s d (hk)`` (QKV),
    ``2 s² (hk)`` (logits), ``3 h s²`` (softmax), ``2 s² (hk)`` (reduction), ``2 s (hk) d``
    (output); dense ``2 s (2 d d_ff)``; final logits ``2 s d V``. Backward is twice forward.

    With ``include_embeddings_and_logits=False`` the count reproduces the ratios of Table A4 to
    within 1% on five of its six rows (the 1.1B row gives 1.085, not 1.04); with them included,
    as the appendix text reads, small models cost noticeably more than 6N per token.

    Parameters
    ----------
    n_layers, d_model, n_heads, d_ff, vocab_size, seq_len : int
        The shape (positive).
    head_dim : int, optional
        Per-head width k (default ``d_model // n_heads``).
    include_embeddings_and_logits : bool
        Count the embedding and final logits (as the appendix text reads).

    Returns
    -------
    float
        FLOPs per token, forward and backward.

    Examples
    --------
    >>> f = appendix_f_flops_per_token(10, 640, 10, 2560, 32000, 2048, 64,
    ...                                include_embeddings_and_logits=False)
    >>> round(f / (6 * 73e6), 2)
    1.04
    """
    _check_positive_int(
        n_layers=n_layers,
        d_model=d_model,
        n_heads=n_heads,
        d_ff=d_ff,
        vocab_size=vocab_size,
        seq_len=seq_len,
    )
    head_dim = head_dim if head_dim is not None else d_model // n_heads
    _check_positive_int(head_dim=head_dim)
    check_flag(include_embeddings_and_logits, "include_embeddings_and_logits")
    s, d, hk = float(seq_len), float(d_model), float(n_heads * head_dim)
    attention = (
        2 * 3 * s * d * hk + 2 * s * s * hk + 3 * n_heads * s * s + 2 * s * s * hk + 2 * s * hk * d
    )
    dense = 2 * s * (2 * d * d_ff)
    forward = n_layers * (attention + dense)
    if include_embeddings_and_logits:
        forward += 2 * s * vocab_size * d + 2 * s * d * vocab_size
    return 3.0 * forward / s


def shape_for_params(
    n_params: float,
    *,
    parameter_convention: str = "total",
    aspect_ratio: float = DEFAULT_ASPECT_RATIO,
    vocab_size: int = DEFAULT_VOCAB_SIZE,
    seq_len: int = DEFAULT_SEQ_LEN,
    heads_multiple: int = 1,
) -> ModelShape:
    """A transformer shape close to ``n_params`` by a stated aspect-ratio rule.

    Rule: ``d_model = aspect_ratio * n_layers`` (default: Chinchilla 70B's 8192/80),
    ``d_ff = 4 d_model``, head size 128 (64 below d_model 1024, as in Table A4), d_model
    rounded to a whole number of heads, layers rounded to an integer. The achieved count is
    in the result; rounding moves it by a few percent.

    Parameters
    ----------
    n_params : float
        Target parameters, in ``parameter_convention`` (``"total"`` includes the embedding).
    parameter_convention : str
        ``total`` or ``non-embedding``.
    aspect_ratio : float
        d_model / n_layers.
    vocab_size, seq_len : int
        For the embedding count and the App. F FLOPs.
    heads_multiple : int
        Round the heads to a multiple of this (8: tensor parallelism over a whole 8-GPU node
        must divide the heads, as Megatron requires).

    Returns
    -------
    ModelShape
        The shape, its achieved parameter counts and FLOPs per token (6N and App. F).

    Raises
    ------
    InputError
        N outside ``MIN_SHAPE_PARAMS``-``MAX_SHAPE_PARAMS`` or another argument out of range.

    Examples
    --------
    >>> s = shape_for_params(70e9)
    >>> (s.n_layers, s.d_model, s.n_heads)
    (82, 8448, 66)
    """
    n_params = check_real(n_params, "n_params")
    if not MIN_SHAPE_PARAMS <= n_params <= MAX_SHAPE_PARAMS:
        raise InputError(
            f"n_params: must be between {MIN_SHAPE_PARAMS:g} and {MAX_SHAPE_PARAMS:g} for a "
            f"shape, got {n_params:g}"
        )
    if not isinstance(parameter_convention, str) or parameter_convention not in (
        "total",
        "non-embedding",
    ):
        raise InputError(
            "parameter_convention: must be 'total' or 'non-embedding', "
            f"got {shown(parameter_convention)}"
        )
    aspect_ratio = check_real(aspect_ratio, "aspect_ratio", low=1.0, high=1e4)
    vocab_size = check_whole(vocab_size, "vocab_size", low=1, high=10**8)
    seq_len = check_whole(seq_len, "seq_len", low=1, high=10**9)
    heads_multiple = check_whole(heads_multiple, "heads_multiple", low=1, high=1024)
    r = aspect_ratio
    embed = vocab_size if parameter_convention == "total" else 0

    # N = 12 r² L³ + V r L with d = r L: the depressed cubic L³ + p L - q = 0 has one real
    # root for p >= 0 (Cardano; the second cube root is written as p/3 over the first to
    # avoid cancellation)
    p_, q_ = embed / (12 * r), n_params / (12 * r * r)
    u = (q_ / 2 + math.sqrt(q_ * q_ / 4 + p_**3 / 27)) ** (1 / 3)
    n_layers = max(1, round(u - p_ / (3 * u)))
    # d_model for these layers: solve 12 L d² + V d = N (positive root), then round to heads.
    a_, b_ = 12 * n_layers, embed
    d_cont = (-b_ + math.sqrt(b_ * b_ + 4 * a_ * n_params)) / (2 * a_)
    head_dim = 128 if d_cont >= 1024 else 64
    n_heads = max(1, round(d_cont / head_dim / heads_multiple)) * heads_multiple
    d_model = n_heads * head_dim
    d_ff = FFN_MULTIPLIER * d_model
    total, non_embedding = params_from_shape(n_layers, d_model, n_heads, d_ff, vocab_size, head_dim)
    return ModelShape(
        n_layers=n_layers,
        d_model=d_model,
        n_heads=n_heads,
        head_dim=head_dim,
        d_ff=d_ff,
        vocab_size=vocab_size,
        seq_len=seq_len,
        n_params_total=total,
        n_params_non_embedding=non_embedding,
        flops_per_token_6n=FLOPS_PER_PARAM_TOKEN * total,
        flops_per_token_appendix_f=appendix_f_flops_per_token(
            n_layers, d_model, n_heads, d_ff, vocab_size, seq_len, head_dim
        ),
        rule=(
            f"d_model = {r:.1f} x n_layers (Chinchilla 70B, Hoffmann et al. Table 4), "
            f"d_ff = 4 d_model, head size {head_dim}, vocab {vocab_size}"
            + (f", heads a multiple of {heads_multiple}" if heads_multiple > 1 else "")
        ),
    )
