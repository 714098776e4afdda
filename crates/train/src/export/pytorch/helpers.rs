//! The small modules model.py defines where no `torch.nn` class has the playground's
//! exact parameter names or semantics. Each is emitted only when a layer needs it.

/// A helper definition of model.py; the order of the variants is the order in the file
/// (a helper only uses those before it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Helper {
    CausalMask,
    Embedding,
    LearnedPositional,
    SinusoidalPositional,
    Recurrent,
    SelfAttention,
    TransformerBlock,
    Residual,
}

impl Helper {
    /// The helpers this one uses.
    pub fn needs(self) -> &'static [Helper] {
        match self {
            Helper::SelfAttention | Helper::TransformerBlock => &[Helper::CausalMask],
            _ => &[],
        }
    }

    /// The Python source of the definition.
    pub fn source(self) -> &'static str {
        match self {
            Helper::CausalMask => CAUSAL_MASK,
            Helper::Embedding => EMBEDDING,
            Helper::LearnedPositional => LEARNED_POSITIONAL,
            Helper::SinusoidalPositional => SINUSOIDAL_POSITIONAL,
            Helper::Recurrent => RECURRENT,
            Helper::SelfAttention => SELF_ATTENTION,
            Helper::TransformerBlock => TRANSFORMER_BLOCK,
            Helper::Residual => RESIDUAL,
        }
    }
}

const CAUSAL_MASK: &str = r#"def causal_mask(x):
    """[time, time] boolean attention mask of a [batch, time, width] input: True where the key
    comes after the query (may not attend), so each position sees itself and earlier ones."""
    time = x.shape[1]
    return torch.triu(torch.ones(time, time, dtype=torch.bool, device=x.device), diagonal=1)
"#;

const EMBEDDING: &str = r#"class Embedding(nn.Embedding):
    """nn.Embedding that accepts token ids as floats too: the playground carries them as
    whole float32 numbers, so they are cast to long first."""

    def forward(self, x):
        return super().forward(x.long())
"#;

const LEARNED_POSITIONAL: &str = r#"class LearnedPositional(nn.Module):
    """Adds a learned vector per position to [batch, time, dim]: weight [max_len, dim], of
    which a sequence of `time` steps uses the first `time` rows (an nn.Embedding(max_len, dim)
    applied to arange(time), with the table as a plain parameter named `weight`)."""

    def __init__(self, max_len, dim):
        super().__init__()
        self.weight = nn.Parameter(torch.randn(max_len, dim))

    def forward(self, x):
        return x + self.weight[: x.shape[1]]
"#;

const SINUSOIDAL_POSITIONAL: &str = r#"class SinusoidalPositional(nn.Module):
    """Adds the fixed sine/cosine code of "Attention Is All You Need" to [batch, time, dim]:
    table[pos, 2i] = sin(pos / 10000^(2i/dim)), table[pos, 2i+1] = cos(pos / 10000^(2i/dim)),
    computed in float64 and rounded to float32 as the playground does. A constant, not a
    parameter: registered with persistent=False, so it is not in the state_dict."""

    def __init__(self, max_len, dim):
        super().__init__()
        position = torch.arange(max_len, dtype=torch.float64).unsqueeze(1)
        feature = torch.arange(dim)
        pair = torch.div(feature, 2, rounding_mode="floor").to(torch.float64) * 2
        angle = position / torch.pow(10000.0, pair / dim)
        table = torch.where(feature % 2 == 0, torch.sin(angle), torch.cos(angle)).to(torch.float32)
        self.register_buffer("table", table, persistent=False)

    def forward(self, x):
        return x + self.table[: x.shape[1]]
"#;

const RECURRENT: &str = r#"class SequenceOutput:
    """Mixin for nn.RNN/GRU/LSTM(batch_first=True) started from a zero state: returns the top
    layer's hidden state at every step [batch, time, hidden] (return_sequence=True) or only at
    the last step [batch, hidden], as the playground's recurrent layers do."""

    def __init__(self, *args, return_sequence, **kwargs):
        super().__init__(*args, **kwargs)
        self.return_sequence = return_sequence

    def forward(self, x):
        output, _ = super().forward(x)
        return output if self.return_sequence else output[:, -1]


class RNN(SequenceOutput, nn.RNN):
    """nn.RNN returning the sequence or the last hidden state (see SequenceOutput)."""


class GRU(SequenceOutput, nn.GRU):
    """nn.GRU (gate order r, z, n, as the playground's) returning the sequence or the last
    hidden state (see SequenceOutput)."""


class LSTM(SequenceOutput, nn.LSTM):
    """nn.LSTM (gate order i, f, g, o, as the playground's) returning the sequence or the
    last hidden state h, never the cell state (see SequenceOutput)."""
"#;

const SELF_ATTENTION: &str = r#"class SelfAttention(nn.MultiheadAttention):
    """nn.MultiheadAttention(width, num_heads, batch_first=True) called as attention(x, x, x)
    on [batch, time, width], optionally causal; no attention dropout."""

    def __init__(self, width, num_heads, causal):
        super().__init__(width, num_heads, batch_first=True)
        self.causal = causal

    def forward(self, x):
        mask = causal_mask(x) if self.causal else None
        return super().forward(x, x, x, attn_mask=mask, need_weights=False)[0]
"#;

const TRANSFORMER_BLOCK: &str = r#"class TransformerBlock(nn.Module):
    """Pre-norm Transformer block over [batch, time, width]:
        h = x + dropout1(attention(norm1(x)))
        y = h + dropout2(mlp(norm2(h))),  mlp = Linear(width, hidden) -> GELU -> Linear(hidden, width)
    nn.TransformerEncoderLayer(norm_first=True) differs (a dropout inside its MLP, other
    parameter names: self_attn, linear1, linear2), so the block is spelled out here with
    the playground's names: norm1, attention, norm2, mlp.0, mlp.2."""

    def __init__(self, width, num_heads, mlp_hidden, dropout, causal):
        super().__init__()
        self.norm1 = nn.LayerNorm(width)
        self.attention = nn.MultiheadAttention(width, num_heads, batch_first=True)
        self.dropout1 = nn.Dropout(dropout)
        self.norm2 = nn.LayerNorm(width)
        self.mlp = nn.Sequential(nn.Linear(width, mlp_hidden), nn.GELU(), nn.Linear(mlp_hidden, width))
        self.dropout2 = nn.Dropout(dropout)
        self.causal = causal

    def forward(self, x):
        normed = self.norm1(x)
        mask = causal_mask(x) if self.causal else None
        attended = self.attention(normed, normed, normed, attn_mask=mask, need_weights=False)[0]
        h = x + self.dropout1(attended)
        return h + self.dropout2(self.mlp(self.norm2(h)))
"#;

const RESIDUAL: &str = r#"class Residual(nn.Module):
    """x + layers(x); the inner layers keep the shape."""

    def __init__(self, *layers):
        super().__init__()
        self.layers = nn.Sequential(*layers)

    def forward(self, x):
        return x + self.layers(x)
"#;
