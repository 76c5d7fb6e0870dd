"""FLOPs per token beyond 6N (issue 21 item 3), against published FLOPs-per-token figures.

- DeepSeek LLM (DeepSeek-AI 2024, arXiv:2401.02954) Table 3 prints, for seven shapes at
  n_vocab = 102,400 and l_seq = 4,096, N1 (non-embedding), N2 (with the output embedding) and
  M, the non-embedding training FLOPs per token with attention (Eq. 2:
  M = 72 n_layer d_model^2 + 12 n_layer d_model l_seq). DeepSeek counts attention over the full
  sequence; Kaplan et al. 2020 Table 1's "Attention: Mask" term is the causal count, half that.
- Llama 3 (Dubey et al. 2024, arXiv:2407.21783): 405B parameters on 15.6T tokens at 3.8e25
  FLOPs (§3.2.1); 126 layers, width 16,384, sequences of 8,192 (Table 3, §3.4.1; the rows of
  tests/data/published/published-runs.csv), vocabulary 128,256 (meta-llama/llama-models
  sku_list.py, as in tests/golden/test_run_sheet.py).
"""

from __future__ import annotations

import math

import pytest

from planner.planning._shapes import deepseek_flops_per_token, kaplan_flops_per_token

DEEPSEEK_VOCAB, DEEPSEEK_SEQ = 102_400, 4_096
DEEPSEEK_TABLE_3 = [  # n_layer, d_model, N1, N2, M (DeepSeek-AI 2024 Table 3)
    (8, 512, 25.2e6, 77.6e6, 352e6),
    (12, 768, 84.9e6, 164e6, 963e6),
    (24, 1024, 302e6, 407e6, 3.02e9),
    (24, 2048, 1.21e9, 1.42e9, 9.66e9),
    (32, 4096, 6.44e9, 6.86e9, 45.1e9),
    (40, 5120, 12.6e9, 13.1e9, 85.6e9),
    (80, 8192, 64.4e9, 65.3e9, 419e9),
]


@pytest.mark.parametrize(("n_layer", "d_model", "n1", "n2", "m"), DEEPSEEK_TABLE_3)
def test_attention_and_logits_terms_reproduce_deepseek_table_3(n_layer, d_model, n1, n2, m):
    f = kaplan_flops_per_token(n1, n_layer, d_model, d_model, DEEPSEEK_VOCAB, DEEPSEEK_SEQ)
    # the blocks plus attention over the whole sequence (twice Kaplan's causal mask term)
    assert f.non_embedding + 2 * f.attention == pytest.approx(m, rel=0.01)
    # the logits term is 6 d_model n_vocab: 6 (N2 - N1) in the table, whose three printed
    # digits leave half a unit of the last digit on each of N1 and N2
    rounding = sum(0.5 * 10 ** (math.floor(math.log10(x)) - 2) for x in (n1, n2))
    assert f.logits == pytest.approx(6 * (n2 - n1), abs=6 * rounding)
    # and the shape module's DeepSeek M agrees with the same count
    assert deepseek_flops_per_token(n_layer, d_model, DEEPSEEK_SEQ) == pytest.approx(
        f.non_embedding * (12 * n_layer * d_model**2) / n1 + 2 * f.attention
    )


def test_llama3_405b_full_count_lies_within_5_percent_of_the_published_3_8e25():
    n_layer, d_model, vocab, seq, tokens = 126, 16_384, 128_256, 8_192, 15.6e12
    # untied input and output embeddings of Llama 3 are not in Kaplan's N
    n_non_embedding = 405e9 - 2 * vocab * d_model
    f = kaplan_flops_per_token(n_non_embedding, n_layer, d_model, d_model, vocab, seq)
    assert f.total * tokens == pytest.approx(3.8e25, rel=0.05)
    # attention at 8K is a visible share: 6 n_layer n_ctx d_attn / 6N = n_ctx / (12 d_model) of
    # the blocks (Kaplan et al. 2020 §2.1), about 4%
    assert f.attention / f.non_embedding == pytest.approx(
        seq / (12 * d_model) * (12 * n_layer * d_model**2) / n_non_embedding, rel=1e-9
    )
    assert 0.03 < f.attention / f.total < 0.05


def test_the_context_term_matches_the_blocks_where_kaplan_says_it_stops_being_negligible():
    # Kaplan et al. 2020 §2.1: the context term is negligible for d_model > n_ctx / 12; at
    # d_model = n_ctx / 12 it equals 6N of a 12 n_layer d_model^2 model
    n_layer, d_model = 10, 1024
    f = kaplan_flops_per_token(
        12 * n_layer * d_model**2, n_layer, d_model, d_model, 50257, 12 * d_model
    )
    assert f.attention == pytest.approx(f.non_embedding)
    assert f.embedding == 12 * d_model
    assert f.total == pytest.approx(f.non_embedding + f.attention + f.embedding + f.logits)
