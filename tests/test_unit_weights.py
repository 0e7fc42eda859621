"""The fit of the answer units' feature weights (`bot.evaluation.unit_weights`), on a small
fixture whose answers one feature separates and another misleads."""

from __future__ import annotations

import numpy as np

from bot.evaluation.unit_weights import Ranked, best_answers, fit, leave_batches_out


def _fixture() -> list[Ranked]:
    # Three candidates per question: the answer has feature 0; a decoy has more of feature 1,
    # which today's weights trust; feature 2 is noise the data say nothing about.
    rows = []
    for i in range(12):
        features = np.array(
            [[1.0, 0.5, 0.1 * (i % 3)], [0.0, 1.0, 0.2], [0.0, 0.0, 0.0]], dtype=np.float64
        )
        rows.append(Ranked(f"b{i % 3}-{i}", f"b{i % 3}", features, np.array([True, False, False])))
    return rows


def test_the_fit_learns_the_feature_that_answers_and_keeps_frozen_ones() -> None:
    rows = _fixture()
    start = np.array([0.2, 1.0, 0.3])
    assert best_answers(rows, start) == 0.0  # the decoy leads every question today
    fitted = fit(rows, start, frozen=[2], steps=400, rate=0.5)
    assert best_answers(rows, fitted) == 1.0
    assert fitted[0] > start[0] and fitted[1] < start[1]
    assert fitted[2] == start[2]  # frozen: a product choice, not the data's


def test_questions_that_teach_nothing_leave_the_weights_alone() -> None:
    # Every candidate answers, or none does: no weighting does better than another.
    features = np.eye(2)
    rows = [
        Ranked("a", "a", features, np.array([True, True])),
        Ranked("b", "b", features, np.array([False, False])),
    ]
    start = np.array([1.0, 2.0])
    assert np.array_equal(fit(rows, start), start)


def test_each_batch_is_scored_by_weights_fitted_without_it() -> None:
    rows = _fixture()
    today, fitted = leave_batches_out(rows, np.array([0.2, 1.0, 0.3]))
    assert today == 0.0 and fitted == 1.0
    # One batch alone: nothing to fit it on, so it keeps today's weights.
    alone = [r for r in rows if r.batch == "b0"]
    assert leave_batches_out(alone, np.array([0.2, 1.0, 0.3])) == (0.0, 0.0)
