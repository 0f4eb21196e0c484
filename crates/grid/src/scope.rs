//! What a service is, for applicability.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// A kind of cloud service in SecNumCloud's scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum ServiceKind {
    Iaas,
    Caas,
    Paas,
    Saas,
}

impl ServiceKind {
    pub const ALL: [ServiceKind; 4] = [
        ServiceKind::Iaas,
        ServiceKind::Caas,
        ServiceKind::Paas,
        ServiceKind::Saas,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ServiceKind::Iaas => "iaas",
            ServiceKind::Caas => "caas",
            ServiceKind::Paas => "paas",
            ServiceKind::Saas => "saas",
        }
    }

    /// The name people read: IaaS, CaaS, PaaS, SaaS.
    pub fn display_name(self) -> &'static str {
        match self {
            ServiceKind::Iaas => "IaaS",
            ServiceKind::Caas => "CaaS",
            ServiceKind::Paas => "PaaS",
            ServiceKind::Saas => "SaaS",
        }
    }
}

impl fmt::Display for ServiceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl FromStr for ServiceKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ServiceKind::ALL
            .into_iter()
            .find(|k| k.as_str().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                format!("unknown service kind `{s}`; expected one of iaas, caas, paas, saas")
            })
    }
}

impl TryFrom<String> for ServiceKind {
    type Error = String;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<ServiceKind> for &'static str {
    fn from(k: ServiceKind) -> Self {
        k.as_str()
    }
}
