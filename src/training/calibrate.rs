//! Score calibration: a logistic function of an entity's margin, fit by
//! maximum likelihood to whether entities found on held-out data were exactly
//! right (span and label).

use crate::model::Calibration;

/// Fits `score = 1 / (1 + e^((m - margin) / s))` to `(margin, right)` points
/// by maximum likelihood, with a weak pull towards `prior` so that a handful
/// of points (a tiny corpus) or points a threshold separates cannot push the
/// fit to infinity. Newton's method on the margins divided by their spread,
/// each step halved until the likelihood grows, so it converges whatever the
/// scale of the weights. Deterministic: the same points give the same bits.
pub(crate) fn fit(points: &[(f32, bool)], prior: Calibration) -> Calibration {
    if points.is_empty() {
        return prior;
    }
    let n = points.len() as f64;
    let mean = points.iter().map(|&(m, _)| f64::from(m)).sum::<f64>() / n;
    let spread = (points
        .iter()
        .map(|&(m, _)| (f64::from(m) - mean).powi(2))
        .sum::<f64>()
        / n)
        .sqrt()
        .max(1e-6);
    // In standard units z = margin / spread: logit = a z + b.
    let z: Vec<(f64, f64)> = points
        .iter()
        .map(|&(m, right)| (f64::from(m) / spread, if right { 1.0 } else { 0.0 }))
        .collect();
    let prior_ab = (
        spread / f64::from(prior.scale),
        -f64::from(prior.margin) / f64::from(prior.scale),
    );
    let objective = |(a, b): (f64, f64)| penalized_likelihood(&z, (a, b), prior_ab);
    let mut ab = prior_ab;
    let mut best = objective(ab);
    for _ in 0..100 {
        let (da, db) = newton_step(&z, ab, prior_ab);
        let mut step = 1.0;
        let mut moved = false;
        while step > 1e-9 {
            let next = (ab.0 + step * da, ab.1 + step * db);
            let value = objective(next);
            if value > best {
                (ab, best, moved) = (next, value, true);
                break;
            }
            step /= 2.0;
        }
        if !moved || (step * da).abs() + (step * db).abs() < 1e-10 {
            break;
        }
    }
    let (a, b) = ab;
    if !(a > 1e-9 && a.is_finite() && b.is_finite()) {
        return prior;
    }
    Calibration {
        margin: (-b / a * spread) as f32,
        scale: (spread / a) as f32,
    }
}

/// How strongly the prior holds, in points' worth of log-likelihood.
const PULL: f64 = 1.0;

/// The log-likelihood of the points `z` (standard margin, right as 1 or 0)
/// under logit `a z + b`, less the pull towards `prior`.
fn penalized_likelihood(z: &[(f64, f64)], (a, b): (f64, f64), prior: (f64, f64)) -> f64 {
    let ll: f64 = z
        .iter()
        .map(|&(x, y)| {
            let t = a * x + b;
            // y t - ln(1 + e^t), computed without overflow.
            y * t - (t.max(0.0) + (-t.abs()).exp().ln_1p())
        })
        .sum();
    ll - PULL / 2.0 * ((a - prior.0).powi(2) + (b - prior.1).powi(2))
}

/// Newton's step for [`penalized_likelihood`] at `(a, b)`.
fn newton_step(z: &[(f64, f64)], (a, b): (f64, f64), prior: (f64, f64)) -> (f64, f64) {
    let (mut ga, mut gb) = (-PULL * (a - prior.0), -PULL * (b - prior.1));
    let (mut haa, mut hab, mut hbb) = (-PULL, 0.0, -PULL);
    for &(x, y) in z {
        let p = 1.0 / (1.0 + (-(a * x + b)).exp());
        ga += (y - p) * x;
        gb += y - p;
        let w = p * (1.0 - p);
        haa -= w * x * x;
        hab -= w * x;
        hbb -= w;
    }
    let det = haa * hbb - hab * hab;
    if det.abs() < 1e-300 {
        return (0.0, 0.0);
    }
    (-(hbb * ga - hab * gb) / det, -(haa * gb - hab * ga) / det)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovers_the_logistic_that_made_the_points() {
        // Points drawn deterministically from a known curve: margin 30, scale 10.
        let truth = Calibration {
            margin: 30.0,
            scale: 10.0,
        };
        let mut points = Vec::new();
        let mut x = 0x2545_f491_u64;
        for k in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let m = (k % 100) as f32;
            let u = (x % 1_000_000) as f32 / 1_000_000.0;
            points.push((m, u < truth.score(m)));
        }
        let got = fit(&points, Calibration::default());
        assert!((got.margin - 30.0).abs() < 1.5, "{got:?}");
        assert!((got.scale - 10.0).abs() < 1.0, "{got:?}");
    }

    #[test]
    fn margins_of_any_scale_and_separable_points_give_a_finite_fit() {
        // Right above a threshold only, on margins in the hundreds.
        let points: Vec<(f32, bool)> = (0..5_000).map(|k| (k as f32 / 10.0, k > 2_000)).collect();
        let got = fit(&points, Calibration::default());
        assert!(got.scale > 0.5 && got.scale.is_finite(), "{got:?}");
        assert!((150.0..250.0).contains(&got.margin), "{got:?}");
    }

    #[test]
    fn few_or_one_sided_points_keep_near_the_prior() {
        let prior = Calibration::default();
        assert_eq!(fit(&[], prior), prior);
        let got = fit(&[(5.0, true), (50.0, true)], prior);
        assert!(got.scale > 0.0 && got.scale.is_finite(), "{got:?}");
    }
}
