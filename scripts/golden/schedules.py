"""torch.optim.lr_scheduler: the learning rate of the first 30 steps of each schedule.

Each case's config holds the LrSchedule JSON the Rust side builds from ("schedule") and the
base learning rate; "lr" [30] is the rate torch's optimizer used at steps 0..29 (read from
param_groups before each optimizer.step(), then scheduler.step()).
"""

import torch

STEPS = 30
BASE_LR = 0.1


def rates(make_scheduler):
    param = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=BASE_LR)
    scheduler = make_scheduler(optimizer)
    out = []
    for _ in range(STEPS):
        out.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
    return torch.tensor(out, dtype=torch.float64)


S = torch.optim.lr_scheduler

CASES = [
    ("constant", {"kind": "constant"}, lambda o: None),
    ("step", {"kind": "step", "step_size": 7, "gamma": 0.5}, lambda o: S.StepLR(o, step_size=7, gamma=0.5)),
    ("exponential", {"kind": "exponential", "gamma": 0.9}, lambda o: S.ExponentialLR(o, gamma=0.9)),
    (
        "cosine_restarting_after_t_max",
        {"kind": "cosine", "t_max": 10, "eta_min": 0.001},
        lambda o: S.CosineAnnealingLR(o, T_max=10, eta_min=0.001),
    ),
    ("cosine_to_zero", {"kind": "cosine", "t_max": 30}, lambda o: S.CosineAnnealingLR(o, T_max=30)),
    (
        "linear_warmup",
        {"kind": "linear", "start_factor": 0.1, "total_iters": 8},
        lambda o: S.LinearLR(o, start_factor=0.1, total_iters=8),
    ),
    (
        "linear_to_end_factor",
        {"kind": "linear", "start_factor": 1.0, "end_factor": 0.25, "total_iters": 12},
        lambda o: S.LinearLR(o, start_factor=1.0, end_factor=0.25, total_iters=12),
    ),
    (
        "warmup_then_cosine",
        {"kind": "warmup", "warmup_steps": 5, "start_factor": 0.1, "then": {"kind": "cosine", "t_max": 20}},
        lambda o: S.SequentialLR(
            o, [S.LinearLR(o, start_factor=0.1, total_iters=5), S.CosineAnnealingLR(o, T_max=20)], milestones=[5]
        ),
    ),
    (
        "warmup_then_step",
        {
            "kind": "warmup",
            "warmup_steps": 4,
            "start_factor": 0.25,
            "then": {"kind": "step", "step_size": 10, "gamma": 0.3},
        },
        lambda o: S.SequentialLR(
            o, [S.LinearLR(o, start_factor=0.25, total_iters=4), S.StepLR(o, step_size=10, gamma=0.3)], milestones=[4]
        ),
    ),
]


def cases():
    for name, schedule, make in CASES:
        yield name, {"schedule": schedule, "base_lr": BASE_LR, "steps": STEPS}, {"lr": rates(make)}
