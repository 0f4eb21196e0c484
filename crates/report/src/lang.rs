//! Output languages and formats shared by every report.

use std::fmt;
use std::str::FromStr;

/// The language of a report's headings and labels (data such as factor names stays as it is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
}

/// A language code other than `en` or `fr`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{code}\" is not a report language; use \"en\" or \"fr\".")]
pub struct UnknownLang {
    /// The code given.
    pub code: String,
}

impl Lang {
    /// `en` or `fr`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// A percentage with one decimal, as this language writes it: `77.0%`, `77,0 %`.
    pub fn percent(self, value: f64) -> String {
        match self {
            Lang::En => format!("{value:.1}%"),
            Lang::Fr => format!("{} %", self.decimal(value)),
        }
    }

    /// A whole percentage: `20%`, `20 %`.
    pub fn whole_percent(self, value: u32) -> String {
        match self {
            Lang::En => format!("{value}%"),
            Lang::Fr => format!("{value} %"),
        }
    }

    /// A number with one decimal: `86.5`, `86,5`.
    pub fn decimal(self, value: f64) -> String {
        let text = format!("{value:.1}");
        match self {
            Lang::En => text,
            Lang::Fr => text.replace('.', ","),
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "en" => Ok(Lang::En),
            "fr" => Ok(Lang::Fr),
            _ => Err(UnknownLang { code: s.to_owned() }),
        }
    }
}

/// A report's output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Format {
    /// Markdown (GitHub tables).
    #[default]
    Markdown,
    /// One self-contained HTML file: inline CSS, no script, nothing fetched.
    Html,
}

/// A format name other than `md` or `html`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("\"{name}\" is not a report format; use \"md\" or \"html\".")]
pub struct UnknownFormat {
    /// The name given.
    pub name: String,
}

impl Format {
    /// `md` or `html`, also the usual file extension.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = UnknownFormat;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "md" | "markdown" => Ok(Format::Markdown),
            "html" => Ok(Format::Html),
            _ => Err(UnknownFormat { name: s.to_owned() }),
        }
    }
}
