//! Exact non-negative rational numbers, enough for the scoring rules.
//!
//! Every figure of a score is a ratio of small integers (points, maxima, factor counts, weights that
//! sum to 100), so it is kept exact and rounded half-up at one decimal without binary floating point.
//! Denominators stay small: objective percentages have denominators dividing
//! `lcm(125, 167, 200, 143, 250) × lcm(1..=8)` (card method) or `1000 × lcm(1..=8)` (calculator method),
//! so sums of eight of them, times weights up to 100, fit easily in `i128`.

use std::ops::{Add, Div, Mul};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ratio {
    num: i128,
    den: i128,
}

fn gcd(mut a: i128, mut b: i128) -> i128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.abs()
}

impl Ratio {
    pub(crate) const ZERO: Ratio = Ratio { num: 0, den: 1 };

    /// `num / den`; `den` must not be zero.
    pub(crate) fn new(num: i128, den: i128) -> Ratio {
        assert!(den != 0, "a ratio's denominator is never zero");
        let g = gcd(num, den).max(1);
        let sign = if den < 0 { -1 } else { 1 };
        Ratio {
            num: sign * num / g,
            den: sign * den / g,
        }
    }

    pub(crate) fn int(n: i128) -> Ratio {
        Ratio { num: n, den: 1 }
    }

    /// Rounded half-up (half away from zero) to an integer.
    pub(crate) fn round_half_up(self) -> i128 {
        let twice = 2 * self.num.abs() + self.den;
        let rounded = twice / (2 * self.den);
        if self.num < 0 { -rounded } else { rounded }
    }

    /// Rounded half-up at one decimal, as a number of tenths.
    pub(crate) fn round_tenths(self) -> i128 {
        (self * Ratio::int(10)).round_half_up()
    }

    pub(crate) fn to_f64(self) -> f64 {
        // Numerators and denominators are far below 2^53 in practice; the division is the
        // nearest double to the exact value for all the figures this crate produces.
        self.num as f64 / self.den as f64
    }
}

impl Add for Ratio {
    type Output = Ratio;
    fn add(self, rhs: Ratio) -> Ratio {
        let g = gcd(self.den, rhs.den);
        let den = self.den / g * rhs.den;
        Ratio::new(self.num * (den / self.den) + rhs.num * (den / rhs.den), den)
    }
}

impl Mul for Ratio {
    type Output = Ratio;
    fn mul(self, rhs: Ratio) -> Ratio {
        let a = Ratio::new(self.num, rhs.den);
        let b = Ratio::new(rhs.num, self.den);
        Ratio::new(a.num * b.num, a.den * b.den)
    }
}

impl Div for Ratio {
    type Output = Ratio;
    fn div(self, rhs: Ratio) -> Ratio {
        assert!(rhs.num != 0, "division by zero");
        self * Ratio::new(rhs.den, rhs.num)
    }
}

impl std::iter::Sum for Ratio {
    fn sum<I: Iterator<Item = Ratio>>(iter: I) -> Ratio {
        iter.fold(Ratio::ZERO, |a, b| a + b)
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.num * other.den).cmp(&(other.num * self.den))
    }
}

#[cfg(test)]
mod tests {
    use super::Ratio;

    fn check_tenths(num: i128, den: i128, expected: i128) {
        assert_eq!(Ratio::new(num, den).round_tenths(), expected, "{num}/{den}");
    }

    #[test]
    fn rounds_half_up_at_one_decimal() {
        check_tenths(625, 1, 6250); // 625.0
        check_tenths(625, 100, 63); // 6.25 -> 6.3
        check_tenths(1161, 20, 581); // 58.05 -> 58.1 (58.04999… in f64)
        check_tenths(1149, 20, 575); // 57.45 -> 57.5
        check_tenths(1, 20, 1); // 0.05 -> 0.1
        check_tenths(1, 21, 0); // 0.0476 -> 0.0
        check_tenths(0, 7, 0);
        check_tenths(8650, 100, 865); // 86.5
    }

    #[test]
    fn rounds_half_up_to_integers() {
        assert_eq!(Ratio::new(125, 2).round_half_up(), 63); // 62.5 shows as 63
        assert_eq!(Ratio::new(143, 4).round_half_up(), 36); // 35.75
        assert_eq!(Ratio::new(1000, 6).round_half_up(), 167);
        assert_eq!(Ratio::new(1000, 7).round_half_up(), 143);
        assert_eq!(Ratio::new(-5, 2).round_half_up(), -3);
    }

    #[test]
    fn f64_would_round_58_05_down() {
        // The trap this type avoids: the same sum in binary floating point lands below the half.
        let naive: f64 = (82.0 * 57.3 + 9.0 * 60.0 + 6.0 * 60.0 + 3.0 * 68.8) / 100.0;
        assert_eq!((naive * 10.0).round(), 580.0);
        assert_eq!(Ratio::new(1161, 20).round_tenths(), 581);
    }

    #[test]
    fn arithmetic_stays_exact() {
        let third = Ratio::new(1, 3);
        assert_eq!(third + third + third, Ratio::int(1));
        assert_eq!(Ratio::new(2, 4), Ratio::new(1, 2));
        assert_eq!(Ratio::new(3, 4) * Ratio::new(4, 3), Ratio::int(1));
        assert_eq!(Ratio::new(1, 2) / Ratio::new(1, 4), Ratio::int(2));
        assert!(Ratio::new(1, 3) < Ratio::new(1, 2));
    }
}
