//! The spec's training settings as torch code: the loss, `make_optimizer`,
//! `make_scheduler` and the L1/L2 `penalty`, so a run can continue in PyTorch with the
//! same settings.

use super::python::{boolean, float, string_lines};
use crate::export::ExportError;
use nnplay_nn::loss::Loss;
use nnplay_nn::{LrSchedule, ModelSpec, OptimizerConfig, OptimizerKind, ParamStore};

/// The training section of model.py, for `spec` whose built parameters are `params`.
pub fn training_section(spec: &ModelSpec, params: &ParamStore) -> Result<String, ExportError> {
    let clip = match spec.optimizer.clip_grad_norm {
        Some(max_norm) => number("optimizer", max_norm)?,
        None => "None".into(),
    };
    Ok(format!(
        r#"# ---- Training settings of the spec ----
# The playground draws initial weights, batch order and dropout masks from its own RNG, so
# the same seed gives different draws in torch.
BATCH_SIZE = {batch}
SEED = {seed}
# Clip the gradients' total 2-norm to this before each step (None: no clipping):
# torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP_GRAD_NORM)
CLIP_GRAD_NORM = {clip}


{loss}


{optimizer}


{scheduler}


{penalty}


# One training step as the playground takes it:
#     loss = compute_loss(model(x), y) + penalty(model)
#     optimizer.zero_grad(); loss.backward()
#     if CLIP_GRAD_NORM is not None: torch.nn.utils.clip_grad_norm_(model.parameters(), CLIP_GRAD_NORM)
#     optimizer.step(); scheduler.step()
"#,
        batch = spec.batch_size,
        seed = spec.seed,
        loss = loss(&spec.loss)?,
        optimizer = optimizer(&spec.optimizer)?,
        scheduler = scheduler(&spec.schedule)?,
        penalty = penalty(spec, params)?,
    ))
}

/// A setting as a Python float, or an error naming the spec field.
fn number(field: &'static str, value: f32) -> Result<String, ExportError> {
    float(value).ok_or_else(|| ExportError::Setting {
        field,
        reason: format!("{value} has no Python literal; use a finite number"),
    })
}

fn loss(loss: &Loss) -> Result<String, ExportError> {
    let (module, doc, call) = match *loss {
        Loss::Mse => ("nn.MSELoss()".to_string(), "mean squared error", "output, target"),
        Loss::L1 => ("nn.L1Loss()".to_string(), "mean absolute error", "output, target"),
        Loss::Huber { delta } => {
            (format!("nn.HuberLoss(delta={})", number("loss", delta)?), "Huber loss, averaged", "output, target")
        }
        Loss::BinaryCrossEntropyWithLogits => (
            "nn.BCEWithLogitsLoss()".to_string(),
            "binary cross-entropy of logits against targets in [0, 1],\n    averaged",
            "output, target",
        ),
        Loss::CrossEntropy { ignore_index, label_smoothing } => (
            format!(
                "nn.CrossEntropyLoss(ignore_index={ignore_index}, label_smoothing={})",
                number("loss", label_smoothing)?
            ),
            "cross-entropy of logits [..., classes] against\n    class indices [...] (one per example or per position), averaged",
            "output.reshape(-1, output.shape[-1]), target.reshape(-1).long()",
        ),
    };
    Ok(format!(
        r#"def compute_loss(output, target):
    """The spec's loss ({name}): {doc}."""
    loss = {module}
    return loss({call})"#,
        name = loss.name()
    ))
}

fn optimizer(config: &OptimizerConfig) -> Result<String, ExportError> {
    let field = "optimizer";
    let lr = number(field, config.learning_rate)?;
    let decay = number(field, config.effective_weight_decay())?;
    let eps = number(field, config.epsilon)?;
    let betas = format!("({}, {})", number(field, config.beta1)?, number(field, config.beta2)?);
    let call = match config.kind {
        OptimizerKind::Sgd => {
            format!("torch.optim.SGD(\n        model.parameters(), lr={lr}, weight_decay={decay}\n    )")
        }
        OptimizerKind::Momentum => format!(
            "torch.optim.SGD(\n        model.parameters(), lr={lr}, momentum={}, dampening={}, weight_decay={decay}, nesterov={}\n    )",
            number(field, config.momentum)?,
            number(field, config.dampening)?,
            boolean(config.nesterov)
        ),
        OptimizerKind::Adam | OptimizerKind::AdamW => format!(
            "torch.optim.{}(\n        model.parameters(), lr={lr}, betas={betas}, eps={eps}, weight_decay={decay}, amsgrad={}\n    )",
            if config.kind == OptimizerKind::Adam { "Adam" } else { "AdamW" },
            boolean(config.amsgrad)
        ),
        OptimizerKind::Adagrad => format!(
            "torch.optim.Adagrad(\n        model.parameters(), lr={lr}, lr_decay={}, weight_decay={decay}, \
             initial_accumulator_value={}, eps={eps}\n    )",
            number(field, config.lr_decay)?,
            number(field, config.initial_accumulator_value)?
        ),
        OptimizerKind::RmsProp => format!(
            "torch.optim.RMSprop(\n        model.parameters(), lr={lr}, alpha={}, eps={eps}, weight_decay={decay}, \
             momentum={}, centered={}\n    )",
            number(field, config.alpha)?,
            number(field, config.rmsprop_momentum)?,
            boolean(config.centered)
        ),
    };
    Ok(format!(
        r#"def make_optimizer(model):
    """The spec's optimizer ({kind}) with its settings, over every trainable parameter
    (buffers such as BatchNorm's running statistics are not parameters)."""
    return {call}"#,
        kind = config.kind.name()
    ))
}

fn scheduler(schedule: &LrSchedule) -> Result<String, ExportError> {
    Ok(format!(
        r#"def make_scheduler(optimizer):
    """The spec's learning-rate schedule; call scheduler.step() after every optimizer step
    (the playground's schedules count optimizer steps, not epochs)."""
    from torch.optim import lr_scheduler

    return {}"#,
        schedule_call(schedule, 1)?
    ))
}

/// The `torch.optim.lr_scheduler` object of a schedule, in a statement indented by
/// `depth` levels (a warm-up spreads over several lines).
fn schedule_call(schedule: &LrSchedule, depth: usize) -> Result<String, ExportError> {
    let field = "schedule";
    Ok(match schedule {
        LrSchedule::Constant => "lr_scheduler.LambdaLR(optimizer, lambda step: 1.0)".into(),
        LrSchedule::Step { step_size, gamma } => {
            format!("lr_scheduler.StepLR(optimizer, step_size={step_size}, gamma={})", number(field, *gamma)?)
        }
        LrSchedule::Exponential { gamma } => {
            format!("lr_scheduler.ExponentialLR(optimizer, gamma={})", number(field, *gamma)?)
        }
        LrSchedule::Cosine { t_max, eta_min } => {
            format!("lr_scheduler.CosineAnnealingLR(optimizer, T_max={t_max}, eta_min={})", number(field, *eta_min)?)
        }
        LrSchedule::Linear { start_factor, end_factor, total_iters } => format!(
            "lr_scheduler.LinearLR(optimizer, start_factor={}, end_factor={}, total_iters={total_iters})",
            number(field, *start_factor)?,
            number(field, *end_factor)?
        ),
        LrSchedule::Warmup { warmup_steps, start_factor, then } => {
            let pad = "    ".repeat(depth);
            format!(
                "lr_scheduler.SequentialLR(\n{pad}    optimizer,\n{pad}    [\n\
                 {pad}        lr_scheduler.LinearLR(optimizer, start_factor={}, end_factor=1.0, total_iters={warmup_steps}),\n\
                 {pad}        {},\n{pad}    ],\n{pad}    milestones=[{warmup_steps}],\n{pad})",
                number(field, *start_factor)?,
                schedule_call(then, depth + 2)?
            )
        }
    })
}

fn penalty(spec: &ModelSpec, params: &ParamStore) -> Result<String, ExportError> {
    let regularization = &spec.regularization;
    if regularization.l1 == 0.0 && regularization.l2 == 0.0 {
        return Ok(r#"def penalty(model):
    """The spec has no L1/L2 penalty."""
    return 0.0"#
            .into());
    }
    let names: Vec<String> =
        params.params().iter().filter(|p| regularization.applies_to(p)).map(|p| p.name.clone()).collect();
    Ok(format!(
        r#"# The parameters the spec's L1/L2 penalty applies to.
PENALIZED = {names}


def penalty(model):
    """The spec's penalty added to the loss: l1 * sum|w| + l2 / 2 * sum w^2 over PENALIZED
    (unlike torch's weight_decay, which the optimizer applies to every parameter)."""
    l1, l2 = {l1}, {l2}
    values = [p for name, p in model.named_parameters() if name in PENALIZED]
    return sum(l1 * p.abs().sum() + l2 / 2 * p.square().sum() for p in values)"#,
        names = string_lines(&names),
        l1 = number("regularization", regularization.l1)?,
        l2 = number("regularization", regularization.l2)?,
    ))
}
