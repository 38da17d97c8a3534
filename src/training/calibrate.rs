//! Score calibration: a logistic function of an entity's margin, fit by
//! maximum likelihood to whether entities found on held-out data were exactly
//! right (span and label).

use crate::model::Calibration;

/// Fits `score = 1 / (1 + e^((margin - m) / s))` to `(margin, right)` points by
/// Newton's method on `a = 1/s, b = -m/s`, with a weak pull towards `prior` so
/// that a handful of points (a tiny corpus) cannot push the fit to infinity.
/// Deterministic: the same points give the same bits.
pub(crate) fn fit(points: &[(f32, bool)], prior: Calibration) -> Calibration {
    /// How strongly the prior holds, in points' worth of log-likelihood.
    const PULL: f64 = 1.0;
    let (a0, b0) = (
        1.0 / f64::from(prior.scale),
        -f64::from(prior.margin) / f64::from(prior.scale),
    );
    let (mut a, mut b) = (a0, b0);
    for _ in 0..100 {
        // Gradient and Hessian of the penalized log-likelihood.
        let (mut ga, mut gb) = (-PULL * (a - a0), -PULL * (b - b0));
        let (mut haa, mut hab, mut hbb) = (-PULL, 0.0, -PULL);
        for &(m, right) in points {
            let m = f64::from(m);
            let p = 1.0 / (1.0 + (-(a * m + b)).exp());
            let y = if right { 1.0 } else { 0.0 };
            ga += (y - p) * m;
            gb += y - p;
            let w = p * (1.0 - p);
            haa -= w * m * m;
            hab -= w * m;
            hbb -= w;
        }
        let det = haa * hbb - hab * hab;
        if det.abs() < 1e-12 {
            break;
        }
        let (da, db) = ((hbb * ga - hab * gb) / det, (haa * gb - hab * ga) / det);
        a -= da;
        b -= db;
        if da.abs() < 1e-9 && db.abs() < 1e-9 {
            break;
        }
    }
    if !(a > 1e-6 && a.is_finite() && b.is_finite()) {
        return prior;
    }
    Calibration {
        margin: (-b / a) as f32,
        scale: (1.0 / a) as f32,
    }
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
    fn few_or_one_sided_points_keep_near_the_prior() {
        let prior = Calibration::default();
        assert_eq!(fit(&[], prior), prior);
        let got = fit(&[(5.0, true), (50.0, true)], prior);
        assert!(got.scale > 0.0 && got.scale.is_finite(), "{got:?}");
    }
}
