"""Key drivers: Johnson's relative weights on R's mtcars, Shapley/LMG by brute force, estimator."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
import pytest

from needscope.methods import RelativeWeights, key_drivers, relative_weights, shapley_r2

# R datasets::mtcars (Henderson & Velleman 1981), columns mpg, cyl, disp, hp, gear; 32 rows.
MTCARS = [
    ("Mazda RX4", 21.0, 6, 160.0, 110, 4),
    ("Mazda RX4 Wag", 21.0, 6, 160.0, 110, 4),
    ("Datsun 710", 22.8, 4, 108.0, 93, 4),
    ("Hornet 4 Drive", 21.4, 6, 258.0, 110, 3),
    ("Hornet Sportabout", 18.7, 8, 360.0, 175, 3),
    ("Valiant", 18.1, 6, 225.0, 105, 3),
    ("Duster 360", 14.3, 8, 360.0, 245, 3),
    ("Merc 240D", 24.4, 4, 146.7, 62, 4),
    ("Merc 230", 22.8, 4, 140.8, 95, 4),
    ("Merc 280", 19.2, 6, 167.6, 123, 4),
    ("Merc 280C", 17.8, 6, 167.6, 123, 4),
    ("Merc 450SE", 16.4, 8, 275.8, 180, 3),
    ("Merc 450SL", 17.3, 8, 275.8, 180, 3),
    ("Merc 450SLC", 15.2, 8, 275.8, 180, 3),
    ("Cadillac Fleetwood", 10.4, 8, 472.0, 205, 3),
    ("Lincoln Continental", 10.4, 8, 460.0, 215, 3),
    ("Chrysler Imperial", 14.7, 8, 440.0, 230, 3),
    ("Fiat 128", 32.4, 4, 78.7, 66, 4),
    ("Honda Civic", 30.4, 4, 75.7, 52, 4),
    ("Toyota Corolla", 33.9, 4, 71.1, 65, 4),
    ("Toyota Corona", 21.5, 4, 120.1, 97, 3),
    ("Dodge Challenger", 15.5, 8, 318.0, 150, 3),
    ("AMC Javelin", 15.2, 8, 304.0, 150, 3),
    ("Camaro Z28", 13.3, 8, 350.0, 245, 3),
    ("Pontiac Firebird", 19.2, 8, 400.0, 175, 3),
    ("Fiat X1-9", 27.3, 4, 79.0, 66, 4),
    ("Porsche 914-2", 26.0, 4, 120.3, 91, 5),
    ("Lotus Europa", 30.4, 4, 95.1, 113, 5),
    ("Ford Pantera L", 15.8, 8, 351.0, 264, 5),
    ("Ferrari Dino", 19.7, 6, 145.0, 175, 5),
    ("Maserati Bora", 15.0, 8, 301.0, 335, 5),
    ("Volvo 142E", 21.4, 4, 121.0, 109, 4),
]
PREDICTORS = ["cyl", "disp", "hp", "gear"]


@pytest.fixture
def mtcars() -> pd.DataFrame:
    return pd.DataFrame(MTCARS, columns=["model", "mpg", "cyl", "disp", "hp", "gear"])


def _r2(data: pd.DataFrame, cols: list[str]) -> float:
    if not cols:
        return 0.0
    x = np.column_stack([np.ones(len(data)), data[cols].to_numpy(float)])
    y = data["mpg"].to_numpy(float)
    resid = y - x @ np.linalg.lstsq(x, y, rcond=None)[0]
    return 1 - resid @ resid / ((y - y.mean()) @ (y - y.mean()))


def test_johnson_mtcars_oracle(mtcars: pd.DataFrame) -> None:
    # Johnson (2000) relative weights, mpg ~ cyl + disp + hp + gear on mtcars
    # (DESIGN.md oracle): R² 0.7791896, raw 0.2284797 / 0.2221469 / 0.2321744 / 0.0963886
    out = relative_weights(mtcars, "mpg", PREDICTORS)
    assert out["r2"].iloc[0] == pytest.approx(0.7791896, abs=5e-8)
    assert out["raw_weight"].tolist() == pytest.approx(
        [0.2284797, 0.2221469, 0.2321744, 0.0963886], abs=5e-8
    )
    assert out["raw_weight"].sum() == pytest.approx(_r2(mtcars, PREDICTORS))
    assert out["rescaled_weight"].sum() == pytest.approx(100.0)
    # signs from the full OLS fit (independently with lstsq)
    x = np.column_stack([np.ones(32), mtcars[PREDICTORS].to_numpy(float)])
    coef = np.linalg.lstsq(x, mtcars["mpg"].to_numpy(float), rcond=None)[0][1:]
    assert out["sign"].tolist() == np.sign(coef).astype(int).tolist()


def test_bootstrap_intervals_cover_the_estimate(mtcars: pd.DataFrame) -> None:
    out = relative_weights(mtcars, "mpg", PREDICTORS, n_boot=300, random_state=7)
    assert (out["raw_ci_low"] <= out["raw_weight"]).all()
    assert (out["raw_weight"] <= out["raw_ci_high"]).all()
    assert (out["rescaled_ci_low"] >= 0).all() and (out["rescaled_ci_high"] <= 100).all()
    again = relative_weights(mtcars, "mpg", PREDICTORS, n_boot=300, random_state=7)
    pd.testing.assert_frame_equal(out, again)


def test_shapley_equals_brute_force_over_orderings(mtcars: pd.DataFrame) -> None:
    out = shapley_r2(mtcars, "mpg", PREDICTORS)
    brute = dict.fromkeys(PREDICTORS, 0.0)
    orders = list(itertools.permutations(PREDICTORS))
    for order in orders:
        for k, name in enumerate(order):
            brute[name] += _r2(mtcars, list(order[: k + 1])) - _r2(mtcars, list(order[:k]))
    expected = [brute[p] / len(orders) for p in PREDICTORS]
    assert out["lmg"].tolist() == pytest.approx(expected)
    assert out["lmg"].sum() == pytest.approx(0.7791896, abs=5e-8)
    assert out["lmg_share"].sum() == pytest.approx(100.0)


def test_estimator_contract_and_function_agree(mtcars: pd.DataFrame) -> None:
    est = RelativeWeights(n_boot=0)
    assert est.get_params() == {"n_boot": 0, "confidence": 0.95, "random_state": None}
    assert est.fit(mtcars[PREDICTORS], mtcars["mpg"]) is est
    assert not hasattr(RelativeWeights(), "raw_weights_")
    assert est.feature_names_in_.tolist() == PREDICTORS
    out = relative_weights(mtcars, "mpg", PREDICTORS)
    assert est.raw_weights_ == pytest.approx(out["raw_weight"].to_numpy())
    assert est.set_params(n_boot=5).n_boot == 5
    with pytest.raises(ValueError):
        est.set_params(alpha=1)
    # numpy input works too
    arr = RelativeWeights().fit(mtcars[PREDICTORS].to_numpy(), mtcars["mpg"].to_numpy())
    assert arr.r2_ == pytest.approx(est.r2_)


def test_key_drivers_table(mtcars: pd.DataFrame) -> None:
    out = key_drivers(mtcars, "mpg", PREDICTORS)
    assert out["predictor"].iloc[0] == "hp" and out["rank"].tolist() == [1, 2, 3, 4]
    assert set(out.columns) >= {"correlation", "raw_weight", "lmg", "sign"}
    assert out.set_index("predictor").loc["cyl", "correlation"] == pytest.approx(
        mtcars["mpg"].corr(mtcars["cyl"])
    )


def test_drivers_bad_input(mtcars: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="collinear"):
        relative_weights(mtcars.assign(d2=mtcars["disp"] * 2), "mpg", ["disp", "d2"])
    with pytest.raises(ValueError, match="constant"):
        relative_weights(mtcars.assign(c=1.0), "mpg", ["c", "hp"])
    with pytest.raises(KeyError):
        relative_weights(mtcars, "mpg", ["weight"])
    with pytest.raises(ValueError, match="too few"):
        relative_weights(mtcars.head(4), "mpg", PREDICTORS)
    with pytest.raises(ValueError, match="both"):
        shapley_r2(mtcars, "mpg", ["mpg", "hp"])
    wide = pd.DataFrame(np.random.default_rng(0).normal(size=(40, 17)))
    wide.columns = [f"x{i}" for i in range(17)]
    with pytest.raises(ValueError, match="at most"):
        shapley_r2(wide, "x0", [f"x{i}" for i in range(1, 17)])
    assert math.isfinite(relative_weights(wide, "x0", ["x1", "x2"])["r2"].iloc[0])
