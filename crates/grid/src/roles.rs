//! The roles people act in. The rules of who may do what live with the acts (the `dossier` crate).

use crate::names::named_enum;

named_enum! {
    /// What an actor does in the journey.
    Role, "role" {
        Provider = "provider",
        Evaluator = "evaluator",
        LeadEvaluator = "lead-evaluator",
        Anssi = "anssi",
    }
}
