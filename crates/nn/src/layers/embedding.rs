//! `torch.nn.Embedding`: whole-number token indices (carried as f32, the engine's one
//! dtype) to rows of a learned `[num_embeddings, embedding_dim]` table. The lookup is
//! one `gather`, so its gradient is a `scatter_add` into the table.

use super::input_check::{check_batch, check_parameter_size, check_rank};
use crate::{Context, Layer, ParamId, ParamStore};
use nnplay_tensor::{BinaryOp, Device, Distribution, Result, Tensor, TensorError};
use serde::{Deserialize, Serialize};

/// The JSON form of an `Embedding`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EmbeddingConfig {
    /// Vocabulary size: indices run over `0..num_embeddings`.
    pub num_embeddings: usize,
    /// Length of each embedding vector.
    pub embedding_dim: usize,
    /// An index whose row starts at zero and is never trained (default none), e.g.
    /// the padding token of variable-length sequences.
    #[serde(default)]
    pub padding_idx: Option<usize>,
}

/// A lookup table of learned vectors, `{name}.weight` of shape
/// `[num_embeddings, embedding_dim]`, drawn from N(0, 1) as PyTorch does.
#[derive(Debug, Clone)]
pub struct Embedding {
    /// Vocabulary size.
    pub num_embeddings: usize,
    /// Length of each vector.
    pub embedding_dim: usize,
    /// The untrained padding row, if any.
    pub padding_idx: Option<usize>,
    /// `{name}.weight`: `[num_embeddings, embedding_dim]`.
    pub weight: ParamId,
    input_shape: Vec<usize>,
    output_shape: Vec<usize>,
}

impl Embedding {
    /// Builds the layer for index inputs of shape `input` (usually `[time]`), drawing
    /// the table from `stream` of `seed`.
    pub fn new(
        store: &mut ParamStore,
        name: &str,
        input: &[usize],
        config: &EmbeddingConfig,
        seed: u64,
        stream: u32,
        device: Device,
    ) -> std::result::Result<Embedding, String> {
        check_rank("Embedding", input, &[1, 2], "[time] (token indices)", "feed it token indices, one per position")?;
        let (rows, dim) = (config.num_embeddings, config.embedding_dim);
        if rows == 0 || dim == 0 {
            return Err(format!(
                "Embedding: num_embeddings = {rows} and embedding_dim = {dim} must both be at least 1"
            ));
        }
        if let Some(padding) = config.padding_idx
            && padding >= rows
        {
            return Err(format!(
                "Embedding: padding_idx {padding} is outside the vocabulary 0..{rows}; use an index below num_embeddings"
            ));
        }
        check_parameter_size("Embedding", "weight", &[rows, dim])?;
        let mut table = Tensor::random(Distribution::Normal { mean: 0.0, std: 1.0 }, seed, stream, [rows, dim], device);
        if let Some(padding) = config.padding_idx {
            let keep: Vec<f32> = (0..rows).map(|row| if row == padding { 0.0 } else { 1.0 }).collect();
            let keep = Tensor::from_vec(keep, [rows, 1], device).map_err(|e| e.to_string())?;
            table = table.mul(&keep).map_err(|e| e.to_string())?;
        }
        let weight = store.add(format!("{name}.weight"), table, true);
        let mut output_shape = input.to_vec();
        output_shape.push(dim);
        Ok(Embedding {
            num_embeddings: rows,
            embedding_dim: dim,
            padding_idx: config.padding_idx,
            weight,
            input_shape: input.to_vec(),
            output_shape,
        })
    }
}

impl Layer for Embedding {
    fn forward(&self, params: &ParamStore, x: &Tensor, _ctx: &mut Context) -> Result<Tensor> {
        check_batch("Embedding", x, &self.input_shape)?;
        let count = x.elem_count();
        let index = x.detach().reshape([count, 1])?;
        let rows =
            params.get(self.weight).gather(0, &index.broadcast_to([count, self.embedding_dim])?).map_err(|error| {
                match error {
                    TensorError::Index { index, size, .. } => TensorError::Invalid {
                        op: "Embedding",
                        shape: x.shape().clone(),
                        reason: format!(
                            "token index {index} is outside the vocabulary 0..{size} (indices must be whole numbers); \
                         raise num_embeddings or check the data"
                        ),
                    },
                    other => other,
                }
            })?;
        let rows = match self.padding_idx {
            // The padding row still shows its value but passes no gradient to the table.
            Some(padding) => {
                Tensor::select(&index.with_scalar(BinaryOp::Equal, padding as f32), &rows.detach(), &rows)?
            }
            None => rows,
        };
        let mut shape = vec![x.dims()[0]];
        shape.extend_from_slice(&self.output_shape);
        rows.reshape(shape)
    }
    fn output_shape(&self) -> &[usize] {
        &self.output_shape
    }
    /// A lookup does no arithmetic.
    fn flops(&self) -> u64 {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nnplay_tensor::engine_test;

    fn table(config: &EmbeddingConfig) -> (ParamStore, Embedding) {
        let mut store = ParamStore::new();
        let layer = Embedding::new(&mut store, "embed", &[3], config, 1, 0, Device::Cpu).unwrap();
        (store, layer)
    }

    engine_test! {
        async fn looks_up_rows_and_sends_gradients_back_to_them() {
            let (store, layer) = table(&EmbeddingConfig { num_embeddings: 5, embedding_dim: 2, padding_idx: None });
            assert_eq!(store.params()[0].name, "embed.weight");
            assert_eq!(layer.output_shape(), &[3, 2]);
            let weights = store.get(layer.weight).to_vec().await.unwrap();
            let x = Tensor::from_vec(vec![4.0, 0.0, 4.0, 1.0, 2.0, 3.0], [2, 3], Device::Cpu).unwrap();
            let y = layer.forward(&store, &x, &mut Context::eval()).unwrap();
            assert_eq!(y.dims(), &[2, 3, 2]);
            let expected: Vec<f32> = [4, 0, 4, 1, 2, 3].iter().flat_map(|&r| weights[2 * r..2 * r + 2].to_vec()).collect();
            assert_eq!(y.to_vec().await.unwrap(), expected);
            let grads = y.sum_all().backward().unwrap();
            let grad = grads.get(store.get(layer.weight)).unwrap().to_vec().await.unwrap();
            assert_eq!(grad, vec![1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 2.0, 2.0], "row 4 is used twice");
        }
    }

    engine_test! {
        async fn the_padding_row_starts_at_zero_and_is_not_trained() {
            let (store, layer) = table(&EmbeddingConfig { num_embeddings: 4, embedding_dim: 3, padding_idx: Some(1) });
            let weights = store.get(layer.weight).to_vec().await.unwrap();
            assert_eq!(&weights[3..6], &[0.0, 0.0, 0.0]);
            let x = Tensor::from_vec(vec![1.0, 2.0, 1.0], [1, 3], Device::Cpu).unwrap();
            let grads = layer.forward(&store, &x, &mut Context::eval()).unwrap().sum_all().backward().unwrap();
            let grad = grads.get(store.get(layer.weight)).unwrap().to_vec().await.unwrap();
            assert_eq!(grad, vec![0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0, 0.0, 0.0]);
        }
    }

    engine_test! {
        async fn out_of_range_indices_are_a_clear_error() {
            let (store, layer) = table(&EmbeddingConfig { num_embeddings: 4, embedding_dim: 3, padding_idx: None });
            for bad in [4.0, -1.0, 1.5] {
                let x = Tensor::from_vec(vec![0.0, bad, 1.0], [1, 3], Device::Cpu).unwrap();
                let error = layer.forward(&store, &x, &mut Context::eval()).unwrap_err().to_string();
                assert!(error.contains("outside the vocabulary 0..4") && error.contains("num_embeddings"), "{error}");
            }
            let mut store = ParamStore::new();
            let config = EmbeddingConfig { num_embeddings: 4, embedding_dim: 3, padding_idx: Some(4) };
            let error = Embedding::new(&mut store, "e", &[3], &config, 0, 0, Device::Cpu).unwrap_err();
            assert!(error.contains("padding_idx 4"), "{error}");
        }
    }
}
