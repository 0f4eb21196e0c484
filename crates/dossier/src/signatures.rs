//! Signed history: whose key may sign an entry, and which team changes a member may sign.
//!
//! Storage signs an entry's bytes and checks a signature against the key it carries; this module
//! decides, with the team as it stood, whether that key was the actor's, and (when signatures are
//! required) whether the actor's role allowed the act. No cryptography here: keys are compared as
//! their OpenSSH text (`ssh-ed25519 AAAA…`, no comment), which is what a team act declares.
//!
//! The team as it stood for an entry is the team after the entries recorded before it (the
//! journal as it was when the entry was written), which is also the team a new act is checked
//! against.

use std::collections::BTreeSet;

use grid::Role;
use journey::Workflow;

use crate::act::{Act, Entry, SignaturePolicy};
use crate::dossier::{Settings, entry_name};
use crate::roles::{Refused, act_kind, authorize, event_roles};

/// Why a signature rule refuses an entry.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unsigned {
    #[error("signatures are required and this entry is not signed")]
    Missing { actor: String, has_key: bool },
    #[error("the entry is signed with a key that is not `{actor}`'s declared key")]
    NotActorsKey { actor: String },
    #[error("the entry is signed with a key no member declared (`{actor}` has none)")]
    UnknownKey { actor: String },
    #[error(
        "with signatures required, {part} members are declared, changed and removed by {by}; `{actor}` is {role}"
    )]
    TeamPart {
        part: &'static str,
        by: &'static str,
        actor: String,
        role: String,
    },
    #[error(
        "with signatures required, nobody joins as anssi: the provider's officer records ANSSI's acts on its behalf, with their reference"
    )]
    AnssiMember,
    #[error("with signatures required, a new member is declared with their public key")]
    NoKey { actor: String },
    #[error(
        "signatures can be required only by a member whose key is declared and who signs that act"
    )]
    RequireUnsigned,
}

/// Whether `entry` declares its own actor's key, and that key is `key`.
fn declares_own(entry: &Entry, key: &str) -> bool {
    matches!(&entry.act, Act::Team { actor, public_key: Some(k), .. } if *actor == entry.actor && k == key)
}

/// Which part of the team a role belongs to, and who manages it.
fn part(role: Role) -> (&'static str, Role) {
    match role {
        Role::Provider | Role::Anssi => ("provider", Role::Provider),
        Role::Evaluator | Role::LeadEvaluator => ("centre", Role::LeadEvaluator),
    }
}

/// The signature rules for `entry` written with the team and policy of `settings` (the team as
/// it stands before it). `entry.signer` is the key it is (to be) signed with.
pub fn rule(settings: &Settings, entry: &Entry) -> Result<(), Unsigned> {
    let required = settings.signatures == SignaturePolicy::Required
        || matches!(
            entry.act,
            Act::Signatures {
                policy: SignaturePolicy::Required
            }
        );
    let member = settings.member(&entry.actor);
    let declared = member.and_then(|m| m.public_key.as_deref());
    match (entry.signer.as_deref(), declared) {
        (Some(key), Some(own)) if key == own => {}
        (Some(_), Some(_)) => {
            return Err(Unsigned::NotActorsKey {
                actor: entry.actor.clone(),
            });
        }
        // Declaring one's own first key, signed with it (trust on first use).
        (Some(key), None) if declares_own(entry, key) => {}
        (Some(_), None) if required => {
            return Err(Unsigned::UnknownKey {
                actor: entry.actor.clone(),
            });
        }
        (Some(_), None) => {}
        (None, _)
            if matches!(
                entry.act,
                Act::Signatures {
                    policy: SignaturePolicy::Required
                }
            ) =>
        {
            return Err(Unsigned::RequireUnsigned);
        }
        (None, own) if required => {
            return Err(Unsigned::Missing {
                actor: entry.actor.clone(),
                has_key: own.is_some(),
            });
        }
        (None, _) => {}
    }
    if !required {
        return Ok(());
    }
    // Who may change which part of the team.
    let role = member.map(|m| m.role);
    let touched: Vec<Role> = match &entry.act {
        Act::Team {
            actor,
            role: new,
            public_key,
        } => {
            if *new == Some(Role::Anssi) {
                return Err(Unsigned::AnssiMember);
            }
            let current = settings.role_of(actor);
            if current.is_none() && public_key.is_none() && new.is_some() {
                return Err(Unsigned::NoKey {
                    actor: actor.clone(),
                });
            }
            current.into_iter().chain(*new).collect()
        }
        // A member rotates their own key; their part's manager may too.
        Act::Key { actor, .. } if actor == &entry.actor => Vec::new(),
        Act::Key { actor, .. } => settings.role_of(actor).into_iter().collect(),
        _ => Vec::new(),
    };
    for target in touched {
        let (name, manager) = part(target);
        // The provider's officer brings in the centre's first lead evaluator (trust on first
        // use, as for the first officer at `init`); from then on the lead evaluator manages the
        // centre's members.
        let no_lead = !settings.team.iter().any(|m| m.role == Role::LeadEvaluator);
        let allowed = role == Some(manager)
            || (manager == Role::LeadEvaluator && no_lead && role == Some(Role::Provider));
        if !allowed {
            return Err(Unsigned::TeamPart {
                part: name,
                by: match manager {
                    Role::Provider => "the provider's officer",
                    _ => "the centre's lead evaluator",
                },
                actor: entry.actor.clone(),
                role: role.map_or_else(|| "not in the team".to_owned(), |r| r.to_string()),
            });
        }
    }
    Ok(())
}

/// What storage found of an entry's signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seal {
    /// No signature beside it.
    None,
    /// A signature that does not verify over the entry's bytes (or is not a jalon signature).
    Invalid(String),
    /// A valid signature by this key (OpenSSH text, no comment).
    Valid(String),
}

/// What `verify` reports about one entry's signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// The entry (its history file).
    pub label: String,
    pub problem: Problem,
    /// An error (`verify` exits 1), or a warning (optional signatures: a key no member declared).
    pub error: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("unsigned, while signatures are required")]
    Unsigned,
    #[error("the entry names a signer but its signature is missing")]
    SignatureMissing,
    #[error("bad signature: {0}")]
    BadSignature(String),
    #[error("signed with another key than the one the entry names")]
    OtherKey,
    #[error("signed with a key no member held at that date (`{actor}` had none)")]
    UnknownKey { actor: String },
    #[error("signed with a key that was not `{actor}`'s at that date")]
    NotActorsKey { actor: String },
    #[error("the key's holder was not allowed to do this at that date: {0}")]
    Role(Refused),
    #[error("{0}")]
    Rule(Unsigned),
}

/// Checks every entry's signature (`seals`, at the same index as `entries`, in recording order)
/// against the team as it stood when it was written, starting from `base` (`jalon.ron`'s
/// settings). Every problem is reported, none stops the others.
pub fn audit(
    workflow: &Workflow,
    base: &Settings,
    entries: &[Entry],
    seals: &[Seal],
) -> Vec<Finding> {
    let retracted: BTreeSet<&str> = entries
        .iter()
        .filter_map(|e| match &e.act {
            Act::Retract { entry } => Some(entry.as_str()),
            _ => None,
        })
        .collect();
    let mut team = base.clone();
    let mut found = Vec::new();
    for (e, seal) in entries.iter().zip(seals) {
        let required = team.signatures == SignaturePolicy::Required
            || matches!(
                e.act,
                Act::Signatures {
                    policy: SignaturePolicy::Required
                }
            );
        let mut report = |problem: Problem, error: bool| {
            found.push(Finding {
                label: e.label.clone(),
                problem,
                error,
            });
        };
        // The signature itself.
        let key = match (seal, e.signer.as_deref()) {
            (Seal::Invalid(why), _) => {
                report(Problem::BadSignature(why.clone()), true);
                None
            }
            (Seal::Valid(key), Some(named)) if key != named => {
                report(Problem::OtherKey, true);
                None
            }
            (Seal::Valid(key), _) => Some(key.as_str()),
            (Seal::None, Some(_)) => {
                report(Problem::SignatureMissing, true);
                None
            }
            (Seal::None, None) => {
                if required {
                    report(Problem::Unsigned, true);
                }
                None
            }
        };
        // Whose key it is.
        let member = team.member(&e.actor);
        if let Some(key) = key {
            match member.and_then(|m| m.public_key.as_deref()) {
                Some(own) if own == key => {}
                Some(_) => report(
                    Problem::NotActorsKey {
                        actor: e.actor.clone(),
                    },
                    true,
                ),
                None if declares_own(e, key) => {}
                None => report(
                    Problem::UnknownKey {
                        actor: e.actor.clone(),
                    },
                    required,
                ),
            }
        }
        // What the actor's role allowed, and the team rules, when signatures were required.
        if required {
            let roles = event_roles(workflow, &e.act);
            let behalf = e.on_behalf_of.as_ref().map(|b| b.reference.as_str());
            if let Err(refused) = authorize(
                true,
                &e.actor,
                member.map(|m| m.role),
                behalf,
                &act_kind(&e.act, &roles),
            ) {
                report(Problem::Role(refused), true);
            } else if key.is_some()
                && let Err(rule) = rule(&team, e)
                && !matches!(
                    rule,
                    Unsigned::NotActorsKey { .. } | Unsigned::UnknownKey { .. }
                )
            {
                report(Problem::Rule(rule), true);
            }
        }
        if !retracted.contains(entry_name(&e.label)) {
            // A team act that does not apply (removing someone absent) changes nothing.
            let _ = team.apply_team(&e.act);
        }
    }
    found
}
