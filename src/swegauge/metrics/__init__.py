"""swegauge.metrics: pass@k, Avg@k, exact match, confidence intervals, paired comparisons, power.

Pure functions over per-task scores in [0, 1]; the results store and reports call them.
"""

from swegauge.metrics.estimators import (
    Estimate,
    avg_at_k,
    avg_at_k_per_task,
    bootstrap_interval,
    clt_interval,
    clustered_interval,
    clustered_standard_error,
    estimate_mean,
    exact_match_accuracy,
    exact_match_scores,
    mean_pass_at_k,
    pass_at_k,
    pass_at_k_per_task,
    standard_error,
    wilson_interval,
)
from swegauge.metrics.paired import (
    McNemarResult,
    PairedComparison,
    compare_paired,
    discordant_counts,
    mcnemar_exact,
    minimum_detectable_effect,
    paired_bootstrap_interval,
    paired_clt_interval,
    tasks_needed,
)

__all__ = [
    "Estimate",
    "McNemarResult",
    "PairedComparison",
    "avg_at_k",
    "avg_at_k_per_task",
    "bootstrap_interval",
    "clt_interval",
    "clustered_interval",
    "clustered_standard_error",
    "compare_paired",
    "discordant_counts",
    "estimate_mean",
    "exact_match_accuracy",
    "exact_match_scores",
    "mcnemar_exact",
    "mean_pass_at_k",
    "minimum_detectable_effect",
    "paired_bootstrap_interval",
    "paired_clt_interval",
    "pass_at_k",
    "pass_at_k_per_task",
    "standard_error",
    "tasks_needed",
    "wilson_interval",
]
