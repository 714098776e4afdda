//! The worker's views of the model for the page's panels (see [`Views`]): each computed
//! only where it applies, on a few examples, so a round of them stays within tens of
//! milliseconds even for the Transformer presets (measured natively: 26 ms for
//! transformer-en's layer statistics, under 1 ms for the example views).

use super::protocol::{ViewRequest, Views};
use super::run::Run;
use nnplay_train::inspect::{self, GradientWatch, Inspectable};
use nnplay_train::{TrainError, sampling};

/// Test examples in the predictions grid.
const PREDICTIONS: usize = 16;
/// Test examples the confusion matrix counts (the whole test set costs up to a second).
const CONFUSION_EXAMPLES: usize = 256;
/// Cells per side of the playground's neuron maps.
const NEURON_RESOLUTION: usize = 24;
/// Characters of generated text, and its prompt.
const SAMPLE_CHARACTERS: usize = 120;

/// The views of `run` as `request` asks; `watch` follows the gradient norms between calls.
pub async fn views(run: &Run, request: &ViewRequest, watch: &mut GradientWatch) -> Result<Views, TrainError> {
    let mut views = views_of_run(run, request, watch).await?;
    views.step = run.steps();
    views.run = Some(run.run_ref());
    Ok(views)
}

async fn views_of_run(run: &Run, request: &ViewRequest, watch: &mut GradientWatch) -> Result<Views, TrainError> {
    match run {
        Run::Points(session) => {
            let mut views = of(session, request, watch).await?;
            views.neurons = inspect::neuron_maps(session, NEURON_RESOLUTION).await?;
            Ok(views)
        }
        Run::Spec { session, .. } => {
            let mut views = of(session, request, watch).await?;
            if session.corpus().ok().flatten().is_some() {
                // The seed follows the step: the text changes as the model learns, not at random.
                let seed = session.steps();
                views.sample =
                    Some(sampling::sample_text(session, "", SAMPLE_CHARACTERS, request.temperature, seed).await?);
            }
            Ok(views)
        }
    }
}

/// The views every kind of session has.
async fn of(session: &impl Inspectable, request: &ViewRequest, watch: &mut GradientWatch) -> Result<Views, TrainError> {
    let layers = inspect::layer_stats(session).await?;
    let alerts = watch.record_stats(&layers);
    let predictions = inspect::predictions(session, PREDICTIONS).await?;
    let test_count = predictions.as_ref().map_or(usize::MAX, |p| p.examples.len());
    // An index past the test set falls back to the first example rather than failing.
    let example = match inspect::test_example(session, request.example).await {
        Ok(example) => example,
        Err(_) if request.example > 0 && test_count > 0 => inspect::test_example(session, 0).await?,
        Err(error) => return Err(error),
    };
    let index = example.index;
    Ok(Views {
        run: None,
        step: 0,
        alerts,
        filters: inspect::conv_filters(session).await?,
        feature_maps: inspect::feature_maps(session, index).await?,
        predictions,
        confusion: inspect::confusion_matrix(session, CONFUSION_EXAMPLES).await?,
        recurrent: inspect::recurrent_states(session, index).await?,
        attention: inspect::attention_maps(session, index).await?,
        dropout: inspect::dropout_masks(session).await?,
        neurons: None,
        example: Some(example),
        sample: None,
        layers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples::Example;
    use crate::worker::library::Library;
    use crate::worker::protocol::{Model, RunRef, Target};
    use nnplay_tensor::Device;

    fn views_of(model: Model) -> Views {
        let mut run = Run::build(&Target { model, device: Device::Cpu, live: None }, &mut Library::default()).unwrap();
        run.step().unwrap();
        pollster::block_on(views(&run, &ViewRequest::default(), &mut GradientWatch::default())).unwrap()
    }

    #[test]
    fn each_run_gets_the_views_that_apply_to_it() {
        let cnn = views_of(Model::Spec(RunRef::Example(Example::Cnn)));
        assert!(cnn.filters.is_some() && !cnn.feature_maps.is_empty());
        assert!(cnn.recurrent.is_empty() && cnn.attention.is_empty() && cnn.neurons.is_none());
        assert!(!cnn.layers.is_empty());
        let gru = views_of(Model::Spec(RunRef::Example(Example::Gru)));
        assert!(!gru.recurrent.is_empty() && gru.filters.is_none());
        let transformer = views_of(Model::Spec(RunRef::Example(Example::Transformer)));
        assert!(!transformer.attention.is_empty());
        assert!(transformer.sample.as_deref().is_some_and(|text| !text.is_empty()));
        let playground = views_of(Model::Points(nnplay_train::SessionConfig::spiral()));
        assert!(playground.neurons.is_some());
        assert!(playground.predictions.is_some(), "two classes");
    }
}
