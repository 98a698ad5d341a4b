"""The cases the oracle runs: optimizer trajectories and scheduler schedules.

Options are written in grad's camelCase, as the TypeScript tests pass them;
generate.py turns them into PyTorch's snake_case keyword arguments.
"""

STEPS = 20
EPOCHS = 30

# (name, optimizer, options, groups, sign); groups is None (one group of a, b, c)
# or a list of {"params": [indices into (a, b, c)], ...options}; sign -1 trains -f
# (with maximize: true, the same maximisation of -f, written as PyTorch's maximize).
OPTIMIZER_CASES = [
    # the optimizers that were already here, as a cross-check
    ("SGD momentum nesterov", "SGD", {"lr": 0.002, "momentum": 0.9, "nesterov": True, "weightDecay": 0.01}, None, 1),
    ("Adam amsgrad", "Adam", {"lr": 0.05, "amsgrad": True, "weightDecay": 0.01}, None, 1),
    ("AdamW", "AdamW", {"lr": 0.05}, None, 1),
    ("RMSprop centered momentum", "RMSprop", {"lr": 0.01, "centered": True, "momentum": 0.5}, None, 1),
    ("Adagrad lrDecay", "Adagrad", {"lr": 0.1, "lrDecay": 0.01, "initialAccumulatorValue": 0.1}, None, 1),
    # Adadelta
    ("Adadelta defaults", "Adadelta", {}, None, 1),
    ("Adadelta rho eps", "Adadelta", {"lr": 0.5, "rho": 0.95, "eps": 1e-4}, None, 1),
    ("Adadelta weightDecay", "Adadelta", {"weightDecay": 0.1}, None, 1),
    ("Adadelta maximize", "Adadelta", {"lr": 2.0, "maximize": True}, None, -1),
    ("Adadelta groups", "Adadelta", {"lr": 1.0}, [{"params": [0, 1], "lr": 3.0, "rho": 0.8}, {"params": [2]}], 1),
    # Adamax
    ("Adamax", "Adamax", {"lr": 0.05}, None, 1),
    ("Adamax betas eps", "Adamax", {"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-3}, None, 1),
    ("Adamax weightDecay", "Adamax", {"lr": 0.05, "weightDecay": 0.1}, None, 1),
    ("Adamax maximize", "Adamax", {"lr": 0.05, "maximize": True}, None, -1),
    ("Adamax groups", "Adamax", {"lr": 0.05}, [{"params": [0], "lr": 0.02}, {"params": [1, 2], "betas": [0.5, 0.9]}], 1),
    # NAdam (current PyTorch's rule; see generate.py)
    ("NAdam", "NAdam", {"lr": 0.05}, None, 1),
    ("NAdam momentumDecay betas", "NAdam", {"lr": 0.05, "momentumDecay": 0.02, "betas": [0.8, 0.99]}, None, 1),
    ("NAdam weightDecay", "NAdam", {"lr": 0.05, "weightDecay": 0.1}, None, 1),
    ("NAdam decoupledWeightDecay", "NAdam", {"lr": 0.05, "weightDecay": 0.1, "decoupledWeightDecay": True}, None, 1),
    ("NAdam maximize", "NAdam", {"lr": 0.05, "maximize": True}, None, -1),
    ("NAdam groups", "NAdam", {"lr": 0.05}, [{"params": [0, 2], "lr": 0.01}, {"params": [1], "eps": 1e-3}], 1),
    # RAdam: with betas (0.9, 0.999) ρ_t > 5 from step 6 on; with β2 = 0.9 later
    ("RAdam", "RAdam", {"lr": 0.05}, None, 1),
    ("RAdam beta2 0.9", "RAdam", {"lr": 0.05, "betas": [0.9, 0.9]}, None, 1),
    ("RAdam weightDecay", "RAdam", {"lr": 0.05, "weightDecay": 0.1}, None, 1),
    ("RAdam decoupledWeightDecay", "RAdam", {"lr": 0.05, "weightDecay": 0.1, "decoupledWeightDecay": True}, None, 1),
    ("RAdam maximize", "RAdam", {"lr": 0.05, "maximize": True}, None, -1),
    ("RAdam groups", "RAdam", {"lr": 0.05}, [{"params": [1], "lr": 0.1}, {"params": [0, 2], "eps": 1e-2}], 1),
    # Rprop
    ("Rprop", "Rprop", {"lr": 0.01}, None, 1),
    ("Rprop etas stepSizes", "Rprop", {"lr": 0.05, "etas": [0.3, 1.5], "stepSizes": [1e-3, 0.2]}, None, 1),
    ("Rprop maximize", "Rprop", {"lr": 0.02, "maximize": True}, None, -1),
    ("Rprop groups", "Rprop", {"lr": 0.01}, [{"params": [0], "lr": 0.1}, {"params": [1, 2], "etas": [0.4, 1.3]}], 1),
    # ASGD: t0 small so that the averaging starts within the run
    ("ASGD", "ASGD", {"lr": 0.01}, None, 1),
    ("ASGD averaging", "ASGD", {"lr": 0.005, "t0": 5, "lambd": 1e-3, "alpha": 0.6}, None, 1),
    ("ASGD weightDecay", "ASGD", {"lr": 0.01, "weightDecay": 0.1, "t0": 3}, None, 1),
    ("ASGD maximize", "ASGD", {"lr": 0.01, "maximize": True, "t0": 8}, None, -1),
    ("ASGD groups", "ASGD", {"lr": 0.01}, [{"params": [0, 1], "lr": 0.004, "t0": 2}, {"params": [2], "lambd": 0.01}], 1),
]

# Schedulers run over two groups of an optimizer (lrs 0.1 and 0.02 unless the case says).
# "events" happen before the epoch's step: {"epoch": e, "addParamGroup": {...}} adds a group,
# {"epoch": e, "stepEpoch": k} calls step(k) instead of step().
SGD2 = {"kind": "SGD", "groups": [{"lr": 0.1, "momentum": 0.9}, {"lr": 0.02, "momentum": 0.9}]}
ADAM2 = {"kind": "Adam", "groups": [{"lr": 0.1}, {"lr": 0.02}]}


def s(kind, **options):
    return {"kind": kind, "options": options}


SCHEDULER_CASES = [
    # the schedulers that were already here
    ("StepLR", SGD2, s("StepLR", stepSize=3, gamma=0.5), []),
    ("MultiStepLR", SGD2, s("MultiStepLR", milestones=[5, 2, 5, 12], gamma=0.5), []),
    ("ExponentialLR", SGD2, s("ExponentialLR", gamma=0.9), []),
    ("CosineAnnealingLR", SGD2, s("CosineAnnealingLR", tMax=7, etaMin=0.001), []),
    ("LambdaLR", SGD2, s("LambdaLR", lrLambda="pow095"), []),
    # the new ones
    ("MultiplicativeLR", SGD2, s("MultiplicativeLR", lrLambda="inverse"), []),
    ("ConstantLR", SGD2, s("ConstantLR", factor=0.5, totalIters=4), []),
    ("ConstantLR defaults", SGD2, s("ConstantLR"), []),
    ("LinearLR warm-up", SGD2, s("LinearLR", startFactor=0.25, totalIters=6), []),
    ("LinearLR decay", SGD2, s("LinearLR", startFactor=1.0, endFactor=0.1, totalIters=10), []),
    ("PolynomialLR", SGD2, s("PolynomialLR", totalIters=8, power=2.0), []),
    ("PolynomialLR linear", SGD2, s("PolynomialLR", totalIters=12), []),
    ("SequentialLR", SGD2, s("SequentialLR", schedulers=[s("ConstantLR", factor=0.1, totalIters=2), s("ExponentialLR", gamma=0.9)], milestones=[3]), []),
    ("SequentialLR three", SGD2, s("SequentialLR", schedulers=[s("LinearLR", startFactor=0.2, totalIters=4), s("CosineAnnealingLR", tMax=10), s("StepLR", stepSize=2)], milestones=[5, 15]), []),
    ("ChainedScheduler", SGD2, s("ChainedScheduler", schedulers=[s("ConstantLR", factor=0.1, totalIters=3), s("ExponentialLR", gamma=0.9)]), []),
    ("CosineAnnealingWarmRestarts", SGD2, s("CosineAnnealingWarmRestarts", t0=5, tMult=2, etaMin=0.001), []),
    ("CosineAnnealingWarmRestarts tMult 1", SGD2, s("CosineAnnealingWarmRestarts", t0=4), []),
    ("CyclicLR triangular", SGD2, s("CyclicLR", baseLr=0.01, maxLr=[0.1, 0.05], stepSizeUp=4, stepSizeDown=6), []),
    ("CyclicLR triangular2", SGD2, s("CyclicLR", baseLr=0.01, maxLr=0.1, stepSizeUp=3, mode="triangular2"), []),
    ("CyclicLR exp_range", SGD2, s("CyclicLR", baseLr=0.01, maxLr=0.1, stepSizeUp=5, mode="exp_range", gamma=0.95, baseMomentum=0.7, maxMomentum=0.95), []),
    ("CyclicLR no momentum", SGD2, s("CyclicLR", baseLr=0.01, maxLr=0.1, stepSizeUp=2, cycleMomentum=False), []),
    ("OneCycleLR", SGD2, s("OneCycleLR", maxLr=[0.1, 0.05], totalSteps=31), []),
    ("OneCycleLR three phase linear", SGD2, s("OneCycleLR", maxLr=0.1, epochs=4, stepsPerEpoch=8, threePhase=True, annealStrategy="linear", pctStart=0.25), []),
    ("OneCycleLR Adam betas", ADAM2, s("OneCycleLR", maxLr=0.01, totalSteps=40, divFactor=10.0, finalDivFactor=100.0), []),
    ("SWALR cos", SGD2, s("SWALR", swaLr=0.05, annealEpochs=5), []),
    ("SWALR linear per group", SGD2, s("SWALR", swaLr=[0.01, 0.2], annealEpochs=8, annealStrategy="linear"), []),
    ("SWALR annealEpochs 0", SGD2, s("SWALR", swaLr=0.03, annealEpochs=0), []),
    ("ReduceLROnPlateau", SGD2, s("ReduceLROnPlateau", patience=2, cooldown=1, factor=0.5, minLr=[0.02, 0.005], metrics="plateaus"), []),
    ("ReduceLROnPlateau max abs", SGD2, s("ReduceLROnPlateau", mode="max", threshold=0.05, thresholdMode="abs", patience=1, metrics="rising"), []),
    # issue 14's bugs: groups added after the scheduler was made, and step(epoch)
    ("LambdaLR after addParamGroup", SGD2, s("LambdaLR", lrLambda="pow095"), [{"epoch": 3, "addParamGroup": {"lr": 0.05}}]),
    ("CosineAnnealingLR tMax 1 after addParamGroup", SGD2, s("CosineAnnealingLR", tMax=1), [{"epoch": 1, "addParamGroup": {"lr": 0.05}}]),
    ("CosineAnnealingLR after addParamGroup", SGD2, s("CosineAnnealingLR", tMax=6, etaMin=0.01), [{"epoch": 4, "addParamGroup": {"lr": 0.05}}]),
    ("MultiplicativeLR after addParamGroup", SGD2, s("MultiplicativeLR", lrLambda="inverse"), [{"epoch": 2, "addParamGroup": {"lr": 0.05}}]),
    ("ReduceLROnPlateau after addParamGroup", SGD2, s("ReduceLROnPlateau", patience=1, factor=0.5, minLr=0.004, metrics="plateaus"), [{"epoch": 4, "addParamGroup": {"lr": 0.05}}]),
    ("StepLR after addParamGroup", SGD2, s("StepLR", stepSize=2, gamma=0.5), [{"epoch": 3, "addParamGroup": {"lr": 0.05}}]),
    ("StepLR step(epoch)", SGD2, s("StepLR", stepSize=2, gamma=0.1), [{"epoch": 1, "stepEpoch": 5}, {"epoch": 9, "stepEpoch": 3}]),
    ("MultiStepLR step(epoch)", SGD2, s("MultiStepLR", milestones=[4, 8], gamma=0.5), [{"epoch": 2, "stepEpoch": 10}]),
    ("CosineAnnealingLR step(epoch)", SGD2, s("CosineAnnealingLR", tMax=10), [{"epoch": 3, "stepEpoch": 7}]),
    ("ExponentialLR step(epoch)", SGD2, s("ExponentialLR", gamma=0.8), [{"epoch": 4, "stepEpoch": 1}]),
    ("LinearLR step(epoch)", SGD2, s("LinearLR", startFactor=0.5, totalIters=8), [{"epoch": 2, "stepEpoch": 6}]),
    ("ConstantLR step(epoch)", SGD2, s("ConstantLR", factor=0.25, totalIters=6), [{"epoch": 2, "stepEpoch": 7}]),
    ("PolynomialLR step(epoch)", SGD2, s("PolynomialLR", totalIters=10, power=1.5), [{"epoch": 2, "stepEpoch": 5}]),
    ("LambdaLR step(epoch)", SGD2, s("LambdaLR", lrLambda="pow095"), [{"epoch": 2, "stepEpoch": 9}]),
    ("CosineAnnealingWarmRestarts step(fractional epoch)", SGD2, s("CosineAnnealingWarmRestarts", t0=3, tMult=2), [{"epoch": 2, "stepEpoch": 2.5}, {"epoch": 5, "stepEpoch": 11.25}]),
]

# What the named lambdas and metric sequences are (the TypeScript test defines the same).
LAMBDAS = {"pow095": "0.95 ** epoch", "inverse": "1 / (1 + 0.1 * epoch)"}
METRICS = {
    "plateaus": [10, 9, 9, 9, 9, 9, 9, 9, 8, 9.9996, 9, 9, 9, 9, 7, 7, 7, 7, 7, 7, 6.9999, 7, 7, 7, 7, 7, 7, 7, 7, 7],
    "rising": [0.1, 0.2, 0.22, 0.24, 0.5, 0.5, 0.5, 0.6, 0.62, 0.7, 0.7, 0.7, 0.7, 0.9, 0.92, 0.93, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
}
