//! OSCAL documents of an evaluation: the assessment plan (AP), the assessment results (AR) and the
//! plan of action and milestones (POA&M), as JSON values, from the same data as the reports.
//!
//! How jalon's records map to OSCAL is a proposal, documented field by field in docs/oscal.md:
//! a requirement is a control (`snc-12.3.a`), a minimum check an objective of it
//! (`snc-12.3.a_obj.c1`), the referential a catalog named in the back matter; the cycle's plan
//! gives the AP's activities and tasks; each cycle gives one `results[]` entry of the AR; each
//! corrective action a POA&M item. What OSCAL has no field for is a property in jalon's
//! namespace ([`NS`]).
//!
//! Deterministic: every UUID is a version 5 UUID of the workspace and the object's own ids, and
//! every time is a date at midnight UTC, so the same workspace on the same date gives the same
//! bytes. Markup fields (titles, descriptions, prose) hold text made inert for Markdown, as the
//! Markdown reports do: a user's text never becomes a link, an image or HTML in a viewer.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use grid::{
    Assessment, Finding, FindingStatus, Method, Referential, ReportPart, Role, Severity, Verdict,
};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::Clean;
use crate::lang::Format;
use crate::workspace::Workspace;

/// The namespace of the properties jalon adds.
pub const NS: &str = "urn:jalon:oscal";

/// The OSCAL versions jalon writes; the newer by default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Version {
    V1_1_2,
    #[default]
    V1_2_1,
}

impl Version {
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V1_1_2 => "1.1.2",
            Version::V1_2_1 => "1.2.1",
        }
    }
}

/// The three models.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Model {
    AssessmentPlan,
    AssessmentResults,
    Poam,
}

/// What the documents are made from besides one cycle's [`Workspace`].
#[derive(Clone, Copy, Debug)]
pub struct Context {
    pub version: Version,
    /// The date the document is established on (its `last-modified`, at midnight UTC).
    pub date: NaiveDate,
}

/// UUIDs of the objects of one workspace: version 5, from a namespace of the provider and the
/// service, then the object's kind and ids.
struct Ids {
    root: Uuid,
}

impl Ids {
    fn new(ws: &Workspace<'_>) -> Ids {
        let name = format!("urn:jalon:workspace:{}/{}", ws.provider, ws.service);
        Ids {
            root: Uuid::new_v5(&Uuid::NAMESPACE_URL, name.as_bytes()),
        }
    }

    fn of(&self, kind: &str, key: &str) -> String {
        Uuid::new_v5(&self.root, format!("{kind}:{key}").as_bytes()).to_string()
    }
}

fn md(s: &str) -> String {
    Clean(Format::Markdown).text(s)
}

fn at(date: NaiveDate) -> String {
    format!("{date}T00:00:00Z")
}

fn prop(name: &str, value: &str) -> Value {
    json!({"name": name, "ns": NS, "value": value})
}

/// Adds properties to an object that has a `props` array.
fn add_props(object: &mut Value, props: impl IntoIterator<Item = Value>) {
    if let Some(p) = object["props"].as_array_mut() {
        p.extend(props);
    }
}

/// The token a requirement of `r` is known by as a control: a short prefix of the referential
/// (`snc` for SecNumCloud, `hyg` for the hygiene guide, else its id), a hyphen, its id.
pub fn control_id(r: &Referential, requirement: &str) -> String {
    format!("{}-{requirement}", prefix(&r.id))
}

fn prefix(referential: &str) -> String {
    if referential.starts_with("secnumcloud") {
        "snc".to_owned()
    } else if referential.starts_with("anssi-hygiene") {
        "hyg".to_owned()
    } else {
        // A token starts with a letter or `_` and holds letters, digits, `.`, `-`, `_`.
        let mut t: String = referential
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || "._-".contains(c) {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if !t.starts_with(|c: char| c.is_alphabetic() || c == '_') {
            t.insert(0, '_');
        }
        t
    }
}

/// The objective of a requirement as a whole, or of one of its checks.
pub fn objective_id(r: &Referential, requirement: &str, check: Option<&str>) -> String {
    match check {
        Some(c) => format!("{}_obj.{c}", control_id(r, requirement)),
        None => format!("{}_obj", control_id(r, requirement)),
    }
}

fn method(m: Method) -> &'static str {
    match m {
        Method::Documentary | Method::OnSite => "EXAMINE",
        Method::Interview => "INTERVIEW",
        Method::TechnicalTest => "TEST",
    }
}

fn role_title(r: Role) -> &'static str {
    match r {
        Role::Provider => "Provider's qualification officer",
        Role::Evaluator => "Evaluator",
        Role::LeadEvaluator => "Lead evaluator (Responsable d'évaluation)",
        Role::Anssi => "ANSSI",
    }
}

/// The metadata every model shares: title, dates, version, and the team as roles and parties.
fn metadata(ws: &Workspace<'_>, ctx: &Context, ids: &Ids, title: &str) -> Value {
    let mut roles: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut parties = Vec::new();
    // The provider and the evaluation centre as organizations.
    let provider = ids.of("party", &format!("organization:{}", ws.provider));
    parties.push(json!({"uuid": provider, "type": "organization", "name": ws.provider}));
    let mut responsible =
        vec![json!({"role-id": "provider-organization", "party-uuids": [provider]})];
    let mut role_list =
        vec![json!({"id": "provider-organization", "title": "Cloud service provider"})];
    if let Some(centre) = ws.evaluation_centre {
        let uuid = ids.of("party", &format!("organization:{centre}"));
        parties.push(json!({"uuid": uuid, "type": "organization", "name": centre}));
        responsible.push(json!({"role-id": "assessment-organization", "party-uuids": [uuid]}));
        role_list.push(json!({"id": "assessment-organization", "title": "Evaluation centre"}));
    }
    for m in ws.team {
        let uuid = ids.of("party", &format!("person:{}", m.actor));
        parties.push(json!({"uuid": uuid, "type": "person", "name": m.actor}));
        roles.entry(m.role.as_str()).or_default().push(uuid);
    }
    for (token, uuids) in &roles {
        let role = Role::ALL
            .iter()
            .copied()
            .find(|r| r.as_str() == *token)
            .unwrap_or(Role::Evaluator);
        role_list.push(json!({"id": token, "title": role_title(role)}));
        responsible.push(json!({"role-id": token, "party-uuids": uuids}));
    }
    json!({
        "title": md(title),
        "last-modified": at(ctx.date),
        "version": ctx.date.to_string(),
        "oscal-version": ctx.version.as_str(),
        "roles": role_list,
        "parties": parties,
        "responsible-parties": responsible,
        "props": [
            prop("provider", ws.provider),
            prop("service", ws.service),
        ],
    })
}

/// The referential as a catalog resource of the back matter.
fn catalog(ws: &Workspace<'_>, ids: &Ids) -> (String, Value) {
    let r = ws.referential;
    let uuid = ids.of("catalog", &format!("{}:{}", r.id, r.version));
    (
        uuid.clone(),
        json!({
            "uuid": uuid,
            "title": md(&r.title.en),
            // jalon's own words around the referential's id and version (ids: letters, digits,
            // `.`, `-`; made inert all the same).
            "description": format!(
                "The referential the controls are of: {} version {}. Control ids are jalon's requirement ids prefixed with {}-, objectives add _obj, then a check id.",
                md(&r.id), md(&r.version), md(&prefix(&r.id))
            ),
            "props": [prop("referential", &r.id), prop("referential-version", &r.version)],
            "citation": {"text": md(&r.source)},
        }),
    )
}

/// The requirements the cycle reviews: those of its grid that apply.
fn reviewed_controls(ws: &Workspace<'_>) -> Value {
    let controls: Vec<Value> = ws
        .view
        .rows
        .iter()
        .filter(|row| row.applicable())
        .map(|row| json!({"control-id": control_id(ws.referential, &row.requirement.id)}))
        .collect();
    // A surveillance audit whose plan names nothing yet reviews nothing: said in a remark, as
    // a selection must hold something.
    let selection = if controls.is_empty() {
        json!({"include-all": {}, "remarks": "No requirement of the cycle's scope applies yet."})
    } else {
        json!({"include-controls": controls})
    };
    json!({
        "control-selections": [selection],
        "control-objective-selections": [{"include-all": {}}],
    })
}

/// The cycle's planned checks as activities (one per check), and the tasks: the cycle's
/// recorded journey events as milestones, its plan's phases as actions.
fn plan_parts(ws: &Workspace<'_>, ids: &Ids) -> (Vec<Value>, Vec<Value>) {
    let r = ws.referential;
    let mut activities = Vec::new();
    let mut by_phase: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    if let Some(plan) = &ws.ledger.plan {
        for item in &plan.items {
            let uuid = ids.of(
                "activity",
                &format!("{}:{}:{}", ws.cycle, item.requirement, item.check),
            );
            let text = r
                .get(&item.requirement)
                .and_then(|q| q.checks.iter().find(|c| c.id == item.check))
                .map_or_else(
                    || format!("Check {} of {}.", item.check, item.requirement),
                    |c| c.text.en.clone(),
                );
            let mut props = vec![
                json!({"name": "method", "value": method(item.method)}),
                prop("method", item.method.as_str()),
                prop("phase", item.phase.as_str()),
            ];
            if let Some(d) = item.date {
                props.push(prop("planned-date", &d.to_string()));
            }
            let mut activity = json!({
                "uuid": uuid,
                "title": md(&format!("{} {}", item.requirement, item.check)),
                "description": md(&text),
                "props": props,
                "related-controls": {"control-selections": [{"include-controls": [
                    {"control-id": control_id(r, &item.requirement)}
                ]}]},
            });
            if let Some(e) = &item.evaluator {
                activity["responsible-roles"] = json!([{
                    "role-id": "evaluator",
                    "party-uuids": [ids.of("party", &format!("person:{e}"))],
                }]);
            }
            by_phase.entry(item.phase.as_str()).or_default().push(uuid);
            activities.push(activity);
        }
    }
    let wf = ws.journey.workflow();
    let mut tasks = Vec::new();
    for (n, (event, date)) in ws.events.iter().enumerate() {
        let label = wf
            .event_index(event)
            .map_or(event.as_str(), |ix| wf.event(ix).label.en.as_str());
        tasks.push(json!({
            "uuid": ids.of("task", &format!("{}:event:{n}:{event}", ws.cycle)),
            "type": "milestone",
            "title": md(label),
            "timing": {"on-date": {"date": at(*date)}},
            "props": [prop("event", event)],
        }));
    }
    if let Some(plan) = &ws.ledger.plan {
        for span in plan.timeline() {
            let phase = span.phase.as_str();
            let mut task = json!({
                "uuid": ids.of("task", &format!("{}:phase:{phase}", ws.cycle)),
                "type": "action",
                "title": md(match span.phase {
                    grid::Phase::Documentary => "Documentary audit",
                    grid::Phase::Onsite => "On-site audit",
                }),
                "props": [prop("phase", phase), prop("checks", &span.checks.to_string())],
            });
            if let (Some(start), Some(end)) = (span.start, span.end) {
                task["timing"] = json!({"within-date-range": {"start": at(start), "end": at(end)}});
            }
            let activities = by_phase.get(phase).cloned().unwrap_or_default();
            if !activities.is_empty() {
                task["associated-activities"] = Value::Array(
                    activities
                        .into_iter()
                        .map(|a| json!({"activity-uuid": a, "subjects": [{"type": "component", "include-all": {}}]}))
                        .collect(),
                );
            }
            tasks.push(task);
        }
    }
    (activities, tasks)
}

/// The service as the subject assessed.
fn subjects(ws: &Workspace<'_>) -> Value {
    let kinds: Vec<&str> = ws.kinds.iter().map(|k| k.display_name()).collect();
    json!([{
        "type": "component",
        "description": md(&format!("{} ({}), by {}", ws.service, kinds.join(", "), ws.provider)),
        "include-all": {},
    }])
}

/// The assessment plan of one cycle.
pub fn assessment_plan(ws: &Workspace<'_>, ctx: &Context) -> Value {
    let ids = Ids::new(ws);
    let (catalog_uuid, catalog) = catalog(ws, &ids);
    let (activities, tasks) = plan_parts(ws, &ids);
    let mut ap = json!({
        "uuid": ids.of("assessment-plan", ws.cycle),
        "metadata": metadata(
            ws,
            ctx,
            &ids,
            &format!("Evaluation plan — {} — {} — cycle {}", ws.provider, ws.service, ws.cycle),
        ),
        "import-ssp": {"href": format!("#{catalog_uuid}")},
        "reviewed-controls": reviewed_controls(ws),
        "assessment-subjects": subjects(ws),
        "back-matter": {"resources": [catalog]},
    });
    let mut props = vec![
        prop("cycle", ws.cycle),
        prop("cycle-kind", ws.cycle_kind.as_str()),
    ];
    if let Some(plan) = &ws.ledger.plan {
        props.push(prop("plan-status", plan.status.as_str()));
    }
    add_props(&mut ap["metadata"], props);
    if !activities.is_empty() {
        ap["local-definitions"] = json!({"activities": activities});
    }
    if !tasks.is_empty() {
        ap["tasks"] = Value::Array(tasks);
    }
    json!({"assessment-plan": ap})
}

/// The evidence of the workspace as back-matter resources, each with its SHA-256.
fn evidence_resources(ws: &Workspace<'_>, ids: &Ids) -> Vec<Value> {
    ws.ledger
        .evidence
        .values()
        .map(|e| {
            let href = match &e.location {
                grid::EvidenceLocation::Copy(path) => path.clone(),
                grid::EvidenceLocation::Reference(path) => {
                    format!("file://{}", path.replace(' ', "%20"))
                }
            };
            json!({
                "uuid": ids.of("evidence", &e.id),
                "title": md(&format!("{} — {}", e.id, e.title)),
                "props": [
                    prop("evidence-id", &e.id),
                    prop("evidence-kind", &e.kind),
                    prop("confidentiality", e.confidentiality.as_str()),
                    prop("collected-by", &e.collected.actor),
                ],
                "rlinks": [{
                    "href": href,
                    "hashes": [{"algorithm": "SHA-256", "value": e.sha256}],
                }],
            })
        })
        .collect()
}

/// The state of an assessed requirement's objective; `None` for one not assessed (conform or
/// nonconform are; not applicable and inherited are out of scope).
fn verdict_state(v: Verdict) -> Option<&'static str> {
    match v {
        Verdict::Conform => Some("satisfied"),
        Verdict::Nonconform => Some("not-satisfied"),
        Verdict::Inherited | Verdict::NotApplicable | Verdict::NotAssessed => None,
    }
}

fn risk_status(f: &Finding) -> &'static str {
    match f.status {
        FindingStatus::Open => "open",
        FindingStatus::ActionPlanned | FindingStatus::Remediated => "remediating",
        FindingStatus::Closed | FindingStatus::Withdrawn => "closed",
    }
}

fn is_nonconformity(f: &Finding) -> bool {
    matches!(f.severity, Severity::Major | Severity::Minor)
}

/// One cycle's results: observations (one per verdict recorded, with its evidence), a finding
/// per assessed requirement, a risk per non-conformity, the report's parts as attestations.
fn result(ws: &Workspace<'_>, ids: &Ids) -> Value {
    let r = ws.referential;
    let cycle = ws.cycle;
    let mut observations = Vec::new();
    let mut by_requirement: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let method_of = |a: &Assessment| {
        a.check
            .as_deref()
            .and_then(|c| {
                r.get(&a.requirement)
                    .and_then(|q| q.checks.iter().find(|k| k.id == c))
            })
            .map_or("EXAMINE", |k| method(k.method))
    };
    for (n, a) in ws.ledger.assessments.iter().enumerate() {
        let uuid = ids.of(
            "observation",
            &format!(
                "{cycle}:{n}:{}:{}",
                a.requirement,
                a.check.as_deref().unwrap_or("")
            ),
        );
        let what = match &a.check {
            Some(c) => format!("{} {c}", a.requirement),
            None => a.requirement.clone(),
        };
        let mut description = format!("Verdict `{}` recorded by {}.", a.verdict, a.by.actor);
        for extra in [&a.note, &a.justification].into_iter().flatten() {
            description.push(' ');
            description.push_str(extra);
        }
        if let Some(from) = &a.from {
            description.push_str(&format!(" Inherited from {from}."));
        }
        let mut o = json!({
            "uuid": uuid,
            "title": md(&format!("{what}: {}", a.verdict)),
            "description": md(&description),
            "methods": [method_of(a)],
            "types": ["control-objective"],
            "collected": at(a.by.date),
            "props": [
                prop("requirement", &a.requirement),
                prop("verdict", a.verdict.as_str()),
            ],
        });
        if let Some(c) = &a.check {
            add_props(&mut o, [prop("check", c)]);
        }
        let evidence: Vec<Value> = a
            .evidence
            .iter()
            .filter(|id| ws.ledger.evidence.contains_key(*id))
            .map(|id| {
                json!({"href": format!("#{}", ids.of("evidence", id)), "description": md(&format!("Evidence {id}"))})
            })
            .collect();
        if !evidence.is_empty() {
            o["relevant-evidence"] = Value::Array(evidence);
        }
        by_requirement
            .entry(a.requirement.as_str())
            .or_default()
            .push(uuid);
        observations.push(o);
    }
    // Observations (jalon's lowest severity) are findings of the evaluation, not non-conformities.
    for f in ws.ledger.findings.values().filter(|f| !is_nonconformity(f)) {
        let uuid = ids.of("observation", &format!("{cycle}:finding:{}", f.id));
        let opened = f.history.first().map_or(ws.today, |c| c.by.date);
        observations.push(json!({
            "uuid": uuid,
            "title": md(&format!("{} — {}", f.id, f.title)),
            "description": md(f.description.as_deref().unwrap_or(&f.title)),
            "methods": ["EXAMINE"],
            "types": ["finding"],
            "collected": at(opened),
            "props": [prop("finding-id", &f.id), prop("severity", f.severity.as_str()), prop("status", f.status.as_str())],
        }));
        for q in &f.requirements {
            by_requirement
                .entry(q.as_str())
                .or_default()
                .push(uuid.clone());
        }
    }
    let mut risks = Vec::new();
    let mut risks_by_requirement: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for f in ws.ledger.findings.values().filter(|f| is_nonconformity(f)) {
        // A finding carried over is a risk of each cycle it is in.
        let uuid = ids.of("risk", &format!("{cycle}:{}", f.id));
        let mut risk = json!({
            "uuid": uuid,
            "title": md(&format!("{} — {}", f.id, f.title)),
            "description": md(f.description.as_deref().unwrap_or(&f.title)),
            "statement": md(&format!(
                "{} non-conformity of {}.",
                match f.severity {
                    Severity::Major => "Major",
                    _ => "Minor",
                },
                f.requirements.join(", ")
            )),
            "status": risk_status(f),
            "props": [
                prop("finding-id", &f.id),
                prop("severity", f.severity.as_str()),
                prop("finding-status", f.status.as_str()),
            ],
        });
        if let Some(a) = &f.action {
            risk["deadline"] = json!(at(a.due));
        }
        for q in &f.requirements {
            risks_by_requirement
                .entry(q.as_str())
                .or_default()
                .push(uuid.clone());
        }
        risks.push(risk);
    }
    let mut findings = Vec::new();
    for row in ws.view.rows.iter().filter(|row| row.applicable()) {
        let Some(state) = verdict_state(row.verdict) else {
            continue;
        };
        let id = row.requirement.id.as_str();
        let mut finding = json!({
            "uuid": ids.of("finding", &format!("{cycle}:{id}")),
            "title": md(&format!("{id}: {}", row.verdict)),
            "description": md(&row.requirement.summary.as_ref().map_or_else(
                || format!("Requirement {id}."),
                |s| s.en.clone(),
            )),
            "target": {
                "type": "objective-id",
                "target-id": objective_id(r, id, None),
                "status": {"state": state, "reason": row.verdict.as_str()},
            },
            "props": [prop("requirement", id), prop("verdict", row.verdict.as_str())],
        });
        if let Some(obs) = by_requirement.get(id) {
            finding["related-observations"] =
                Value::Array(obs.iter().map(|o| json!({"observation-uuid": o})).collect());
        }
        if let Some(risks) = risks_by_requirement.get(id) {
            finding["related-risks"] =
                Value::Array(risks.iter().map(|u| json!({"risk-uuid": u})).collect());
        }
        findings.push(finding);
    }
    let start = ws
        .events
        .first()
        .map(|(_, d)| *d)
        .or_else(|| ws.ledger.assessments.iter().map(|a| a.by.date).min())
        .unwrap_or(ws.today);
    let mut result = json!({
        "uuid": ids.of("result", cycle),
        "title": md(&format!("Cycle {cycle} ({})", ws.cycle_kind.as_str())),
        "description": md(&format!(
            "The evaluation `{cycle}` of {} against {} {}, as of {}.",
            ws.service, r.id, r.version, ws.today
        )),
        "start": at(start),
        "props": [prop("cycle", cycle), prop("cycle-kind", ws.cycle_kind.as_str())],
        "reviewed-controls": reviewed_controls(ws),
        "attestations": [attestation(ws, ids)],
    });
    if let Some(end) = ws.closed {
        result["end"] = json!(at(end));
    }
    if !observations.is_empty() {
        result["observations"] = Value::Array(observations);
    }
    if !risks.is_empty() {
        result["risks"] = Value::Array(risks);
    }
    if !findings.is_empty() {
        result["findings"] = Value::Array(findings);
    }
    result
}

/// The summary report's three parts: the centre's commentary on each, the conclusion in the
/// managerial one, and the counts of the grid on its axis.
fn attestation(ws: &Workspace<'_>, ids: &Ids) -> Value {
    let n = &ws.ledger.narrative;
    let s = &ws.view.summary.overall;
    let parts: Vec<Value> = ReportPart::ALL
        .iter()
        .map(|part| {
            let mut prose = Vec::new();
            if let Some(c) = n.commentary.get(part) {
                prose.push(md(&c.text));
            }
            match part {
                ReportPart::Managerial => {
                    prose.push(md(&format!(
                        "{} applicable requirements, {} assessed: {} conform, {} nonconform; readiness {:.1} %.",
                        s.applicable, s.assessed, s.conform, s.nonconform, s.readiness
                    )));
                    if let Some(c) = &n.conclusion {
                        prose.push(md(&format!(
                            "Conclusion: {}. {}",
                            c.opinion, c.justification
                        )));
                    }
                }
                ReportPart::Organizational | ReportPart::Technical => {
                    let axis = match part {
                        ReportPart::Organizational => grid::Axis::Organizational,
                        _ => grid::Axis::Technical,
                    };
                    let rows = ws
                        .view
                        .rows
                        .iter()
                        .filter(|row| row.applicable() && row.requirement.axis == axis);
                    let (mut total, mut nonconform) = (0, 0);
                    for row in rows {
                        total += 1;
                        if row.verdict == Verdict::Nonconform {
                            nonconform += 1;
                        }
                    }
                    prose.push(md(&format!(
                        "{total} applicable requirements on this axis, {nonconform} nonconform."
                    )));
                }
            }
            json!({
                "uuid": ids.of("attestation-part", &format!("{}:{}", ws.cycle, part.as_str())),
                "name": part.as_str(),
                "ns": NS,
                "title": md(match part {
                    ReportPart::Managerial => "Managerial summary",
                    ReportPart::Organizational => "Organizational results",
                    ReportPart::Technical => "Technical results",
                }),
                "prose": prose.join("\n\n"),
            })
        })
        .collect();
    let mut a = json!({"parts": parts});
    if let Some(lead) = ws.team.iter().find(|m| m.role == Role::LeadEvaluator) {
        a["responsible-parties"] = json!([{
            "role-id": Role::LeadEvaluator.as_str(),
            "party-uuids": [ids.of("party", &format!("person:{}", lead.actor))],
        }]);
    }
    a
}

/// The assessment results: one `results[]` entry per cycle given (in order), following the
/// assessment plan of `cycles[plan]` (the current cycle's).
pub fn assessment_results(cycles: &[Workspace<'_>], plan: usize, ctx: &Context) -> Option<Value> {
    let ws = cycles.get(plan)?;
    let ids = Ids::new(ws);
    let (_, catalog) = catalog(ws, &ids);
    let results: Vec<Value> = cycles.iter().map(|c| result(c, &ids)).collect();
    let mut resources = vec![catalog];
    resources.extend(evidence_resources(ws, &ids));
    let names: Vec<&str> = cycles.iter().map(|c| c.cycle).collect();
    Some(json!({"assessment-results": {
        "uuid": ids.of("assessment-results", &names.join(",")),
        "metadata": metadata(
            ws,
            ctx,
            &ids,
            &format!("Evaluation results — {} — {} — {}", ws.provider, ws.service, names.join(", ")),
        ),
        "import-ap": {"href": format!("urn:uuid:{}", ids.of("assessment-plan", ws.cycle))},
        "results": results,
        "back-matter": {"resources": resources},
    }}))
}

/// The plan of action and milestones: a POA&M item per non-conformity the cycle holds, with its
/// corrective action (owner, due date, status) as the remediation of its risk.
pub fn poam(ws: &Workspace<'_>, ctx: &Context) -> Value {
    let ids = Ids::new(ws);
    let (_, catalog) = catalog(ws, &ids);
    let r = ws.referential;
    let mut findings = Vec::new();
    let mut risks = Vec::new();
    let mut items = Vec::new();
    for f in ws.ledger.findings.values().filter(|f| is_nonconformity(f)) {
        let finding_uuid = ids.of("poam-finding", &f.id);
        let risk_uuid = ids.of("poam-risk", &f.id);
        let first = f.requirements.first().map_or("", String::as_str);
        findings.push(json!({
            "uuid": finding_uuid,
            "title": md(&format!("{} — {}", f.id, f.title)),
            "description": md(f.description.as_deref().unwrap_or(&f.title)),
            "target": {
                "type": "objective-id",
                "target-id": objective_id(r, first, f.check.as_deref()),
                "status": {"state": "not-satisfied", "reason": "nonconform"},
            },
            "props": [prop("finding-id", &f.id), prop("severity", f.severity.as_str())],
            "related-risks": [{"risk-uuid": risk_uuid}],
        }));
        let mut risk = json!({
            "uuid": risk_uuid,
            "title": md(&format!("{} — {}", f.id, f.title)),
            "description": md(f.description.as_deref().unwrap_or(&f.title)),
            "statement": md(&format!("Non-conformity of {}.", f.requirements.join(", "))),
            "status": risk_status(f),
            "props": [prop("finding-id", &f.id), prop("severity", f.severity.as_str())],
        });
        let mut item = json!({
            "uuid": ids.of("poam-item", &f.id),
            "title": md(&format!("{} — {}", f.id, f.title)),
            "description": md(f.action.as_ref().map_or("No corrective action planned yet.", |a| a.action.as_str())),
            "props": [
                prop("finding-id", &f.id),
                prop("severity", f.severity.as_str()),
                prop("status", f.status.as_str()),
            ],
            "related-findings": [{"finding-uuid": finding_uuid}],
            "related-risks": [{"risk-uuid": risk_uuid}],
        });
        if let Some(a) = &f.action {
            risk["deadline"] = json!(at(a.due));
            let done = matches!(f.status, FindingStatus::Remediated | FindingStatus::Closed);
            let mut tasks = vec![json!({
                "uuid": ids.of("poam-milestone", &format!("{}:due", f.id)),
                "type": "milestone",
                "title": md("Corrective action due"),
                "timing": {"on-date": {"date": at(a.due)}},
            })];
            for (n, change) in f.history.iter().enumerate().skip(1) {
                tasks.push(json!({
                    "uuid": ids.of("poam-milestone", &format!("{}:{n}", f.id)),
                    "type": "milestone",
                    "title": md(&format!("Finding {}", change.status)),
                    "timing": {"on-date": {"date": at(change.by.date)}},
                    "props": [prop("status", change.status.as_str()), prop("by", &change.by.actor)],
                }));
            }
            let mut remediation = json!({
                "uuid": ids.of("remediation", &f.id),
                "lifecycle": if done { "completed" } else { "planned" },
                "title": md("Corrective action"),
                "description": md(&a.action),
                "props": [prop("owner", &a.owner), prop("due", &a.due.to_string())],
                "tasks": tasks,
            });
            if let Some(rc) = &a.root_cause {
                remediation["remarks"] = json!(md(&format!("Root cause: {rc}")));
            }
            risk["remediations"] = json!([remediation]);
            add_props(
                &mut item,
                [prop("owner", &a.owner), prop("due", &a.due.to_string())],
            );
        }
        risks.push(risk);
        items.push(item);
    }
    let mut doc = json!({
        "uuid": ids.of("poam", ws.cycle),
        "metadata": metadata(
            ws,
            ctx,
            &ids,
            &format!("Corrective action plan — {} — {} — cycle {}", ws.provider, ws.service, ws.cycle),
        ),
        "system-id": {"identifier-type": "http://ietf.org/rfc/rfc4122", "id": ids.of("system", ws.service)},
        "poam-items": items,
        "back-matter": {"resources": [catalog]},
    });
    add_props(&mut doc["metadata"], [prop("cycle", ws.cycle)]);
    if !findings.is_empty() {
        doc["findings"] = Value::Array(findings);
        doc["risks"] = Value::Array(risks);
    }
    json!({"plan-of-action-and-milestones": doc})
}
