//! SEAL levels (Sovereignty Effective Assurance Levels), 0 to 4.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A SEAL level, 0 (no sovereignty) to 4 (full digital sovereignty).
///
/// Serialises as its level, an integer. Displays as `SEAL-3`; [`Seal::name`] gives its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Seal(u8);

/// A SEAL level outside 0–4.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{value}\" is not a SEAL level; use a number from 0 to 4.")]
pub struct InvalidSeal {
    /// What was given.
    pub value: String,
}

impl Seal {
    /// SEAL-0, no sovereignty.
    pub const MIN: Seal = Seal(0);
    /// SEAL-4, full digital sovereignty.
    pub const MAX: Seal = Seal(4);

    /// The level, if it is 0 to 4.
    pub fn new(level: u8) -> Option<Seal> {
        (level <= 4).then_some(Seal(level))
    }

    /// Every level, lowest first.
    pub fn all() -> impl Iterator<Item = Seal> {
        (0..=4).map(Seal)
    }

    /// The level, 0 to 4.
    pub fn level(self) -> u8 {
        self.0
    }

    /// The level's name in the framework, in English.
    pub fn name(self) -> &'static str {
        match self.0 {
            0 => "No Sovereignty",
            1 => "Jurisdictional Sovereignty",
            2 => "Data Sovereignty",
            3 => "Digital Resilience",
            _ => "Full Digital Sovereignty",
        }
    }
}

impl fmt::Display for Seal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SEAL-{}", self.0)
    }
}

impl FromStr for Seal {
    type Err = InvalidSeal;

    /// Accepts `3` or `SEAL-3` (any case).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let trimmed = s.trim();
        let digits = trimmed
            .get(..5)
            .filter(|p| p.eq_ignore_ascii_case("seal-"))
            .map_or(trimmed, |_| &trimmed[5..]);
        digits
            .parse::<u8>()
            .ok()
            .and_then(Seal::new)
            .ok_or_else(|| InvalidSeal {
                value: s.to_owned(),
            })
    }
}
