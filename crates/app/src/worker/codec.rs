//! How the page's and the worker's messages become JavaScript values: serde-wasm-bindgen
//! builds plain objects that the browser copies between threads (bytes as `Uint8Array`,
//! so packed files and checkpoints cross as one block, and NaN losses stay NaN).

use gloo_worker::Codec;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

/// The codec of both ends of the worker.
#[derive(Debug)]
pub struct Structured;

impl Codec for Structured {
    fn encode<I: Serialize>(input: I) -> JsValue {
        // Steps, seeds and ids are u64: as BigInts they keep every bit.
        let serializer = serde_wasm_bindgen::Serializer::new().serialize_large_number_types_as_bigints(true);
        // Every message type is plain data (no maps with non-string keys, no borrowed
        // JS values), which always serialises; a failure would be a bug in this crate.
        input.serialize(&serializer).expect("worker messages are plain data")
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        // Only the other half of this program posts to the worker or the page, with the
        // same types, so what arrives always fits.
        serde_wasm_bindgen::from_value(input).expect("worker messages come from the same program")
    }
}
